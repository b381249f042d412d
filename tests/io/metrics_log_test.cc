#include "io/metrics_log.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "io/io_test_util.h"
#include "io/shard_reader.h"

namespace lf::io {
namespace {

using testing::TempDir;

StepMetrics Step(int64_t step, int iteration) {
  return {step, iteration, 1.0 / (step + 1), 0.5, 0.25, 0.1, 0.01, 1.7e9 + step};
}

IterationMetrics Iteration(int i) {
  return {.iteration = i,
          .n_conjectures = 200,
          .n_proven = 50 + i,
          .ratio_proven = (50.0 + i) / 200,
          .final_goals_proven = i >= 2 ? 1.0 : 0.0,
          .val_loss = 2.0 - 0.1 * i,
          .mean_hard_logprob = -10.0 - i,
          .thresholds = {-12.0 - i, -5.0, -1.0},
          .n_hindsight = 3 + i,
          .n_examples = 1000 + 10 * i,
          .prove_seconds = 40.5 + i,
          .conjecture_seconds = 2.25,
          .label_seconds = 0.5,
          .train_seconds = 30.0 - i,
          .communication_seconds = 0.125,
          .wall_time = 1.7e9 + 100 * i};
}

TEST(MetricsLogTest, AppendsAcrossRestartsWithExplicitIndices) {
  TempDir dir;
  const std::string path = dir.file("metrics.h5");
  {
    MetricsLog log(path, "run = 1");
    for (int s = 0; s < 5; ++s) log.Append(Step(s, 0));
    log.Append(Iteration(0));
    log.Flush();
    // Readable while the run goes on.
    EXPECT_EQ(MetricsReader(path).ReadSteps().size(), 5u);
    for (int s = 5; s < 10; ++s) log.Append(Step(s, 1));
    log.Append(Iteration(1));
  }  // the destructor flushes
  {
    // Restart from the iteration-0 checkpoint: steps 5.. are replayed.
    MetricsLog log(path, "run = 2");
    for (int s = 5; s < 12; ++s) log.Append(Step(s, 1));
    log.Append(Iteration(1));
    log.Append(Iteration(2));
  }
  const MetricsReader reader(path);
  EXPECT_EQ(reader.config(), "run = 2");
  const auto steps = reader.ReadSteps();
  EXPECT_EQ(steps.size(), 17u);
  EXPECT_EQ(steps[10], Step(5, 1));
  const auto latest = LatestByIndex(steps);
  ASSERT_EQ(latest.size(), 12u);
  for (int s = 0; s < 12; ++s) EXPECT_EQ(latest[s].global_step, s);

  const auto iterations = reader.ReadIterations();
  ASSERT_EQ(iterations.size(), 4u);
  EXPECT_EQ(iterations[3], Iteration(2));
  EXPECT_EQ(iterations[3].thresholds[0], -14.0);
  EXPECT_EQ(LatestByIndex(iterations).size(), 3u);
}

TEST(MetricsLogTest, EmptyLogHasBothTables) {
  TempDir dir;
  const std::string path = dir.file("metrics.h5");
  MetricsLog(path, "").Flush();
  const MetricsReader reader(path);
  EXPECT_TRUE(reader.ReadSteps().empty());
  EXPECT_TRUE(reader.ReadIterations().empty());
  EXPECT_EQ(FileKind(path), kMetricsKind);
}

TEST(MetricsLogTest, ShardIsNotAMetricsLog) {
  TempDir dir;
  const std::string path = dir.file("metrics.h5");
  MetricsLog(path, "").Flush();
  try {
    const ShardReader reader(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected a lemmaforge-shard file"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace lf::io
