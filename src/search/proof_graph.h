#pragma once
// ProofGraph: the AND/OR proof graph every search algorithm works on (bait.md
// §2.4-2.5, minimo §3.1).
//
// A node wraps one GoalNode (minimo's HolophrasmNode):
//   kTerminal  no goals left ("<solved>"); PROVED from birth
//   kAnd       2+ goals (conjunctive); its children are the goals one at a time,
//              edges "0", "1", ...
//   kOr        1 goal; its children are the goal's proof actions
// Edges run parent -> child and carry the action string, the kernel action (OR
// edges only), the prior, and the per-edge statistics some algorithms keep.
//
// Two modes:
//   kTree  every expansion creates fresh children (minimo's TreeSearchNode tree;
//          the same state may occur many times). MCTS and the forward prover.
//   kDag   nodes are keyed by their state string: a child whose state already
//          exists is linked, not copied (BAIT's node_map). An edge that would
//          close a cycle (the child is the parent or one of its ancestors) is
//          dropped and counted in cycles_dropped(). Conjunctive children are
//          expanded at once (it costs no model call), so their subgoals exist as
//          soon as the AND node does.
//
// Status (bait.md §2.5 _recompute_status, made exact for AND/OR):
//   terminal                      PROVED
//   OR,  any child PROVED         PROVED
//   OR,  expanded, all children FAILED (vacuously: no children)   FAILED
//   AND, all children PROVED      PROVED
//   AND, any child FAILED, or a goal dropped as a cycle           FAILED
//   otherwise                     OPEN
// PROVED and FAILED are final. A status change is propagated to every parent
// (worklist; terminates because statuses only move away from OPEN). Because
// cycles are never linked, PROVED is well founded and a proof can always be
// extracted from a PROVED node (proof_script.h).
//
// Ownership and threads: the graph owns its nodes and edges (ids are indices,
// stable for the graph's lifetime). Not thread-safe; one search owns one graph.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "search/goal_node.h"

namespace lf::search {

using NodeId = int32_t;
using EdgeId = int32_t;
inline constexpr NodeId kNoNode = -1;
inline constexpr EdgeId kNoEdge = -1;

enum class Status : uint8_t { kOpen, kProved, kFailed };
enum class NodeKind : uint8_t { kOr, kAnd, kTerminal };

// "open", "proved", "failed".
const char* StatusName(Status status);

struct GraphEdge {
  NodeId parent = kNoNode;
  NodeId child = kNoNode;
  std::string action{};                               // "intro.", "c +_s", "=> ...", "0", ...
  std::optional<kernel::ProofAction> proof_action{};  // set on OR edges
  double prior = 1.0;                                 // normalised prior, set by the search
  // Algorithm statistics (HTPS edge data; zero elsewhere).
  int visits = 0;         // N: completed backups through this edge
  double value_sum = 0;   // W: sum of backed-up values
  int virtual_count = 0;  // V: simulations in flight through this edge
};

struct GraphNode {
  GoalNode goal;
  std::string state{};  // goal.ToString(), the text the model sees
  NodeKind kind = NodeKind::kOr;
  Status status = Status::kOpen;
  bool expanded = false;          // children materialised (all of them)
  size_t eager_count = 0;         // actions before the length filter (0: a dead end)
  bool lost_goal = false;         // kDag AND node one of whose goals closed a cycle: FAILED
  std::vector<EdgeId> out{};      // children, in kernel order
  std::vector<EdgeId> in{};       // parents (one in kTree mode, except the root: none)
  double logprob = 0;             // log prior of the path that first created the node
  std::optional<double> value{};  // the evaluator's value estimate, once known
  int expansion_order = -1;       // k: the graph's k-th Expand() (0-based); -1 never expanded
  // Statistics the algorithms maintain (reported in records).
  int visits = 0;
  double value_sum = 0;
};

class ProofGraph {
 public:
  enum class Mode { kTree, kDag };

  explicit ProofGraph(Mode mode) : mode_(mode) {}
  ProofGraph(const ProofGraph&) = delete;
  ProofGraph& operator=(const ProofGraph&) = delete;

  Mode mode() const { return mode_; }
  size_t size() const { return nodes_.size(); }
  size_t edge_count() const { return edges_.size(); }
  const GraphNode& node(NodeId id) const { return nodes_[id]; }
  GraphNode& node(NodeId id) { return nodes_[id]; }
  const GraphEdge& edge(EdgeId id) const { return edges_[id]; }
  GraphEdge& edge(EdgeId id) { return edges_[id]; }
  NodeId root() const { return 0; }
  int cycles_dropped() const { return cycles_dropped_; }

  // Creates the root (id 0). Must be called once, first.
  NodeId AddRoot(GoalNode goal);

  struct Expansion {
    std::vector<EdgeId> edges;      // the node's new out-edges, in kernel order
    std::vector<NodeId> new_nodes;  // nodes created by this call (incl. AND subgoals in kDag)
  };
  // Materialises all children of an unexpanded, non-terminal node with the kernel
  // (GoalNode::Expand: eager + length filters), then updates statuses. Numbers
  // the node's expansion_order (kDag: an AND subgoal split in the same call is
  // numbered after its parent).
  Expansion Expand(NodeId id);

  // Adds one child edge without expanding the node fully (the forward prover).
  // In kTree mode an existing edge with the same action is reused. The node stays
  // "unexpanded", so it can become PROVED but never FAILED.
  EdgeId AddChild(NodeId parent, std::string action, const kernel::ProofAction& proof_action,
                  GoalNode child);

  // Sets the priors of a node's out-edges from non-negative scores:
  // prior_j = s_j / sum(s), or uniform 1/n when the sum is not positive.
  void SetPriors(NodeId id, const std::vector<double>& scores);

  // Whether `ancestor` equals `id` or reaches it through out-edges.
  bool IsAncestor(NodeId ancestor, NodeId id) const;

 private:
  NodeId NewNode(GoalNode goal, std::string state, NodeId parent);
  EdgeId Link(NodeId parent, NodeId child, std::string action,
              std::optional<kernel::ProofAction> proof_action);
  // Recomputes a node's status from its children and propagates changes upward.
  void Update(NodeId id);
  Status ComputeStatus(NodeId id) const;

  Mode mode_;
  std::vector<GraphNode> nodes_;
  std::vector<GraphEdge> edges_;
  std::unordered_map<std::string, NodeId> by_state_;  // kDag only
  int cycles_dropped_ = 0;
  int expansions_ = 0;  // Expand() calls so far: the next expansion_order
};

}  // namespace lf::search
