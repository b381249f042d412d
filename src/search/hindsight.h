#pragma once
// Hindsight relabelling (spec minimo.md §3.9): every proposition derived
// anywhere in a search tree becomes a theorem of its own, universally quantified
// over the variables introduced on the way, with a proof read off the tree.
//
// For a node N whose last step created a proposition F (an intro of a prop-typed
// hypothesis, or a construction whose type is a prop):
//   1. Subtree root: walk up from N while the step into a node is an intro, a
//      "c X" or its "=> F." selection. The walk stops at the tree root, at a
//      branch of a conjunction, or after an apply's goal selection. Skipped when
//      the path constructs a non-prop term, or the subtree root's context is not
//      empty (its goal must be a closed statement).
//   2. Statement: each intro on the path of a declared input ('a : T) keeps that
//      input, with the introduced name renamed back to 'a; the conclusion is F
//      with the same renaming:  root [('a0 : nat) -> ('a1 : nat) -> G], intro x,
//      intro x0, derive F(x, x0)   gives   [('a0 : nat) -> ('a1 : nat) -> F('a0, 'a1)].
//   3. Proof: the path's actions are replayed from a fresh root of the new
//      statement (action strings must exist there, and the replay must end
//      solved), then minimised: from the end backwards, dropping an intro (one
//      step) or a construction (two steps) whenever the rest still proves it.
//   4. Check: the minimal path's script (PathProofScript) must pass the
//      kernel's checker; it is kept as the HindsightProof's CheckedProof.
//
// Thread safety: pure functions of their arguments.

#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "kernel/checker.h"
#include "kernel/theory.h"
#include "search/evaluator.h"
#include "search/goal_node.h"
#include "search/proof_graph.h"
#include "search/search_record.h"

namespace lf::search {

// A path in a search tree: nodes[0] is the tree root; actions[i] leads from
// nodes[i] to nodes[i + 1].
struct TreePath {
  std::vector<GoalNode> nodes;
  std::vector<std::string> actions;
};

struct HindsightProof {
  std::string fact;             // the derived proposition as printed in the tree (local names)
  std::string statement;        // the relabelled theorem
  TreePath proof;               // replayed from the statement's root; ends in "<solved>"
  kernel::CheckedProof script;  // PathProofScript(proof), as the kernel's checker accepted it
};

// The relabelled theorem and its minimal proof for the fact derived at the end
// of `path`, or nullopt when the fact cannot be relabelled (see header comment).
std::optional<HindsightProof> Relabel(const kernel::Theory& theory, const TreePath& path);

// Replays `actions` (action strings) from the root of `statement`. Returns the
// path when every action exists and the last node is solved.
std::optional<TreePath> ReplayProof(const kernel::Theory& theory, const kernel::Term& statement,
                                    const std::vector<std::string>& actions);

// Sum over the OR nodes of `path` of log P(taken action), where P is the
// evaluator's action values normalised over the node's actions, uniform when they
// are all zero (the difficulty measure; conjunctive nodes add nothing).
double PathLogProb(const TreePath& path, Evaluator* evaluator);
// The same for many paths in one evaluator call (a search's hindsight proofs).
std::vector<double> PathLogProbs(const std::vector<TreePath>& paths, Evaluator* evaluator);

// The path from the graph's root to `id` (following each node's first parent,
// the one that created it).
TreePath PathTo(const ProofGraph& graph, NodeId id);

// Every hindsight theorem of a finished search (minimo §3.9 step 1): the nodes
// whose last step created a proposition are candidates, the last node (highest
// id) per fact string wins; at most `max_goals` of them, drawn with `rng` and
// kept in node order, are relabelled. Facts that cannot be relabelled are
// skipped; a statement found twice is kept once. With `skip_reflexive`, facts
// (= X X) (eq_refl on any term, the axioms' hidden entries included) are no
// candidates: they are most of what a search derives, and every one relabels
// to a theorem with a one-step proof.
std::vector<HindsightProof> CollectHindsight(const kernel::Theory& theory, const ProofGraph& graph,
                                             int max_goals, Rng* rng, bool skip_reflexive = false);

// Whether `fact` is (= X X) or (= T X X) with both sides the same term.
bool IsReflexiveEquality(const std::string& fact);

// The proof script (proof_script.h rendering) of a path that ends solved,
// e.g. a HindsightProof's proof: "theorem t : STATEMENT {" ... "}".
std::vector<std::string> PathProofScript(const TreePath& path);

// A solved record (holding `proof.script`) of the small tree that proves a
// statement along `proof.proof`: the path's OR nodes expanded, the path's edges
// in the proof. Its ExtractTrainingExamples are minimo's examples of the
// path-following re-proof: policy Y/N over every action at each path node,
// value Y along the path, value N for the states one step off it.
SearchRecord PathRecord(const HindsightProof& proof);

}  // namespace lf::search
