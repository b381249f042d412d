#pragma once
// The tasks the learner root hands out during an iteration of `lemmaforge run`
// and the results that come back (the payloads of mpi/work_queue.h; encoded
// with core/bytes.h).
//
//   ConjectureTask  sample `count` novel conjectures (learn/conjecturer.h) with
//                   the current model, `known` statements counting as seen
//   ProveTask       search for a proof of `statement` (a conjecture, a final
//                   goal, or in online mode a forward target), then relabel the search graph in hindsight; or, for a
//                   held-out problem, search with the evaluation's budget and
//                   evaluator and return only the outcome
//
// Results carry what the root needs to label, train and log: the proof attempt,
// its training examples, and the hindsight theorems with their own examples.
// Proofs travel as text, but a ProveResult holds them only as kernel::CheckedProof:
// the sender encodes the checked script, and DecodeProveResult runs the kernel's
// checker on it again -- a message is bytes from another process, and nothing
// the root stores, trains on or reports as proved is taken on trust.
// Search graphs never travel: the rank that ran the search writes the graph to
// its own HDF5 shard.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/records.h"
#include "kernel/checker.h"
#include "kernel/theory.h"
#include "search/search_record.h"

namespace lf::app {

struct ConjectureTask {
  int count = 0;
  uint64_t seed = 0;
  std::vector<std::string> known;
  std::string label = "hard";  // the sampling prompt is "Conj:(<label>) "
};

// What a proof task is for.
enum class ProvePurpose : uint8_t {
  kConjecture = 0,   // a conjecture: search, hindsight, training examples, graph stored
  kGoal = 1,         // a final goal of the goal set: the same as a conjecture
  kEvalModel = 2,    // a held-out problem, searched with the run's model
  kEvalUniform = 3,  // a held-out problem, searched with the uniform evaluator
  kForward = 4,      // online mode: a forward proof (online.forward_algorithm) toward a
                     // target, otherwise as a goal
};

inline bool IsEval(ProvePurpose p) {
  return p == ProvePurpose::kEvalModel || p == ProvePurpose::kEvalUniform;
}

struct ProveTask {
  std::string statement;
  uint64_t seed = 0;
  ProvePurpose purpose = ProvePurpose::kConjecture;
  std::string name{};  // a goal's or problem's name (its trace's problem); "" for a conjecture
};

struct ConjectureResult {
  std::vector<std::string> conjectures;  // contracted, novel within the task
  std::vector<std::string> refuted;      // sampled, novel, but false on a small instance
  double seconds = 0.0;
};

struct HindsightResult {
  std::string statement;                          // the relabelled theorem
  kernel::CheckedProof proof;                     // its minimised script; proves `statement`
  double logprob = 0.0;                           // of that proof under the policy
  std::vector<search::TrainingExample> examples;  // of the path-following re-proof
};

struct ProveResult {
  io::ProofAttempt attempt;                       // iteration and rank filled in; `success`
                                                  // and `proof` are set by DecodeProveResult
                                                  // from `proof` below, and only there
  std::optional<kernel::CheckedProof> proof;      // the search's proof of attempt.theorem
  std::vector<search::TrainingExample> examples;  // of the search (empty unless proved)
  std::vector<HindsightResult> hindsight;
  double hindsight_seconds = 0.0;
  int64_t graph_nodes = 0;  // nodes of the search graph (stored by the searching rank)
};

// A task is one of the two kinds; the first byte says which.
enum class TaskKind : uint8_t { kConjecture = 1, kProve = 2 };

std::string Encode(const ConjectureTask& task);
std::string Encode(const ProveTask& task);
TaskKind KindOf(const std::string& task_bytes);
ConjectureTask DecodeConjectureTask(const std::string& bytes);
ProveTask DecodeProveTask(const std::string& bytes);

std::string Encode(const ConjectureResult& result);
std::string Encode(const ProveResult& result);
ConjectureResult DecodeConjectureResult(const std::string& bytes);
// Re-checks every proof in `theory`'s base; a proof the checker rejects, or one
// of another statement than it claims, is a bug on the sending rank (a
// corrupted message included) and aborts with the kernel's verdict.
ProveResult DecodeProveResult(const std::string& bytes, const kernel::Theory& theory);

}  // namespace lf::app
