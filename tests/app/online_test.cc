// Online mode (`run.mode = online`, app/run_online.h) through the real binary
// under mpirun -np 3 (1 learner, 2 actors): a bounded run, kill -9 of the
// learner root and --resume, and bad online.* values rejected before work.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/run_dir.h"
#include "core/error.h"
#include "io/metrics_log.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "run_test_util.h"
#include "test_paths.h"
#include "test_theory.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

void WriteHeldOut(const std::string& dir) {
  std::ofstream(dir + "/heldout.txt") << "zero_add_at_1. (= (+ z (s z)) (s z))\n"
                                         "one_add_two. (= (+ (s z) (s (s z))) (s (s (s z))))\n";
}

// configs/online.cfg made small: a tiny model, small budgets, short segments.
std::string OnlineArgs(const std::string& dir, const std::string& run, int steps) {
  return "--config " + test::SourceDir() + "/configs/online.cfg --run.dir " + run +
         " --run.eval_problems " + dir +
         "/heldout.txt --run.eval_budget 10 --search.budget 20 --search.forward.max_steps 10"
         " --model.n_layer 1 --model.d_model 32 --model.n_head 2 --model.num_threads 1"
         " --learn.batch_chars 2000 --run.searches_per_rank 4 --run.progress_interval_s 0"
         " --online.max_seconds 0 --online.warm_examples 50 --online.refresh_steps 5"
         " --online.log_steps 5 --online.checkpoint_steps 20 --online.eval_steps 20"
         " --online.label_chunk 4 --online.total_steps " +
         std::to_string(steps);
}

// What a complete run of `steps` learner steps leaves behind.
void ExpectCompleteOnlineRun(const std::string& run, int steps) {
  const int segments = (steps + 19) / 20;
  EXPECT_EQ(LoadRunState(run).completed_iterations, segments);
  for (int s = 0; s < segments; ++s) EXPECT_TRUE(fs::exists(CheckpointPath(run, s))) << s;

  io::MetricsReader metrics(run + "/metrics.h5");
  const auto step_rows = io::LatestByIndex(metrics.ReadSteps());
  ASSERT_EQ(step_rows.size(), static_cast<size_t>(steps));
  for (int i = 0; i < steps; ++i) EXPECT_EQ(step_rows[i].global_step, i);

  // One /online row per 5 steps, learner steps and examples increasing.
  const auto rows = io::LatestByIndex(metrics.ReadOnline());
  ASSERT_EQ(rows.size(), static_cast<size_t>(steps / 5));
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].learner_step, 5 * static_cast<int64_t>(i + 1));
    if (i > 0) {
      EXPECT_GT(rows[i].examples_consumed, rows[i - 1].examples_consumed);
    }
    EXPECT_GT(rows[i].buffer_examples, 0);
  }
  // The batches' share of generated examples is generated_prob = 0.5.
  const io::OnlineMetrics& last = rows.back();
  ASSERT_GT(last.examples_consumed, 0);
  EXPECT_NEAR(
      static_cast<double>(last.generated_consumed) / static_cast<double>(last.examples_consumed),
      0.5, 0.1);
  EXPECT_GT(last.graphs, 0);
  EXPECT_FALSE(std::isnan(last.valid_fwd_proved));

  // Held-out forward-greedy pass@1: the model at 0, 20, ... and the end; uniform at 0.
  const auto eval = io::LatestByIndex(metrics.ReadEval());
  std::set<std::pair<int, std::string>> evaluated;
  for (const io::EvalMetrics& e : eval) {
    EXPECT_EQ(e.algorithm, "forward-greedy");
    EXPECT_EQ(e.attempted, 2);
    evaluated.insert({e.iteration, e.evaluator});
  }
  EXPECT_TRUE(evaluated.count({0, "uniform"}));
  EXPECT_TRUE(evaluated.count({0, "model"}));
  EXPECT_TRUE(evaluated.count({steps, "model"}));

  // The actors' weights advance: their graphs record several weight versions.
  // Every stored proof passes the kernel's checker.
  const auto theory = test::LoadTheory("nat-add");
  std::set<int> versions;
  int proofs = 0, examples = 0;
  for (int s = 0; s < segments; ++s) {
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), s)) {
      io::ShardReader shard(f.path);
      if (f.rank > 0) {
        for (const io::SearchGraph& g : shard.ReadSearchGraphs()) versions.insert(g.iteration);
      }
      examples += static_cast<int>(shard.ReadTrainingExamples().size());
      for (const io::ProofAttempt& a : shard.ReadProofAttempts()) {
        EXPECT_GE(a.iteration, 0);
        EXPECT_LE(a.iteration, steps);
        if (!a.success) continue;
        ExpectProofPassesChecker(*theory, a);
        ++proofs;
      }
    }
  }
  EXPECT_GE(versions.size(), 2u) << "the actors never took new weights";
  EXPECT_GT(*versions.rbegin(), 0);
  EXPECT_GT(proofs, 0);
  EXPECT_GT(examples, 0);
}

TEST(OnlineTest, BoundedRunUnderMpirunMixesGeneratedDataAndRefreshesActors) {
  const std::string dir = TempDir("online");
  WriteHeldOut(dir);
  const std::string run = dir + "/run";
  const auto r = Shell(Mpirun(3) + " run " + OnlineArgs(dir, run, 40));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("lemmaforge run (online): 3 ranks: 1 learner, 2 generators"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("online: replay buffer warm"), std::string::npos) << r.out;
  ExpectCompleteOnlineRun(run, 40);
  fs::remove_all(dir);
}

// The root's pid, from the run directory's lock ("host H, pid P").
pid_t RootPid(const std::string& run) {
  std::ifstream in(run + "/lock");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find("pid ");
  return at == std::string::npos ? 0 : static_cast<pid_t>(std::stol(text.substr(at + 4)));
}

TEST(OnlineTest, KillNineThenResumeContinuesFromTheLastCheckpoint) {
  const std::string dir = TempDir("online_resume");
  WriteHeldOut(dir);
  const std::string run = dir + "/run";
  const pid_t mpirun =
      SpawnShell(Mpirun(3) + " run " + OnlineArgs(dir, run, 60), dir + "/first.log");
  // Kill the learner root with SIGKILL once a segment is complete; mpirun
  // then ends the actors.
  for (int i = 0; i < 3000 && LoadRunState(run).completed_iterations < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const pid_t root = RootPid(run);
  ASSERT_GT(root, 0);
  ::kill(root, SIGKILL);
  EXPECT_NE(WaitExit(mpirun), 0);
  const RunState killed = LoadRunState(run);
  ASSERT_GE(killed.completed_iterations, 1);
  ASSERT_LT(killed.completed_iterations, 3) << "the run ended before the kill";
  std::vector<std::vector<io::ShardFile>> before;
  for (int s = 0; s < killed.completed_iterations; ++s)
    before.push_back(io::ListShards(ShardDirectory(run), s));

  const auto resumed = Shell(Mpirun(3) + " run --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("resuming " + run + " after segment " +
                             std::to_string(killed.completed_iterations)),
            std::string::npos)
      << resumed.out;
  // The completed segments' shards are kept as they were: nothing redone.
  for (int s = 0; s < killed.completed_iterations; ++s) {
    const std::vector<io::ShardFile> after = io::ListShards(ShardDirectory(run), s);
    ASSERT_EQ(after.size(), before[s].size()) << "segment " << s;
    for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].path, before[s][i].path);
  }
  ExpectCompleteOnlineRun(run, 60);
  fs::remove_all(dir);
}

// SIGUSR1 (what mpirun forwards to every rank) stops the actors, then the
// learners; the job exits 3 and resumes to the same end.
TEST(OnlineTest, SigusrOneDrainsAndExitsThree) {
  const std::string dir = TempDir("online_usr1");
  WriteHeldOut(dir);
  const std::string run = dir + "/run";
  const pid_t mpirun =
      SpawnShell(Mpirun(3) + " run " + OnlineArgs(dir, run, 40), dir + "/first.log");
  std::string log;
  for (int i = 0; i < 3000 && log.find("[online] step 5/") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::ifstream in(run + "/log.txt");
    log.assign(std::istreambuf_iterator<char>(in), {});
  }
  ASSERT_NE(log.find("[online] step 5/"), std::string::npos) << "the learner never started";
  ::kill(mpirun, SIGUSR1);
  EXPECT_EQ(WaitExit(mpirun), kExitInterrupted);
  std::ifstream in(run + "/log.txt");
  log.assign(std::istreambuf_iterator<char>(in), {});
  EXPECT_NE(log.find("stopped by signal at learner step"), std::string::npos) << log;
  EXPECT_LT(LoadRunState(run).completed_iterations, 2);
  const auto resumed = Shell(Mpirun(3) + " run --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  ExpectCompleteOnlineRun(run, 40);
  fs::remove_all(dir);
}

// `bench online` runs both modes in one mpirun and prints its figures.
TEST(OnlineTest, BenchOnlinePrintsItsFigures) {
  const std::string dir = TempDir("online_bench");
  WriteHeldOut(dir);
  const auto r = Shell(Mpirun(3) + " bench online " + OnlineArgs(dir, dir + "/unused", 40) +
                       " --run.n_conjectures 8 --learn.train_iterations 20");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* name :
       {"sync_examples_per_s", "online_examples_per_s", "online_vs_sync_examples_ratio",
        "sync_trained_per_s", "online_trained_per_s", "learner_busy_fraction"}) {
    const size_t at = r.out.find(std::string("\n") + name + ": ");
    ASSERT_NE(at, std::string::npos) << name << "\n" << r.out;
    EXPECT_GT(std::stod(r.out.substr(at + std::string(name).size() + 3)), 0.0) << name;
  }
  EXPECT_NE(r.out.find("sync_steps: 20\n"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(OnlineTest, BadOnlineValuesAreRejectedBeforeAnyWork) {
  const std::string dir = TempDir("online_bad");
  WriteHeldOut(dir);
  const std::string run = dir + "/run";
  const std::string cfg =
      " run --config " + test::SourceDir() + "/configs/online.cfg --run.dir " + run;
  ExpectRejected(Mpirun(3) + cfg + " --online.generated_prob 1.5",
                 "--online.generated_prob must be in [0, 1], got 1.5", run);
  ExpectRejected(Mpirun(3) + cfg + " --online.refresh_steps 0", "--online.refresh_steps", run);
  ExpectRejected(Mpirun(3) + cfg + " --online.total_steps -3", "--online.total_steps", run);
  ExpectRejected(Mpirun(3) + cfg + " --online.warm_examples 500 --online.buffer_examples 100",
                 "--online.warm_examples must not exceed online.buffer_examples (100), got 500",
                 run);
  ExpectRejected(Mpirun(3) + cfg + " --online.forward_algorithm mcts",
                 "--online.forward_algorithm must be forward-sampling or forward-greedy", run);
  ExpectRejected(Mpirun(3) + cfg + " --run.mode asynchronous",
                 "--run.mode must be one of: sync online", run);
  std::ofstream(dir + "/bad.json") << "[\"fine\",\n 42]\n";
  ExpectRejected(Mpirun(3) + cfg + " --online.base_examples " + dir + "/bad.json",
                 dir + "/bad.json:2:2: error: expected a training string", run);
  ExpectRejected(Mpirun(3) + cfg + " --online.base_run " + dir, "is not a run directory", run);
  // One rank cannot learn and act at the same time.
  ExpectRejected(test::Binary() + cfg, "run.mode = online needs at least 2 ranks", run);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
