#pragma once
// Where tests find the source tree and ../shared (set by ctest's environment,
// see tests/CMakeLists.txt; defaults to the configure-time paths).

#include <cstdlib>
#include <string>

namespace lf::test {

inline std::string SourceDir() {
  const char* env = std::getenv("LF_SOURCE_DIR");
  return env ? env : LF_TEST_SOURCE_DIR;
}

inline std::string SharedDir() {
  const char* env = std::getenv("LF_SHARED_DIR");
  return env ? env : std::string(LF_TEST_SOURCE_DIR) + "/../shared";
}

inline std::string Binary() {
  const char* env = std::getenv("LF_BINARY");
  return env ? env : std::string(LF_TEST_BINARY_DIR) + "/bin/lemmaforge";
}

}  // namespace lf::test
