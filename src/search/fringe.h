#pragma once
// FringeSearch: TacticZero's fringe search (bait.md §3.5; BAIT ships it broken,
// this is the intended rule made to work) on the state-keyed AND/OR graph.
//
// A fringe is a set of open OR goals that together imply the root. Start: {root}.
// One step (budget = expansions):
//   1. Clean every fringe: drop PROVED goals; drop fringes with a FAILED goal.
//   2. score(F) = sum over g in F of log(clamp(v(g), min_value, 1)), v = the
//      evaluator's state value (goal model). Sample F ~ softmax(score) (seeded).
//   3. Remove F; pick g in F uniformly at random; expand g if it is not yet
//      expanded (one unit of budget; one evaluator request: g's priors and the
//      values of the new goals). A goal already expanded elsewhere costs nothing.
//   4. For every edge of g whose child is not FAILED, add the successor fringe
//      (F - {g}) + open goals of the child (none for a terminal or PROVED child,
//      the child for an OR node, the open goals of an AND node), unless that
//      fringe was ever added before.
// Replacing F by its successors is complete: any proof of F goes through some
// edge of g. Stops when the root is PROVED or FAILED, no fringe is left, or the
// budget or time is spent.
//
// Not thread-safe (see search.h).

#include <memory>
#include <set>
#include <span>
#include <vector>

#include "search/search.h"

namespace lf::search {

class FringeSearch : public Search {
 public:
  FringeSearch(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
               const kernel::ProofState& root);

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;

 private:
  using Fringe = std::vector<NodeId>;  // sorted, unique

  void Clean();
  size_t Sample();
  void AddSuccessors(const Fringe& fringe, NodeId goal);

  bool root_valued_ = false;
  std::vector<Fringe> fringes_;
  std::set<Fringe> seen_;  // every fringe ever added
  // The pending expansion: its fringe, goal and the new goals awaiting values.
  Fringe pending_fringe_;
  NodeId pending_goal_ = kNoNode;
  std::vector<NodeId> pending_new_;
};

}  // namespace lf::search
