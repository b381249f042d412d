// The labelling of a run's iteration (learn/labelling.h) on hand-made proof
// attempts: buckets from log-probabilities, "Conj:(label)" strings, the cap on
// refuted strings, hindsight deduplication, final goals after the thresholds,
// the order of the examples and the iteration's numbers.

#include "learn/labelling.h"

#include <gtest/gtest.h>

#include <cmath>

#include "kernel/kernel_error.h"
#include "learn/conjecturer.h"
#include "test_theory.h"

namespace lf::learn {
namespace {

using search::TrainingExample;

// Five distinct, well-typed statements of nat-add.
const std::vector<std::string> kStatements = {"(= z z)", "(= (s z) (s z))", "(= (+ z z) z)",
                                              "(= (+ z (s z)) (s z))", "(= (s (s z)) (s (s z)))"};

class LabellingTest : public ::testing::Test {
 protected:
  void SetUp() override { theory_ = test::LoadTheory("nat-add"); }

  LabelAttempt Proved(const std::string& statement, double logprob) const {
    LabelAttempt a;
    a.statement = statement;
    a.success = true;
    a.logprob = logprob;
    return a;
  }
  LabelAttempt Unproved(const std::string& statement) const {
    LabelAttempt a;
    a.statement = statement;
    a.logprob = std::nan("");
    return a;
  }
  Labelling Run(const LabelInput& input, const LabelOptions& options = {},
                const std::vector<std::string>& held_out = {}) const {
    const NoveltyFilter filter(*theory_, held_out);
    return Label(*theory_, input, filter, options);
  }
  std::string Conj(const std::string& label, const std::string& statement) const {
    return ConjectureString(*theory_, label, statement);
  }

  std::shared_ptr<const kernel::Theory> theory_;
};

TEST_F(LabellingTest, ConjectureStringsAreElaborated) {
  EXPECT_EQ(Conj("hard", "(= z z)"), "Conj:(hard) (= nat z z)");
  EXPECT_EQ(Conj("fail", "(= (+ z z) z)"), "Conj:(fail) (= nat (+ z z) z)");
  EXPECT_THROW(Conj("hard", "(= q z)"), kernel::KernelError);  // q is not declared
}

TEST_F(LabellingTest, BucketsComeFromTheProvenConjecturesLogProbs) {
  LabelInput input;
  // Sorted -5..-1: thresholds hard p20 = -4.2, easy p50 = -3, triv p100 = -1.
  const std::vector<double> logprobs = {-1, -4, -5, -2, -3};
  for (size_t i = 0; i < logprobs.size(); ++i)
    input.conjectures.push_back(Proved(kStatements[i], logprobs[i]));
  input.conjectures.push_back(Unproved("(= (s (+ z z)) (s z))"));
  input.n_conjectures = 6;
  const Labelling out = Run(input);

  const std::vector<Bucket> buckets = {Bucket::kTriv, Bucket::kEasy, Bucket::kHard,
                                       Bucket::kTriv, Bucket::kEasy, Bucket::kFail};
  const std::vector<std::string> labels = {"triv", "easy", "hard", "triv", "easy", "fail"};
  ASSERT_EQ(out.conjectures.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    const LabelledStatement& s = out.conjectures[i];
    const std::string& statement = input.conjectures[i].statement;
    ASSERT_TRUE(s.conjecture.has_value());
    EXPECT_EQ(
        *s.conjecture,
        (ConjectureLabel{statement, i < 5 ? Outcome::kProved : Outcome::kUnproved, buckets[i]}));
    ASSERT_EQ(s.examples.size(), 1u);
    EXPECT_EQ(s.examples[0], (Example{ExampleKind::kConjecture, Conj(labels[i], statement)}));
  }
  // Proven conjectures join the run state in task order.
  EXPECT_EQ(out.proven, std::vector<std::string>(kStatements.begin(), kStatements.end()));

  const IterationNumbers& n = out.numbers;
  EXPECT_EQ(n.n_proven, 5);
  EXPECT_DOUBLE_EQ(n.ratio_proven, 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(n.thresholds[0], -4.2);
  EXPECT_DOUBLE_EQ(n.thresholds[1], -3.0);
  EXPECT_DOUBLE_EQ(n.thresholds[2], -1.0);
  EXPECT_DOUBLE_EQ(n.mean_hard_logprob, -5.0);  // only -5 is <= -4.2
  EXPECT_EQ(n.n_hindsight, 0);
  EXPECT_DOUBLE_EQ(n.final_goals_proven, 0.0);  // no goals
}

TEST_F(LabellingTest, BucketsBeyondTheThirdCountAsTrivial) {
  const std::vector<search::DifficultyBucket> buckets = {
      {"hard", 10}, {"easy", 40}, {"mid", 70}, {"triv", 100}};
  EXPECT_EQ(BucketOf("fail", buckets), Bucket::kFail);
  EXPECT_EQ(BucketOf("hard", buckets), Bucket::kHard);
  EXPECT_EQ(BucketOf("easy", buckets), Bucket::kEasy);
  EXPECT_EQ(BucketOf("mid", buckets), Bucket::kTriv);
  EXPECT_EQ(BucketOf("triv", buckets), Bucket::kTriv);

  LabelInput input;
  for (size_t i = 0; i < 4; ++i)
    input.conjectures.push_back(Proved(kStatements[i], -static_cast<double>(i + 1)));
  input.n_conjectures = 4;
  const Labelling out = Run(input, {.buckets = buckets});
  // Four thresholds, three in the row.
  EXPECT_FALSE(std::isnan(out.numbers.thresholds[2]));
  EXPECT_EQ(out.conjectures[0].examples[0].text, Conj("triv", kStatements[0]));
}

TEST_F(LabellingTest, NoProofsMeansNoThresholds) {
  LabelInput input;
  input.conjectures.push_back(Unproved(kStatements[0]));
  const Labelling out = Run(input);  // n_conjectures 0: the ratio's denominator is not inferred
  const IterationNumbers& n = out.numbers;
  EXPECT_EQ(n.n_proven, 0);
  EXPECT_EQ(n.ratio_proven, 0.0);
  for (double t : n.thresholds) EXPECT_TRUE(std::isnan(t));
  EXPECT_TRUE(std::isnan(n.mean_hard_logprob));
  EXPECT_EQ(out.conjectures[0].conjecture->bucket, Bucket::kFail);
  EXPECT_TRUE(out.proven.empty());
}

TEST_F(LabellingTest, RefutedStatementsAreCappedFailStrings) {
  const std::vector<std::string> refuted = {"(= (s z) z)", "(= (+ z (s z)) z)", "(= z (s z))"};
  LabelInput input;
  input.refuted = refuted;
  for (const int cap : {-1, 0, 1, 3, 5}) {
    const Labelling out = Run(input, {.max_refuted_examples = cap});
    ASSERT_EQ(out.refuted.size(), 3u);
    const size_t with_string = cap < 0 ? 3u : std::min<size_t>(3u, static_cast<size_t>(cap));
    for (size_t i = 0; i < 3; ++i) {
      const LabelledStatement& s = out.refuted[i];
      EXPECT_EQ(*s.conjecture, (ConjectureLabel{refuted[i], Outcome::kRefuted, Bucket::kFail}));
      if (i < with_string) {
        ASSERT_EQ(s.examples.size(), 1u) << "cap " << cap;
        EXPECT_EQ(s.examples[0].text, Conj("fail", refuted[i]));
      } else {
        EXPECT_TRUE(s.examples.empty()) << "cap " << cap;
      }
    }
    EXPECT_EQ(out.numbers.n_proven, 0);
  }
}

TEST_F(LabellingTest, HindsightKeepsOnlyNewStatements) {
  const std::string proof = "intro x.\napply y.";
  const std::vector<TrainingExample> h_examples = {
      {TrainingExample::Kind::kPolicy, "S: h\nA: a\n"}};
  const std::string earlier = "(= (+ z z) z)";              // seen in an earlier iteration
  const std::string held = "(= (s z) (s z))";               // a held-out problem
  const std::string fresh = "(= (+ z (s z)) (s z))";        // new
  const std::string from_goal = "(= (s (s z)) (s (s z)))";  // new, from a goal's search
  LabelInput input;
  LabelAttempt first = Proved(kStatements[0], -1.0);
  first.rank = 3;
  for (const std::string* s : {&earlier, &held, &fresh})
    first.hindsight.push_back(
        {.statement = *s, .proof = proof, .logprob = -2.0, .examples = h_examples});
  LabelAttempt second = Unproved("(= (+ (s z) z) (s z))");
  second.hindsight.push_back({.statement = fresh, .proof = proof, .logprob = -0.5, .examples = {}});
  input.conjectures = {first, second};
  input.n_conjectures = 2;
  LabelAttempt goal = Unproved("(= (+ (s z) (s z)) (s (s z)))");
  goal.rank = 1;
  goal.hindsight.push_back(
      {.statement = from_goal, .proof = proof, .logprob = -9.0, .examples = {}});
  input.goals = {goal};
  const std::vector<std::string> seen = {earlier};
  input.hindsight_seen = seen;

  const Labelling out = Run(input, {}, {held});
  ASSERT_EQ(out.conjectures[0].hindsight.size(), 1u);
  const HindsightLabel& h = out.conjectures[0].hindsight[0];
  EXPECT_EQ(h.statement, fresh);
  EXPECT_EQ(h.proof, "intro x.\napply y.");
  EXPECT_EQ(h.logprob, -2.0);
  EXPECT_EQ(h.rank, 3);
  // One proof (-1): every proof of -2 is at most the hard threshold.
  EXPECT_EQ(h.examples, (std::vector<Example>{{ExampleKind::kConjecture, Conj("hard", fresh)},
                                              {ExampleKind::kPolicy, "S: h\nA: a\n"}}));
  EXPECT_TRUE(out.conjectures[1].hindsight.empty());  // `fresh` again: already kept
  ASSERT_EQ(out.goals[0].hindsight.size(), 1u);
  EXPECT_EQ(out.goals[0].hindsight[0].statement, from_goal);
  EXPECT_EQ(out.goals[0].hindsight[0].rank, 1);
  EXPECT_EQ(out.hindsight_seen, (std::vector<std::string>{fresh, from_goal}));
  EXPECT_EQ(out.numbers.n_hindsight, 2);

  // With hindsight_conjecture_on_problem the string names the searched problem.
  const Labelling on_problem = Run(input, {.hindsight_conjecture_on_problem = true}, {held});
  EXPECT_EQ(on_problem.conjectures[0].hindsight[0].examples[0].text, Conj("hard", kStatements[0]));

  // Without conjecture strings (the end-to-end loop) only the search examples
  // remain, of the attempts and of their hindsight proofs.
  const Labelling plain = Run(input, {.conjecture_strings = false}, {held});
  EXPECT_EQ(plain.conjectures[0].hindsight[0].examples,
            (std::vector<Example>{{ExampleKind::kPolicy, "S: h\nA: a\n"}}));
  for (const auto* group : {&plain.conjectures, &plain.goals})
    for (const LabelledStatement& st : *group)
      for (const Example& e : st.examples) EXPECT_NE(e.kind, ExampleKind::kConjecture) << e.text;
  EXPECT_EQ(plain.numbers.n_hindsight, 2);
}

TEST_F(LabellingTest, GoalsAreLabelledAfterTheThresholds) {
  LabelInput input;
  for (size_t i = 0; i < 3; ++i)
    input.conjectures.push_back(Proved(kStatements[i], -static_cast<double>(i + 1)));
  input.n_conjectures = 3;
  const Labelling without_goals = Run(input);
  const std::string proved_goal = "(= (+ (s z) z) (s z))";
  const std::string failed_goal = "(= (+ (s z) (s z)) (s (s z)))";
  input.goals = {Proved(proved_goal, -100.0), Unproved(failed_goal)};
  const Labelling out = Run(input);
  // The goals' log-probs do not move the thresholds, nor count as proven conjectures.
  EXPECT_EQ(out.numbers.thresholds, without_goals.numbers.thresholds);
  EXPECT_EQ(out.numbers.n_proven, 3);
  EXPECT_EQ(out.numbers.mean_hard_logprob, without_goals.numbers.mean_hard_logprob);
  EXPECT_DOUBLE_EQ(out.numbers.final_goals_proven, 0.5);
  EXPECT_EQ(out.proven, without_goals.proven);
  ASSERT_EQ(out.goals.size(), 2u);
  EXPECT_FALSE(out.goals[0].conjecture.has_value());
  EXPECT_FALSE(out.goals[1].conjecture.has_value());
  EXPECT_EQ(out.goals[0].examples,
            (std::vector<Example>{{ExampleKind::kConjecture, Conj("hard", proved_goal)}}));
  // A failed goal yields a fail string only with fail_strings_for_goals.
  EXPECT_TRUE(out.goals[1].examples.empty());
  const Labelling with_fail = Run(input, {.fail_strings_for_goals = true});
  EXPECT_EQ(with_fail.goals[1].examples,
            (std::vector<Example>{{ExampleKind::kConjecture, Conj("fail", failed_goal)}}));
}

TEST_F(LabellingTest, ExamplesComeInStorageOrder) {
  const std::vector<TrainingExample> search = {{TrainingExample::Kind::kPolicy, "P1"},
                                               {TrainingExample::Kind::kValue, "V1"}};
  const std::vector<TrainingExample> hindsight = {{TrainingExample::Kind::kValue, "H1"}};
  const std::string proof = "p.";
  LabelInput input;
  LabelAttempt a = Proved(kStatements[0], -1.0);
  a.examples = search;
  a.hindsight.push_back(
      {.statement = kStatements[1], .proof = proof, .logprob = -1.0, .examples = hindsight});
  input.conjectures = {a};
  input.n_conjectures = 1;
  const std::vector<std::string> refuted = {"(= z (s z))"};
  input.refuted = refuted;
  LabelAttempt goal = Proved(kStatements[2], -1.0);
  goal.examples = search;
  input.goals = {goal};
  const Labelling out = Run(input);
  const std::vector<Example> expected = {
      {ExampleKind::kConjecture, Conj("hard", kStatements[0])},
      {ExampleKind::kPolicy, "P1"},
      {ExampleKind::kValue, "V1"},
      {ExampleKind::kConjecture, Conj("hard", kStatements[1])},
      {ExampleKind::kValue, "H1"},
      {ExampleKind::kConjecture, Conj("fail", refuted[0])},
      {ExampleKind::kConjecture, Conj("hard", kStatements[2])},
      {ExampleKind::kPolicy, "P1"},
      {ExampleKind::kValue, "V1"},
  };
  EXPECT_EQ(out.Examples(), expected);
}

}  // namespace
}  // namespace lf::learn
