#pragma once
// The Evaluator seam: the only way search code asks a model anything.
//
// Search never includes Torch (docs/architecture.md). It talks to a model
// through this abstract, *batched* interface (OpenSpiel Evaluator / lc0
// Backend shape): callers collect many queries -- from one search or from
// hundreds of searches in flight -- and hand them over in one call, so an
// implementation can run them as one batch on the accelerator.
//
// Everything is strings: state strings and action strings exactly as the
// kernel prints them (docs/kernel.md), so the same seam serves the char-level
// transformer (src/model), the uniform baseline (search/uniform.h)
// and test fakes.
//
// Scoring (minimo §3.4, lemmaforge decision 1):
//   state_value      = P(Y | "S: <state>\n???")
//   action_values[j] = P(Y | "S: <state>\nA: <actions[j]>\n???")
// where P(Y) is the softmax over the logits of 'Y' and 'N' at the final '?'.
// The search normalises action_values into priors itself.
//
// Thread safety: implementations must allow concurrent calls from several
// threads unless they document otherwise; each call is independent.

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace lf::search {

// One node to score: its state and (possibly no) action strings.
struct NodeQuery {
  std::string state;
  std::vector<std::string> actions;
  bool want_state_value = true;  // false: skip the "S: <state>\n???" query
};

struct NodeScores {
  double state_value = 0.5;           // P(Y) of the state query, in (0, 1)
  std::vector<double> action_values;  // P(Y) of each state-action query, in (0, 1)
};

// Free generation: continue `prompt` (e.g. a forward-prover step prompt).
struct GenerationQuery {
  std::string prompt;
  int max_chars = 128;       // stop after this many characters if no EOS/stop char
  double temperature = 1.0;  // 0 = greedy
  char stop_char = '\n';     // generation ends at this character (not included) or at EOS
  uint64_t seed = 0;         // the sample is a deterministic function of (weights, query)
};

struct Generation {
  std::string text;
  double logprob = 0.0;  // sum of the sampled characters' log-probabilities
};

// Log-probability of `continuation` given `prompt`: sum over its characters.
struct ContinuationQuery {
  std::string prompt;
  std::string continuation;
};

class Evaluator {
 public:
  virtual ~Evaluator() = default;

  // One NodeScores per query, in order.
  virtual std::vector<NodeScores> Score(std::span<const NodeQuery> queries) = 0;

  // One Generation per query, in order.
  virtual std::vector<Generation> Generate(std::span<const GenerationQuery> queries) = 0;

  // One log-probability per query, in order.
  virtual std::vector<double> LogProb(std::span<const ContinuationQuery> queries) = 0;

  // Short name for logs and bench labels ("uniform", "transformer").
  virtual std::string Name() const = 0;
};

}  // namespace lf::search
