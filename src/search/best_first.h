#pragma once
// BestFirst: best-first ("bestfs") and breadth-first ("bfs") search over the
// state-keyed AND/OR graph (bait.md §3.1-3.2).
//
// Frontier: the OR nodes waiting to be expanded, each queued once.
//   bestfs  pops the node with the highest score (ties: first queued), by
//           bestfs.score:
//             prior   the cumulative log-prior: the sum of log P along the path
//                     that first created the node (bait.md §3.1);
//             critic  the evaluator's state value v of the node itself, an
//                     estimate of P(provable) (BAIT's CriticGuidedSearch, §3.7).
//                     The key is v, not log v: the order is the same, and a
//                     value of 0 stays a finite key;
//   bfs     pops the oldest node (FIFO); it asks no state values.
// A popped node is skipped unless it is still worth expanding: unexpanded, OPEN,
// and connected to the root through OPEN nodes (a proved or failed ancestor
// makes the subtree irrelevant; bait.md's is_explored, computed exactly on a DAG).
// Expanding a node costs one unit of budget and one evaluator request: its
// action priors and, for bestfs with critic scores, the state value of every
// new OR node, in creation order. Every new OR node the expansion creates --
// directly, or as a goal of a new conjunctive child, which inherits the same
// log-prior -- gets logprob = parent's + log P(edge) and is queued.
// Stops when the root is PROVED or FAILED, the frontier is empty, or the budget
// or time is spent.
//
// Not thread-safe (see search.h).

#include <cstdint>
#include <memory>
#include <queue>
#include <span>
#include <tuple>
#include <vector>

#include "search/search.h"

namespace lf::search {

class BestFirst : public Search {
 public:
  enum class Order { kBestFirst, kBreadthFirst };

  BestFirst(Order order, const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
            const kernel::ProofState& root);

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;

 private:
  void Push(NodeId id);
  // Unexpanded, OPEN, and reachable from the root through OPEN nodes.
  bool WorthExpanding(NodeId id) const;

  Order order_;
  bool critic_;  // bestfs ordered by state values (bestfs.score = critic)
  // (priority, -sequence, node): max-heap; bfs uses priority 0 so sequence decides.
  std::priority_queue<std::tuple<double, int64_t, NodeId>> frontier_;
  int64_t sequence_ = 0;
  NodeId pending_ = kNoNode;
  std::vector<NodeId> pending_new_;  // nodes created by the pending expansion, in creation order
};

}  // namespace lf::search
