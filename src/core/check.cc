#include "core/check.h"

#include <cstdio>
#include <cstdlib>

namespace lf::internal {

void CheckFailed(const char* file, int line, const std::string& message) {
  std::fprintf(stderr, "%s:%d: internal error: %s\n", file, line, message.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace lf::internal
