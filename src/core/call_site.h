#pragma once
// The file and line a function was called from, taken as a default argument:
//
//   void Fail(std::string_view message, CallSite where = CallSite::Current());
//   Fail("...");  // where = this line
//
// It plays the part of std::source_location, which the checking build's
// compiler cannot use (clang 14 with libstdc++ 12 lacks the builtin it needs);
// __builtin_FILE / __builtin_LINE in a default argument name the caller's
// position in both GCC and clang. Trivially copyable; file points to a string
// literal.

namespace lf {

struct CallSite {
  static constexpr CallSite Current(const char* file = __builtin_FILE(),
                                    int line = __builtin_LINE()) {
    return CallSite{file, line};
  }
  const char* file;
  int line;
};

}  // namespace lf
