#pragma once
// TransformerEvaluator: the character transformer behind the search seam
// (search/evaluator.h), with prefix-shared, KV-cached, batched scoring.
//
// Scoring a node (minimo §3.4, §4.3). All queries of a node share text:
//   value query     [BOS] "S: <state>\n" "???"
//   action query j  [BOS] "S: <state>\n" "A: " "<action_j>\n???"
// The shared prefix [BOS] "S: <state>\nA: " (L0 + 3 tokens, L0 = |state| + 5)
// is run once per node and its keys/values are kept (KvCache). Every query is
// then only a short *segment* -- "???" at positions L0.., or
// "<action_j>\n???" at positions L0+3.. -- that attends to the cached prefix
// (the value segment sees only its first L0 keys, i.e. not "A: ") and
// causally to itself. Both passes (all prefixes, then all segments) run as
// ragged token streams (Transformer::ForwardSegments): no padding, and each
// segment names its node's cache entry. Nodes are batched together up to
// ModelParams::max_batch_tokens tokens per pass. Cost of a node
// ~ |prefix| + sum_j (|action_j| + 4) + 3 tokens, instead of
// (#actions + 1) full strings.
//
// A node queried for its state value alone usually follows its parent's or a
// sibling's query in the batch (a search asks for a node's actions, then for
// each child state). Its query joins that node's plan as one more segment --
// the text after their longest common prefix -- when it shares at least 16
// tokens and half of its own tokens with that prefix.
//
// P(Y) = softmax over the logits of 'Y' (89) and 'N' (78) at the final '?'
//      = sigmoid(logit_Y - logit_N).
// The results equal independent full forward passes (ScoreStrings) up to
// float rounding (tested to 1e-4). A query longer than 490 characters is
// clipped as a whole ("[...] " + last 490, tokenizer.h), which breaks the
// shared prefix, so such queries are scored as full strings instead.
//
// Generation and log-probabilities use the same cache: the prompt is run
// once, then one token per step (KV-cached incremental decoding).
//
// Ownership and threads: the evaluator shares the Transformer module with its
// creator (e.g. the trainer); it switches the module to eval mode for each
// call. Calls are serialised by an internal mutex (each call already uses all
// intra-op threads). Do not train the module while a call is running.

#include <array>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/transformer.h"
#include "search/evaluator.h"

namespace lf::model {

class TransformerEvaluator;

// Next-character distributions for constrained decoding (minimo §2.2): the
// conjecturer appends the forced characters and samples among allowed ones.
//   auto s = evaluator.StartDecoding("Conj:(hard) ");
//   auto lp = s.NextLogProbs();        // log P(c | BOS + prompt + appended)
//   s.Append("[('a0 : ");             // any number of characters, one pass
// A session holds the KV cache of one growing string; it is cheap to copy
// (the cache tensors are shared, appending makes new ones), so a caller can
// branch. Not thread-safe; it must not outlive its evaluator. Throws
// lf::InputError if the text would exceed the model's positions.
class DecodingSession {
 public:
  // log-softmax over all 128 token ids (index = character code; 2 = EOS).
  const std::array<float, 128>& NextLogProbs() const { return next_logprobs_; }
  // Runs `chars` through the model (one cached pass) and updates NextLogProbs.
  void Append(std::string_view chars);
  // The characters after BOS so far (prompt + appended).
  const std::string& text() const { return text_; }

 private:
  friend class TransformerEvaluator;
  DecodingSession(TransformerEvaluator* owner, std::string_view prompt);

  TransformerEvaluator* owner_;
  std::string text_;
  KvCache cache_;
  std::array<float, 128> next_logprobs_{};
};

class TransformerEvaluator final : public search::Evaluator {
 public:
  explicit TransformerEvaluator(Transformer model);

  std::vector<search::NodeScores> Score(std::span<const search::NodeQuery> queries) override;
  // KV-cached decoding; temperature 0 = greedy, else sampling from
  // softmax(logits / temperature) with lf::Rng(seed), so a query's result
  // depends only on (weights, query). PAD and BOS are never produced; EOS or
  // stop_char ends the text (not included). logprob sums the model's
  // temperature-1 log-probabilities of every sampled character, including a
  // sampled stop character or EOS.
  std::vector<search::Generation> Generate(
      std::span<const search::GenerationQuery> queries) override;
  // sum_i log P(continuation[i] | BOS + prompt + continuation[:i]); the
  // concatenation is clipped as one string (the continuation must fit in 490
  // characters, else lf::InputError).
  std::vector<double> LogProb(std::span<const search::ContinuationQuery> queries) override;
  std::string Name() const override { return "transformer"; }

  // Reference path without prefix sharing: P(Y) at the last character of each
  // full query string (e.g. StateQuery(s)), by plain batched forward passes.
  std::vector<double> ScoreStrings(std::span<const std::string> query_strings);

  DecodingSession StartDecoding(std::string_view prompt);

  Transformer& model() { return model_; }

 private:
  friend class DecodingSession;
  struct Segment;
  struct NodePlan;

  // Scores the shared-prefix part of a slice of plans (one batched pass pair).
  void ScoreChunk(std::span<NodePlan> plans, std::vector<search::NodeScores>& out);
  // Full-string P(Y) without locking (the public wrapper locks).
  std::vector<double> ScoreStringsLocked(std::span<const std::string> query_strings);

  Transformer model_;
  std::mutex mutex_;
};

}  // namespace lf::model
