#pragma once
// BestFirst: best-first ("bestfs") and breadth-first ("bfs") search over the
// state-keyed AND/OR graph (bait.md §3.1-3.2).
//
// Frontier: the OR nodes waiting to be expanded, each queued once.
//   bestfs  pops the node with the highest cumulative log-prior (the sum of
//           log P along the path that first created it; ties: first queued);
//   bfs     pops the oldest node (FIFO).
// A popped node is skipped unless it is still worth expanding: unexpanded, OPEN,
// and connected to the root through OPEN nodes (a proved or failed ancestor
// makes the subtree irrelevant; bait.md's is_explored, computed exactly on a DAG).
// Expanding a node costs one unit of budget and one evaluator query (its
// action priors). Every new OR node the expansion creates -- directly, or as a
// goal of a new conjunctive child, which inherits the same score -- is queued
// with logprob = parent's + log P(edge).
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
  // (priority, -sequence, node): max-heap; bfs uses priority 0 so sequence decides.
  std::priority_queue<std::tuple<double, int64_t, NodeId>> frontier_;
  int64_t sequence_ = 0;
  NodeId pending_ = kNoNode;
  std::vector<NodeId> pending_new_;  // nodes created by the pending expansion
};

}  // namespace lf::search
