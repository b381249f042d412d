#include "search/proof_script.h"

#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

#include "core/check.h"
#include "core/error.h"
#include "kernel/syntax.h"
#include "kernel/typing.h"

namespace lf::search {
namespace {

using kernel::ProofAction;

// Whether the constructed object is a proof: its type is an equality (the
// kernel's is_prop) or any proposition (type of its type is prop). The kernel's
// display quirk (peano.md §19.1) only counts equalities; the script needs the
// real notion, since a proof term may mention hidden names ("x@type").
bool IsProposition(const ProofAction& action, const kernel::ProofState& state) {
  return action.is_prop || kernel::HasPropType(action.dtype, state.derivation().context());
}

class Renderer {
 public:
  Renderer(const ProofGraph& graph, const EdgeChooser& choose, ExtractedProof* out)
      : graph_(graph), choose_(choose), out_(out) {}

  void Node(NodeId id, int indent) {
    const GraphNode& n = graph_.node(id);
    out_->nodes.push_back(id);
    if (n.kind == NodeKind::kTerminal) return;
    // AND nodes only follow SelectGoals edges, whose rendering handles them.
    LF_CHECK(n.kind == NodeKind::kOr);
    const EdgeId e = choose_(id);
    LF_CHECK_NE(e, kNoEdge);
    const GraphEdge& edge = graph_.edge(e);
    out_->edges.push_back(e);
    out_->logprob += std::log(edge.prior);
    const kernel::ProofState& state = n.goal.states()[0];
    const ProofAction& action = *edge.proof_action;
    const NodeId child = edge.child;
    switch (action.kind) {
      case ProofAction::Kind::kIntro: {
        std::vector<kernel::ProofState> next = state.Execute(action);
        if (next.empty()) {
          Line(indent, "intro _ : " + state.FormatGoal() + ".");
        } else {
          const std::string& name = next[0].last_construction();
          const kernel::Entry* entry = next[0].derivation().context().Lookup(name);
          LF_CHECK(entry != nullptr);
          Line(indent, "intro " + name + " : " + entry->def.dtype.ToString() + ".");
        }
        break;
      }
      case ProofAction::Kind::kConstruct:
      case ProofAction::Kind::kApply:
        break;
      case ProofAction::Kind::kSelectConstruction: {
        const std::string& arrow = state.last_action()->arrow;
        std::vector<kernel::ProofState> next = state.Execute(action);
        if (IsProposition(action, state) || next.empty()) {
          Line(indent, "show " + action.dtype.ToString() + " by " + arrow + ".");
        } else {
          Line(indent, "construct " + next[0].last_construction() + " : " +
                           action.dtype.ToString() + " = " + action.value.ToString() + " by " +
                           arrow + ".");
        }
        break;
      }
      case ProofAction::Kind::kSelectGoals: {
        Line(indent, "apply " + state.last_action()->arrow + ".");
        const GraphNode& c = graph_.node(child);
        out_->nodes.push_back(child);
        if (c.kind == NodeKind::kAnd) {
          for (EdgeId g : c.out) Goal(g, indent);
        } else if (c.kind == NodeKind::kOr) {
          GoalBlock(child, indent);
        }
        return;
      }
    }
    Node(child, indent);
  }

 private:
  void Goal(EdgeId e, int indent) {
    out_->edges.push_back(e);
    GoalBlock(graph_.edge(e).child, indent);
  }
  void GoalBlock(NodeId goal, int indent) {
    Line(indent, "goal " + graph_.node(goal).goal.states()[0].FormatGoal() + " {");
    Node(goal, indent + 1);
    Line(indent, "}");
  }
  void Line(int indent, const std::string& text) {
    out_->lines.push_back(std::string(4 * indent, ' ') + text);
  }

  const ProofGraph& graph_;
  const EdgeChooser& choose_;
  ExtractedProof* out_;
};

}  // namespace

EdgeChooser ShortestProofChooser(const ProofGraph& graph) {
  // size[n] = OR steps in the smallest proof below n (proved nodes only).
  auto memo = std::make_shared<std::unordered_map<NodeId, std::pair<double, EdgeId>>>();
  auto size = std::make_shared<std::function<std::pair<double, EdgeId>(NodeId)>>();
  *size = [&graph, memo, weak = std::weak_ptr(size)](NodeId id) -> std::pair<double, EdgeId> {
    auto it = memo->find(id);
    if (it != memo->end()) return it->second;
    auto self = weak.lock();
    const GraphNode& n = graph.node(id);
    std::pair<double, EdgeId> best{std::numeric_limits<double>::infinity(), kNoEdge};
    if (n.kind == NodeKind::kTerminal) {
      best.first = 0;
    } else if (n.kind == NodeKind::kAnd) {
      best.first = 0;
      for (EdgeId e : n.out) best.first += (*self)(graph.edge(e).child).first;
    } else {
      for (EdgeId e : n.out) {
        const NodeId c = graph.edge(e).child;
        if (graph.node(c).status != Status::kProved) continue;
        const double s = 1 + (*self)(c).first;
        if (s < best.first) best = {s, e};
      }
    }
    memo->emplace(id, best);
    return best;
  };
  return [size](NodeId id) { return (*size)(id).second; };
}

ExtractedProof ExtractProof(const ProofGraph& graph, const EdgeChooser& choose) {
  ExtractedProof out;
  const GraphNode& root = graph.node(graph.root());
  out.lines.push_back("theorem t : " + root.goal.states()[0].FormatGoal() + " {");
  Renderer renderer(graph, choose, &out);
  renderer.Node(graph.root(), 1);
  out.lines.push_back("}");
  return out;
}

kernel::CheckVerdict CheckProofScript(const kernel::Theory& theory,
                                      const std::vector<std::string>& lines) {
  return kernel::CheckScript(theory.base(), lines).verdict;
}

}  // namespace lf::search
