#include "search/goal_node.h"

#include "core/check.h"

namespace lf::search {

using kernel::ProofAction;
using kernel::ProofState;

std::string GoalNode::ToString() const {
  if (states_.empty()) return "<solved>";
  std::string s = "G=" + std::to_string(states_.size());
  for (size_t i = 0; i < states_.size(); ++i) {
    if (i > 0) s += "\n-----";
    s += "\nState: " + states_[i].FormatContext();
    s += "\nGoal: " + states_[i].FormatGoal();
    s += "\n" + states_[i].FormatActionPrefix();
  }
  return s;
}

bool PassesLengthFilter(const std::string& action) {
  const size_t cut = action.find(" : ");
  const std::string_view head = std::string_view(action).substr(0, cut);
  size_t start = 0;
  while (start < head.size() && (head[start] == '=' || head[start] == '>' || head[start] == ' '))
    ++start;
  return head.size() - start <= kMaxActionLength;
}

const std::vector<ProofAction>& GoalNode::StateActions() const {
  LF_CHECK_EQ(states_.size(), 1u);
  if (!actions_) actions_ = std::make_shared<const std::vector<ProofAction>>(states_[0].Actions());
  return *actions_;
}

GoalNode::Expansion GoalNode::Expand() const {
  Expansion out;
  if (states_.empty()) return out;
  if (IsConjunctive()) {
    for (size_t i = 0; i < states_.size(); ++i) {
      out.actions.push_back(std::to_string(i));
      out.children.emplace_back(std::vector<ProofState>{states_[i]});
    }
    out.eager_count = states_.size();
    return out;
  }
  const ProofState& state = states_[0];
  for (const ProofAction& a : StateActions()) {
    GoalNode child(state.Execute(a));
    if (a.kind == ProofAction::Kind::kConstruct || a.kind == ProofAction::Kind::kApply) {
      if (child.StateActions().empty()) continue;
    }
    ++out.eager_count;
    std::string text = a.ToString();
    if (!PassesLengthFilter(text)) continue;
    out.actions.push_back(std::move(text));
    out.proof_actions.push_back(a);
    out.children.push_back(std::move(child));
  }
  return out;
}

}  // namespace lf::search
