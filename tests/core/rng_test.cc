#include "core/rng.h"

#include <gtest/gtest.h>

namespace lf {
namespace {

TEST(RngTest, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    differs |= (x != c.Next());
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, BelowAndUniformStayInRange) {
  Rng r(7);
  int counts[5] = {};
  for (int i = 0; i < 5000; ++i) {
    const uint64_t k = r.Below(5);
    ASSERT_LT(k, 5u);
    ++counts[k];
    const double u = r.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  for (int c : counts) EXPECT_GT(c, 800);  // ~1000 each
}

}  // namespace
}  // namespace lf
