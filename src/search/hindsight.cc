#include "search/hindsight.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/check.h"
#include "core/error.h"
#include "kernel/kernel_error.h"
#include "kernel/syntax.h"
#include "kernel/typing.h"
#include "search/proof_script.h"

namespace lf::search {
namespace {

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
  // Only a well-typed proposition is a theorem (RootState does not check).
  if (!kernel::HasPropType(statement, theory.base().context())) return std::nullopt;
  std::optional<TreePath> proof;
  try {
    if (!ReplayProof(theory, statement, actions)) return std::nullopt;
    actions = Minimize(theory, statement, std::move(actions));
    proof = ReplayProof(theory, statement, actions);
    if (!proof) return std::nullopt;
  } catch (const InputError&) {
    return std::nullopt;  // the relabelled statement is not a well-typed proposition
  } catch (const kernel::KernelError&) {  // boundary 4 of kernel/kernel_error.h
    return std::nullopt;
  }
  // 4. The rendered script must pass the kernel's checker.
  kernel::ScriptCheck check = kernel::CheckScript(theory.base(), PathProofScript(*proof));
  if (!check.proof) return std::nullopt;
  return HindsightProof{*fact, statement.ToString(), std::move(*proof), std::move(*check.proof)};
}

double PathLogProb(const TreePath& path, Evaluator* evaluator) {
  return PathLogProbs({path}, evaluator).front();
}

std::vector<double> PathLogProbs(const std::vector<TreePath>& paths, Evaluator* evaluator) {
  std::vector<NodeQuery> queries;
  std::vector<size_t> chosen;
  std::vector<size_t> owner;  // path of each query
  for (size_t p = 0; p < paths.size(); ++p) {
    const TreePath& path = paths[p];
    for (size_t i = 0; i + 1 < path.nodes.size(); ++i) {
      const GoalNode& node = path.nodes[i];
      if (node.IsConjunctive()) continue;
      const GoalNode::Expansion e = node.Expand();
      size_t k = 0;
      while (k < e.actions.size() && e.actions[k] != path.actions[i]) ++k;
      if (k == e.actions.size()) continue;
      queries.push_back(NodeQuery{node.ToString(), e.actions, /*want_state_value=*/false});
      chosen.push_back(k);
      owner.push_back(p);
    }
  }
  std::vector<double> logprobs(paths.size(), 0.0);
  if (queries.empty()) return logprobs;
  const std::vector<NodeScores> scores = evaluator->Score(queries);
  for (size_t q = 0; q < scores.size(); ++q) {
    const std::vector<double>& values = scores[q].action_values;
    double total = 0.0;
    for (double v : values) total += v;
    // All-zero values (the uniform evaluator) mean a uniform prior, as in ProofGraph.
    logprobs[owner[q]] += total > 0.0 ? std::log(values[chosen[q]] / total)
                                      : -std::log(static_cast<double>(values.size()));
  }
  return logprobs;
}

TreePath PathTo(const ProofGraph& graph, NodeId id) {
  std::vector<NodeId> nodes{id};
  std::vector<std::string> actions;
  while (!graph.node(nodes.back()).in.empty()) {
    const GraphEdge& e = graph.edge(graph.node(nodes.back()).in.front());
    actions.push_back(e.action);
    nodes.push_back(e.parent);
  }
  TreePath path;
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it)
    path.nodes.push_back(graph.node(*it).goal);
  path.actions.assign(actions.rbegin(), actions.rend());
  return path;
}

bool IsReflexiveEquality(const std::string& fact) {
  kernel::Term term;
  try {
    term = kernel::ParseTerm(fact);
  } catch (const InputError&) {
    return false;
  }
  if (!term.IsEquality()) return false;
  const std::span<const kernel::Term> args = term.arguments();
  return args.size() >= 2 && args[args.size() - 1] == args[args.size() - 2];
}

std::vector<HindsightProof> CollectHindsight(const kernel::Theory& theory, const ProofGraph& graph,
                                             int max_goals, Rng* rng, bool skip_reflexive) {
  // fact -> last node deriving it; std::map keeps the result independent of hashing.
  std::map<std::string, NodeId> last_by_fact;
  for (NodeId id = 0; id < static_cast<NodeId>(graph.size()); ++id) {
    const GoalNode& goal = graph.node(id).goal;
    if (goal.IsTerminal() || !CreatedProp(goal)) continue;
    std::string fact = *SingleState(goal)->LastProvenProposition();
    if (skip_reflexive && IsReflexiveEquality(fact)) continue;
    last_by_fact[std::move(fact)] = id;
  }
  std::vector<NodeId> candidates;
  for (const auto& [fact, id] : last_by_fact) candidates.push_back(id);
  std::sort(candidates.begin(), candidates.end());
  // A uniform sample of max_goals candidates, kept in node order.
  if (static_cast<int>(candidates.size()) > max_goals) {
    for (int i = 0; i < max_goals; ++i) {
      std::swap(candidates[static_cast<size_t>(i)],
                candidates[static_cast<size_t>(i) + rng->Below(candidates.size() - i)]);
    }
    candidates.resize(static_cast<size_t>(max_goals));
    std::sort(candidates.begin(), candidates.end());
  }
  std::vector<HindsightProof> proofs;
  std::set<std::string> statements;
  for (NodeId id : candidates) {
    std::optional<HindsightProof> h = Relabel(theory, PathTo(graph, id));
    if (h && statements.insert(h->statement).second) proofs.push_back(std::move(*h));
  }
  return proofs;
}

std::vector<std::string> PathProofScript(const TreePath& path) {
  // The path as a graph whose only proved branch is the path itself; the
  // shortest-proof chooser then renders exactly these steps.
  ProofGraph graph(ProofGraph::Mode::kTree);
  NodeId current = graph.AddRoot(path.nodes.front());
  for (const std::string& action : path.actions) {
    const ProofGraph::Expansion e = graph.Expand(current);
    const auto taken = std::find_if(e.edges.begin(), e.edges.end(),
                                    [&](EdgeId id) { return graph.edge(id).action == action; });
    LF_CHECK(taken != e.edges.end());
    current = graph.edge(*taken).child;
  }
  LF_CHECK(graph.node(graph.root()).status == Status::kProved);
  return ExtractProof(graph, ShortestProofChooser(graph)).lines;
}

SearchRecord PathRecord(const HindsightProof& proof) {
  const TreePath& path = proof.proof;
  SearchRecord record;
  record.proof = proof.script;
  auto add_node = [&record](const GoalNode& goal, bool in_proof) {
    RecordNode n;
    n.state = goal.ToString();
    n.kind = goal.IsTerminal()      ? NodeKind::kTerminal
             : goal.IsConjunctive() ? NodeKind::kAnd
                                    : NodeKind::kOr;
    n.in_proof = in_proof;
    record.nodes.push_back(std::move(n));
    return static_cast<int32_t>(record.nodes.size() - 1);
  };
  int32_t current = add_node(path.nodes.front(), true);
  for (size_t i = 0; i + 1 < path.nodes.size(); ++i) {
    if (!path.nodes[i].IsConjunctive()) {
      // Siblings of the taken action: the one-step-off states.
      const GoalNode::Expansion e = path.nodes[i].Expand();
      for (size_t k = 0; k < e.actions.size(); ++k) {
        if (e.actions[k] == path.actions[i]) continue;
        record.edges.push_back({current, add_node(e.children[k], false), e.actions[k]});
      }
    }
    const int32_t next = add_node(path.nodes[i + 1], true);
    RecordEdge taken{current, next, path.actions[i]};
    taken.in_proof = true;
    record.edges.push_back(std::move(taken));
    current = next;
  }
  return record;
}

}  // namespace lf::search
