// Learn tests: schedule vectors G and H, batching, "the model actually
// learns", the goal-conditioned loss, and checkpoints.

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "learn/batching.h"
#include "learn/learn_params.h"
#include "learn/schedules.h"
#include "learn/trainer.h"
#include "model/flat_params.h"
#include "model/tokenizer.h"
#include "model/transformer_evaluator.h"

namespace lf::learn {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("lf_learn_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

LearnParams FastParams() {
  LearnParams p;
  p.lr = 3e-3;
  p.batch_chars = 400;
  p.seed = 1;
  return p;
}

TEST(Schedules, TestVectorG) {
  LearnParams p;  // 2000 x 5
  const int64_t t = ScheduleHorizon(p);
  ASSERT_EQ(t, 9999);
  struct Row {
    AlphaSchedule s;
    double mid;
  };
  const Row rows[] = {{AlphaSchedule::kLinear, 0.49995},
                      {AlphaSchedule::kQuadratic, 0.24995},
                      {AlphaSchedule::kCubic, 0.12496},
                      {AlphaSchedule::kCos, 0.49992}};
  for (const auto& r : rows) {
    EXPECT_NEAR(*ScheduledAlpha(r.s, 1.0, 0, t, std::nullopt), 0.0, 1e-12) << Name(r.s);
    EXPECT_NEAR(*ScheduledAlpha(r.s, 1.0, 4999, t, std::nullopt), r.mid, 5e-6) << Name(r.s);
    EXPECT_NEAR(*ScheduledAlpha(r.s, 1.0, 9999, t, std::nullopt), 1.0, 1e-12) << Name(r.s);
  }
  EXPECT_EQ(GlobalStep(p, 2, 499), 4499);
  EXPECT_DOUBLE_EQ(*ScheduledAlpha(AlphaSchedule::kConstant, 0.3, 4999, t, std::nullopt), 0.3);
  EXPECT_DOUBLE_EQ(*ScheduledAlpha(AlphaSchedule::kRatio, 0.5, 10, t, 0.4), 0.2);
  EXPECT_FALSE(ScheduledAlpha(AlphaSchedule::kRatio, 0.5, 10, t, std::nullopt).has_value());
}

TEST(Schedules, TestVectorHMuWarmup) {
  EXPECT_DOUBLE_EQ(WarmedUpMu(0.5, 0, true, 100), 0.0);
  EXPECT_DOUBLE_EQ(WarmedUpMu(0.5, 50, true, 100), 0.25);
  EXPECT_DOUBLE_EQ(WarmedUpMu(0.5, 100, true, 100), 0.5);
  EXPECT_DOUBLE_EQ(WarmedUpMu(0.5, 0, false, 100), 0.5);
  EXPECT_TRUE(MuProgressActive(0.4, 0.5, 0.1));
  EXPECT_FALSE(MuProgressActive(0.39, 0.5, 0.1));
}

TEST(LearnParams, OptionsParseAndRangeCheck) {
  namespace po = boost::program_options;
  LearnParams p;
  po::options_description options;
  AddLearnOptions(options, &p);
  const char* good[] = {"x", "--learn.alpha_schedule=cubic", "--learn.alpha=0.2",
                        "--learn.goal_mode=mu", "--learn.mu_counter=active"};
  po::variables_map vm;
  po::store(po::parse_command_line(5, good, options), vm);
  po::notify(vm);
  EXPECT_EQ(p.alpha_schedule, AlphaSchedule::kCubic);
  EXPECT_DOUBLE_EQ(p.alpha, 0.2);
  EXPECT_EQ(p.goal_mode, GoalMode::kMu);
  EXPECT_EQ(p.mu_counter, MuCounter::kActiveSteps);
  for (const char* bad : {"--learn.alpha_schedule=sine", "--learn.lr=-1", "--learn.threshold=2"}) {
    LearnParams q;
    po::options_description o;
    AddLearnOptions(o, &q);
    const char* argv[] = {"x", bad};
    po::variables_map m;
    po::store(po::parse_command_line(2, argv, o), m);
    EXPECT_THROW(po::notify(m), InputError) << bad;
  }
}

TEST(Batching, CharacterBudgetWithReplacement) {
  std::vector<std::string> examples = {std::string(100, 'a'), std::string(30, 'b'),
                                       std::string(700, 'c')};
  Rng rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    const auto batch = SampleBatch(examples, 1000, 500, rng);
    ASSERT_FALSE(batch.empty());
    size_t max_len = 0;
    for (size_t i : batch) max_len = std::max(max_len, std::min<size_t>(500, examples[i].size()));
    EXPECT_LE(max_len * batch.size(), 1000u);
  }
  // One example larger than the budget still makes a batch of one.
  EXPECT_EQ(SampleBatch({std::string(900, 'x')}, 100, 500, rng).size(), 1u);
}

TEST(Batching, EncodeAndMasks) {
  const auto enc = EncodeBatch({"S: <solved>\n???Y", "ab"});
  // Inputs drop the last token; targets are shifted, PAD ignored.
  EXPECT_EQ(enc.input.size(1), 17);
  EXPECT_EQ(enc.input[0][0].item<int64_t>(), model::kBos);
  EXPECT_EQ(enc.target[0][15].item<int64_t>(), 'Y');
  EXPECT_EQ(enc.target[0][16].item<int64_t>(), model::kEos);
  EXPECT_EQ(enc.target[1][2].item<int64_t>(), model::kEos);
  EXPECT_EQ(enc.target[1][3].item<int64_t>(), kIgnoreIndex);
  EXPECT_EQ(enc.tokens, 17 + 3);
  EXPECT_EQ(MaskedPrefixChars("S: x\nA: y\n???N", true, false), 13u);
  EXPECT_EQ(MaskedPrefixChars("Conj:(easy) (= z z)", false, true), 12u);
  EXPECT_EQ(MaskedPrefixChars("S: x\n???N", false, true), 0u);
  const auto masked = EncodeBatch({"S: x\n???N"}, true, false);
  EXPECT_EQ(masked.tokens, 2);  // the label and EOS
}

TEST(Trainer, TinyModelOverfitsAHandfulOfStrings) {
  Trainer trainer(model::TinyModelParams(), FastParams());
  const std::vector<std::string> examples = {"S: <solved>\n???Y", "Conj:(hard) (= z z)",
                                             "S: G=1\nA: intro.\n???N", "abcabcabc"};
  const double before = trainer.Loss(examples);
  trainer.TrainIteration(examples, {}, {}, 0, std::nullopt, {}, 150);
  const double after = trainer.Loss(examples);
  EXPECT_GT(before, 3.0);
  EXPECT_LT(after, 0.35) << "before " << before;
}

TEST(Trainer, YesNoScoringLearnsToyLabelling) {
  // Label: Y iff the state mentions "zz". Scored through the search seam.
  Rng rng(5);
  std::vector<std::string> states, examples;
  for (int i = 0; i < 24; ++i) {
    std::string s = "G=1 ";
    for (int k = 0; k < 6; ++k) s.push_back("abcxy"[rng.Below(5)]);
    if (i % 2 == 0) s.insert(4 + rng.Below(6), "zz");
    states.push_back(s);
    examples.push_back(model::StateQuery(s) + (i % 2 == 0 ? "Y" : "N"));
  }
  Trainer trainer(model::TinyModelParams(), FastParams());
  trainer.TrainIteration(examples, {}, {}, 0, std::nullopt, {}, 200);
  model::TransformerEvaluator evaluator(trainer.model());
  std::vector<search::NodeQuery> nodes;
  for (const auto& s : states) nodes.push_back({s, {}, true});
  const auto scores = evaluator.Score(nodes);
  for (size_t i = 0; i < states.size(); ++i) {
    if (i % 2 == 0) {
      EXPECT_GT(scores[i].state_value, 0.8) << states[i];
    } else {
      EXPECT_LT(scores[i].state_value, 0.2) << states[i];
    }
  }
}

// The seed's experiment 1: with alpha = 1 the progress loss falls far below
// the alpha = 0 run from the same seed.
TEST(Trainer, AlphaOneDrivesProgressLossBelowAlphaZero) {
  const std::vector<std::string> examples = {"S: G=1\nA: intro.\n???Y", "S: <solved>\n???Y",
                                             "Conj:(easy) (= z z)", "S: G=2\n???N"};
  const std::vector<std::string> goals = {
      "[('a0 : nat) -> ('a1 : nat) -> (= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]"};
  double final_progress[2];
  for (int run = 0; run < 2; ++run) {
    LearnParams p = FastParams();
    p.alpha = run == 0 ? 0.0 : 1.0;
    p.train_iterations = 80;
    p.total_iterations = 1;
    Trainer trainer(model::TinyModelParams(), p);
    const auto report = trainer.TrainIteration(examples, goals, goals, 0, std::nullopt);
    ASSERT_EQ(report.steps.size(), 80u);
    const auto& last = report.steps.back();
    EXPECT_DOUBLE_EQ(last.alpha, p.alpha);
    EXPECT_GT(last.progress_loss, 0.0);
    if (run == 1) {
      EXPECT_DOUBLE_EQ(last.loss, last.progress_loss);  // normalize_loss, alpha 1
    }
    final_progress[run] = last.progress_loss;
  }
  EXPECT_LT(final_progress[1], 0.5 * final_progress[0])
      << "alpha=0: " << final_progress[0] << " alpha=1: " << final_progress[1];
}

TEST(Trainer, MuModeWarmsUpAndGatesOnRatio) {
  LearnParams p = FastParams();
  p.goal_mode = GoalMode::kMu;
  p.mu = 0.5;
  p.mu_warmup_steps = 4;
  const std::vector<std::string> examples = {"Conj:(easy) (= z z)", "S: <solved>\n???Y"};
  const std::vector<std::string> goals = {"(= (+ z z) z)"};
  Trainer trainer(model::TinyModelParams(), p);
  auto low = trainer.TrainIteration(examples, goals, {}, 0, 0.3, {}, 2);
  for (const auto& s : low.steps) EXPECT_EQ(s.progress_loss, 0.0);  // 0.3 < 0.5 - 0.1
  auto high = trainer.TrainIteration(examples, goals, {}, 0, 0.45, {}, 4);
  EXPECT_DOUBLE_EQ(high.steps[0].mu, 0.0);
  EXPECT_DOUBLE_EQ(high.steps[2].mu, 0.25);
  EXPECT_GT(high.steps[3].progress_loss, 0.0);
  for (const auto& s : high.steps) {
    EXPECT_NEAR(s.loss, s.train_loss + s.mu * s.n_conj * s.progress_loss, 1e-4);
  }
  EXPECT_EQ(trainer.mu_active_steps(), 4);
  LearnParams ratio = FastParams();
  ratio.alpha_schedule = AlphaSchedule::kRatio;
  Trainer needs_ratio(model::TinyModelParams(), ratio);
  EXPECT_THROW(needs_ratio.TrainIteration(examples, goals, {}, 0, std::nullopt, {}, 1), InputError);
}

TEST(Checkpoint, RoundTripIsBitExactAndResumes) {
  const std::vector<std::string> examples = {"S: <solved>\n???Y", "Conj:(hard) (= z z)"};
  LearnParams p = FastParams();
  p.alpha = 0.3;
  Trainer a(model::TinyModelParams(), p);
  a.TrainIteration(examples, {"(= z z)"}, {}, 0, std::nullopt, {}, 3);
  const std::string path = TempPath("roundtrip.ckpt");
  a.Save(path, "nat-add");
  Trainer b(model::TinyModelParams(), p);
  b.Load(path, "nat-add");
  EXPECT_EQ(model::GetFlatWeights(*a.model()), model::GetFlatWeights(*b.model()));
  EXPECT_EQ(b.steps_done(), 3);
  // Same next step on both: identical only if the AdamW moments round-tripped.
  const auto ra = a.TrainIteration(examples, {"(= z z)"}, {}, 1, std::nullopt, {}, 2);
  const auto rb = b.TrainIteration(examples, {"(= z z)"}, {}, 1, std::nullopt, {}, 2);
  EXPECT_EQ(model::GetFlatWeights(*a.model()), model::GetFlatWeights(*b.model()));
  EXPECT_EQ(ra.steps.back().loss, rb.steps.back().loss);
  std::filesystem::remove(path);
}

TEST(Checkpoint, MissingOrCorruptFilesGiveClearErrors) {
  Trainer trainer(model::TinyModelParams(), FastParams());
  const std::string path = TempPath("corrupt.ckpt");
  auto expect_error = [&](const std::string& needle) {
    try {
      trainer.Load(path, "nat-add");
      ADD_FAILURE() << "no error for " << needle;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  };
  std::filesystem::remove(path);
  expect_error("cannot read");

  trainer.Save(path, "nat-add");
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& b) { std::ofstream(path, std::ios::binary) << b; };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x20;
  write(flipped);
  expect_error("checksum");
  write(bytes.substr(0, bytes.size() - 100));
  expect_error("truncated");
  write("hello, not a checkpoint at all");
  expect_error("bad magic");

  // A checkpoint for a different architecture.
  model::ModelParams other = model::TinyModelParams();
  other.d_model = 32;
  Trainer different(other, FastParams());
  different.Save(path, "nat-add");
  expect_error("different model");
  // A model of another theory (its premise names and statements mean nothing here).
  trainer.Save(path, "propositional-logic");
  expect_error("checkpoint of a model trained on theory 'propositional-logic', not on 'nat-add'");
  // A model of no theory (an untrained benchmark model) loads for any.
  trainer.Save(path, "");
  EXPECT_NO_THROW(trainer.Load(path, "nat-add"));
  // The good file still loads, and no temporary files are left behind.
  write(bytes);
  EXPECT_NO_THROW(trainer.Load(path, "nat-add"));
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(path).parent_path())) {
    EXPECT_EQ(e.path().string().find(path + ".tmp"), std::string::npos);
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace lf::learn
