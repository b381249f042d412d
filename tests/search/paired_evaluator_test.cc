// PairedEvaluator (search/paired_evaluator.h): each side answers its own
// question, in one batch per side.

#include "search/paired_evaluator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/uniform.h"

namespace lf::search {
namespace {

// Answers every state value with `value` and every action value with `action`,
// and keeps the batches it was asked.
class Recording : public UniformEvaluator {
 public:
  Recording(std::string name, double value, double action)
      : name_(std::move(name)), value_(value), action_(action) {}
  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override {
    batches.emplace_back(queries.begin(), queries.end());
    std::vector<NodeScores> out(queries.size());
    for (size_t i = 0; i < queries.size(); ++i) {
      out[i].state_value = value_;
      out[i].action_values.assign(queries[i].actions.size(), action_);
    }
    return out;
  }
  std::string Name() const override { return name_; }

  std::vector<std::vector<NodeQuery>> batches;

 private:
  std::string name_;
  double value_;
  double action_;
};

TEST(PairedEvaluator, PriorsFromThePolicyValuesFromTheCritic) {
  Recording policy("policy", 0.11, 0.7);
  Recording critic("critic", 0.9, 0.2);
  PairedEvaluator pair(&policy, &critic);
  const std::vector<NodeQuery> queries = {
      {"s0", {"a", "b"}, /*want_state_value=*/true},
      {"s1", {"c"}, /*want_state_value=*/false},
      {"s2", {}, /*want_state_value=*/true},
  };
  const std::vector<NodeScores> scores = pair.Score(queries);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].action_values, (std::vector<double>{0.7, 0.7}));
  EXPECT_DOUBLE_EQ(scores[0].state_value, 0.9);
  EXPECT_EQ(scores[1].action_values, (std::vector<double>{0.7}));
  EXPECT_DOUBLE_EQ(scores[1].state_value, 0.11);  // not asked: the policy's answer stands
  EXPECT_TRUE(scores[2].action_values.empty());
  EXPECT_DOUBLE_EQ(scores[2].state_value, 0.9);

  // One batch each: the policy every query without its state question, the
  // critic only the states that were asked about, without their actions.
  ASSERT_EQ(policy.batches.size(), 1u);
  ASSERT_EQ(policy.batches[0].size(), 3u);
  for (const NodeQuery& q : policy.batches[0]) EXPECT_FALSE(q.want_state_value);
  EXPECT_EQ(policy.batches[0][0].actions, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(critic.batches.size(), 1u);
  ASSERT_EQ(critic.batches[0].size(), 2u);
  EXPECT_EQ(critic.batches[0][0].state, "s0");
  EXPECT_EQ(critic.batches[0][1].state, "s2");
  for (const NodeQuery& q : critic.batches[0]) {
    EXPECT_TRUE(q.want_state_value);
    EXPECT_TRUE(q.actions.empty());
  }
  EXPECT_EQ(pair.Name(), "policy+critic");
}

TEST(PairedEvaluator, NoStateQuestionAsksTheCriticNothing) {
  Recording policy("policy", 0.5, 0.3);
  Recording critic("critic", 0.9, 0.2);
  PairedEvaluator pair(&policy, &critic);
  const std::vector<NodeQuery> queries = {{"s", {"a"}, /*want_state_value=*/false}};
  pair.Score(queries);
  EXPECT_TRUE(critic.batches.empty());
}

TEST(PairedEvaluator, GenerationAndLogProbAreThePolicys) {
  UniformEvaluator uniform;
  Recording critic("critic", 0.9, 0.2);
  PairedEvaluator pair(&uniform, &critic);
  const std::vector<ContinuationQuery> continuation = {{"p", "abc"}};
  EXPECT_EQ(pair.LogProb(continuation), uniform.LogProb(continuation));
  const std::vector<GenerationQuery> generation = {{"p", 16, 1.0, '\n', 7}};
  EXPECT_EQ(pair.Generate(generation)[0].text, uniform.Generate(generation)[0].text);
  EXPECT_TRUE(critic.batches.empty());
}

}  // namespace
}  // namespace lf::search
