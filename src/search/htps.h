#pragma once
// Htps: HyperTree Proof Search (Lample et al. 2022; evariste.md §3.2-3.5,
// bait.md §3.6) on the state-keyed AND/OR graph.
//
// One simulation (budget = expansions):
//   1. Select a hypertree from the root, depth first. At an OPEN, expanded OR
//      node g choose, among the edges whose child is not FAILED,
//        argmax  Q(e) + c * P(e) * sqrt(sum_e' C(e')) / (1 + C(e)),   C = N + V,
//        Q(e) = first_play_value / max(1, C)   if N(e) = 0  (first-play urgency)
//             = W(e) / C                        otherwise
//      (ties: first in kernel order), add a virtual visit V(e) += 1 and descend;
//      at an AND node descend into ALL goals. Leaves: unexpanded OR nodes (to
//      expand), PROVED nodes (value 1), FAILED nodes (value 0). A node occurs at
//      most once per hypertree (a DAG node reached twice is shared).
//   2. Expand every leaf (while budget remains) and ask the evaluator for each
//      expanded leaf's priors and critic value in one request.
//   3. Back up (product rule, evariste.md §3.4): v(leaf) = 1 if PROVED, 0 if
//      FAILED, else its critic value (first_play_value if it could not be
//      expanded); v(AND) = product of its goals' v; v(OR) = v(child of its
//      chosen edge), or 1 once the OR node is PROVED. For each chosen edge:
//      W += v(child), N += 1, V -= 1.
// Every virtual visit added in step 1 is removed in step 3 of the same
// simulation, so all V are 0 between simulations (checked: virtual_in_flight()).
// Record targets: edge visits N (policy target N / sum N) and node mean value
// (critic target); PROVED/FAILED statuses give the hard targets.
//
// Not thread-safe (see search.h).

#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

#include "search/search.h"

namespace lf::search {

class Htps : public Search {
 public:
  Htps(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
       const kernel::ProofState& root);

  // Virtual visits currently added and not yet backed up (0 between simulations).
  int virtual_in_flight() const { return virtual_in_flight_; }

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;

 private:
  EdgeId SelectEdge(NodeId id) const;
  void Backup();
  double Value(NodeId id);

  std::unordered_map<NodeId, EdgeId> chosen_;  // hypertree: OR node -> chosen edge
  std::vector<NodeId> expanded_leaves_;        // leaves expanded this simulation (with children)
  std::unordered_map<NodeId, double> memo_;    // v(node) during one backup
  int virtual_in_flight_ = 0;
};

}  // namespace lf::search
