#include "core/error.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lf
