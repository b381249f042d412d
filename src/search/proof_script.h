#pragma once
// Solution extraction from a ProofGraph, rendering to the kernel's proof-script
// format (peano.md §13, minimo reconstruct_proof), the proof's log-probability
// under the prior (minimo §3.7, the difficulty signal), and the re-check by the
// kernel's checker.
//
// Extraction: from the root, an OR node contributes its chosen edge (the
// EdgeChooser decides: MCTS uses its solution actions, graph searches the
// PROVED child with the smallest proof); an AND node contributes all children.
//
// Rendering, per chosen OR edge (the parent state executes the edge's action
// again, so names are those of this path even when the child is shared):
//   intro.                 "intro NAME : TYPE."   ("intro _ : GOAL." when it closes the goal)
//   c X / a X              nothing (the next edge is the selection)
//   => T. after c X        "show T by X."          when T is a proposition
//                          "construct NAME : T = V by X."   for a term
//   => g1; ..; gk. after a X   "apply X." then "goal gi {" <proof of gi> "}" per goal
// wrapped in "theorem t : GOAL {" ... "}", 4 spaces of indentation per level.
//
// log-probability = sum over the chosen OR edges of log(prior); AND edges add 0.
//
// Thread safety: pure functions over a graph nobody mutates meanwhile.

#include <functional>
#include <string>
#include <vector>

#include "kernel/checker.h"
#include "kernel/theory.h"
#include "search/proof_graph.h"

namespace lf::search {

// The edge an OR node's proof takes; must lead to a node with a proof.
using EdgeChooser = std::function<EdgeId(NodeId)>;

// Chooses, at each OR node, the PROVED child with the fewest OR steps below it
// (ties: first in kernel order). Requires the node to be PROVED. Memoised; the
// returned chooser refers to `graph`, which must outlive it.
EdgeChooser ShortestProofChooser(const ProofGraph& graph);

struct ExtractedProof {
  std::vector<std::string> lines;  // "theorem t : G {", indented steps, "}"
  double logprob = 0;              // sum of log(prior) over the chosen OR edges
  std::vector<NodeId> nodes;       // nodes of the solution (pre-order, root first)
  std::vector<EdgeId> edges;       // edges of the solution (OR choices and AND edges)
};

// Extracts and renders the proof of `graph.root()`.
ExtractedProof ExtractProof(const ProofGraph& graph, const EdgeChooser& choose);

// Parses `lines` as one theorem script and checks it in `theory`'s scope
// (kernel::CheckScript; a search's proof becomes a kernel::CheckedProof that way).
// A script that does not parse is reported as a failed verdict, not thrown.
kernel::CheckVerdict CheckProofScript(const kernel::Theory& theory,
                                      const std::vector<std::string>& lines);

}  // namespace lf::search
