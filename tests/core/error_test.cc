#include "core/error.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace lf {
namespace {

TEST(InputErrorTest, FormatsCompilerStyleLocation) {
  InputError e(SourceLocation{"a.p", 3, 7}, "unexpected ')'");
  EXPECT_STREQ(e.what(), "a.p:3:7: error: unexpected ')'");
  EXPECT_EQ(e.message(), "unexpected ')'");
  EXPECT_EQ(e.where().line, 3);
}

TEST(InputErrorTest, FormatsWithoutLocation) {
  EXPECT_STREQ(InputError("bad value").what(), "error: bad value");
  EXPECT_STREQ(InputError(SourceLocation{"f.json"}, "x").what(), "f.json: error: x");
}

TEST(ReadFileOrThrowTest, MissingFileIsInputError) {
  EXPECT_THROW(ReadFileOrThrow("/nonexistent/lemmaforge/file"), InputError);
}

std::string ReadError(const std::string& path) {
  try {
    ReadFileOrThrow(path);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Directories read as empty input and devices or FIFOs never end: neither is a file.
TEST(ReadFileOrThrowTest, OnlyRegularFilesAreInput) {
  const std::string dir = ::testing::TempDir() + "lf_error_test_" + std::to_string(::getpid());
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  EXPECT_EQ(ReadError(dir), dir + ": error: is a directory, not a file");
  const std::string fifo = dir + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);  // opening it for reading would block
  EXPECT_EQ(ReadError(fifo), fifo + ": error: is not a regular file (a device, FIFO or socket)");
  EXPECT_EQ(ReadError("/dev/zero"),
            "/dev/zero: error: is not a regular file (a device, FIFO or socket)");
  const std::string file = dir + "/ok.txt";
  { std::ofstream(file) << "text"; }
  EXPECT_EQ(ReadFileOrThrow(file), "text");
  std::remove(file.c_str());
  std::remove(fifo.c_str());
  ::rmdir(dir.c_str());
}

}  // namespace
}  // namespace lf
