#include "kernel/kernel_error.h"

#include <utility>

namespace lf::kernel {

std::string DescribeKernelError(KernelErrorKind kind, const std::string& term,
                                const std::string& expected, const std::string& actual) {
  switch (kind) {
    case KernelErrorKind::kUndeclaredName:
      return "'" + term + "' undeclared";
    case KernelErrorKind::kNotAFunction:
      return "ill-typed term " + term + ": applying arguments to a non-arrow";
    case KernelErrorKind::kTooManyArguments:
      return "ill-typed term " + term + ": too many arguments";
    case KernelErrorKind::kPatternMismatch:
      return "ill-typed term " + term + ": value did not unify";
    case KernelErrorKind::kArgumentTypeMismatch:
      return "ill-typed term " + term + ": expected an argument of type " + expected + ", got " +
             actual;
    case KernelErrorKind::kLambdaTooManyArguments:
      return "lambda applied to too many arguments in " + term;
    case KernelErrorKind::kLambdaParameter:
      return "lambda parameter is not a declaration" + (term.empty() ? "" : " in " + term);
    case KernelErrorKind::kMalformedEquality:
      return "equality used as a non-binary relation: " + term;
    case KernelErrorKind::kEvaluationLimit:
      return "term too deep to evaluate (a definition may refer to itself)";
    case KernelErrorKind::kIntroOnNonArrow:
      return "can only intro when the goal is an arrow";
  }
  return "kernel error";
}

KernelError::KernelError(KernelErrorKind kind, std::string term, std::string expected,
                         std::string actual)
    : std::runtime_error(DescribeKernelError(kind, term, expected, actual)),
      kind_(kind),
      term_(std::move(term)),
      expected_(std::move(expected)),
      actual_(std::move(actual)) {}

KernelError::KernelError(const KernelError& e, const std::string& message)
    : std::runtime_error(message),
      kind_(e.kind_),
      term_(e.term_),
      expected_(e.expected_),
      actual_(e.actual_) {}

KernelError KernelError::WithContext(const std::string& prefix) const {
  return KernelError(*this, prefix + what());
}

}  // namespace lf::kernel
