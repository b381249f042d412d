#include "search/htps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "core/check.h"

namespace lf::search {

Htps::Htps(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
           const kernel::ProofState& root)
    : Search("htps", params, std::move(theory), root, ProofGraph::Mode::kDag) {}

EdgeId Htps::SelectEdge(NodeId id) const {
  const GraphNode& n = graph_.node(id);
  double sum_counts = 0;
  for (EdgeId e : n.out) {
    const GraphEdge& edge = graph_.edge(e);
    if (graph_.node(edge.child).status == Status::kFailed) continue;
    sum_counts += edge.visits + edge.virtual_count;
  }
  // Virtual visits count as visits of value 0 (Evariste): the hypertrees of one
  // round would otherwise all follow the same path.
  const double sqrt_sum = std::sqrt(sum_counts);
  EdgeId best = kNoEdge;
  double best_score = -std::numeric_limits<double>::infinity();
  for (EdgeId e : n.out) {
    const GraphEdge& edge = graph_.edge(e);
    if (graph_.node(edge.child).status == Status::kFailed) continue;
    const double total = edge.visits + edge.virtual_count;
    const double q = edge.visits == 0 ? params_.htps.first_play_value / std::max(1.0, total)
                                      : edge.value_sum / total;
    const double score = q + params_.htps.exploration * edge.prior * sqrt_sum / (1.0 + total);
    if (score > best_score) {
      best = e;
      best_score = score;
    }
  }
  return best;
}

Htps::Hypertree Htps::Select(std::vector<NodeId>* to_expand) {
  Hypertree tree;
  std::unordered_set<NodeId> visited;
  std::vector<NodeId> stack{graph_.root()};
  while (!stack.empty()) {
    const NodeId id = stack.back();
    stack.pop_back();
    if (!visited.insert(id).second) continue;
    const GraphNode& n = graph_.node(id);
    if (n.status != Status::kOpen) continue;  // PROVED / FAILED leaf
    if (n.kind == NodeKind::kAnd) {
      for (auto it = n.out.rbegin(); it != n.out.rend(); ++it)
        stack.push_back(graph_.edge(*it).child);
      continue;
    }
    if (!n.expanded) {
      // Hypertrees of one round share the leaves they reach: each is expanded once.
      if (std::find(to_expand->begin(), to_expand->end(), id) == to_expand->end())
        to_expand->push_back(id);
      continue;
    }
    const EdgeId e = SelectEdge(id);
    LF_CHECK_NE(e, kNoEdge);  // an OPEN expanded OR node has a non-FAILED child
    graph_.edge(e).virtual_count += 1;
    ++virtual_in_flight_;
    tree.chosen.emplace_back(id, e);
    stack.push_back(graph_.edge(e).child);
  }
  return tree;
}

void Htps::Step(std::vector<NodeQuery>* queries) {
  if (OutOfResources(expansions_) || graph_.node(graph_.root()).status != Status::kOpen) {
    Stop();
    return;
  }
  // Selection ends once the leaves fill the rest of the budget: more hypertrees
  // would only reach leaves that cannot be expanded.
  const size_t room = static_cast<size_t>(params_.budget - expansions_);
  std::vector<NodeId> to_expand;
  for (int k = 0; k < params_.htps.batch && to_expand.size() < room; ++k) {
    ++iterations_;
    Hypertree tree = Select(&to_expand);
    // Selection is deterministic, so a repeat has the same chosen edges in the
    // same order.
    tree.repeat = std::any_of(round_.begin(), round_.end(),
                              [&](const Hypertree& t) { return t.chosen == tree.chosen; });
    round_.push_back(std::move(tree));
  }
  expanded_leaves_.clear();
  for (NodeId id : to_expand) {
    if (expansions_ >= params_.budget) break;
    graph_.Expand(id);
    ++expansions_;
    if (!graph_.node(id).out.empty()) {
      expanded_leaves_.push_back(id);
      queries->push_back(ActionQuery(graph_, id, /*want_state_value=*/true));
    }
  }
  if (queries->empty()) Backup();
}

void Htps::Receive(std::span<const NodeScores> scores) {
  for (size_t i = 0; i < expanded_leaves_.size(); ++i) {
    graph_.SetPriors(expanded_leaves_[i], scores[i].action_values);
    graph_.node(expanded_leaves_[i]).value = scores[i].state_value;
  }
  Backup();
}

double Htps::Value(NodeId id) {
  auto it = memo_.find(id);
  if (it != memo_.end()) return it->second;
  const GraphNode& n = graph_.node(id);
  double v;
  auto chosen = chosen_.find(id);
  if (chosen != chosen_.end()) {
    // Update the chosen edge even if the node got PROVED meanwhile: every virtual
    // visit of this hypertree must be removed.
    GraphEdge& e = graph_.edge(chosen->second);
    const double child_value = Value(e.child);
    e.value_sum += child_value;
    e.visits += 1;
    e.virtual_count -= 1;
    --virtual_in_flight_;
    GraphNode& node = graph_.node(id);
    node.visits += 1;
    node.value_sum += child_value;
    v = n.status == Status::kProved ? 1.0 : n.status == Status::kFailed ? 0.0 : child_value;
  } else if (n.status == Status::kProved) {
    v = 1.0;
  } else if (n.status == Status::kFailed) {
    v = 0.0;
  } else if (n.kind == NodeKind::kAnd) {
    v = 1.0;
    for (EdgeId e : n.out) v *= Value(graph_.edge(e).child);
  } else {
    v = n.value.value_or(params_.htps.first_play_value);
  }
  memo_[id] = v;
  return v;
}

void Htps::Backup() {
  for (const Hypertree& tree : round_) {
    if (tree.repeat) {
      for (const auto& [id, e] : tree.chosen) graph_.edge(e).virtual_count -= 1;
      virtual_in_flight_ -= static_cast<int>(tree.chosen.size());
      continue;
    }
    chosen_.clear();
    for (const auto& [id, e] : tree.chosen) chosen_.emplace(id, e);
    memo_.clear();
    Value(graph_.root());
    // AND nodes whose status changed to PROVED/FAILED during expansion are not
    // descended by Value(); release their goals' chosen edges as well.
    for (const auto& [id, e] : tree.chosen) Value(id);
  }
  LF_CHECK_EQ(virtual_in_flight_, 0);
  round_.clear();
  chosen_.clear();
  memo_.clear();
}

}  // namespace lf::search
