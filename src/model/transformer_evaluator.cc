// Prefix-shared batched scoring (see transformer_evaluator.h for the layout).

#include "model/transformer_evaluator.h"

#include <algorithm>

#include "core/check.h"
#include "core/error.h"
#include "model/tokenizer.h"

namespace lf::model {
namespace {

// A lone state query joins the previous plan when it shares at least this
// many tokens and at least half of its own tokens with that plan's prefix.
constexpr int64_t kMinSharedTokens = 16;

// Token ids and positions of segments laid end to end, for
// Transformer::ForwardSegments.
struct SegmentStream {
  std::vector<int64_t> ids, positions;
  std::vector<TokenSegment> segments;

  // Appends `tokens` at positions start.. as one segment; returns the index
  // of its last token.
  int64_t Add(const std::vector<int64_t>& tokens, int64_t start, int64_t prefix_entry) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      ids.push_back(tokens[i]);
      positions.push_back(start + static_cast<int64_t>(i));
    }
    segments.push_back({static_cast<int64_t>(tokens.size()), prefix_entry, start});
    return static_cast<int64_t>(ids.size()) - 1;
  }
  torch::Tensor Forward(Transformer& model, const KvCache& prefix, KvCache* own,
                        const std::vector<int64_t>& readout) const {
    return model->ForwardSegments(torch::tensor(ids, torch::kInt64),
                                  torch::tensor(positions, torch::kInt64), segments, prefix, own,
                                  torch::tensor(readout, torch::kInt64));
  }
};

std::vector<int64_t> Chars(std::string_view s) {
  CheckModelChars(s);
  return std::vector<int64_t>(s.begin(), s.end());
}

}  // namespace

// One query: its tokens after the longest common prefix with its plan's prefix.
struct TransformerEvaluator::Segment {
  size_t node = 0;           // index into the Score() input
  int action = -1;           // -1: the state value query
  std::vector<int64_t> ids;  // e.g. "???" or "<action>\n???"
  int64_t start_pos = 0;     // position of ids[0] = prefix keys it may see
};

struct TransformerEvaluator::NodePlan {
  std::vector<int64_t> prefix;  // [BOS] "S: <state>\n" ["A: "]
  std::vector<Segment> segments;
  int64_t SuffixTokens() const {
    int64_t n = 0;
    for (const auto& s : segments) n += static_cast<int64_t>(s.ids.size());
    return n;
  }
  // Adds `query` (token ids) as a segment after its common prefix with
  // `prefix`; the last token is always in the segment (it is read out).
  void Add(size_t node, int action, const std::vector<int64_t>& query) {
    const int64_t shared = CommonPrefix(query);
    segments.push_back(
        {node, action, std::vector<int64_t>(query.begin() + shared, query.end()), shared});
  }
  int64_t CommonPrefix(const std::vector<int64_t>& query) const {
    const size_t limit = std::min(prefix.size(), query.size() - 1);
    size_t i = 0;
    while (i < limit && prefix[i] == query[i]) ++i;
    return static_cast<int64_t>(i);
  }
};

TransformerEvaluator::TransformerEvaluator(Transformer model) : model_(std::move(model)) {}

std::vector<search::NodeScores> TransformerEvaluator::Score(
    std::span<const search::NodeQuery> queries) {
  std::lock_guard<std::mutex> lock(mutex_);
  torch::NoGradGuard no_grad;
  model_->eval();

  std::vector<search::NodeScores> out(queries.size());
  std::vector<NodePlan> plans;
  // Queries that are clipped as a whole cannot share a prefix.
  std::vector<std::string> full_strings;
  std::vector<std::pair<size_t, int>> full_targets;  // (node, action or -1)

  for (size_t n = 0; n < queries.size(); ++n) {
    const auto& q = queries[n];
    out[n].action_values.assign(q.actions.size(), 0.5);
    std::vector<int> shared_actions;
    for (size_t j = 0; j < q.actions.size(); ++j) {
      std::string full = StateActionQuery(q.state, q.actions[j]);
      if (full.size() > kMaxChars) {
        full_strings.push_back(std::move(full));
        full_targets.emplace_back(n, static_cast<int>(j));
      } else {
        shared_actions.push_back(static_cast<int>(j));
      }
    }
    std::vector<int64_t> value_query;
    if (q.want_state_value) {
      std::string full = StateQuery(q.state);
      if (full.size() > kMaxChars) {
        full_strings.push_back(std::move(full));
        full_targets.emplace_back(n, -1);
      } else {
        value_query = EncodeForInference(full);
      }
    }
    if (value_query.empty() && shared_actions.empty()) continue;
    if (shared_actions.empty() && !plans.empty()) {
      // A lone state query usually follows its parent's or a sibling's query
      // (a search expanding a node asks for the node's actions and then for
      // each child state): if it shares most of its text with that plan's
      // prefix, it becomes one more segment there.
      const int64_t shared = plans.back().CommonPrefix(value_query);
      if (shared >= kMinSharedTokens && 2 * shared >= static_cast<int64_t>(value_query.size())) {
        plans.back().Add(n, -1, value_query);
        continue;
      }
    }
    NodePlan plan;
    plan.prefix = {kBos};
    const auto state_ids = Chars("S: " + q.state + "\n");
    plan.prefix.insert(plan.prefix.end(), state_ids.begin(), state_ids.end());
    if (!shared_actions.empty()) plan.prefix.insert(plan.prefix.end(), {'A', ':', ' '});
    if (!value_query.empty()) plan.Add(n, -1, value_query);
    for (int j : shared_actions) {
      plan.Add(n, j, EncodeForInference(StateActionQuery(q.state, q.actions[j])));
    }
    plans.push_back(std::move(plan));
  }

  // Nodes are batched up to the token budget per pass.
  const int64_t budget = model_->params().max_batch_tokens;
  size_t begin = 0;
  while (begin < plans.size()) {
    size_t end = begin;
    int64_t tokens = 0;
    while (end < plans.size()) {
      tokens += static_cast<int64_t>(plans[end].prefix.size()) + plans[end].SuffixTokens();
      if (end > begin && tokens > budget) break;
      ++end;
    }
    ScoreChunk(std::span<NodePlan>(plans.data() + begin, end - begin), out);
    begin = end;
  }

  if (!full_strings.empty()) {
    const auto values = ScoreStringsLocked(full_strings);
    for (size_t i = 0; i < values.size(); ++i) {
      const auto [n, j] = full_targets[i];
      (j < 0 ? out[n].state_value : out[n].action_values[j]) = values[i];
    }
  }
  return out;
}

void TransformerEvaluator::ScoreChunk(std::span<NodePlan> plans,
                                      std::vector<search::NodeScores>& out) {
  const int64_t max_positions = model_->params().n_positions;
  // 1. The shared prefixes as one pass that only fills the cache (no hidden
  //    state of a prefix token is read); plan i is cache entry i.
  SegmentStream prefixes;
  for (const auto& plan : plans) {
    LF_CHECK_LE(static_cast<int64_t>(plan.prefix.size()), max_positions);
    prefixes.Add(plan.prefix, 0, 0);
  }
  KvCache cache;
  prefixes.Forward(model_, KvCache{}, &cache, {});

  // 2. Every query's segment against its plan's cached prefix, reading out
  //    the segment's last token.
  SegmentStream queries;
  std::vector<int64_t> readout;
  for (size_t i = 0; i < plans.size(); ++i) {
    for (const auto& s : plans[i].segments) {
      LF_CHECK_LE(s.start_pos + static_cast<int64_t>(s.ids.size()), max_positions);
      readout.push_back(queries.Add(s.ids, s.start_pos, static_cast<int64_t>(i)));
    }
  }
  auto hidden = queries.Forward(model_, cache, nullptr, readout);
  auto py = torch::sigmoid(model_->YesNoLogit(hidden)).to(torch::kFloat64);
  auto pya = py.accessor<double, 1>();

  size_t r = 0;
  for (const auto& plan : plans) {
    for (const auto& s : plan.segments) {
      (s.action < 0 ? out[s.node].state_value : out[s.node].action_values[s.action]) =
          pya[static_cast<int64_t>(r++)];
    }
  }
}

std::vector<double> TransformerEvaluator::ScoreStrings(std::span<const std::string> query_strings) {
  std::lock_guard<std::mutex> lock(mutex_);
  torch::NoGradGuard no_grad;
  model_->eval();
  return ScoreStringsLocked(query_strings);
}

std::vector<double> TransformerEvaluator::ScoreStringsLocked(
    std::span<const std::string> query_strings) {
  std::vector<double> out;
  out.reserve(query_strings.size());
  const int64_t budget = model_->params().max_batch_tokens;
  size_t begin = 0;
  while (begin < query_strings.size()) {
    SegmentStream strings;
    std::vector<int64_t> last;
    for (size_t end = begin; end < query_strings.size(); ++end) {
      auto ids = EncodeForInference(query_strings[end]);
      if (end > begin && static_cast<int64_t>(strings.ids.size() + ids.size()) > budget) break;
      last.push_back(strings.Add(ids, 0, 0));
    }
    auto hidden = strings.Forward(model_, KvCache{}, nullptr, last);
    auto py = torch::sigmoid(model_->YesNoLogit(hidden)).to(torch::kFloat64);
    for (size_t i = 0; i < last.size(); ++i)
      out.push_back(py[static_cast<int64_t>(i)].item<double>());
    begin += last.size();
  }
  return out;
}

}  // namespace lf::model
