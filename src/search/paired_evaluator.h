#pragma once
// PairedEvaluator: a policy and a critic from two evaluators behind one
// Evaluator seam (BAIT's tactic model + goal model, bait.md §2), so any search
// runs with any pair -- a trained policy with the uniform critic, the uniform
// policy with a trained critic, or two different models.
//
//   Score:    action_values from the policy (asked with want_state_value =
//             false), state_value from the critic (asked the state alone, only
//             for the queries that want it; otherwise the policy's default 0.5)
//   Generate, LogProb: the policy's (they are the policy's questions)
//   Name:     "<policy>+<critic>"
//
// Both evaluators are called once per Score call, each with its part of the
// batch, so a batch stays a batch on each side.
//
// Ownership: borrows both; they must outlive this object. Thread safety: as the
// two evaluators.

#include <span>
#include <string>
#include <vector>

#include "search/evaluator.h"

namespace lf::search {

class PairedEvaluator : public Evaluator {
 public:
  PairedEvaluator(Evaluator* policy, Evaluator* critic) : policy_(policy), critic_(critic) {}

  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override;
  std::vector<Generation> Generate(std::span<const GenerationQuery> queries) override {
    return policy_->Generate(queries);
  }
  std::vector<double> LogProb(std::span<const ContinuationQuery> queries) override {
    return policy_->LogProb(queries);
  }
  std::string Name() const override { return policy_->Name() + "+" + critic_->Name(); }

 private:
  Evaluator* policy_;
  Evaluator* critic_;
};

}  // namespace lf::search
