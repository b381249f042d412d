#pragma once
// Typed kernel failures (error tier (a)): an ill-typed term, an unknown name,
// runaway evaluation. They carry a message naming the offending term and are
// caught at one boundary: where a proof step, a theory declaration or a goal is
// processed (checker.cc, theory.cc, proof_state.cc), which turns them into a
// failed step or an InputError with a source location. They never escape as crashes.

#include <stdexcept>
#include <string>

namespace lf::kernel {

class KernelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace lf::kernel
