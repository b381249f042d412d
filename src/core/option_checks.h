#pragma once
// The checks an option's value must pass, written on the option's own line
// (KataGo's getInt(key, min, max); style.md "Options with their ranges"), and
// the name tables of enum options. No Boost here: search declares its options
// with these (search/search_params.h) without depending on the parser, and
// core/options.h binds them to Boost.Program_options.
//
// A check is a small value with `bool operator()(const T&)` and
// `std::string Requirement()`; a value that fails it is reported as
//
//     --<option> <requirement>, got <value>        (OptionValueError)
//
// e.g. "--learn.alpha must be in [0, 1e+06], got nan". NaN passes no check
// (every comparison with it is false, so each test is written to fail it), and
// infinity is outside every finite range.

#include <array>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace lf {

// "--NAME REQUIREMENT, got VALUE" (strings in single quotes).
template <typename T>
std::string OptionValueError(std::string_view name, const std::string& requirement,
                             const T& value) {
  std::ostringstream out;
  out << "--" << name << " " << requirement << ", got ";
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out << "'" << value << "'";
  } else {
    out << value;
  }
  return out.str();
}

// The closed range [lo, hi].
template <typename T>
struct Range {
  // A constructor, not aggregate initialisation: clang before 16 (the checking
  // build's compiler) has no parenthesised aggregate initialisation.
  constexpr Range(T low, T high) : lo(low), hi(high) {}
  T lo;
  T hi;
  bool operator()(const T& v) const { return v >= lo && v <= hi; }
  std::string Requirement() const {
    std::ostringstream out;
    out << "must be in [" << lo << ", " << hi << "]";
    return out.str();
  }
};
template <typename T>
Range(T, T) -> Range<T>;

// > 0.
struct Positive {
  template <typename T>
  bool operator()(const T& v) const {
    return v > 0;
  }
  std::string Requirement() const { return "must be positive"; }
};

// >= 0.
struct NonNegative {
  template <typename T>
  bool operator()(const T& v) const {
    return v >= 0;
  }
  std::string Requirement() const { return "must not be negative"; }
};

// (0, 1]: a fraction that may not be zero.
struct NonZeroFraction {
  bool operator()(double v) const { return v > 0 && v <= 1; }
  std::string Requirement() const { return "must be in (0, 1]"; }
};

// The names of an enum's values, in the order help texts list them. As a check
// it holds for the values it names ("must be one of: minimo puct").
template <typename E, size_t N>
struct EnumNames {
  std::array<std::pair<E, const char*>, N> entries;

  // The name of `value`, "?" for a value the table does not name.
  const char* Name(E value) const {
    for (const auto& [v, name] : entries)
      if (v == value) return name;
    return "?";
  }
  std::optional<E> Parse(std::string_view name) const {
    for (const auto& [v, text] : entries)
      if (name == text) return v;
    return std::nullopt;
  }
  // The names joined by `separator`: "minimo puct", "alpha, mu".
  std::string List(std::string_view separator) const {
    std::string list;
    for (const auto& [v, name] : entries) {
      if (!list.empty()) list += separator;
      list += name;
    }
    return list;
  }
  bool operator()(E value) const { return Parse(Name(value)).has_value(); }
  std::string Requirement() const { return "must be one of: " + List(" "); }
};

}  // namespace lf
