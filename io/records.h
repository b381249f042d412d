#pragma once
// Records that lemmaforge writes to HDF5 shards, documented column by column (the
// role KataGo's trainingwrite.h plays for its .npz files). docs/data-format.md shows
// the same layout from the file's side, with an h5py example.
//
// A shard is one HDF5 file written by one rank for one iteration. Root attributes:
//
//   kind            string  "lemmaforge-shard"
//   schema_version  int64   kSchemaVersion below; readers refuse any other value
//   config          string  the fully resolved run configuration (key = value text)
//   created_by      string  "lemmaforge <git revision>"
//   rank            int64   MPI world rank of the writer
//   iteration       int64   bootstrap iteration the shard belongs to
//
// Every table is a group holding equally long 1-D columns (chunked, deflate-
// compressed, extendable) and an int64 attribute `rows`. A string column X is a
// group X with two datasets, because HDF5 cannot compress variable-length strings:
//
//   X/chars  uint8   the UTF-8 bytes of all rows, concatenated
//   X/ends   uint64  end offset of each row: row i = chars[ends[i-1] : ends[i]], ends[-1] = 0
//
// Tables (group: columns):
//
//   /proof_attempts     one row per proof attempt (ProofAttempt)
//   /search_graphs      one row per search graph (SearchGraph without its nodes/edges)
//   /search_nodes       the nodes of every graph, graph after graph (SearchNode)
//   /search_edges       the edges of every graph, graph after graph (SearchEdge)
//   /training_examples  one row per training string (TrainingExample)
//   /conjectures        one row per conjecture (Conjecture)
//
// Every row carries its own indices (iteration, rank, graph, node) so that rows can
// be filtered and joined without counting positions.
//
// Schema history: 1 = first version; 2 = /iterations gains n_hindsight,
// n_examples and the phase wall times (prove_seconds ... communication_seconds);
// 3 = /iterations gains n_refuted, /conjectures outcome 2 (refuted), metrics.h5
// gains the /eval table (held-out pass@1).
// Bump kSchemaVersion whenever a column is added, removed or changes meaning,
// and note it here and in docs/data-format.md.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace lf::io {

inline constexpr int32_t kSchemaVersion = 3;

// Values of the root attribute `kind`.
inline constexpr const char* kShardKind = "lemmaforge-shard";
inline constexpr const char* kMetricsKind = "lemmaforge-metrics";

// /proof_attempts -- one search for a proof of one statement.
struct ProofAttempt {
  std::string theorem;    // string: the statement, in Peano syntax
  std::string algorithm;  // string: search algorithm name ("mcts", "htps", "bestfs", ...)
  bool success = false;   // int8:   1 if a proof was found, else 0
  std::string proof;      // string: the proof script; "" when success == 0
  double proof_logprob = std::numeric_limits<double>::quiet_NaN();
  // float64: log-probability of the proof under the policy
  //          (minimo difficulty); NaN when success == 0
  int64_t expansions = 0;  // int64:  search expansions used
  double seconds = 0.0;    // float64: wall-clock seconds of the attempt
  int32_t iteration = 0;   // int32:  bootstrap iteration
  int32_t rank = 0;        // int32:  MPI world rank that ran it

  bool operator==(const ProofAttempt&) const = default;
};

// Status of a search node (column /search_nodes/status).
enum class NodeStatus : int8_t {
  kOpen = 0,    // not decided
  kProved = 1,  // solved (proof found below it)
  kFailed = 2,  // dead: no action applies or every child failed
};

// /search_nodes -- one proof state in a search graph.
struct SearchNode {
  std::string state;                      // string: the proof state string (peano.md state strings)
  int64_t visits = 0;                     // int64:  visit count
  double value = 0.0;                     // float64: value estimate
  NodeStatus status = NodeStatus::kOpen;  // int8: NodeStatus

  bool operator==(const SearchNode&) const = default;
};

// /search_edges -- one action from a parent state to a child state.
struct SearchEdge {
  int64_t parent = 0;  // int64:  node index within the graph (0 = root)
  int64_t child = 0;   // int64:  node index within the graph
  std::string action;  // string: action string
  double prior = 0.0;  // float64: policy prior of the action

  bool operator==(const SearchEdge&) const = default;
};

// /search_graphs -- one search graph. In the file its nodes and edges live in
// /search_nodes and /search_edges; the graph row locates them:
//   first_node int64, num_nodes int64, first_edge int64, num_edges int64
// and every node/edge row also has a `graph` int64 column (row in /search_graphs).
struct SearchGraph {
  std::string theorem;            // string: the root statement
  int32_t iteration = 0;          // int32
  int32_t rank = 0;               // int32
  std::vector<SearchNode> nodes;  // node i is referenced by edges as i
  std::vector<SearchEdge> edges;

  bool operator==(const SearchGraph&) const = default;
};

// What a training string teaches (column /training_examples/kind).
enum class ExampleKind : int8_t {
  kPolicy = 0,      // state -> action string
  kValue = 1,       // state -> value label string
  kConjecture = 2,  // "Conj:(bucket) statement"
};

// /training_examples -- one string the model trains on (minimo §4.3 formats).
struct TrainingExample {
  std::string text;                         // string
  ExampleKind kind = ExampleKind::kPolicy;  // int8: ExampleKind
  int32_t iteration = 0;                    // int32

  bool operator==(const TrainingExample&) const = default;
};

// Outcome of a conjecture's proof attempt (column /conjectures/outcome).
enum class ConjectureOutcome : int8_t {
  kUnproved = 0,
  kProved = 1,
  kRefuted = 2,  // false on a small instance (search/refutation.h); never searched
};

// Difficulty bucket (minimo §5.1: percentiles of proof log-probabilities).
enum class DifficultyBucket : int8_t {
  kFail = 0,  // not proved
  kHard = 1,
  kEasy = 2,
  kTriv = 3,
};

// /conjectures -- one conjectured statement and what became of it.
struct Conjecture {
  std::string statement;                                     // string
  ConjectureOutcome outcome = ConjectureOutcome::kUnproved;  // int8
  DifficultyBucket bucket = DifficultyBucket::kFail;         // int8
  int32_t iteration = 0;                                     // int32

  bool operator==(const Conjecture&) const = default;
};

// ---------------------------------------------------------------------------
// metrics.h5 (io/metrics_log.h). Root attributes: kind = "lemmaforge-metrics",
// schema_version, config, created_by. Three tables, same column conventions:

// /steps -- one row per gradient step.
struct StepMetrics {
  int64_t global_step = 0;     // int64:  step counter over the whole run
  int32_t iteration = 0;       // int32:  bootstrap iteration of the step
  double loss = 0.0;           // float64: total loss
  double train_loss = 0.0;     // float64: loss on conjecture/search examples
  double progress_loss = 0.0;  // float64: goal-conditioning loss (0 when unused)
  double alpha = 0.0;          // float64: goal-conditioning alpha
  double mu = 0.0;             // float64: goal-conditioning mu
  double wall_time = 0.0;      // float64: Unix time (s) when the row was recorded

  bool operator==(const StepMetrics&) const = default;
};

// /iterations -- one row per bootstrap iteration.
struct IterationMetrics {
  int32_t iteration = 0;               // int32
  int64_t n_conjectures = 0;           // int64
  int64_t n_proven = 0;                // int64
  double ratio_proven = 0.0;           // float64: n_proven / n_conjectures
  double final_goals_proven = 0.0;     // float64: fraction of the goal file proved
  double val_loss = 0.0;               // float64
  double mean_hard_logprob = 0.0;      // float64: mean proof log-prob of the hard bucket
  std::array<double, 3> thresholds{};  // float64[3]: bucket thresholds (hard, easy, triv);
                                       // stored as a rows x 3 dataset
  int64_t n_hindsight = 0;             // int64: new theorems found by hindsight relabelling
  int64_t n_examples = 0;              // int64: training examples the iteration produced
  double prove_seconds = 0.0;          // float64: wall time of the prove phase (conjecturing
                                       // included)
  double conjecture_seconds = 0.0;     // float64: part of prove_seconds spent conjecturing
  double label_seconds = 0.0;          // float64: labelling, hindsight merge, shard writing
  double train_seconds = 0.0;          // float64: training and validation
  double communication_seconds = 0.0;  // float64: control messages and weight broadcast
  double wall_time = 0.0;              // float64: Unix time (s) when the row was recorded
  int64_t n_refuted = 0;               // int64: sampled conjectures refuted on small instances (not
                                       // searched, not counted in n_conjectures)

  bool operator==(const IterationMetrics&) const = default;
};

// /eval -- one row per evaluation of a held-out problem list (run.eval_problems):
// every problem searched once (pass@1) with one evaluator at one budget.
struct EvalMetrics {
  int32_t iteration = 0;   // int32:  training iterations completed before the evaluation
                           //         (0 = the untrained model / the uniform baseline)
  std::string split;       // string: which list ("heldout")
  std::string evaluator;   // string: "model" (the run's model) or "uniform" (the baseline)
  std::string algorithm;   // string: search algorithm
  int64_t budget = 0;      // int64:  search budget per problem
  int64_t solved = 0;      // int64:  problems proved (every proof re-checked by the kernel)
  int64_t attempted = 0;   // int64:  problems searched
  double pass_at_1 = 0.0;  // float64: solved / attempted
  int64_t expansions = 0;  // int64:  expansions summed over the problems
  double seconds = 0.0;    // float64: wall time of the evaluation
  double wall_time = 0.0;  // float64: Unix time (s) when the row was recorded

  bool operator==(const EvalMetrics&) const = default;
};

}  // namespace lf::io
