#include "search/uniform.h"

#include <cmath>

#include "core/rng.h"

namespace lf::search {

std::vector<NodeScores> UniformEvaluator::Score(std::span<const NodeQuery> queries) {
  std::vector<NodeScores> out(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    out[i].state_value = 0.0;
    out[i].action_values.assign(queries[i].actions.size(), 0.0);
  }
  return out;
}

std::vector<Generation> UniformEvaluator::Generate(std::span<const GenerationQuery> queries) {
  const double char_logprob = -std::log(static_cast<double>(kAlphabetSize));
  std::vector<Generation> out(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    Rng rng(queries[i].seed);
    while (static_cast<int>(out[i].text.size()) < queries[i].max_chars) {
      const char c = static_cast<char>(rng.Below(kAlphabetSize));
      out[i].logprob += char_logprob;
      if (c == queries[i].stop_char) break;
      out[i].text.push_back(c);
    }
  }
  return out;
}

std::vector<double> UniformEvaluator::LogProb(std::span<const ContinuationQuery> queries) {
  const double char_logprob = -std::log(static_cast<double>(kAlphabetSize));
  std::vector<double> out(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    out[i] = char_logprob * static_cast<double>(queries[i].continuation.size());
  }
  return out;
}

}  // namespace lf::search
