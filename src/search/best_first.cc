#include "search/best_first.h"

#include <cmath>
#include <utility>

namespace lf::search {

BestFirst::BestFirst(Order order, const SearchParams& params,
                     std::shared_ptr<const kernel::Theory> theory, const kernel::ProofState& root)
    : Search(order == Order::kBestFirst ? "bestfs" : "bfs", params, std::move(theory), root,
             ProofGraph::Mode::kDag),
      order_(order),
      critic_(order == Order::kBestFirst && params.bestfs.score == BestFsScore::kCritic) {
  // The root is alone in the frontier: it needs no score.
  frontier_.emplace(0.0, -sequence_++, graph_.root());
}

void BestFirst::Push(NodeId id) {
  const GraphNode& n = graph_.node(id);
  const double priority = order_ == Order::kBreadthFirst ? 0.0
                          : critic_                      ? n.value.value()
                                                         : n.logprob;
  frontier_.emplace(priority, -sequence_++, id);
}

bool BestFirst::WorthExpanding(NodeId id) const {
  const GraphNode& n = graph_.node(id);
  if (n.expanded || n.status != Status::kOpen) return false;
  // Upward search through OPEN nodes for the root.
  std::vector<NodeId> stack{id};
  std::vector<bool> seen(graph_.size(), false);
  while (!stack.empty()) {
    const NodeId x = stack.back();
    stack.pop_back();
    if (seen[x] || graph_.node(x).status != Status::kOpen) continue;
    if (x == graph_.root()) return true;
    seen[x] = true;
    for (EdgeId e : graph_.node(x).in) stack.push_back(graph_.edge(e).parent);
  }
  return false;
}

void BestFirst::Step(std::vector<NodeQuery>* queries) {
  if (OutOfResources(expansions_) || graph_.node(graph_.root()).status != Status::kOpen ||
      frontier_.empty()) {
    Stop();
    return;
  }
  const NodeId id = std::get<2>(frontier_.top());
  frontier_.pop();
  ++iterations_;
  if (!WorthExpanding(id)) return;
  ProofGraph::Expansion expansion = graph_.Expand(id);
  ++expansions_;
  if (graph_.node(id).out.empty()) return;
  queries->push_back(ActionQuery(graph_, id));
  if (critic_) {
    for (NodeId n : expansion.new_nodes) {
      if (graph_.node(n).kind == NodeKind::kOr) queries->push_back(StateQuery(graph_, n));
    }
  }
  pending_ = id;
  pending_new_ = std::move(expansion.new_nodes);
}

void BestFirst::Receive(std::span<const NodeScores> scores) {
  graph_.SetPriors(pending_, scores[0].action_values);
  // A new node's first in-edge is the one that created it. Direct children add
  // their edge's log-prior; goals of a new AND child inherit the AND node's
  // score (pending_new_ lists an AND node before its goals).
  for (NodeId id : pending_new_) {
    const GraphEdge& e = graph_.edge(graph_.node(id).in[0]);
    graph_.node(id).logprob =
        graph_.node(e.parent).logprob + (e.parent == pending_ ? std::log(e.prior) : 0.0);
  }
  size_t next_value = 1;  // state values follow the action query, one per new OR node
  for (NodeId id : pending_new_) {
    if (graph_.node(id).kind != NodeKind::kOr) continue;
    if (critic_) graph_.node(id).value = scores[next_value++].state_value;
    Push(id);
  }
  pending_ = kNoNode;
  pending_new_.clear();
}

}  // namespace lf::search
