#pragma once
// InRange(name, lo, hi): a validator for option values, usable as a
// Boost.Program_options notifier. A value outside [lo, hi] throws an InputError
// naming the option ("--model.n_layer must be in [1, 64], got 0"). NaN is in no
// range (every comparison with it is false, so the test is written to fail
// it), and infinity is outside every finite range.

#include <sstream>

#include "core/error.h"

namespace lf {

template <typename T>
auto InRange(const char* name, T lo, T hi) {
  return [name, lo, hi](const T& v) {
    if (!(v >= lo && v <= hi)) {
      std::ostringstream out;
      out << "--" << name << " must be in [" << lo << ", " << hi << "], got " << v;
      throw InputError(out.str());
    }
  };
}

}  // namespace lf
