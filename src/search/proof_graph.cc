#include "search/proof_graph.h"

#include <cmath>
#include <utility>

#include "core/check.h"

namespace lf::search {

const char* StatusName(Status status) {
  switch (status) {
    case Status::kOpen:
      return "open";
    case Status::kProved:
      return "proved";
    case Status::kFailed:
      return "failed";
  }
  return "?";
}

NodeId ProofGraph::AddRoot(GoalNode goal) {
  LF_CHECK(nodes_.empty());
  std::string state = goal.ToString();
  return NewNode(std::move(goal), std::move(state), kNoNode);
}

NodeId ProofGraph::NewNode(GoalNode goal, std::string state, NodeId parent) {
  const NodeId id = static_cast<NodeId>(nodes_.size());
  GraphNode n{.goal = std::move(goal), .state = std::move(state)};
  n.kind = n.goal.IsTerminal()      ? NodeKind::kTerminal
           : n.goal.IsConjunctive() ? NodeKind::kAnd
                                    : NodeKind::kOr;
  n.status = n.kind == NodeKind::kTerminal ? Status::kProved : Status::kOpen;
  if (parent != kNoNode) {
    n.logprob = nodes_[parent].logprob;
  }
  if (mode_ == Mode::kDag) by_state_.emplace(n.state, id);
  nodes_.push_back(std::move(n));
  return id;
}

EdgeId ProofGraph::Link(NodeId parent, NodeId child, std::string action,
                        std::optional<kernel::ProofAction> proof_action) {
  const EdgeId id = static_cast<EdgeId>(edges_.size());
  edges_.push_back(GraphEdge{.parent = parent,
                             .child = child,
                             .action = std::move(action),
                             .proof_action = std::move(proof_action)});
  nodes_[parent].out.push_back(id);
  nodes_[child].in.push_back(id);
  return id;
}

bool ProofGraph::IsAncestor(NodeId ancestor, NodeId id) const {
  // Walk up from `id` through in-edges.
  std::vector<NodeId> stack{id};
  std::vector<bool> seen(nodes_.size(), false);
  while (!stack.empty()) {
    const NodeId n = stack.back();
    stack.pop_back();
    if (n == ancestor) return true;
    if (seen[n]) continue;
    seen[n] = true;
    for (EdgeId e : nodes_[n].in) stack.push_back(edges_[e].parent);
  }
  return false;
}

ProofGraph::Expansion ProofGraph::Expand(NodeId id) {
  LF_CHECK(!nodes_[id].expanded);
  LF_CHECK(nodes_[id].kind != NodeKind::kTerminal);
  GoalNode::Expansion kernel_expansion = nodes_[id].goal.Expand();
  Expansion out;
  nodes_[id].expanded = true;
  nodes_[id].expansion_order = expansions_++;
  nodes_[id].eager_count = kernel_expansion.eager_count;
  const bool is_and = nodes_[id].kind == NodeKind::kAnd;
  for (size_t i = 0; i < kernel_expansion.children.size(); ++i) {
    GoalNode& child_goal = kernel_expansion.children[i];
    std::optional<kernel::ProofAction> proof_action;
    if (!is_and) proof_action = kernel_expansion.proof_actions[i];
    std::string state = child_goal.ToString();
    NodeId child = kNoNode;
    if (mode_ == Mode::kDag) {
      auto it = by_state_.find(state);
      if (it != by_state_.end()) {
        child = it->second;
        if (IsAncestor(child, id)) {  // would close a cycle (bait.md: TreeError)
          ++cycles_dropped_;
          nodes_[id].lost_goal = is_and;
          continue;
        }
      }
    }
    if (child == kNoNode) {
      child = NewNode(std::move(child_goal), std::move(state), id);
      out.new_nodes.push_back(child);
    }
    out.edges.push_back(Link(id, child, std::move(kernel_expansion.actions[i]), proof_action));
  }
  if (mode_ == Mode::kDag) {
    // Conjunctive children are split into their goals at once: the split costs
    // no model call, and a goal shared with another branch is linked, not copied.
    for (size_t i = 0, n = out.new_nodes.size(); i < n; ++i) {
      const NodeId child = out.new_nodes[i];
      if (nodes_[child].kind != NodeKind::kAnd) continue;
      Expansion sub = Expand(child);
      out.new_nodes.insert(out.new_nodes.end(), sub.new_nodes.begin(), sub.new_nodes.end());
    }
  }
  Update(id);
  return out;
}

EdgeId ProofGraph::AddChild(NodeId parent, std::string action,
                            const kernel::ProofAction& proof_action, GoalNode child_goal) {
  LF_CHECK(mode_ == Mode::kTree);
  for (EdgeId e : nodes_[parent].out) {
    if (edges_[e].action == action) return e;
  }
  std::string state = child_goal.ToString();
  const NodeId child = NewNode(std::move(child_goal), std::move(state), parent);
  const EdgeId e = Link(parent, child, std::move(action), proof_action);
  Update(parent);
  return e;
}

void ProofGraph::SetPriors(NodeId id, const std::vector<double>& scores) {
  const std::vector<EdgeId>& out = nodes_[id].out;
  LF_CHECK_EQ(out.size(), scores.size());
  double sum = 0;
  for (double s : scores) sum += s > 0 ? s : 0.0;
  for (size_t i = 0; i < out.size(); ++i) {
    const double s = scores[i] > 0 ? scores[i] : 0.0;
    edges_[out[i]].prior = sum > 0 ? s / sum : 1.0 / static_cast<double>(out.size());
  }
}

Status ProofGraph::ComputeStatus(NodeId id) const {
  const GraphNode& n = nodes_[id];
  if (n.kind == NodeKind::kTerminal) return Status::kProved;
  if (n.kind == NodeKind::kAnd) {
    if (!n.expanded) return Status::kOpen;
    if (n.lost_goal) return Status::kFailed;
    bool all_proved = true;
    for (EdgeId e : n.out) {
      const Status s = nodes_[edges_[e].child].status;
      if (s == Status::kFailed) return Status::kFailed;
      all_proved = all_proved && s == Status::kProved;
    }
    return all_proved ? Status::kProved : Status::kOpen;
  }
  bool all_failed = true;
  for (EdgeId e : n.out) {
    const Status s = nodes_[edges_[e].child].status;
    if (s == Status::kProved) return Status::kProved;
    all_failed = all_failed && s == Status::kFailed;
  }
  return n.expanded && all_failed ? Status::kFailed : Status::kOpen;
}

void ProofGraph::Update(NodeId id) {
  std::vector<NodeId> work{id};
  while (!work.empty()) {
    const NodeId n = work.back();
    work.pop_back();
    if (nodes_[n].status != Status::kOpen) continue;
    const Status s = ComputeStatus(n);
    if (s == Status::kOpen) continue;
    nodes_[n].status = s;
    for (EdgeId e : nodes_[n].in) work.push_back(edges_[e].parent);
  }
}

}  // namespace lf::search
