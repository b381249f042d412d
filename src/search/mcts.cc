#include "search/mcts.h"

#include <cmath>
#include <functional>
#include <limits>

#include "core/check.h"

namespace lf::search {

Mcts::Mcts(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
           const kernel::ProofState& root)
    : Search("mcts", params, std::move(theory), root, ProofGraph::Mode::kTree),
      rule_(params.mcts.rule),
      child_values_(params.mcts.child_values),
      dead_(1, 0),
      solution_(1, kNoEdge) {}

NodeId Mcts::Parent(NodeId id) const {
  const GraphNode& n = graph_.node(id);
  return n.in.empty() ? kNoNode : graph_.edge(n.in[0]).parent;
}

bool Mcts::IsSolved(NodeId id) const {
  const GraphNode& n = graph_.node(id);
  if (n.kind == NodeKind::kTerminal) return true;
  if (solution_[id] != kNoEdge) return true;
  if (n.kind != NodeKind::kAnd || !n.expanded || n.out.empty()) return false;
  for (EdgeId e : n.out) {
    if (!IsSolved(graph_.edge(e).child)) return false;
  }
  return true;
}

bool Mcts::IsDead(NodeId id) const {
  const GraphNode& n = graph_.node(id);
  if (dead_[id]) return true;
  return n.kind != NodeKind::kTerminal && n.expanded && n.out.empty();
}

void Mcts::Step(std::vector<NodeQuery>* queries) {
  // minimo backs up nothing when the root is expanded (its value estimate is
  // None); the uniform reference backs up 0. Asking for the root's value makes
  // both cases one rule: with the uniform evaluator it is 0.
  if (!root_valued_) {
    queries->push_back(StateQuery(graph_, graph_.root()));
    return;
  }
  if (OutOfResources(iterations_)) {
    Stop();
    return;
  }
  const NodeId leaf = TreePolicy();
  ++iterations_;
  if (leaf == kNoNode) return;
  if (graph_.node(leaf).kind == NodeKind::kTerminal) {
    MarkSolved(leaf, kNoEdge);
    Backup(leaf, 1.0);
    return;
  }
  graph_.Expand(leaf);
  ++expansions_;
  dead_.resize(graph_.size(), 0);
  solution_.resize(graph_.size(), kNoEdge);
  const GraphNode& n = graph_.node(leaf);
  if (n.eager_count == 0) {
    Backup(leaf, params_.mcts.dead_end_reward);
    return;
  }
  if (child_values_ == ChildValues::kLazy) {
    // One prefix-shared pass scores the leaf's own value (its reward, backed up
    // when the answer arrives) and its actions' priors.
    queries->push_back(ActionQuery(graph_, leaf, /*want_state_value=*/true));
    pending_ = leaf;
    return;
  }
  // The reward does not depend on the children's scores (minimo backs up the
  // value estimate set when the leaf's parent was scored), so back up now and
  // let the evaluator answer before the next descent.
  Backup(leaf, n.value.value_or(0.0));
  if (n.out.empty()) return;
  AppendExpansionQueries(graph_, leaf, queries);
  pending_ = leaf;
}

void Mcts::Receive(std::span<const NodeScores> scores) {
  if (!root_valued_) {
    graph_.node(graph_.root()).value = scores[0].state_value;
    root_valued_ = true;
    return;
  }
  GraphNode& n = graph_.node(pending_);
  const size_t k = n.out.size();
  if (child_values_ == ChildValues::kLazy) {
    n.value = scores[0].state_value;
    Backup(pending_, *n.value);
  }
  std::vector<double> prior_scores(k, 1.0), values(k);
  for (size_t j = 0; j < k; ++j) {
    const double action_value = scores[0].action_values[j];
    // Lazy: a child's own state value is scored when it is expanded; until then
    // its action value stands in for it.
    const double state_value =
        child_values_ == ChildValues::kLazy ? action_value : scores[1 + j].state_value;
    const bool swap = params_.mcts.swap_prior_value;
    if (n.kind == NodeKind::kOr) prior_scores[j] = swap ? state_value : action_value;
    values[j] = swap ? action_value : state_value;
  }
  graph_.SetPriors(pending_, prior_scores);
  for (size_t j = 0; j < k; ++j) {
    GraphNode& child = graph_.node(graph_.edge(n.out[j]).child);
    child.value = values[j];
    child.value_sum = params_.mcts.value_prior_weight * values[j];
  }
  pending_ = kNoNode;
}

NodeId Mcts::TreePolicy() {
  NodeId id = graph_.root();
  while (graph_.node(id).expanded && graph_.node(id).kind != NodeKind::kTerminal) {
    const EdgeId e = Select(id);
    if (e == kNoEdge) return kNoNode;
    id = graph_.edge(e).child;
  }
  return id;
}

EdgeId Mcts::Select(NodeId id) {
  const GraphNode& n = graph_.node(id);
  if (n.kind == NodeKind::kAnd) {
    for (EdgeId e : n.out) {
      if (!IsSolved(graph_.edge(e).child)) return e;
    }
    return kNoEdge;
  }
  const EdgeId e = rule_ == MctsRule::kPuct ? SelectPuct(id) : SelectMinimo(id);
  if (e == kNoEdge) dead_[id] = 1;
  return e;
}

EdgeId Mcts::SelectMinimo(NodeId id) {
  const GraphNode& n = graph_.node(id);
  double den = 0;
  for (EdgeId e : n.out) {
    const NodeId c = graph_.edge(e).child;
    const GraphNode& child = graph_.node(c);
    if (!IsDead(c) && child.visits > 0) den += child.value_sum / child.visits;
  }
  if (den == 0) den = 1;
  // Python's math.log(N, 2) is ln(N)/ln(2), which can differ from log2(N) in the
  // last bit; the golden runs depend on exact ties, so compute it the same way.
  const double log2_parent = std::log(static_cast<double>(n.visits)) / std::log(2.0);
  return BestLiveChild(id, [&](EdgeId e, const GraphNode& child) {
    if (child.visits == 0) return std::numeric_limits<double>::infinity();
    const double visits = child.visits;
    return graph_.edge(e).prior * ((child.value_sum / visits) / den +
                                   params_.mcts.exploration * std::sqrt(log2_parent / visits));
  });
}

EdgeId Mcts::SelectPuct(NodeId id) {
  const double sqrt_parent = std::sqrt(static_cast<double>(graph_.node(id).visits));
  return BestLiveChild(id, [&](EdgeId e, const GraphNode& child) {
    const double q = child.visits > 0 ? child.value_sum / child.visits : child.value.value_or(0.0);
    return q + params_.mcts.c_puct * graph_.edge(e).prior * sqrt_parent / (1.0 + child.visits);
  });
}

EdgeId Mcts::BestLiveChild(NodeId id,
                           const std::function<double(EdgeId, const GraphNode&)>& score) const {
  EdgeId best = kNoEdge;
  double best_value = -std::numeric_limits<double>::infinity();
  for (EdgeId e : graph_.node(id).out) {
    const NodeId c = graph_.edge(e).child;
    if (IsDead(c)) continue;
    const double value = score(e, graph_.node(c));
    // Strict '>' keeps the lowest index on ties, as the reference's argmax does.
    if (best == kNoEdge || value > best_value) {
      best = e;
      best_value = value;
    }
  }
  return best;
}

void Mcts::MarkSolved(NodeId id, EdgeId action) {
  while (id != kNoNode) {
    if (graph_.node(id).kind == NodeKind::kAnd) {
      if (!IsSolved(id)) return;
    } else {
      solution_[id] = action;
    }
    const GraphNode& n = graph_.node(id);
    if (n.in.empty()) return;
    action = n.in[0];
    id = graph_.edge(action).parent;
  }
}

void Mcts::Backup(NodeId id, double reward) {
  for (; id != kNoNode; id = Parent(id)) {
    GraphNode& n = graph_.node(id);
    n.visits += 1;
    n.value_sum += reward;
  }
}

EdgeChooser Mcts::Chooser() const {
  return [this](NodeId id) { return solution_[id]; };
}

}  // namespace lf::search
