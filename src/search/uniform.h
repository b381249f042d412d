#pragma once
// UniformEvaluator: the model-free baseline behind the Evaluator seam, for tests,
// benchmarks and as the reference's UniformPolicy (golden/uniform-policy.md).
//
// Scores. Every state value and every action value is 0:
//   * priors: the searches normalise action values into priors and fall back to
//     uniform 1/n when they sum to 0 (ProofGraph::SetPriors), so all priors are
//     uniform. (The reference keeps prior = 1.0; with one common prior per node,
//     every selection rule here picks the same child.)
//   * values: 0 is the reference uniform policy's reward for an expanded,
//     non-dead leaf (HolophrasmNode.reward()). So these values sit outside the
//     (0, 1) range of a trained model's P(Y): they are rewards, not probabilities.
//     Dead ends (-1) and solved leaves (+1) are rules of the search itself.
//   With these answers Mcts reproduces mcts-uniform.jsonl exactly.
//
// Generation and log-probabilities: a uniform character model over the 128
// ASCII codes (the tokenizer's character set). LogProb(prompt, c) =
// -|c| * ln 128. Generate draws characters uniformly with an Rng seeded by the
// query's seed until it draws stop_char (not included) or reaches max_chars;
// logprob sums -ln 128 over every drawn character, stop_char included.
//
// Thread safety: stateless; concurrent calls are safe.

#include <span>
#include <string>
#include <vector>

#include "search/evaluator.h"

namespace lf::search {

class UniformEvaluator : public Evaluator {
 public:
  static constexpr int kAlphabetSize = 128;

  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override;
  std::vector<Generation> Generate(std::span<const GenerationQuery> queries) override;
  std::vector<double> LogProb(std::span<const ContinuationQuery> queries) override;
  std::string Name() const override { return "uniform"; }
};

}  // namespace lf::search
