#pragma once
// GoalNode: one node of the search tree as minimo sees it (its HolophrasmNode
// with eager nodes): the list of goals still open after a step.
//
//   terminal     no goals left                     string "<solved>"
//   conjunctive  2+ goals; children "0", "1", ... each a single-goal node
//   or-node      1 goal; children are its proof actions
//
// State string: "G=<n>" then per goal (separated by a "-----" line)
// "State: <ctx>", "Goal: <goal>", "<prefix>"; joined with '\n' (so an empty
// prefix ends the string in '\n').
//
// Expand() applies the agent's two filters, in this order:
//   eager:  a "c X"/"a X" action is kept only if the state after it has actions;
//   length: an action is kept iff its text before the first " : ", stripped of
//           leading '=', '>' and ' ' characters, has at most 75 characters.
// The eager filter's successor states are kept as the children, with their
// action lists cached, so nothing is enumerated twice (lemmaforge decision 12).
//
// Thread safety: a GoalNode is an immutable value; Expand() is const.

#include <memory>
#include <string>
#include <vector>

#include "kernel/proof_state.h"

namespace lf::search {

inline constexpr size_t kMaxActionLength = 75;

class GoalNode {
 public:
  explicit GoalNode(std::vector<kernel::ProofState> states) : states_(std::move(states)) {}

  bool IsTerminal() const { return states_.empty(); }
  bool IsConjunctive() const { return states_.size() > 1; }
  const std::vector<kernel::ProofState>& states() const { return states_; }

  std::string ToString() const;

  struct Expansion {
    std::vector<std::string> actions;  // after both filters
    // Parallel to actions (empty for conjunctive nodes).
    std::vector<kernel::ProofAction> proof_actions;
    std::vector<GoalNode> children;  // parallel to actions
    size_t eager_count = 0;          // actions before the length filter
  };
  // Children of a non-terminal node.
  Expansion Expand() const;

  // The actions of the single state (cached when known). Requires !IsConjunctive().
  const std::vector<kernel::ProofAction>& StateActions() const;

 private:
  std::vector<kernel::ProofState> states_;
  mutable std::shared_ptr<const std::vector<kernel::ProofAction>> actions_;
};

// The agent's length filter on one action string.
bool PassesLengthFilter(const std::string& action);

}  // namespace lf::search
