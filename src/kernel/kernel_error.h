#pragma once
// Typed kernel failures (error tier (a); Lean's kernel_exception hierarchy):
// what failed, as a KernelErrorKind, and the terms involved, as printed. The
// message (what()) is made from them and names the offending term.
//
//   kind                     message (T: term, E: expected, A: actual)
//   kUndeclaredName          'T' undeclared                     (T: the name)
//   kNotAFunction            ill-typed term T: applying arguments to a non-arrow
//   kTooManyArguments        ill-typed term T: too many arguments
//   kPatternMismatch         ill-typed term T: value did not unify
//   kArgumentTypeMismatch    ill-typed term T: expected an argument of type E, got A
//   kLambdaTooManyArguments  lambda applied to too many arguments in T
//   kLambdaParameter         lambda parameter is not a declaration[ in T]  (T may be empty)
//   kMalformedEquality       equality used as a non-binary relation: T
//   kEvaluationLimit         term too deep to evaluate (a definition may refer to itself)
//   kIntroOnNonArrow         can only intro when the goal is an arrow
//
// Where they are caught -- the named boundaries; everywhere else a KernelError
// propagates (out of a search it is a bug, and the command fails with exit 1):
//   1. typing predicates (typing.cc: IsPropTerm, HasPropType): an ill-typed
//      term is not a proposition;
//   2. the checker (checker.cc: CheckProof): a failing step or statement becomes
//      a failed verdict whose message is what();
//   3. theory input (theory.cc: Theory::DefineDeclaration, Theory::RootState
//      from text): an ill-typed declaration or goal becomes an InputError with
//      its source location ("in the declaration of 'X': ...", "ill-typed goal: ...");
//   4. hindsight relabelling (search/hindsight.cc: Relabel): a fact whose
//      relabelled statement does not replay is skipped;
//   5. conjecture candidates (learn/conjecturer.cc: NoveltyFilter::Accept): an
//      ill-typed sample is rejected.
// (The run's root adds context to one and rethrows it: app/run_root.cc,
// ConjectureString, "cannot elaborate S: ...".)

#include <stdexcept>
#include <string>

namespace lf::kernel {

enum class KernelErrorKind {
  kUndeclaredName,
  kNotAFunction,
  kTooManyArguments,
  kPatternMismatch,
  kArgumentTypeMismatch,
  kLambdaTooManyArguments,
  kLambdaParameter,
  kMalformedEquality,
  kEvaluationLimit,
  kIntroOnNonArrow,
};

class KernelError : public std::runtime_error {
 public:
  // `term`, `expected` and `actual` as the table above uses them (printed terms).
  explicit KernelError(KernelErrorKind kind, std::string term = {}, std::string expected = {},
                       std::string actual = {});

  KernelErrorKind kind() const { return kind_; }
  const std::string& term() const { return term_; }
  const std::string& expected() const { return expected_; }
  const std::string& actual() const { return actual_; }

  // The same error with `prefix` before its message.
  KernelError WithContext(const std::string& prefix) const;

 private:
  KernelError(const KernelError& e, const std::string& message);

  KernelErrorKind kind_;
  std::string term_;
  std::string expected_;
  std::string actual_;
};

// The message of an error of `kind` about these terms (the table above).
std::string DescribeKernelError(KernelErrorKind kind, const std::string& term,
                                const std::string& expected, const std::string& actual);

}  // namespace lf::kernel
