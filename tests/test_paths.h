#pragma once
// Where tests find the source tree, ../shared and the binary (environment
// overrides, else the configure-time paths), and how they run the binary.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
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

struct BinaryResult {
  int code = -1;    // exit code; -1 if killed by a signal
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `lemmaforge ARGS` (ARGS already shell-quoted). stderr goes through a
// per-process file: ctest runs tests as parallel processes.
inline BinaryResult RunBinary(const std::string& args) {
  static int calls = 0;
  const std::string err_path =
      "/tmp/lf_test_stderr_" + std::to_string(::getpid()) + "_" + std::to_string(calls++) + ".txt";
  BinaryResult r;
  FILE* pipe = ::popen((Binary() + " " + args + " 2>" + err_path).c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ostringstream err;
  err << std::ifstream(err_path).rdbuf();
  r.err = err.str();
  std::remove(err_path.c_str());
  return r;
}

}  // namespace lf::test
