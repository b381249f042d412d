#include "search/paired_evaluator.h"

namespace lf::search {

std::vector<NodeScores> PairedEvaluator::Score(std::span<const NodeQuery> queries) {
  std::vector<NodeQuery> policy_queries;
  std::vector<NodeQuery> critic_queries;
  std::vector<size_t> critic_of;  // index into `queries` of each critic query
  policy_queries.reserve(queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    policy_queries.push_back({queries[i].state, queries[i].actions, /*want_state_value=*/false});
    if (!queries[i].want_state_value) continue;
    critic_queries.push_back({queries[i].state, {}, /*want_state_value=*/true});
    critic_of.push_back(i);
  }
  std::vector<NodeScores> out = policy_->Score(policy_queries);
  if (!critic_queries.empty()) {
    const std::vector<NodeScores> values = critic_->Score(critic_queries);
    for (size_t k = 0; k < critic_of.size(); ++k)
      out[critic_of[k]].state_value = values[k].state_value;
  }
  return out;
}

}  // namespace lf::search
