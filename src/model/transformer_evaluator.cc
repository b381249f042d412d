// Prefix-shared batched scoring (see transformer_evaluator.h for the layout).

#include "model/transformer_evaluator.h"

#include <algorithm>
#include <limits>

#include "core/check.h"
#include "core/error.h"
#include "model/tokenizer.h"

namespace lf::model {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();
// Rows hold packed segments; a row is at least this long so that short
// segments share rows (fewer rows, less padding) but self-attention stays small.
constexpr int64_t kMinRowTokens = 96;

// Right-pads rows of token ids into an int64 tensor [rows, width].
torch::Tensor PadIds(const std::vector<std::vector<int64_t>>& rows, int64_t width) {
  auto t = torch::full({static_cast<int64_t>(rows.size()), width}, kPad, torch::kInt64);
  auto a = t.accessor<int64_t, 2>();
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows[i].size(); ++j) a[i][j] = rows[i][j];
  }
  return t;
}

std::vector<int64_t> Chars(std::string_view s) {
  CheckModelChars(s);
  return std::vector<int64_t>(s.begin(), s.end());
}

}  // namespace

// One query of a node: its tokens after the shared prefix.
struct TransformerEvaluator::Segment {
  int action = -1;             // -1: the state value query
  std::vector<int64_t> ids;    // "???" or "<action>\n???"
  int64_t start_pos = 0;       // position of ids[0]
  int64_t visible_prefix = 0;  // prefix keys this segment may see
  int64_t row = 0, col = 0;    // where it is packed
};

struct TransformerEvaluator::NodePlan {
  size_t node = 0;              // index into the Score() input
  std::vector<int64_t> prefix;  // [BOS] "S: <state>\n" ["A: "]
  std::vector<Segment> segments;
  int64_t rows = 0;
  int64_t SuffixTokens() const {
    int64_t n = 0;
    for (const auto& s : segments) n += static_cast<int64_t>(s.ids.size());
    return n;
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
    NodePlan plan;
    plan.node = n;
    const int64_t l0 = static_cast<int64_t>(q.state.size()) + 5;  // BOS "S: " state "\n"
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
    if (q.want_state_value) {
      std::string full = StateQuery(q.state);
      if (full.size() > kMaxChars) {
        full_strings.push_back(std::move(full));
        full_targets.emplace_back(n, -1);
      } else {
        plan.segments.push_back({-1, {'?', '?', '?'}, l0, l0});
      }
    }
    if (plan.segments.empty() && shared_actions.empty()) continue;
    plan.prefix = {kBos};
    const auto state_ids = Chars("S: " + q.state + "\n");
    plan.prefix.insert(plan.prefix.end(), state_ids.begin(), state_ids.end());
    if (!shared_actions.empty()) {
      plan.prefix.insert(plan.prefix.end(), {'A', ':', ' '});
      for (int j : shared_actions) {
        auto ids = Chars(q.actions[j] + "\n???");
        plan.segments.push_back({j, std::move(ids), l0 + 3, l0 + 3});
      }
    }
    plans.push_back(std::move(plan));
  }

  // Batch nodes so that one pass stays within the token budget.
  const int64_t budget = model_->params().max_batch_tokens;
  size_t begin = 0;
  while (begin < plans.size()) {
    size_t end = begin;
    int64_t max_prefix = 0, suffix_total = 0;
    while (end < plans.size()) {
      const int64_t p = std::max<int64_t>(max_prefix, plans[end].prefix.size());
      const int64_t s = suffix_total + plans[end].SuffixTokens();
      if (end > begin && p * static_cast<int64_t>(end - begin + 1) + s > budget) break;
      max_prefix = p;
      suffix_total = s;
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
  const int64_t b = static_cast<int64_t>(plans.size());
  const int64_t max_positions = model_->params().n_positions;

  // Pack each node's segments into rows of `width` tokens (first fit, in order).
  int64_t longest = 0, node_max = 0;
  for (const auto& plan : plans) {
    node_max = std::max(node_max, plan.SuffixTokens());
    for (const auto& s : plan.segments) longest = std::max<int64_t>(longest, s.ids.size());
  }
  const int64_t width = std::max(longest, std::min(node_max, kMinRowTokens));
  int64_t rows = 1;
  for (auto& plan : plans) {
    int64_t row = 0, col = 0;
    for (auto& s : plan.segments) {
      if (col + static_cast<int64_t>(s.ids.size()) > width) {
        ++row;
        col = 0;
      }
      s.row = row;
      s.col = col;
      col += static_cast<int64_t>(s.ids.size());
    }
    plan.rows = row + 1;
    rows = std::max(rows, plan.rows);
  }

  // 1. The shared prefixes, right-padded, as one causal pass; keep the cache.
  int64_t p = 0;
  std::vector<std::vector<int64_t>> prefixes;
  for (const auto& plan : plans) {
    prefixes.push_back(plan.prefix);
    p = std::max<int64_t>(p, plan.prefix.size());
  }
  LF_CHECK_LE(p, max_positions);
  KvCache cache;
  model_->ForwardHidden(PadIds(prefixes, p).view({b, 1, p}),
                        torch::arange(p, torch::kInt64).expand({b, 1, p}), KvCache{},
                        CausalBias(p).view({1, 1, 1, p, p}), &cache);

  // 2. All segments against the cache. Per token: id, position, visible
  // prefix length and segment number (pads: segment -1, see only pads).
  auto ids = torch::full({b, rows, width}, kPad, torch::kInt64);
  auto pos = torch::zeros({b, rows, width}, torch::kInt64);
  auto vis = torch::zeros({b, rows, width}, torch::kInt64);
  auto seg = torch::full({b, rows, width}, -1, torch::kInt64);
  auto ia = ids.accessor<int64_t, 3>();
  auto pa = pos.accessor<int64_t, 3>();
  auto va = vis.accessor<int64_t, 3>();
  auto sa = seg.accessor<int64_t, 3>();
  std::vector<int64_t> readout;  // flat index of each segment's last token
  for (int64_t i = 0; i < b; ++i) {
    const auto& segments = plans[i].segments;
    for (size_t k = 0; k < segments.size(); ++k) {
      const auto& s = segments[k];
      const int64_t len = static_cast<int64_t>(s.ids.size());
      LF_CHECK_LE(s.start_pos + len, max_positions);
      for (int64_t t = 0; t < len; ++t) {
        ia[i][s.row][s.col + t] = s.ids[t];
        pa[i][s.row][s.col + t] = s.start_pos + t;
        va[i][s.row][s.col + t] = s.visible_prefix;
        sa[i][s.row][s.col + t] = static_cast<int64_t>(k);
      }
      readout.push_back((i * rows + s.row) * width + s.col + len - 1);
    }
  }
  auto key = torch::arange(p, torch::kInt64).view({1, 1, 1, p});
  auto prefix_mask = key < vis.unsqueeze(-1);                      // [B,R,W,P]
  auto causal = torch::ones({width, width}, torch::kBool).tril();  // [W,W]
  auto self_mask = (seg.unsqueeze(-1) == seg.unsqueeze(-2)).logical_and(causal);
  auto mask = torch::cat({prefix_mask, self_mask}, -1).unsqueeze(1);  // [B,1,R,W,P+W]
  auto bias = torch::zeros(mask.sizes()).masked_fill(mask.logical_not(), kNegInf);
  auto hidden = model_->ForwardHidden(ids, pos, cache, bias, nullptr);
  const int64_t d = hidden.size(-1);
  auto picked = hidden.reshape({-1, d}).index_select(0, torch::tensor(readout, torch::kInt64));
  auto py = torch::sigmoid(model_->YesNoLogit(picked)).to(torch::kFloat64);
  auto pya = py.accessor<double, 1>();

  size_t r = 0;
  for (const auto& plan : plans) {
    for (const auto& s : plan.segments) {
      (s.action < 0 ? out[plan.node].state_value : out[plan.node].action_values[s.action]) =
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
    std::vector<std::vector<int64_t>> rows;
    int64_t t = 0;
    size_t end = begin;
    while (end < query_strings.size()) {
      auto ids = EncodeForInference(query_strings[end]);
      const int64_t w = std::max<int64_t>(t, ids.size());
      if (end > begin && w * static_cast<int64_t>(rows.size() + 1) > budget) break;
      t = w;
      rows.push_back(std::move(ids));
      ++end;
    }
    const int64_t b = static_cast<int64_t>(rows.size());
    auto hidden = model_->ForwardHidden(PadIds(rows, t).view({b, 1, t}),
                                        torch::arange(t, torch::kInt64).expand({b, 1, t}),
                                        KvCache{}, CausalBias(t).view({1, 1, 1, t, t}), nullptr);
    std::vector<int64_t> last;
    for (int64_t i = 0; i < b; ++i)
      last.push_back(i * t + static_cast<int64_t>(rows[i].size()) - 1);
    auto picked = hidden.reshape({b * t, -1}).index_select(0, torch::tensor(last, torch::kInt64));
    auto py = torch::sigmoid(model_->YesNoLogit(picked)).to(torch::kFloat64);
    for (int64_t i = 0; i < b; ++i) out.push_back(py[i].item<double>());
    begin = end;
  }
  return out;
}

}  // namespace lf::model
