#include "search/hindsight.h"

#include <cmath>

#include "kernel/kernel_error.h"
#include "kernel/typing.h"

namespace lf::search {
namespace {

using kernel::GoalNode;
using kernel::ProofAction;
using kernel::Term;

const kernel::ProofState* SingleState(const GoalNode& node) {
  return node.states().size() == 1 ? &node.states()[0] : nullptr;
}

std::optional<ProofAction::Kind> IncomingKind(const GoalNode& node) {
  const kernel::ProofState* s = SingleState(node);
  if (s == nullptr || !s->last_action()) return std::nullopt;
  return s->last_action()->kind;
}

// Whether the object created by the node's last step is a proposition.
bool CreatedProp(const GoalNode& node) {
  const kernel::ProofState* s = SingleState(node);
  return s != nullptr && s->LastProvenProposition().has_value();
}

// Drops one intro or one construction (two steps) from the end backwards, as
// long as the shortened path still proves the statement.
std::vector<std::string> Minimize(const kernel::Theory& theory, const Term& statement,
                                  std::vector<std::string> actions) {
  bool shortened = true;
  while (shortened) {
    shortened = false;
    for (size_t i = actions.size(); i-- > 0;) {
      size_t width = 0;
      if (actions[i] == "intro.")
        width = 1;
      else if (actions[i].rfind("c ", 0) == 0 && i + 1 < actions.size())
        width = 2;
      if (width == 0) continue;
      std::vector<std::string> shorter(actions.begin(), actions.begin() + static_cast<long>(i));
      shorter.insert(shorter.end(), actions.begin() + static_cast<long>(i + width), actions.end());
      if (ReplayProof(theory, statement, shorter)) {
        actions = std::move(shorter);
        shortened = true;
        break;
      }
    }
  }
  return actions;
}

}  // namespace

std::optional<TreePath> ReplayProof(const kernel::Theory& theory, const Term& statement,
                                    const std::vector<std::string>& actions) {
  TreePath path;
  path.nodes.push_back(GoalNode({theory.RootState(statement)}));
  for (const std::string& a : actions) {
    const GoalNode& node = path.nodes.back();
    if (node.IsTerminal()) return std::nullopt;
    GoalNode::Expansion e = node.Expand();
    size_t k = 0;
    while (k < e.actions.size() && e.actions[k] != a) ++k;
    if (k == e.actions.size()) return std::nullopt;
    path.actions.push_back(a);
    path.nodes.push_back(std::move(e.children[k]));
  }
  if (!path.nodes.back().IsTerminal()) return std::nullopt;
  return path;
}

std::optional<HindsightProof> Relabel(const kernel::Theory& theory, const TreePath& path) {
  if (path.nodes.size() < 2 || path.actions.size() + 1 != path.nodes.size()) return std::nullopt;
  const GoalNode& last = path.nodes.back();
  if (last.IsTerminal() || !CreatedProp(last)) return std::nullopt;

  // 1. Walk up to the subtree root.
  size_t root = path.nodes.size() - 1;
  while (root > 0) {
    const auto kind = IncomingKind(path.nodes[root]);
    if (!kind || (*kind != ProofAction::Kind::kIntro && *kind != ProofAction::Kind::kConstruct &&
                  *kind != ProofAction::Kind::kSelectConstruction))
      break;
    --root;
  }
  const kernel::ProofState* root_state = SingleState(path.nodes[root]);
  if (root_state == nullptr || !root_state->IsContextEmpty() ||
      !root_state->FormatActionPrefix().empty())
    return std::nullopt;

  // 2. The statement: kept inputs of the intros and the fact, renamed back.
  std::vector<Term> inputs;
  std::vector<std::pair<std::string, Term>> renaming;  // introduced name -> parameter
  for (size_t i = root + 1; i < path.nodes.size(); ++i) {
    const kernel::ProofState* s = SingleState(path.nodes[i]);
    if (s == nullptr) return std::nullopt;
    const auto kind = IncomingKind(path.nodes[i]);
    if (*kind == ProofAction::Kind::kSelectConstruction && !CreatedProp(path.nodes[i]))
      return std::nullopt;  // a term construction: the fact may depend on it
    if (*kind != ProofAction::Kind::kIntro) continue;
    const kernel::ProofState* before = SingleState(path.nodes[i - 1]);
    const Term goal = kernel::Eval(before->goal(), before->derivation().context());
    if (!goal.IsArrow()) return std::nullopt;
    Term input = goal.inputs()[0];
    for (const auto& [name, param] : renaming) input = kernel::Replace(input, name, param);
    inputs.push_back(input);
    if (input.IsDeclaration())
      renaming.emplace_back(s->last_construction(), Term::Atom(input.name()));
  }
  const std::optional<std::string> fact = SingleState(last)->LastProvenProposition();
  Term conclusion;
  try {
    conclusion = kernel::ParseTerm(*fact, "fact");
  } catch (const InputError&) {
    return std::nullopt;
  }
  for (const auto& [name, param] : renaming) conclusion = kernel::Replace(conclusion, name, param);
  const Term statement = inputs.empty() ? conclusion : Term::Arrow(inputs, conclusion);

  // 3. Replay and minimise.
  std::vector<std::string> actions(path.actions.begin() + static_cast<long>(root),
                                   path.actions.end());
  try {
    if (!ReplayProof(theory, statement, actions)) return std::nullopt;
    actions = Minimize(theory, statement, std::move(actions));
    auto proof = ReplayProof(theory, statement, actions);
    if (!proof) return std::nullopt;
    return HindsightProof{*fact, statement.ToString(), std::move(*proof)};
  } catch (const InputError&) {
    return std::nullopt;  // the relabelled statement is not a well-typed proposition
  }
}

double PathLogProb(const TreePath& path, Evaluator* evaluator) {
  std::vector<NodeQuery> queries;
  std::vector<size_t> chosen;
  for (size_t i = 0; i + 1 < path.nodes.size(); ++i) {
    const GoalNode& node = path.nodes[i];
    if (node.IsConjunctive()) continue;
    const GoalNode::Expansion e = node.Expand();
    size_t k = 0;
    while (k < e.actions.size() && e.actions[k] != path.actions[i]) ++k;
    if (k == e.actions.size()) continue;
    queries.push_back(NodeQuery{node.ToString(), e.actions, /*want_state_value=*/false});
    chosen.push_back(k);
  }
  if (queries.empty()) return 0.0;
  const std::vector<NodeScores> scores = evaluator->Score(queries);
  double logprob = 0.0;
  for (size_t q = 0; q < scores.size(); ++q) {
    const std::vector<double>& values = scores[q].action_values;
    double total = 0.0;
    for (double v : values) total += v;
    // All-zero values (the uniform evaluator) mean a uniform prior, as in ProofGraph.
    logprob += total > 0.0 ? std::log(values[chosen[q]] / total)
                           : -std::log(static_cast<double>(values.size()));
  }
  return logprob;
}

}  // namespace lf::search
