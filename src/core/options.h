#pragma once
// Options declared once, one line each (lc0's options with their ranges and
// help; KataGo's getInt(key, min, max)): name, the Params field it sets (whose
// initial value is the default), the check, the help text.
//
//   OptionBinder option(desc, "learn.");
//   option("alpha", p->alpha, Range(0.0, 1e6), "progress loss weight alpha");
//   option("goal_mode", p->goal_mode, ParseGoalMode, "progress loss mixing: alpha | mu");
//   option("mask_prompt", p->mask_prompt, "train only on answers");
//
// The binder registers "--<prefix><name>" with Boost.Program_options, bound to
// the field (which must outlive the parse), its current value as the default.
// The third argument decides how a value is checked when the variables map is
// notified (it is never checked before, so a config file's value is reported
// with its location by config_file.h):
//
//   a check of core/option_checks.h (Range, Positive, ...)  OptionValueError
//   an EnumNames table (enum field)      parsed by name; "--x must be one of: a b, got 'c'"
//   a parse function E(const std::string&) (enum field)  it parses, and throws its own error
//   any other callable void(const T&)    called with the value; it throws its own error
//
// Params structs stay the documented source of truth for meaning and default;
// the declaration line is the one place for name, range and help. Header-only:
// include it only where Boost.Program_options is linked (model, learn, app).

#include <boost/program_options.hpp>
#include <string>
#include <type_traits>

#include "core/error.h"
#include "core/option_checks.h"

namespace lf {

class OptionBinder {
 public:
  OptionBinder(boost::program_options::options_description& desc, std::string prefix = "")
      : desc_(desc), prefix_(std::move(prefix)) {}

  // An option without a check.
  template <typename T>
  void operator()(const char* name, T& field, const std::string& help) const {
    Add(name, boost::program_options::value(&field)->default_value(field), help);
  }

  // An option with a check (see the file comment).
  template <typename T, typename Check>
  void operator()(const char* name, T& field, const Check& check, const std::string& help) const {
    namespace po = boost::program_options;
    const std::string full = prefix_ + name;
    if constexpr (std::is_enum_v<T> && requires { check.Parse(""); }) {
      auto parse = [&field, full, check](const std::string& text) {
        const auto value = check.Parse(text);
        if (!value) throw InputError(OptionValueError(full, check.Requirement(), text));
        field = *value;
      };
      Add(name, po::value<std::string>()->default_value(check.Name(field))->notifier(parse), help);
    } else if constexpr (std::is_enum_v<T>) {
      auto parse = [&field, check](const std::string& text) { field = check(text); };
      Add(name, po::value<std::string>()->default_value(Name(field))->notifier(parse), help);
    } else if constexpr (requires { check.Requirement(); }) {
      auto test = [full, check](const T& value) {
        if (!check(value)) throw InputError(OptionValueError(full, check.Requirement(), value));
      };
      Add(name, po::value(&field)->default_value(field)->notifier(test), help);
    } else {
      Add(name, po::value(&field)->default_value(field)->notifier(check), help);
    }
  }

 private:
  void Add(const char* name, const boost::program_options::value_semantic* semantic,
           const std::string& help) const {
    desc_.add_options()((prefix_ + name).c_str(), semantic, help.c_str());
  }

  boost::program_options::options_description& desc_;
  std::string prefix_;
};

}  // namespace lf
