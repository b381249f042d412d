#pragma once
// InRange(name, lo, hi): a validator for option values, usable as a
// Boost.Program_options notifier. A value outside [lo, hi] throws an InputError
// naming the option ("--model.n_layer must be in [1, 64], got 0"). NaN is in no
// range (every comparison with it is false, so the test is written to fail
// it), and infinity is outside every finite range. Options declared through
// core/options.h get the same check from a Range on their line.

#include <string>

#include "core/error.h"
#include "core/option_checks.h"

namespace lf {

template <typename T>
auto InRange(std::string name, T lo, T hi) {
  return [name = std::move(name), range = Range<T>{lo, hi}](const T& v) {
    if (!range(v)) throw InputError(OptionValueError(name, range.Requirement(), v));
  };
}

}  // namespace lf
