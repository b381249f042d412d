#pragma once
// Always-on invariant checks (error tier (b) of docs/architecture.md).
//
// LF_CHECK(cond) and LF_CHECK_EQ/NE/LT/LE/GT/GE(a, b) are for conditions that
// can only fail through a bug in lemmaforge itself. On failure they print the
// expression, both operand values and file:line to stderr and abort. They are
// never used for bad user input: that is reported through lf::InputError
// (core/error.h) with a source location, and ends with a clean exit code.
//
// LF_DCHECK* compile away in NDEBUG builds; use them only on hot paths.

#include <sstream>
#include <string>

namespace lf::internal {

[[noreturn]] void CheckFailed(const char* file, int line, const std::string& message);

template <typename A, typename B>
[[noreturn]] void CheckOpFailed(const char* file, int line, const char* expr, const A& a,
                                const B& b) {
  std::ostringstream out;
  out << expr << " (" << a << " vs " << b << ")";
  CheckFailed(file, line, out.str());
}

}  // namespace lf::internal

#define LF_CHECK(cond)                                                            \
  do {                                                                            \
    if (!(cond)) ::lf::internal::CheckFailed(__FILE__, __LINE__, "check " #cond); \
  } while (0)

#define LF_CHECK_OP(op, a, b)                                                                    \
  do {                                                                                           \
    const auto& lf_check_a_ = (a);                                                               \
    const auto& lf_check_b_ = (b);                                                               \
    if (!(lf_check_a_ op lf_check_b_))                                                           \
      ::lf::internal::CheckOpFailed(__FILE__, __LINE__, "check " #a " " #op " " #b, lf_check_a_, \
                                    lf_check_b_);                                                \
  } while (0)

#define LF_CHECK_EQ(a, b) LF_CHECK_OP(==, a, b)
#define LF_CHECK_NE(a, b) LF_CHECK_OP(!=, a, b)
#define LF_CHECK_LT(a, b) LF_CHECK_OP(<, a, b)
#define LF_CHECK_LE(a, b) LF_CHECK_OP(<=, a, b)
#define LF_CHECK_GT(a, b) LF_CHECK_OP(>, a, b)
#define LF_CHECK_GE(a, b) LF_CHECK_OP(>=, a, b)

#ifdef NDEBUG
#define LF_DCHECK(cond) \
  do {                  \
  } while (0)
#else
#define LF_DCHECK(cond) LF_CHECK(cond)
#endif
