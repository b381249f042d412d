// Test vector F (minimo.md §12): percentile thresholds and bucket labels.

#include "search/difficulty.h"

#include <gtest/gtest.h>

namespace lf::search {
namespace {

TEST(DifficultyTest, VectorF) {
  const auto buckets = DefaultBuckets();
  const std::vector<double> lps{-1, -2, -5, -10, -20};
  const auto t = DifficultyThresholds(lps, buckets);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[0], -12);
  EXPECT_DOUBLE_EQ(t[1], -5);
  EXPECT_DOUBLE_EQ(t[2], -1);
  EXPECT_EQ(DifficultyLabel(true, -20, t, buckets), "hard");
  EXPECT_EQ(DifficultyLabel(true, -10, t, buckets), "easy");
  EXPECT_EQ(DifficultyLabel(true, -5, t, buckets), "easy");
  EXPECT_EQ(DifficultyLabel(true, -2, t, buckets), "triv");
  EXPECT_EQ(DifficultyLabel(true, -1, t, buckets), "triv");
  EXPECT_EQ(DifficultyLabel(false, -1, t, buckets), "fail");
}

TEST(DifficultyTest, EmptyAndSingleton) {
  EXPECT_TRUE(DifficultyThresholds({}, DefaultBuckets()).empty());
  const auto t = DifficultyThresholds({-3}, DefaultBuckets());
  EXPECT_EQ(t, (std::vector<double>{-3, -3, -3}));
}

}  // namespace
}  // namespace lf::search
