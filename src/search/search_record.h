#pragma once
// What one proof attempt leaves behind, as plain data (issue 3; bait.md §4.1,
// minimo §3.6): the HDF5 writer (io/) stores it, learning derives examples from
// it, `prove` prints from it. No pointers into live search state.
//
// Training examples (minimo §3.8, LMPolicy.extract_examples), from a record:
//   * only a solved record (one holding a CheckedProof) gives examples;
//   * policy: at every OR node of the solution, for every child action a,
//     "S: <state>\nA: <a>\n???Y" if a is the solution's action there, else "...???N";
//   * value: "S: <s>\n???Y" for each state on the solution (terminal "<solved>"
//     included), "S: <s>\n???N" for every other distinct state of the graph,
//     subsampled uniformly (seeded) to at most ratio x #positives (ratio 10:
//     minimo's effective max_positive_negative_ratio, lemmaforge decision 4);
//   * a state longer than 490 characters becomes "[...] " + its last 490.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "kernel/checker.h"
#include "search/proof_graph.h"

namespace lf::search {

// One graph node. Indices into SearchRecord::nodes equal the search's NodeIds.
struct RecordNode {
  std::string state;  // GoalNode string ("G=1\nState: ...", "<solved>")
  NodeKind kind = NodeKind::kOr;
  Status status = Status::kOpen;
  int visits = 0;         // algorithm visit count (MCTS/HTPS backups; 0 elsewhere)
  double value = 0;       // mean backed-up value if visited, else the evaluator's estimate (or 0)
  bool in_proof = false;  // part of the extracted solution
  int expansion_order = -1;  // GraphNode::expansion_order: k-th expansion; -1 never expanded
  // The critic's score: the evaluator's value estimate (GraphNode::value; MCTS
  // lazy: the action value until the node is expanded); NaN if never scored.
  double critic = std::numeric_limits<double>::quiet_NaN();
};

// One parent -> child edge (for an AND node: one goal, action "0", "1", ...).
struct RecordEdge {
  int32_t parent = 0;     // index into nodes
  int32_t child = 0;      // index into nodes
  std::string action;     // action string ("intro.", "c +_s", "=> ...", "0")
  double prior = 0;       // normalised prior the search used
  int visits = 0;         // HTPS edge count N (policy target = visits / sum over siblings)
  bool in_proof = false;  // the solution's choice at its parent
};

// One proof attempt. Plain, copyable data; no reference to the search remains.
struct SearchRecord {
  std::string theorem;    // the root goal, as printed by the kernel
  std::string algorithm;  // "mcts", "bestfs", ...
  // The proof, iff the search proved the root AND the kernel's checker accepted
  // the extracted script; nothing else makes a record successful.
  std::optional<kernel::CheckedProof> proof;
  std::string check_error;        // checker message when a found proof was rejected
  double proof_logprob = 0;       // sum of log priors along the proof (minimo §3.7)
  int iterations = 0;             // selection steps (MCTS: tree-policy descents)
  int expansions = 0;             // nodes expanded / forward steps verified
  int invalid_steps = 0;          // forward prover: proposals the kernel rejected
  double seconds = 0;             // wall time of the search
  std::vector<RecordNode> nodes;  // nodes[0] is the root
  std::vector<RecordEdge> edges;

  bool success() const { return proof.has_value(); }
};

// A model-training string (minimo §3.8): policy or value, with its Y/N label last.
struct TrainingExample {
  enum class Kind { kPolicy, kValue };
  Kind kind = Kind::kValue;
  std::string text;  // "S: ...\nA: ...\n???Y" or "S: ...\n???N"
};

inline constexpr size_t kMaxExampleStateChars = 490;
inline constexpr double kMaxNegativeRatio = 10.0;

// "S: <state>\n???Y" (proved) or "...???N": a value (critic) example, the state
// truncated as above.
std::string ValueExampleText(const std::string& state, bool provable);

// The policy examples of a record (the first bullet of the header comment),
// without the value examples: what the end-to-end loop's policy learns from.
std::vector<TrainingExample> PolicyExamples(const SearchRecord& record);

// Examples of a record per the header comment; `rng` drives the subsampling.
std::vector<TrainingExample> ExtractTrainingExamples(const SearchRecord& record, Rng* rng,
                                                     double max_negative_ratio = kMaxNegativeRatio);

}  // namespace lf::search
