#pragma once
// Validators for option values, usable as Boost.Program_options notifiers
// (config_file.h then prefixes the value's file:line:col). Each throws an
// InputError naming the option:
//   InRange(name, lo, hi)        "--model.n_layer must be in [1, 64], got 0"
//   Satisfies<T>(name, ok, what) "--search.budget must be positive, got 0"
//   OneOf(name, {a, b})          "--search.mcts.rule must be one of: a b, got 'c'"

#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"

namespace lf {

template <typename T>
auto InRange(std::string name, T lo, T hi) {
  return [name = std::move(name), lo, hi](const T& v) {
    if (v < lo || v > hi) {
      std::ostringstream out;
      out << "--" << name << " must be in [" << lo << ", " << hi << "], got " << v;
      throw InputError(out.str());
    }
  };
}

template <typename T, typename Predicate>
auto Satisfies(std::string name, Predicate ok, std::string what) {
  return [name = std::move(name), ok, what = std::move(what)](const T& v) {
    if (!ok(v)) {
      std::ostringstream out;
      out << "--" << name << " " << what << ", got " << v;
      throw InputError(out.str());
    }
  };
}

inline auto OneOf(std::string name, std::initializer_list<const char*> choices) {
  return [name = std::move(name), choices = std::vector<std::string>(
                                      choices.begin(), choices.end())](const std::string& v) {
    std::string list;
    for (const std::string& c : choices) {
      if (v == c) return;
      list += " " + c;
    }
    throw InputError("--" + name + " must be one of:" + list + ", got '" + v + "'");
  };
}

}  // namespace lf
