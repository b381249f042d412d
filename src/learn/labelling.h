#pragma once
// Labelling one iteration of `lemmaforge run` (step 3 of app/run_job.h; spec
// minimo.md §3.7, §4.3, §5.1): what the learner root makes of the iteration's
// proof attempts before it trains on them.
//
//   1. Thresholds: from the proof log-probabilities of the proven conjectures
//      (search/difficulty.h); every label below uses them.
//   2. Conjecture attempts, in task order: the conjecture record (proved or
//      unproved, with its bucket), the string "Conj:(label) <elaborated
//      statement>", the search's examples, then every hindsight proof whose
//      statement is new (neither a held-out statement nor seen before, this
//      iteration or an earlier one): a proof attempt to store, its
//      "Conj:(label) ..." string (of the problem instead with
//      hindsight_conjecture_on_problem) and its examples.
//   3. Refuted statements (never searched): a refuted record in the fail
//      bucket each, and "Conj:(fail) ..." for the first max_refuted_examples.
//   4. Final goals, labelled with the conjectures' thresholds (as in the
//      goal-conditioned fork): like a conjecture, but no conjecture record, and
//      a "Conj:(fail) ..." string only with fail_strings_for_goals.
//   5. The numbers of the iteration's metrics row.
//
// The output keeps that order: one LabelledStatement per input, and within it
// the conjecture record, the examples, then the hindsight proofs, each with its
// own examples -- the order in which the root stores and trains on them
// (Labelling::Examples()). Nothing here reads or writes files: the app turns
// the result into shard records (io/records.h).
//
// Thread safety: pure function of its inputs (the theory is only read).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/theory.h"
#include "search/difficulty.h"
#include "search/search_record.h"

namespace lf::learn {

class NoveltyFilter;

// ---- input ----

// A proof found in hindsight (search/hindsight.h), checked by the kernel.
struct HindsightProof {
  std::string statement;                              // the relabelled theorem
  std::string_view proof;                             // its script, lines joined by '\n'
  double logprob = 0.0;                               // of that proof under the policy
  std::span<const search::TrainingExample> examples;  // of the path-following re-proof
};

// One proof attempt of a conjecture or a final goal. Views: the spans point into
// the caller's results, which must outlive the call.
struct LabelAttempt {
  std::string statement;
  bool success = false;  // the kernel's checker accepted the proof
  double logprob = 0.0;  // of the proof under the policy; read only if success
  int rank = 0;          // the rank that ran the search (copied to its hindsight proofs)
  std::span<const search::TrainingExample> examples;  // of the search
  std::vector<HindsightProof> hindsight;
};

struct LabelOptions {
  std::vector<search::DifficultyBucket> buckets = search::DefaultBuckets();
  bool fail_strings_for_goals = false;           // run.fail_strings_for_goals
  bool hindsight_conjecture_on_problem = false;  // run.hindsight_conjecture_on_problem
  int max_refuted_examples = -1;                 // run.max_refuted_examples; < 0: all
  // false: no "Conj:(label) ..." strings at all (the end-to-end loop trains no
  // conjecturer: only its search examples and the critic's labels).
  bool conjecture_strings = true;
};

struct LabelInput {
  std::vector<LabelAttempt> conjectures;        // one per accepted conjecture, in task order
  std::span<const std::string> refuted;         // sampled, novel, refuted; in task order
  std::vector<LabelAttempt> goals;              // one per final goal, in goal order
  int64_t n_conjectures = 0;                    // accepted conjectures (ratio_proven's denominator)
  std::span<const std::string> hindsight_seen;  // hindsight statements of earlier iterations
};

// ---- output ----

// Mirrors io::ExampleKind, io::ConjectureOutcome and io::DifficultyBucket (learn
// does not depend on io).
enum class ExampleKind { kPolicy, kValue, kConjecture };
enum class Outcome { kUnproved, kProved, kRefuted };
// The shard records the reference's three buckets; buckets past the second
// count as kTriv.
enum class Bucket { kFail, kHard, kEasy, kTriv };

struct Example {
  ExampleKind kind = ExampleKind::kConjecture;
  std::string text;

  bool operator==(const Example&) const = default;
};

struct ConjectureLabel {
  std::string statement;
  Outcome outcome = Outcome::kUnproved;
  Bucket bucket = Bucket::kFail;

  bool operator==(const ConjectureLabel&) const = default;
};

// A hindsight proof to store (algorithm "hindsight", success) and train on.
struct HindsightLabel {
  std::string statement;
  std::string proof;  // the script's lines joined by '\n'
  double logprob = 0.0;
  int rank = 0;
  std::vector<Example> examples;  // "Conj:(label) ...", then the re-proof's examples
};

// What one input (conjecture attempt, refuted statement or goal attempt) yields.
struct LabelledStatement {
  std::optional<ConjectureLabel> conjecture;  // none for final goals
  std::vector<Example> examples;              // "Conj:(label) ..." (if any), then the search's
  std::vector<HindsightLabel> hindsight;      // the new hindsight proofs, in input order
};

// The labelling's numbers of the iteration's metrics row (io::IterationMetrics).
struct IterationNumbers {
  int64_t n_proven = 0;                // conjectures proven
  double ratio_proven = 0.0;           // n_proven / n_conjectures; 0 without conjectures
  std::array<double, 3> thresholds{};  // of the first three buckets; NaN where absent
  double mean_hard_logprob = 0.0;      // of the proofs in the hard bucket; NaN if none
  double final_goals_proven = 0.0;     // fraction of the goal attempts that succeeded; 0 if none
  int64_t n_hindsight = 0;             // new hindsight proofs
};

struct Labelling {
  std::vector<LabelledStatement> conjectures;  // one per LabelInput::conjectures
  std::vector<LabelledStatement> refuted;      // one per LabelInput::refuted
  std::vector<LabelledStatement> goals;        // one per LabelInput::goals
  std::vector<std::string> proven;             // conjectures proven now, in order
  std::vector<std::string> hindsight_seen;     // hindsight statements seen now, in order
  IterationNumbers numbers;

  // Every example in the order the root stores and trains on them: conjectures,
  // refuted, goals; within a statement its examples, then its hindsight proofs'.
  std::vector<Example> Examples() const;
};

// Labels one iteration (see the header comment). `held_out` holds the held-out
// statements: their hindsight proofs are never kept. Throws kernel::KernelError
// (with the statement) if a statement does not elaborate in `theory`.
Labelling Label(const kernel::Theory& theory, const LabelInput& input,
                const NoveltyFilter& held_out, const LabelOptions& options);

// "Conj:(label) <statement elaborated in theory>" (minimo §4.3).
std::string ConjectureString(const kernel::Theory& theory, const std::string& label,
                             const std::string& statement);

// The shard bucket of a difficulty label ("fail" or one of `buckets`' labels).
Bucket BucketOf(const std::string& label, const std::vector<search::DifficultyBucket>& buckets);

}  // namespace lf::learn
