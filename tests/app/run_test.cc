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

// The problems of a '<id>. <statement>' list.
std::vector<std::string> ProblemStatements(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const size_t dot = line.find(". ");
    if (line.empty() || line[0] == '#' || dot == std::string::npos) continue;
    out.push_back(line.substr(dot + 2));
  }
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
    // The logged counts are those of the conjectures stored in the shards.
    int proved = 0, refuted = 0, searched = 0;
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), i)) {
      for (const io::Conjecture& c : io::ShardReader(f.path).ReadConjectures()) {
        proved += c.outcome == io::ConjectureOutcome::kProved;
        refuted += c.outcome == io::ConjectureOutcome::kRefuted;
        searched += c.outcome != io::ConjectureOutcome::kRefuted;
      }
    }
    EXPECT_EQ(iterations[i].n_proven, proved) << "iteration " << i;
    EXPECT_EQ(iterations[i].n_refuted, refuted) << "iteration " << i;
    EXPECT_EQ(searched, 8) << "iteration " << i;
    EXPECT_DOUBLE_EQ(iterations[i].ratio_proven, proved / 8.0);
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

  // Held-out evaluation (smoke.cfg: configs/problems/nat-add.txt at budget 20):
  // the untrained model and the uniform baseline before training, the model
  // after each iteration. The uniform row is what `lemmaforge eval` reports.
  const auto eval = io::LatestByIndex(metrics.ReadEval());
  ASSERT_EQ(eval.size(), 4u);
  const size_t problems =
      ProblemStatements(test::SourceDir() + "/configs/problems/nat-add.txt").size();
  ASSERT_GT(problems, 10u);
  const std::vector<std::pair<int, std::string>> expected_rows = {
      {0, "model"}, {0, "uniform"}, {1, "model"}, {2, "model"}};
  for (size_t k = 0; k < eval.size(); ++k) {
    EXPECT_EQ(eval[k].iteration, expected_rows[k].first) << k;
    EXPECT_EQ(eval[k].evaluator, expected_rows[k].second) << k;
    EXPECT_EQ(eval[k].split, "heldout");
    EXPECT_EQ(eval[k].algorithm, "mcts");
    EXPECT_EQ(eval[k].budget, 20);
    EXPECT_EQ(eval[k].attempted, static_cast<int64_t>(problems));
    EXPECT_DOUBLE_EQ(eval[k].pass_at_1, static_cast<double>(eval[k].solved) / problems);
    EXPECT_GT(eval[k].expansions, 0);
  }
  const auto uniform = test::RunBinary("eval --theory nat-add --problems " + test::SourceDir() +
                                       "/configs/problems/nat-add.txt --budget 20");
  ASSERT_EQ(uniform.code, 0) << uniform.err;
  EXPECT_NE(
      uniform.out.find("solved " + std::to_string(eval[1].solved) + "/" + std::to_string(problems)),
      std::string::npos)
      << uniform.out;

  // Every rank wrote a shard per iteration; every recorded proof passes the checker.
  const auto theory = kernel::Theory::Load("nat-add");
  const std::vector<std::string> held_out =
      ProblemStatements(test::SourceDir() + "/configs/problems/nat-add.txt");
  int proofs = 0;
  for (int it = 0; it < 2; ++it) {
    std::set<int> writers;
    int conjectures = 0;
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), it)) {
      writers.insert(f.rank);
      io::ShardReader shard(f.path);
      for (const io::Conjecture& c : shard.ReadConjectures())
        conjectures += c.outcome != io::ConjectureOutcome::kRefuted;
      for (const io::Conjecture& c : shard.ReadConjectures())
        EXPECT_EQ(std::count(held_out.begin(), held_out.end(), c.statement), 0) << c.statement;
      for (const io::ProofAttempt& a : shard.ReadProofAttempts()) {
        // Held-out problems are never searched for training data.
        EXPECT_EQ(std::count(held_out.begin(), held_out.end(), a.theorem), 0) << a.theorem;
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
  // NaN and infinity are in no range.
  ExpectRejected(base + " --learn.alpha=nan", "--learn.alpha must be in [0, 1e+06], got nan", run);
  ExpectRejected(base + " --learn.threshold=inf", "--learn.threshold must be in [0, 1], got inf",
                 run);
  ExpectRejected(base + " --run.easy_fraction=nan", "--run.easy_fraction must be in [0, 1]", run);
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
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
