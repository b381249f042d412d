// `lemmaforge run` end to end through the real binary: configs/smoke.cfg under
// mpirun -np 3 (1 learner, 2 generators) and on one rank, resume after kill -9,
// SIGTERM, and configuration errors rejected before any work.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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
#include "io/metrics_log.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "kernel/theory.h"
#include "search/proof_script.h"
#include "run_test_util.h"
#include "test_paths.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

// Conjecture statements of one iteration, from every shard of a run.
std::vector<std::string> Conjectures(const std::string& run, int iteration) {
  std::vector<std::string> out;
  for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), iteration))
    for (const io::Conjecture& c : io::ShardReader(f.path).ReadConjectures())
      out.push_back(c.statement);
  return out;
}

TEST(RunTest, SmokeUnderMpirunWithOneLearnerAndTwoGenerators) {
  const std::string dir = TempDir("mpi");
  const auto r = Shell(Mpirun(3) + " run --config " + Smoke() + " --run.dir " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("3 ranks: 1 learner, 2 generators"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[it 2/2] conjectures 8"), std::string::npos) << r.out;
  ExpectCompleteSmokeRun(dir + "/run", 3);
  // Its model is a nat-add model: refused for another theory, with the file named.
  const std::string checkpoint = CheckpointPath(dir + "/run", 1);
  const auto other = test::RunBinary("conjecture --theory propositional-logic --n 2 --model " +
                                     checkpoint);
  EXPECT_EQ(other.code, kExitBadInput) << other.out << other.err;
  EXPECT_NE(other.err.find(checkpoint + ": error: checkpoint of a model trained on theory "
                                        "'nat-add', not on 'propositional-logic'"),
            std::string::npos)
      << other.err;
  const auto same = test::RunBinary("conjecture --theory nat-add --n 2 --model " + checkpoint);
  EXPECT_EQ(same.code, 0) << same.err;

  // The same configuration on one rank: conjecturing depends only on the
  // seed and the weights, so the first iteration poses the same conjectures.
  const auto one = test::RunBinary("run --config " + Smoke() + " --run.dir " + dir + "/one");
  ASSERT_EQ(one.code, 0) << one.err;
  ExpectCompleteSmokeRun(dir + "/one", 1);
  EXPECT_EQ(Conjectures(dir + "/one", 0), Conjectures(dir + "/run", 0));
  fs::remove_all(dir);
}

TEST(RunTest, ResumeAfterKillNineRedoesNothingCompleted) {
  const std::string dir = TempDir("resume");
  const std::string run = dir + "/run";
  const pid_t pid = Spawn({"run", "--config", Smoke(), "--run.dir", run}, dir + "/first.log");
  // Kill as soon as the first iteration is complete.
  for (int i = 0; i < 1200 && LoadRunState(run).completed_iterations < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGKILL);
  WaitExit(pid);
  ASSERT_EQ(LoadRunState(run).completed_iterations, 1);
  std::vector<io::ShardFile> first = io::ListShards(ShardDirectory(run), 0);
  ASSERT_FALSE(first.empty());

  const auto resumed = test::RunBinary("run --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("resuming " + run + " after iteration 1"), std::string::npos)
      << resumed.out;
  EXPECT_EQ(resumed.out.find("[it 1/2]"), std::string::npos) << "iteration 1 was redone";
  // The completed iteration's shards are the very same files.
  std::vector<io::ShardFile> after = io::ListShards(ShardDirectory(run), 0);
  ASSERT_EQ(after.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(after[i].path, first[i].path);
  ExpectCompleteSmokeRun(run, 1);
  fs::remove_all(dir);
}

TEST(RunTest, SigtermStopsCleanlyAndTheRunResumes) {
  const std::string dir = TempDir("sigterm");
  const std::string run = dir + "/run";
  const pid_t pid = Spawn({"run", "--config", Smoke(), "--run.dir", run}, dir + "/log.txt");
  for (int i = 0; i < 600 && !fs::exists(run + "/log.txt"); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), kExitInterrupted);
  std::ostringstream log;
  log << std::ifstream(dir + "/log.txt").rdbuf();
  EXPECT_NE(log.str().find("lemmaforge run --resume " + run), std::string::npos) << log.str();
  const int completed = LoadRunState(run).completed_iterations;
  EXPECT_LT(completed, 2);
  const auto resumed = test::RunBinary("run --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  ExpectCompleteSmokeRun(run, 1);
  fs::remove_all(dir);
}

TEST(RunTest, AProvenGoalIsStoredCheckedAndEndsTheRun) {
  const std::string dir = TempDir("goal");
  const std::string run = dir + "/run";
  {
    std::ofstream goals(dir + "/goals.json");
    goals << R"json({"goals": [{"name": "one_add_zero", "theorem": "(= (+ (s z) z) (s z))"}]})json";
  }
  const auto r = test::RunBinary("run --config " + Smoke() + " --run.dir " + run + " --run.goals " +
                                 dir + "/goals.json" + " --run.stop_when_goals_proven=true");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("every final goal was proven at the start of iteration 1"),
            std::string::npos)
      << r.out;
  const RunState state = LoadRunState(run);
  EXPECT_EQ(state.completed_iterations, 1);
  EXPECT_TRUE(state.stopped_goals_proven);
  EXPECT_EQ(state.goals_proven, std::vector<std::string>{"one_add_zero"});
  {  // closed before the resume below appends to the file
    io::MetricsReader metrics(run + "/metrics.h5");
    const auto iterations = io::LatestByIndex(metrics.ReadIterations());
    ASSERT_EQ(iterations.size(), 1u);
    EXPECT_DOUBLE_EQ(iterations[0].final_goals_proven, 1.0);
    EXPECT_EQ(iterations[0].n_conjectures, 0);
    EXPECT_TRUE(metrics.ReadSteps().empty());
  }
  // The stored proof is a script the checker accepts.
  const std::string proof = run + "/goal-proofs/one_add_zero.p";
  ASSERT_TRUE(fs::exists(proof));
  const auto check = test::RunBinary("check " + proof);
  EXPECT_EQ(check.code, 0) << check.out << check.err;
  // Resuming a run that ended this way does nothing more.
  const auto resumed = test::RunBinary("run --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_EQ(resumed.out.find("[it 2/2]"), std::string::npos) << resumed.out;
  EXPECT_EQ(LoadRunState(run).completed_iterations, 1);
  // A corrupt metrics log is reported when --resume starts, not after an iteration.
  fs::resize_file(run + "/metrics.h5", 100);
  const auto corrupt = test::RunBinary("run --resume " + run);
  EXPECT_EQ(corrupt.code, kExitBadInput) << corrupt.out << corrupt.err;
  EXPECT_NE(corrupt.err.find(run + "/metrics.h5: error:"), std::string::npos) << corrupt.err;
  EXPECT_EQ(corrupt.out.find("[it "), std::string::npos) << corrupt.out;
  fs::remove_all(dir);
}

// A configuration error: exit 2, the message, and no run directory made.
TEST(RunTest, BadConfigurationsAreRejectedBeforeAnyWork) {
  const std::string dir = TempDir("bad");
  const std::string run = dir + "/run";
  const std::string base = test::Binary() + " run --config " + Smoke() + " --run.dir " + run;
  {
    std::ofstream cfg(dir + "/unknown.cfg");
    cfg << "# a typo\n[run]\nn_conjectures = 4\n  n_conjecture = 4\n";
  }
  ExpectRejected(test::Binary() + " run --config " + dir + "/unknown.cfg --run.dir " + run,
                 "unknown.cfg:4:3: error: unknown configuration key 'run.n_conjecture'", run);
  {
    std::ofstream cfg(dir + "/alpha.cfg");
    cfg << "[learn]\nalpha = -0.5\n";
  }
  ExpectRejected(test::Binary() + " run --config " + dir + "/alpha.cfg --run.dir " + run,
                 "alpha.cfg:2:1: error: --learn.alpha must be in [0", run);
  {
    std::ofstream cfg(dir + "/budget.cfg");
    cfg << "[search]\nmcts.rule = puct\nbudget = 0\n";
  }
  ExpectRejected(test::Binary() + " run --config " + dir + "/budget.cfg --run.dir " + run,
                 "budget.cfg:3:1: error: --search.budget must be positive, got 0", run);
  ExpectRejected(base + " --search.mcts.rule=greedy",
                 "--search.mcts.rule must be one of: minimo puct, got 'greedy'", run);
  ExpectRejected(base + " --learn.alpha_schedule=sometimes", "alpha_schedule", run);
  // NaN and infinity are in no range.
  ExpectRejected(base + " --learn.alpha=nan", "--learn.alpha must be in [0, 1e+06], got nan", run);
  ExpectRejected(base + " --learn.threshold=inf", "--learn.threshold must be in [0, 1], got inf",
                 run);
  ExpectRejected(base + " --run.easy_fraction=nan", "--run.easy_fraction must be in [0, 1]", run);
  for (const char* option : {"--learn.lr=nan", "--learn.weight_decay=inf", "--model.dropout=nan"})
    ExpectRejected(base + " " + option, std::string(option).substr(0, std::string(option).find('=')) +
                                            " must be in [",
                   run);
  ExpectRejected(base + " --run.theory=nat-div", "nat-div", run);
  ExpectRejected(base + " --search.algorithm=magic", "unknown search algorithm 'magic'", run);
  ExpectRejected(base + " --run.nonsense=1", "unrecognised option '--run.nonsense", run);
  ExpectRejected(test::Binary() + " run --config " + dir + "/missing.cfg", "missing.cfg", run);
  ExpectRejected(base + " --run.eval_problems=" + dir + "/none.txt", "none.txt", run);
  {
    std::ofstream list(dir + "/goal-as-problem.txt");
    list << "# the final goal held out\nsucc_add. [('a0 : nat) -> ('a1 : nat) -> "
            "(= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]\n";
  }
  ExpectRejected(base + " --run.eval_problems=" + dir + "/goal-as-problem.txt",
                 "goal-as-problem.txt:2:11: error: run.eval_problems: problem 'succ_add' is also a "
                 "final goal",
                 run);
  // Learners must leave a generator: checked on every rank, reported once.
  ExpectRejected(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + run + " --mpi.learners=2",
                 "mpi.learners = '2' with 2 ranks", run);
  // A malformed ratio is an option error, reported once, as the user wrote it
  // (not "error: error: ... (run_job.cc:N)").
  const auto ratio = Shell(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + run +
                           " --mpi.learners=5:0");
  EXPECT_EQ(ratio.code, kExitBadInput) << ratio.out;
  EXPECT_NE(ratio.out.find("error: mpi.learners = '5:0': a ratio needs two positive integers"),
            std::string::npos)
      << ratio.out;
  EXPECT_EQ(ratio.out.find("error: error:"), std::string::npos) << ratio.out;
  EXPECT_EQ(ratio.out.find(".cc:"), std::string::npos) << ratio.out;
  EXPECT_FALSE(fs::exists(run));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
