#include "run_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "app/run_dir.h"
#include "io/metrics_log.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "kernel/theory.h"
#include "search/proof_script.h"
#include "test_theory.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

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

}  // namespace

void ExpectCompleteSmokeRun(const std::string& run, int ranks, double alpha) {
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
    // "Conj:(fail)" strings: one per searched, unproven conjecture, and one for
    // each of the first run.max_refuted_examples (smoke.cfg: 2) refuted samples.
    int fail_strings = 0;
    for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), i))
      for (const io::TrainingExample& e : io::ShardReader(f.path).ReadTrainingExamples())
        fail_strings += e.text.rfind("Conj:(fail) ", 0) == 0;
    EXPECT_EQ(fail_strings, (searched - proved) + std::min(refuted, 2)) << "iteration " << i;
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
    EXPECT_DOUBLE_EQ(steps[s].alpha, alpha);
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
  const auto theory = test::LoadTheory("nat-add");
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
        ExpectProofPassesChecker(*theory, a);
        ++proofs;
      }
    }
    EXPECT_EQ(static_cast<int>(writers.size()), ranks) << "iteration " << it;
    EXPECT_EQ(conjectures, 8);
  }
  EXPECT_GT(proofs, 0);  // hindsight alone proves facts in every iteration
}

void ExpectProofPassesChecker(const kernel::Theory& theory, const io::ProofAttempt& attempt) {
  std::vector<std::string> lines;
  std::istringstream text(attempt.proof);
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  const auto verdict = search::CheckProofScript(theory, lines);
  EXPECT_TRUE(verdict.ok) << attempt.theorem << ": " << verdict.message << "\n" << attempt.proof;
}

void ExpectRejected(const std::string& command, const std::string& message,
                    const std::string& run) {
  const auto r = Shell(command);
  EXPECT_EQ(r.code, kExitBadInput) << r.out;
  EXPECT_NE(r.out.find(message), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(run)) << command;
}

}  // namespace lf::app
