// `lemmaforge run` end to end through the real binary: configs/smoke.cfg under
// mpirun -np 3 (1 learner, 2 generators) and on one rank, resume after kill -9,
// SIGTERM, and configuration errors rejected before any work.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include "test_paths.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

std::string Smoke() { return test::SourceDir() + "/configs/smoke.cfg"; }

std::string Mpirun(int ranks) {
  return std::string(LF_TEST_MPIEXEC) + " --allow-run-as-root --oversubscribe -np " +
         std::to_string(ranks) + " " + test::Binary();
}

// A fresh directory for one test's runs.
std::string TempDir(const std::string& name) {
  const std::string dir = "/tmp/lf_run_test_" + name + "_" + std::to_string(::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Runs a shell command; returns its exit code (-1 if killed) and output.
test::BinaryResult Shell(const std::string& command) {
  test::BinaryResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Conjecture statements of one iteration, from every shard of a run.
std::vector<std::string> Conjectures(const std::string& run, int iteration) {
  std::vector<std::string> out;
  for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), iteration))
    for (const io::Conjecture& c : io::ShardReader(f.path).ReadConjectures())
      out.push_back(c.statement);
  return out;
}

// Everything a completed 2-iteration smoke run must have left behind.
void ExpectCompleteSmokeRun(const std::string& run, int ranks) {
  EXPECT_EQ(LoadRunState(run).completed_iterations, 2);
  EXPECT_TRUE(fs::exists(run + "/config.cfg"));
  EXPECT_TRUE(fs::exists(CheckpointPath(run, 0)));
  EXPECT_TRUE(fs::exists(CheckpointPath(run, 1)));

  io::MetricsReader metrics(run + "/metrics.h5");
  const auto steps = io::LatestByIndex(metrics.ReadSteps());
  const auto iterations = io::LatestByIndex(metrics.ReadIterations());
  ASSERT_EQ(steps.size(), 20u);  // 2 iterations x learn.train_iterations = 10
  ASSERT_EQ(iterations.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(iterations[i].iteration, i);
    EXPECT_EQ(iterations[i].n_conjectures, 8);
    EXPECT_GE(iterations[i].n_proven, 0);
    EXPECT_TRUE(std::isfinite(iterations[i].val_loss));
    EXPECT_GT(iterations[i].n_examples, 0);
    EXPECT_GT(iterations[i].prove_seconds, 0.0);
    EXPECT_LE(iterations[i].conjecture_seconds, iterations[i].prove_seconds);
    EXPECT_GT(iterations[i].train_seconds, 0.0);
    EXPECT_GE(iterations[i].communication_seconds, 0.0);
  }
  for (size_t s = 0; s < steps.size(); ++s) {
    EXPECT_EQ(steps[s].global_step, static_cast<int64_t>(s));
    EXPECT_DOUBLE_EQ(steps[s].alpha, 0.5);
    EXPECT_GT(steps[s].progress_loss, 0.0);
  }

  // Every rank wrote a shard per iteration; every recorded proof passes the checker.
  const auto theory = kernel::Theory::Load("nat-add");
  int proofs = 0;
  for (int it = 0; it < 2; ++it) {
    std::set<int> writers;
    int conjectures = 0;
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), it)) {
      writers.insert(f.rank);
      io::ShardReader shard(f.path);
      conjectures += static_cast<int>(shard.ReadConjectures().size());
      for (const io::ProofAttempt& a : shard.ReadProofAttempts()) {
        if (!a.success) continue;
        std::vector<std::string> lines;
        std::istringstream text(a.proof);
        for (std::string line; std::getline(text, line);) lines.push_back(line);
        const auto verdict = search::CheckProofScript(*theory, lines);
        EXPECT_TRUE(verdict.ok) << a.theorem << ": " << verdict.message << "\n" << a.proof;
        ++proofs;
      }
    }
    EXPECT_EQ(static_cast<int>(writers.size()), ranks) << "iteration " << it;
    EXPECT_EQ(conjectures, 8);
  }
  EXPECT_GT(proofs, 0);  // hindsight alone proves facts in every iteration
}

TEST(RunTest, SmokeUnderMpirunWithOneLearnerAndTwoGenerators) {
  const std::string dir = TempDir("mpi");
  const auto r = Shell(Mpirun(3) + " run --config " + Smoke() + " --run.dir " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("3 ranks: 1 learner, 2 generators"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[it 2/2] conjectures 8"), std::string::npos) << r.out;
  ExpectCompleteSmokeRun(dir + "/run", 3);

  // The same configuration on one rank: conjecturing depends only on the
  // seed and the weights, so the first iteration poses the same conjectures.
  const auto one = test::RunBinary("run --config " + Smoke() + " --run.dir " + dir + "/one");
  ASSERT_EQ(one.code, 0) << one.err;
  ExpectCompleteSmokeRun(dir + "/one", 1);
  EXPECT_EQ(Conjectures(dir + "/one", 0), Conjectures(dir + "/run", 0));
  fs::remove_all(dir);
}

// Starts `lemmaforge ARGS` in the background; returns its pid.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    const std::string binary = test::Binary();
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    ::execv(binary.c_str(), argv.data());
    std::_Exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

// A configuration error: exit 2, the message, and no run directory made.
void ExpectRejected(const std::string& command, const std::string& message,
                    const std::string& run) {
  const auto r = Shell(command);
  EXPECT_EQ(r.code, kExitBadInput) << r.out;
  EXPECT_NE(r.out.find(message), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(run)) << command;
}

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
  ExpectRejected(base + " --run.theory=nat-div", "nat-div", run);
  ExpectRejected(base + " --search.algorithm=magic", "unknown search algorithm 'magic'", run);
  ExpectRejected(base + " --run.nonsense=1", "unrecognised option '--run.nonsense", run);
  ExpectRejected(test::Binary() + " run --config " + dir + "/missing.cfg", "missing.cfg", run);
  // Learners must leave a generator: checked on every rank, reported once.
  ExpectRejected(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + run + " --mpi.learners=2",
                 "mpi.learners = '2' with 2 ranks", run);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
