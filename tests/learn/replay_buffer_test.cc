// learn/replay_buffer.h: FIFO eviction with weight versions, and the mixer's
// share of generated strings.

#include "learn/replay_buffer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lf::learn {
namespace {

TEST(ReplayBufferTest, EvictsTheOldestWhenFull) {
  ReplayBuffer buffer(3);
  for (int i = 0; i < 5; ++i) buffer.Add("ex" + std::to_string(i), 10 * i);
  ASSERT_EQ(buffer.size(), 3u);
  EXPECT_EQ(buffer.added(), 5);
  EXPECT_EQ(buffer[0].text, "ex2");
  EXPECT_EQ(buffer[0].version, 20);
  EXPECT_EQ(buffer[2].text, "ex4");
  EXPECT_EQ(buffer[2].version, 40);
}

// Tells the sources apart by their first letter.
double GeneratedShare(double prob, uint64_t seed) {
  ReplayBuffer buffer(100);
  for (int i = 0; i < 50; ++i) buffer.Add("g" + std::string(static_cast<size_t>(i % 7), 'x'), i);
  std::vector<std::string> base;
  for (int i = 0; i < 40; ++i) base.push_back("b" + std::string(static_cast<size_t>(i % 11), 'y'));
  Rng rng(seed);
  int64_t total = 0, generated = 0;
  for (int k = 0; k < 400; ++k) {
    const MixedBatch batch = DrawMixedBatch(buffer, base, prob, 400, 500, rng);
    int64_t counted = 0;
    for (const std::string& s : batch.strings) counted += s[0] == 'g';
    EXPECT_EQ(counted, batch.generated);
    total += static_cast<int64_t>(batch.strings.size());
    generated += batch.generated;
  }
  return static_cast<double>(generated) / static_cast<double>(total);
}

TEST(ReplayBufferTest, MixerDrawsGeneratedWithTheConfiguredProbability) {
  EXPECT_NEAR(GeneratedShare(0.5, 1), 0.5, 0.03);
  EXPECT_NEAR(GeneratedShare(0.2, 2), 0.2, 0.03);
  EXPECT_EQ(GeneratedShare(0.0, 3), 0.0);
  EXPECT_EQ(GeneratedShare(1.0, 4), 1.0);
}

TEST(ReplayBufferTest, AnEmptySideLeavesEveryDrawToTheOther) {
  ReplayBuffer empty(4);
  Rng rng(7);
  const MixedBatch only_base = DrawMixedBatch(empty, {"base"}, 0.9, 100, 500, rng);
  EXPECT_EQ(only_base.generated, 0);
  EXPECT_FALSE(only_base.strings.empty());
  ReplayBuffer buffer(4);
  buffer.Add("gen", 0);
  const MixedBatch only_generated = DrawMixedBatch(buffer, {}, 0.1, 100, 500, rng);
  EXPECT_EQ(only_generated.generated, static_cast<int64_t>(only_generated.strings.size()));
}

TEST(ReplayBufferTest, BatchesKeepTheCharacterBudget) {
  ReplayBuffer buffer(10);
  buffer.Add(std::string(30, 'g'), 0);
  Rng rng(3);
  // max_len 30: 30 * (n + 1) > 100 stops at n = 3.
  EXPECT_EQ(DrawMixedBatch(buffer, {std::string(30, 'b')}, 0.5, 100, 500, rng).strings.size(), 3u);
}

}  // namespace
}  // namespace lf::learn
