#pragma once
// Htps: HyperTree Proof Search (Lample et al. 2022; evariste.md §3.2-3.5,
// bait.md §3.6) on the state-keyed AND/OR graph.
//
// One round (one Step; budget = expansions):
//   1. Select up to htps.batch hypertrees from the root, one after the other,
//      depth first. At an OPEN, expanded OR node g choose, among the edges whose
//      child is not FAILED,
//        argmax  Q(e) + c * P(e) * sqrt(sum_e' C(e')) / (1 + C(e)),   C = N + V,
//        Q(e) = first_play_value / max(1, C)   if N(e) = 0  (first-play urgency)
//             = W(e) / C                        otherwise
//      (ties: first in kernel order), add a virtual visit V(e) += 1 and descend;
//      at an AND node descend into ALL goals. Leaves: unexpanded OR nodes (to
//      expand), PROVED nodes (value 1), FAILED nodes (value 0). A node occurs at
//      most once per hypertree (a DAG node reached twice is shared). The virtual
//      visits of earlier hypertrees of the round stay in place, so they count as
//      visits of value 0 for the later ones and steer them elsewhere (Evariste's
//      virtual loss). Selection stops early once the round's leaves to expand
//      fill what is left of the budget.
//   2. Expand the round's unexpanded leaves, each once however many hypertrees
//      reach it, in order of first selection, while budget remains; ask the
//      evaluator for each expanded leaf's priors and critic value in one request.
//   3. Back up every hypertree in selection order (product rule, evariste.md
//      §3.4): v(leaf) = 1 if PROVED, 0 if FAILED, else its critic value
//      (first_play_value if it could not be expanded); v(AND) = product of its
//      goals' v; v(OR) = v(child of its chosen edge), or 1 once the OR node is
//      PROVED. For each chosen edge: W += v(child), N += 1, V -= 1. A hypertree
//      identical to an earlier one of the same round (no alternative was close
//      enough) only has its virtual visits removed, so one evaluation is not
//      counted twice (Evariste's backup_once).
// Every virtual visit added in step 1 is removed in step 3 of the same round,
// so all V are 0 between rounds (checked: virtual_in_flight()). A chosen edge
// never leads to a PROVED child (its OR node would be PROVED, hence a leaf), so
// BAIT's leak of a directly proving edge's virtual count cannot occur (bait.md
// §7.2.4); and every chosen edge is backed up or released by its hypertree's
// own list, even when its node is no longer reachable through OPEN nodes.
// With htps.batch = 1 a round is one simulation (the search before batching).
// iterations() counts hypertrees selected.
// Record targets: edge visits N (policy target N / sum N) and node mean value
// (critic target); PROVED/FAILED statuses give the hard targets.
//
// Not thread-safe (see search.h).

#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "search/search.h"

namespace lf::search {

class Htps : public Search {
 public:
  Htps(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
       const kernel::ProofState& root);

  // Virtual visits currently added and not yet backed up (0 between rounds).
  int virtual_in_flight() const { return virtual_in_flight_; }

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;

 private:
  // One selected hypertree: each OR node's chosen edge, in selection order.
  struct Hypertree {
    std::vector<std::pair<NodeId, EdgeId>> chosen;
    bool repeat = false;  // identical to an earlier hypertree of the round
  };

  EdgeId SelectEdge(NodeId id) const;
  // Descends from the root (step 1), adding the virtual visits; appends the
  // hypertree's unexpanded leaves that are not in *to_expand yet.
  Hypertree Select(std::vector<NodeId>* to_expand);
  void Backup();
  double Value(NodeId id);

  std::vector<Hypertree> round_;               // this round's hypertrees
  std::unordered_map<NodeId, EdgeId> chosen_;  // the hypertree being backed up
  std::vector<NodeId> expanded_leaves_;        // leaves expanded this round (with children)
  std::unordered_map<NodeId, double> memo_;    // v(node) during one hypertree's backup
  int virtual_in_flight_ = 0;
};

}  // namespace lf::search
