#pragma once
// The critic's training examples from one proof attempt: BAIT's goal-model
// labels (bait.md summary item 10, §5) for lemmaforge's end-to-end loop
// (`lemmaforge e2e`, app/run_job.h).
//
// The critic is the model's state value P(Y | "S: <state>\n???") (search/
// evaluator.h), the score BestFS orders by, Fringe and HTPS use as the node
// score and MCTS as its value prior. From a finished search record, every
// distinct goal state (OR and AND nodes; the terminal "<solved>" is no goal):
//   PROVED                                         -> "S: <state>\n???Y"   (label 1)
//   not PROVED, subtree expansions >= threshold    -> "S: <state>\n???N"   (label 0)
//   otherwise                                      -> no example: too little
//                                                     search below it to call it hard
// where the subtree expansions of a node are the expanded OR nodes (those with
// out-edges) reachable from it through edges, itself included, each counted
// once however many paths reach it -- BAIT's "visits below the goal", for
// every algorithm alike (one expansion is one unit of any search's budget).
// A state that occurs at several nodes (a tree search) takes its best label:
// proved anywhere is proved; otherwise the largest subtree decides.
// Examples come in node order (first occurrence), so a seeded run reproduces.
//
// Thread safety: a pure function.

#include <vector>

#include "search/search_record.h"

namespace lf::learn {

std::vector<search::TrainingExample> CriticExamples(const search::SearchRecord& record,
                                                    int visit_threshold);

}  // namespace lf::learn
