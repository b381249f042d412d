#pragma once
// Mcts: minimo's MonteCarloTreeSearch over a tree of GoalNodes (minimo §3.2-3.5,
// ../shared/golden/uniform-policy.md). With the UniformEvaluator it reproduces
// the reference's uniform-policy runs exactly (mcts-uniform.jsonl).
//
// Node statistics: N (visits), W (summed reward), P (prior, on the in-edge),
// a dead flag and a solution edge. One iteration (budget = iterations):
//   1. stop if the root is solved;
//   2. descend: AND node -> its first unsolved child; OR node -> rule below,
//      skipping dead children; no eligible child -> mark dead, wasted iteration;
//   3. solved (terminal) leaf: mark solved upward, back up +1;
//   4. otherwise expand the leaf and back up its reward: dead_end_reward if it
//      has no actions at all, else its value v; the evaluator scores the leaf's
//      children (mcts.child_values):
//        lazy   one query per expansion, prefix-shared in the transformer: the
//               leaf's own state value (v, backed up when it arrives) and its
//               actions' values; a new child's value estimate is its action value
//               until it is expanded itself (the default: one state plus its action
//               strings per expansion instead of a full state string per child)
//        eager  minimo: v is the estimate set when the parent was scored (backed
//               up at once), and every new child's state value is queried
// Back-up: N += 1, W += r on the leaf and every ancestor.
//
// OR rules (n, w: the child's N, W; N_p: the parent's N; unvisited first, in order):
//   minimo  score = P * ((w/n)/D + C*sqrt(log2(N_p)/n)),  D = sum over visited
//           non-dead children of w/n (1 if that is 0). The prior multiplies both terms.
//   puct    score = Q + c_puct * P * sqrt(N_p) / (1 + n),  Q = w/n, or v when n = 0
// Ties go to the lowest index (strict >).
//
// Priors and values (lemmaforge decision 1; swap_prior_value = minimo as coded):
//   default  P_j = normalised action_values[j],   v(c_j) = state_value(c_j)
//   swapped  P_j = normalised state_value(c_j),   v(c_j) = action_values[j]
// (lazy: state_value(c_j) reads action_values[j] until c_j is expanded).
// AND children get uniform priors. A new child starts with W = value_prior_weight*v,
// N = 0 (minimo's virtual prior reward). The root's v is its state value.
//
// Solved: terminal; or an OR node with a solution edge; or an expanded AND node
// all of whose children are solved. mark_solved sets the OR node's solution edge
// (overwriting) and always goes up; an AND node goes up only once all children
// are solved. The proof follows the solution edges.
//
// Not thread-safe (see search.h).

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "search/search.h"

namespace lf::search {

class Mcts : public Search {
 public:
  Mcts(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
       const kernel::ProofState& root);

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;
  bool Solved() const override { return IsSolved(graph_.root()); }
  EdgeChooser Chooser() const override;

 private:
  bool IsSolved(NodeId id) const;
  bool IsDead(NodeId id) const;
  NodeId TreePolicy();
  EdgeId Select(NodeId id);
  EdgeId SelectMinimo(NodeId id);
  EdgeId SelectPuct(NodeId id);
  // The non-dead child edge with the highest score (lowest index on ties).
  EdgeId BestLiveChild(NodeId id,
                       const std::function<double(EdgeId, const GraphNode&)>& score) const;
  void MarkSolved(NodeId id, EdgeId action);
  void Backup(NodeId id, double reward);
  NodeId Parent(NodeId id) const;

  MctsRule rule_ = MctsRule::kMinimo;
  ChildValues child_values_ = ChildValues::kLazy;
  bool root_valued_ = false;
  NodeId pending_ = kNoNode;      // node whose children await priors/values
  std::vector<uint8_t> dead_;     // per node: mark_dead was called
  std::vector<EdgeId> solution_;  // per node: the solution edge (kNoEdge: none)
};

}  // namespace lf::search
