#pragma once
// The algorithm registry: search algorithms selected by name (`prove --search`).
//
//   mcts              minimo MCTS on a tree (mcts.h); --mcts.rule puct for AlphaZero PUCT
//   bestfs            best-first on cumulative log-prior (best_first.h)
//   bfs               breadth-first (best_first.h)
//   fringe            TacticZero fringe search (fringe.h)
//   htps              HyperTree Proof Search (htps.h)
//   forward-greedy    forward prover, greedy, stops an attempt at its first invalid step
//   forward-sampling  forward prover, sampling at temperature T, stops an attempt after
//                     forward.max_consecutive_invalid consecutive invalid steps (forward.h)
//
// Thread safety: MakeSearch is reentrant; the searches are not thread-safe.

#include <memory>
#include <string>
#include <vector>

#include "kernel/theory.h"
#include "search/search.h"
#include "search/search_params.h"

namespace lf::search {

// Accepted names, in the order above.
const std::vector<std::string>& AlgorithmNames();

// A fresh search from `root`. Throws lf::InputError for an unknown name or
// invalid parameters (Validate).
std::unique_ptr<Search> MakeSearch(const std::string& algorithm, const SearchParams& params,
                                   std::shared_ptr<const kernel::Theory> theory,
                                   const kernel::ProofState& root);

}  // namespace lf::search
