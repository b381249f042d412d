// `lemmaforge e2e` (BAIT's end-to-end loop, run_job.h) through the real binary:
// two rounds under mpirun -np 3 on a small train list, resume after kill -9
// (of a one-rank job, which a kill reaches whole),
// and configurations rejected before any work.

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
#include "io/metrics_log.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "io/trace_file.h"
#include "run_test_util.h"
#include "test_paths.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

// Four train problems (two a budget-20 BestFS proves, two it does not) and two
// held-out ones, none alpha-equivalent to another.
void WriteLists(const std::string& dir) {
  std::ofstream(dir + "/train.txt") << "# train\n"
                                       "add_zero_at_1. (= (+ (s z) z) (s z))\n"
                                       "zero_add_at_0. (= (+ z z) z)\n"
                                       "add_comm_at_0. [('a0 : nat) -> (= (+ 'a0 z) (+ z 'a0))]\n"
                                       "two_add_three. (= (+ (s (s z)) (s (s (s z)))) "
                                       "(s (s (s (s (s z))))))\n";
  std::ofstream(dir + "/heldout.txt") << "zero_add_at_1. (= (+ z (s z)) (s z))\n"
                                         "one_add_two. (= (+ (s z) (s (s z))) (s (s (s z))))\n";
}

// configs/e2e-nat-add.cfg made small: a tiny model, budget 20, rounds of 10 steps.
std::string E2eArgs(const std::string& dir, const std::string& run, int rounds = 2) {
  return "--config " + test::SourceDir() + "/configs/e2e-nat-add.cfg --run.dir " + run +
         " --e2e.train_problems " + dir + "/train.txt --run.eval_problems " + dir +
         "/heldout.txt --search.budget 20 --run.eval_budget 20 --e2e.visit_threshold 3"
         " --model.n_layer 1 --model.d_model 32 --model.n_head 2 --model.num_threads 1"
         " --learn.train_iterations 10 --learn.batch_chars 2000 --run.searches_per_rank 4"
         " --learn.total_iterations " +
         std::to_string(rounds);
}

// What two complete rounds leave behind.
void ExpectTwoRounds(const std::string& run) {
  EXPECT_EQ(LoadRunState(run).completed_iterations, 2);
  EXPECT_TRUE(fs::exists(CheckpointPath(run, 0)));
  EXPECT_TRUE(fs::exists(CheckpointPath(run, 1)));
  io::MetricsReader metrics(run + "/metrics.h5");
  EXPECT_EQ(io::LatestByIndex(metrics.ReadSteps()).size(), 20u);
  const auto rounds = io::LatestByIndex(metrics.ReadIterations());
  ASSERT_EQ(rounds.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    // The train problems are searched, no conjecture is; two are proved at budget 20.
    EXPECT_EQ(rounds[i].n_conjectures, 0);
    EXPECT_GE(rounds[i].final_goals_proven, 0.5) << "round " << i;
    EXPECT_GT(rounds[i].n_examples, 0);
    int policy = 0, critic_yes = 0, critic_no = 0, attempts = 0, conj = 0;
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), i)) {
      io::ShardReader shard(f.path);
      for (const io::TrainingExample& e : shard.ReadTrainingExamples()) {
        policy += e.kind == io::ExampleKind::kPolicy;
        critic_yes += e.kind == io::ExampleKind::kValue && e.text.ends_with("???Y");
        critic_no += e.kind == io::ExampleKind::kValue && e.text.ends_with("???N");
        conj += e.kind == io::ExampleKind::kConjecture;
      }
      attempts += static_cast<int>(shard.ReadProofAttempts().size());
      EXPECT_TRUE(shard.ReadConjectures().empty());
    }
    // Both the policy (proved searches) and the critic (the labels) get data;
    // nothing trains a conjecturer.
    EXPECT_GT(policy, 0) << "round " << i;
    EXPECT_GT(critic_yes, 0) << "round " << i;
    EXPECT_GT(critic_no, 0) << "round " << i;  // the unproved problems searched 20 >= 3
    EXPECT_EQ(conj, 0) << "round " << i;
    EXPECT_EQ(attempts, 4) << "round " << i;
    // One proof trace per attempt, in the traces of the ranks that searched:
    // the problem's name, the weights it ran with, the critic ordering BestFS.
    std::multiset<std::string> problems;
    int proved = 0;
    for (const auto& entry : fs::directory_iterator(run + "/traces")) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("it" + std::string(i == 0 ? "000000" : "000001") + "_r", 0) != 0) continue;
      for (const io::Trace& t : io::TraceReader(entry.path().string()).ReadTraces()) {
        problems.insert(t.problem);
        EXPECT_EQ(t.algorithm, "bestfs");
        EXPECT_EQ(t.policy_model, i == 0 ? std::string("initial") : "checkpoints/it000000.ckpt");
        EXPECT_FALSE(t.nodes.empty());
        proved += t.outcome == io::NodeStatus::kProved;
        // Every node the critic ordered (all expanded ones but the root, the
        // frontier's first and only node) has its score.
        for (size_t k = 1; k < t.nodes.size(); ++k) {
          if (t.nodes[k].expansion_order >= 0) {
            EXPECT_FALSE(std::isnan(t.nodes[k].critic)) << t.problem << " node " << k;
          }
        }
      }
    }
    EXPECT_EQ(problems, (std::multiset<std::string>{"add_comm_at_0", "add_zero_at_1",
                                                    "two_add_three", "zero_add_at_0"}))
        << "round " << i;
    EXPECT_EQ(proved, std::lround(rounds[i].final_goals_proven * 4)) << "round " << i;
  }
  // The /eval table: model after 0, 1, 2 rounds, the uniform evaluator once,
  // BestFS at budget 20 on the two held-out problems.
  const auto eval = io::LatestByIndex(metrics.ReadEval());
  ASSERT_EQ(eval.size(), 4u);
  const std::vector<std::pair<int, std::string>> expected = {
      {0, "model"}, {0, "uniform"}, {1, "model"}, {2, "model"}};
  for (size_t k = 0; k < eval.size(); ++k) {
    EXPECT_EQ(eval[k].iteration, expected[k].first) << k;
    EXPECT_EQ(eval[k].evaluator, expected[k].second) << k;
    EXPECT_EQ(eval[k].algorithm, "bestfs");
    EXPECT_EQ(eval[k].budget, 20);
    EXPECT_EQ(eval[k].attempted, 2);
  }
}

TEST(E2eTest, TwoRoundsUnderMpirunTrainPolicyAndCriticAndEvaluate) {
  const std::string dir = TempDir("e2e");
  WriteLists(dir);
  const std::string run = dir + "/run";
  const auto r = Shell(Mpirun(3) + " e2e " + E2eArgs(dir, run));
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("lemmaforge e2e: 3 ranks: 1 learner, 2 generators"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[it 2/2] train problems proven "), std::string::npos) << r.out;
  ExpectTwoRounds(run);
  fs::remove_all(dir);
}

TEST(E2eTest, ResumeAfterKillNineRedoesNoCompletedRound) {
  const std::string dir = TempDir("e2e_resume");
  WriteLists(dir);
  const std::string run = dir + "/run";
  std::vector<std::string> args = {"e2e"};
  std::istringstream words(E2eArgs(dir, run));
  for (std::string w; words >> w;) args.push_back(w);
  const pid_t pid = Spawn(args, dir + "/first.log");
  // Kill as soon as the first round is complete.
  for (int i = 0; i < 1800 && LoadRunState(run).completed_iterations < 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGKILL);
  WaitExit(pid);
  ASSERT_EQ(LoadRunState(run).completed_iterations, 1);
  const std::vector<io::ShardFile> first = io::ListShards(ShardDirectory(run), 0);
  ASSERT_FALSE(first.empty());

  const auto resumed = test::RunBinary("e2e --resume " + run);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("resuming " + run + " after iteration 1"), std::string::npos)
      << resumed.out;
  EXPECT_EQ(resumed.out.find("[it 1/2]"), std::string::npos) << "round 1 was redone";
  const std::vector<io::ShardFile> after = io::ListShards(ShardDirectory(run), 0);
  ASSERT_EQ(after.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(after[i].path, first[i].path);
  ExpectTwoRounds(run);
  fs::remove_all(dir);
}

// Any (policy, critic) pair runs from the config: here the uniform policy with
// the model's critic, which the traces name.
TEST(E2eTest, PolicyAndCriticComeFromTheConfiguredPair) {
  const std::string dir = TempDir("e2e_pair");
  WriteLists(dir);
  const std::string run = dir + "/run";
  const auto r = test::RunBinary("e2e " + E2eArgs(dir, run, 1) + " --e2e.policy uniform");
  ASSERT_EQ(r.code, 0) << r.err;
  int traces = 0;
  for (const io::Trace& t : io::TraceReader(TracePath(run, 0, 0)).ReadTraces()) {
    EXPECT_EQ(t.policy_model, "uniform");
    EXPECT_EQ(t.critic_model, "initial");
    ++traces;
  }
  EXPECT_EQ(traces, 4);
  fs::remove_all(dir);
}

TEST(E2eTest, BadConfigurationsAreRejectedBeforeAnyWork) {
  const std::string dir = TempDir("e2e_bad");
  WriteLists(dir);
  const std::string run = dir + "/run";
  const std::string cfg = " --config " + test::SourceDir() + "/configs/e2e-nat-add.cfg";
  ExpectRejected(test::Binary() + " e2e --config " + test::SourceDir() +
                     "/configs/default.cfg --run.dir " + run,
                 "lemmaforge e2e needs e2e.train_problems", run);
  ExpectRejected(test::Binary() + " e2e" + cfg + " --run.dir " + run + " --run.goals nat-add",
                 "e2e.train_problems takes the place of run.goals", run);
  ExpectRejected(test::Binary() + " e2e" + cfg + " --run.dir " + run + " --e2e.train_problems " +
                     dir + "/missing.txt",
                 "missing.txt: error: cannot read file", run);
  ExpectRejected(test::Binary() + " e2e" + cfg + " --run.dir " + run + " --e2e.visit_threshold 0",
                 "--e2e.visit_threshold", run);
  ExpectRejected(test::Binary() + " e2e" + cfg + " --run.dir " + run + " --e2e.critic oracle",
                 "--e2e.critic must be one of: model uniform", run);
  // A held-out problem that is also a train problem (up to renaming) is refused.
  std::ofstream(dir + "/overlap.txt") << "zero_add_renamed. (= (+ z (s z)) (s z))\n";
  ExpectRejected(test::Binary() + " e2e" + cfg + " --run.dir " + run + " --e2e.train_problems " +
                     dir + "/overlap.txt --run.eval_problems " + dir + "/heldout.txt",
                 "is also a train problem of e2e.train_problems", run);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
