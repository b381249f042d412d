#pragma once
// Records that lemmaforge writes to HDF5 shards, the metrics log and proof
// trace files, documented column by column (the role KataGo's trainingwrite.h
// plays for its .npz files). docs/data-format.md shows the same layout from the
// file's side, with h5py examples.
//
// Each record type's columns are defined once, in its Schema<Row> below: a
// table of (dataset name = member name, member, meaning) in file order. The
// shard writer and reader, the metrics log, the trace writer and reader,
// `lemmaforge inspect` and `lemmaforge export` all iterate that table
// (ForEachColumn); none of them names a column. A column's HDF5 type follows
// from its member's C++ type:
//
//   std::string            string column (X/chars uint8 + X/ends uint64, below)
//   bool                   int8 (0 or 1)
//   enum (int8_t based)    int8: the enumerator's value; readers check the range
//   int32_t, int64_t       int32, int64 (little-endian)
//   double                 float64
//   std::array<double, N>  float64, a rows x N dataset
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
// gains the /eval table (held-out pass@1); trace files (kTraceKind) are new in
// version 3 and change no shard or metrics column; 4 = /steps gains
// batch_examples, metrics.h5 gains the /online table (`run.mode = online`), and
// in an online run the `iteration` column of shard records holds the weight
// version (learner step) that produced the record.
// Bump kSchemaVersion whenever a column is added, removed or changes meaning,
// and note it here and in docs/data-format.md.

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace lf::io {

inline constexpr int32_t kSchemaVersion = 4;

// Values of the root attribute `kind`.
inline constexpr const char* kShardKind = "lemmaforge-shard";
inline constexpr const char* kMetricsKind = "lemmaforge-metrics";
inline constexpr const char* kTraceKind = "lemmaforge-trace";

// ---- column tables -----------------------------------------------------------

// One column: its dataset name, the member it stores, what it means.
template <typename Row, typename Member>
struct ColumnDef {
  // A constructor, not aggregate initialisation: clang before 16 has no
  // parenthesised aggregate initialisation, which LF_COLUMN's form needs.
  constexpr ColumnDef(const char* column_name, Member Row::*row_member, const char* column_doc)
      : name(column_name), member(row_member), doc(column_doc) {}
  const char* name;
  Member Row::*member;
  const char* doc;
};
template <typename Row, typename Member>
ColumnDef(const char*, Member Row::*, const char*) -> ColumnDef<Row, Member>;

// Every record type below ends with its schema: `kColumns`, a tuple of
// ColumnDef in file order, and `kTable`, the table (group) its rows are stored
// in (nullptr for rows that only share a table with another record: GraphSpan,
// GraphRef, AttemptRef). Schema<Row> reads them. A record that extends another
// by inheritance (the trace records) lists only its own columns; its table
// holds the base's columns first.
template <typename Row>
struct Schema {
  static constexpr const char* kTable = Row::kTable;
  static constexpr const auto& kColumns = Row::kColumns;
};

// The column of member `m` of the Schema's Row, named after the member.
#define LF_COLUMN(m, doc) ::lf::io::ColumnDef(#m, &Row::m, doc)

// Calls f(column) for each column of Row, in file order.
template <typename Row, typename F>
void ForEachColumn(F&& f) {
  std::apply([&](const auto&... column) { (f(column), ...); }, Schema<Row>::kColumns);
}

// The largest value an enum column may hold (readers reject others).
template <typename E>
inline constexpr E kLastEnumValue = E{};

// ---- shards --------------------------------------------------------------------

// /proof_attempts -- one search for a proof of one statement.
struct ProofAttempt {
  std::string theorem;
  std::string algorithm;
  bool success = false;
  std::string proof;
  double proof_logprob = std::numeric_limits<double>::quiet_NaN();
  int64_t expansions = 0;
  double seconds = 0.0;
  int32_t iteration = 0;
  int32_t rank = 0;

  bool operator==(const ProofAttempt&) const = default;

  using Row = ProofAttempt;
  static constexpr const char* kTable = "proof_attempts";
  static constexpr std::tuple kColumns{
      LF_COLUMN(theorem, "the statement, in Peano syntax"),
      LF_COLUMN(algorithm, "search algorithm name (\"mcts\", \"htps\", \"bestfs\", ...)"),
      LF_COLUMN(success, "1 if a proof was found, else 0"),
      LF_COLUMN(proof, "the proof script; \"\" when success == 0"),
      LF_COLUMN(proof_logprob,
                "log-probability of the proof under the policy (minimo difficulty); NaN "
                "when success == 0"),
      LF_COLUMN(expansions, "search expansions used"),
      LF_COLUMN(seconds, "wall-clock seconds of the attempt"),
      LF_COLUMN(iteration, "bootstrap iteration"),
      LF_COLUMN(rank, "MPI world rank that ran it"),
  };
};

// Status of a search node (column /search_nodes/status).
enum class NodeStatus : int8_t {
  kOpen = 0,    // not decided
  kProved = 1,  // solved (proof found below it)
  kFailed = 2,  // dead: no action applies or every child failed
};
template <>
inline constexpr NodeStatus kLastEnumValue<NodeStatus> = NodeStatus::kFailed;

// /search_nodes -- one proof state in a search graph. In the file a `graph`
// column (GraphRef) comes first. Also the first columns of a trace's /nodes.
struct SearchNode {
  std::string state;
  int64_t visits = 0;
  double value = 0.0;
  NodeStatus status = NodeStatus::kOpen;

  bool operator==(const SearchNode&) const = default;

  using Row = SearchNode;
  static constexpr const char* kTable = "search_nodes";
  static constexpr std::tuple kColumns{
      LF_COLUMN(state, "the proof state string (peano.md state strings)"),
      LF_COLUMN(visits, "visit count"),
      LF_COLUMN(value,
                "value estimate: the mean backed-up value if visited, else the evaluator's "
                "state value (0 when neither)"),
      LF_COLUMN(status, "NodeStatus"),
  };
};

// /search_edges -- one action from a parent state to a child state. In the file
// a `graph` column (GraphRef) comes first. Also the first columns of a trace's
// /edges.
struct SearchEdge {
  int64_t parent = 0;
  int64_t child = 0;
  std::string action;
  double prior = 0.0;

  bool operator==(const SearchEdge&) const = default;

  using Row = SearchEdge;
  static constexpr const char* kTable = "search_edges";
  static constexpr std::tuple kColumns{
      LF_COLUMN(parent, "node index within the graph (0 = root)"),
      LF_COLUMN(child, "node index within the graph"),
      LF_COLUMN(action, "action string"),
      LF_COLUMN(prior, "policy prior of the action"),
  };
};

// /search_graphs -- one search graph. In the file its nodes and edges live in
// /search_nodes and /search_edges; the graph row locates them (GraphSpan
// columns after the graph's own), and every node/edge row names its graph
// (GraphRef).
struct SearchGraph {
  std::string theorem;
  int32_t iteration = 0;
  int32_t rank = 0;
  std::vector<SearchNode> nodes;  // node i is referenced by edges as i
  std::vector<SearchEdge> edges;

  bool operator==(const SearchGraph&) const = default;

  using Row = SearchGraph;
  static constexpr const char* kTable = "search_graphs";
  static constexpr std::tuple kColumns{
      LF_COLUMN(theorem, "the root statement"),
      LF_COLUMN(iteration, "bootstrap iteration"),
      LF_COLUMN(rank, "MPI world rank that ran the search"),
  };
};

// The /search_graphs columns after SearchGraph's own (and the last columns of
// a trace's /attempts, locating its /nodes and /edges).
struct GraphSpan {
  int64_t first_node = 0;
  int64_t num_nodes = 0;
  int64_t first_edge = 0;
  int64_t num_edges = 0;

  using Row = GraphSpan;
  static constexpr const char* kTable = nullptr;
  static constexpr std::tuple kColumns{
      LF_COLUMN(first_node, "the graph's nodes are rows [first_node, first_node + num_nodes)"),
      LF_COLUMN(num_nodes, "of the node table (/search_nodes; a trace's /nodes)"),
      LF_COLUMN(first_edge, "the graph's edges are rows [first_edge, first_edge + num_edges)"),
      LF_COLUMN(num_edges, "of the edge table (/search_edges; a trace's /edges)"),
  };
};

// The first column of /search_nodes and /search_edges.
struct GraphRef {
  int64_t graph = 0;

  using Row = GraphRef;
  static constexpr const char* kTable = nullptr;
  static constexpr std::tuple kColumns{LF_COLUMN(graph, "row in /search_graphs")};
};

// What a training string teaches (column /training_examples/kind).
enum class ExampleKind : int8_t {
  kPolicy = 0,      // state -> action string
  kValue = 1,       // state -> value label string
  kConjecture = 2,  // "Conj:(bucket) statement"
};
template <>
inline constexpr ExampleKind kLastEnumValue<ExampleKind> = ExampleKind::kConjecture;

// /training_examples -- one string the model trains on (minimo §4.3 formats).
struct TrainingExample {
  std::string text;
  ExampleKind kind = ExampleKind::kPolicy;
  int32_t iteration = 0;

  bool operator==(const TrainingExample&) const = default;

  using Row = TrainingExample;
  static constexpr const char* kTable = "training_examples";
  static constexpr std::tuple kColumns{
      LF_COLUMN(text, "the string the model trains on"),
      LF_COLUMN(kind, "ExampleKind"),
      LF_COLUMN(iteration, "bootstrap iteration"),
  };
};

// Outcome of a conjecture's proof attempt (column /conjectures/outcome).
enum class ConjectureOutcome : int8_t {
  kUnproved = 0,
  kProved = 1,
  kRefuted = 2,  // false on a small instance (search/refutation.h); never searched
};
template <>
inline constexpr ConjectureOutcome kLastEnumValue<ConjectureOutcome> = ConjectureOutcome::kRefuted;

// Difficulty bucket (minimo §5.1: percentiles of proof log-probabilities).
enum class DifficultyBucket : int8_t {
  kFail = 0,  // not proved
  kHard = 1,
  kEasy = 2,
  kTriv = 3,
};
template <>
inline constexpr DifficultyBucket kLastEnumValue<DifficultyBucket> = DifficultyBucket::kTriv;

// /conjectures -- one conjectured statement and what became of it.
struct Conjecture {
  std::string statement;
  ConjectureOutcome outcome = ConjectureOutcome::kUnproved;
  DifficultyBucket bucket = DifficultyBucket::kFail;
  int32_t iteration = 0;

  bool operator==(const Conjecture&) const = default;

  using Row = Conjecture;
  static constexpr const char* kTable = "conjectures";
  static constexpr std::tuple kColumns{
      LF_COLUMN(statement, "the conjectured statement"),
      LF_COLUMN(outcome, "ConjectureOutcome"),
      LF_COLUMN(bucket, "DifficultyBucket"),
      LF_COLUMN(iteration, "bootstrap iteration"),
  };
};

// The tables of a shard, in the order the writer creates them.
inline constexpr std::array<const char*, 6> kShardTables{
    Schema<ProofAttempt>::kTable, Schema<SearchGraph>::kTable,     Schema<SearchNode>::kTable,
    Schema<SearchEdge>::kTable,   Schema<TrainingExample>::kTable, Schema<Conjecture>::kTable};

// ---------------------------------------------------------------------------
// metrics.h5 (io/metrics_log.h). Root attributes: kind = "lemmaforge-metrics",
// schema_version, config, created_by. Three tables, same column conventions:

// /steps -- one row per gradient step.
struct StepMetrics {
  int64_t global_step = 0;
  int32_t iteration = 0;
  double loss = 0.0;
  double train_loss = 0.0;
  double progress_loss = 0.0;
  double alpha = 0.0;
  double mu = 0.0;
  double wall_time = 0.0;
  int64_t batch_examples = 0;

  bool operator==(const StepMetrics&) const = default;

  using Row = StepMetrics;
  static constexpr const char* kTable = "steps";
  static constexpr std::tuple kColumns{
      LF_COLUMN(global_step, "step counter over the whole run"),
      LF_COLUMN(iteration, "bootstrap iteration of the step"),
      LF_COLUMN(loss, "total loss"),
      LF_COLUMN(train_loss, "loss on conjecture/search examples"),
      LF_COLUMN(progress_loss, "goal-conditioning loss (0 when unused)"),
      LF_COLUMN(alpha, "goal-conditioning alpha"),
      LF_COLUMN(mu, "goal-conditioning mu"),
      LF_COLUMN(wall_time, "Unix time (s) when the row was recorded"),
      LF_COLUMN(batch_examples, "training strings in the step's batch"),
  };
};

// /iterations -- one row per bootstrap iteration.
struct IterationMetrics {
  int32_t iteration = 0;
  int64_t n_conjectures = 0;
  int64_t n_proven = 0;
  double ratio_proven = 0.0;
  double final_goals_proven = 0.0;
  double val_loss = 0.0;
  double mean_hard_logprob = 0.0;
  std::array<double, 3> thresholds{};
  int64_t n_hindsight = 0;
  int64_t n_examples = 0;
  double prove_seconds = 0.0;
  double conjecture_seconds = 0.0;
  double label_seconds = 0.0;
  double train_seconds = 0.0;
  double communication_seconds = 0.0;
  double wall_time = 0.0;
  int64_t n_refuted = 0;

  bool operator==(const IterationMetrics&) const = default;

  using Row = IterationMetrics;
  static constexpr const char* kTable = "iterations";
  static constexpr std::tuple kColumns{
      LF_COLUMN(iteration, "bootstrap iteration"),
      LF_COLUMN(n_conjectures, "conjectures attempted"),
      LF_COLUMN(n_proven, "conjectures proved"),
      LF_COLUMN(ratio_proven, "n_proven / n_conjectures"),
      LF_COLUMN(final_goals_proven, "fraction of the goal file proved"),
      LF_COLUMN(val_loss, "validation loss"),
      LF_COLUMN(mean_hard_logprob, "mean proof log-prob of the hard bucket"),
      LF_COLUMN(thresholds, "bucket thresholds (hard, easy, triv); a rows x 3 dataset"),
      LF_COLUMN(n_hindsight, "new theorems found by hindsight relabelling"),
      LF_COLUMN(n_examples, "training examples the iteration produced"),
      LF_COLUMN(prove_seconds, "wall time of the prove phase (conjecturing included)"),
      LF_COLUMN(conjecture_seconds, "part of prove_seconds spent conjecturing"),
      LF_COLUMN(label_seconds, "labelling, hindsight merge, shard writing"),
      LF_COLUMN(train_seconds, "training and validation"),
      LF_COLUMN(communication_seconds, "control messages and weight broadcast"),
      LF_COLUMN(wall_time, "Unix time (s) when the row was recorded"),
      LF_COLUMN(n_refuted,
                "sampled conjectures refuted on small instances (not searched, not "
                "counted in n_conjectures)"),
  };
};

// The parts of IterationMetrics::thresholds, as `lemmaforge export` names them.
inline constexpr std::array<const char*, 3> kThresholdNames{"threshold_hard", "threshold_easy",
                                                            "threshold_triv"};

// /eval -- one row per evaluation of a held-out problem list (run.eval_problems):
// every problem searched once (pass@1) with one evaluator at one budget.
struct EvalMetrics {
  int32_t iteration = 0;
  std::string split;
  std::string evaluator;
  std::string algorithm;
  int64_t budget = 0;
  int64_t solved = 0;
  int64_t attempted = 0;
  double pass_at_1 = 0.0;
  int64_t expansions = 0;
  double seconds = 0.0;
  double wall_time = 0.0;

  bool operator==(const EvalMetrics&) const = default;

  using Row = EvalMetrics;
  static constexpr const char* kTable = "eval";
  static constexpr std::tuple kColumns{
      LF_COLUMN(iteration,
                "training iterations completed before the evaluation (0 = the untrained "
                "model / the uniform baseline)"),
      LF_COLUMN(split, "which list (\"heldout\")"),
      LF_COLUMN(evaluator, "\"model\" (the run's model) or \"uniform\" (the baseline)"),
      LF_COLUMN(algorithm, "search algorithm"),
      LF_COLUMN(budget, "search budget per problem"),
      LF_COLUMN(solved, "problems proved (every proof re-checked by the kernel)"),
      LF_COLUMN(attempted, "problems searched"),
      LF_COLUMN(pass_at_1, "solved / attempted"),
      LF_COLUMN(expansions, "expansions summed over the problems"),
      LF_COLUMN(seconds, "wall time of the evaluation"),
      LF_COLUMN(wall_time, "Unix time (s) when the row was recorded"),
  };
};

// /online -- online mode (`run.mode = online`): one row every online.log_steps
// learner steps. Rates are over the interval since the previous row.
struct OnlineMetrics {
  int64_t learner_step = 0;
  double wall_time = 0.0;
  double elapsed_seconds = 0.0;
  int64_t examples_consumed = 0;
  int64_t generated_consumed = 0;
  int64_t examples_generated = 0;
  double generated_fraction = 0.0;
  int64_t buffer_examples = 0;
  double buffer_fill = 0.0;
  int64_t weight_version = 0;
  double version_lag = 0.0;
  double graphs_per_s = 0.0;
  double nodes_per_s = 0.0;
  int64_t graphs = 0;
  int64_t proofs = 0;
  double learner_busy_fraction = 0.0;
  double valid_fwd_proved = 0.0;
  double ratio_proven = 0.0;
  double final_goals_proven = 0.0;
  double loss = 0.0;

  bool operator==(const OnlineMetrics&) const = default;

  using Row = OnlineMetrics;
  static constexpr const char* kTable = "online";
  static constexpr std::tuple kColumns{
      LF_COLUMN(learner_step, "gradient steps taken by the learners so far"),
      LF_COLUMN(wall_time, "Unix time (s) when the row was recorded"),
      LF_COLUMN(elapsed_seconds, "seconds since the learners started (this process)"),
      LF_COLUMN(examples_consumed, "training strings in all batches so far"),
      LF_COLUMN(generated_consumed, "of them, strings drawn from the replay buffer"),
      LF_COLUMN(examples_generated,
                "training examples labelled from the actors' results so far (each went "
                "to the replay buffer)"),
      LF_COLUMN(generated_fraction,
                "of the strings in this interval's batches, the fraction drawn from the "
                "replay buffer of generated examples (online.generated_prob is the target)"),
      LF_COLUMN(buffer_examples, "generated examples in the replay buffer"),
      LF_COLUMN(buffer_fill, "buffer_examples / online.buffer_examples"),
      LF_COLUMN(weight_version, "the learner step of the weights last sent to the actors"),
      LF_COLUMN(version_lag,
                "learner_step minus the mean weight version of the results received in "
                "this interval (how stale the actors' weights were)"),
      LF_COLUMN(graphs_per_s, "search graphs the actors finished per second"),
      LF_COLUMN(nodes_per_s, "search-graph nodes the actors finished per second"),
      LF_COLUMN(graphs, "search graphs finished so far"),
      LF_COLUMN(proofs, "of them, searches that proved their statement"),
      LF_COLUMN(learner_busy_fraction,
                "of this interval's wall time, the share the learner root spent in "
                "gradient steps"),
      LF_COLUMN(valid_fwd_proved,
                "forward-greedy pass@1 on the validation list (Evariste's "
                "valid_fwd_proving-prop_proved) at the last evaluation; NaN before it"),
      LF_COLUMN(ratio_proven, "proven fraction of the last online.ratio_window conjectures"),
      LF_COLUMN(final_goals_proven, "fraction of the final goals proven so far"),
      LF_COLUMN(loss, "total loss of the row's step"),
  };
};

// The tables of metrics.h5, in the order the log creates them.
inline constexpr std::array<const char*, 4> kMetricsTables{
    Schema<StepMetrics>::kTable, Schema<IterationMetrics>::kTable, Schema<EvalMetrics>::kTable,
    Schema<OnlineMetrics>::kTable};

// ---------------------------------------------------------------------------
// Proof traces (io/trace_file.h): one file of kind "lemmaforge-trace" holds one
// trace per proof attempt (bait.md §4.1's SearchResult, as columns). Root
// attributes: kind, schema_version, created_by, and config (what produced the
// traces: the command line of prove/eval, a run's resolved configuration).
// Three tables, same column conventions as the shards:
//
//   /attempts  one row per attempt: ProofAttempt's columns, Trace's, GraphSpan's
//   /nodes     the nodes of every attempt, attempt after attempt: AttemptRef,
//              SearchNode's columns, TraceNode's
//   /edges     the edges of every attempt: AttemptRef, SearchEdge's columns,
//              TraceEdge's
//
// An attempt's id is its row in /attempts. Node k of an attempt (row
// first_node + k of /nodes) is the k-th node its search created, so the order
// of the rows is the creation order and the root is node 0; edges are in
// creation order too. A kernel action that yields several goals leads to one
// AND node whose edges ("0", "1", ...) lead to the goals one at a time, so an
// edge has one destination and its outcome is its child's kind (a terminal
// child: the action proved the goal). Actions the kernel rejects never become
// edges (GoalNode::Expand filters them), so a trace holds no error edges. The
// search expanded the nodes in the order of their expansion_order.

// Kind of a trace node (column /nodes/kind); search::NodeKind's three kinds.
enum class NodeKind : int8_t {
  kOr = 0,        // one goal; its edges are the goal's proof actions
  kAnd = 1,       // several goals; its edges lead to each goal (a hyperedge's targets)
  kTerminal = 2,  // no goal left: "<solved>" (an action's proof finished); proved
};
template <>
inline constexpr NodeKind kLastEnumValue<NodeKind> = NodeKind::kTerminal;

// The first column of a trace's /nodes and /edges.
struct AttemptRef {
  int64_t attempt = 0;

  using Row = AttemptRef;
  static constexpr const char* kTable = nullptr;
  static constexpr std::tuple kColumns{LF_COLUMN(attempt, "the attempt's id: row in /attempts")};
};

// A node of a trace: a SearchNode (state, visits, value, status) and these.
struct TraceNode : SearchNode {
  NodeKind kind = NodeKind::kOr;
  double critic = std::numeric_limits<double>::quiet_NaN();
  int64_t expansion_order = -1;
  bool in_proof = false;

  bool operator==(const TraceNode&) const = default;

  using Row = TraceNode;
  static constexpr const char* kTable = "nodes";
  static constexpr std::tuple kColumns{
      LF_COLUMN(kind, "NodeKind"),
      LF_COLUMN(critic,
                "the critic's score: the evaluator's value estimate of the state (MCTS with "
                "lazy child values: the action value until expanded); NaN if never scored"),
      LF_COLUMN(expansion_order,
                "k: the search's k-th expansion (0-based) expanded this node; -1 never expanded"),
      LF_COLUMN(in_proof, "1 if the node is on the proof found (success == 1)"),
  };
};

// An edge of a trace: a SearchEdge (parent, child, action, prior) and these.
struct TraceEdge : SearchEdge {
  int64_t visits = 0;
  bool in_proof = false;

  bool operator==(const TraceEdge&) const = default;

  using Row = TraceEdge;
  static constexpr const char* kTable = "edges";
  static constexpr std::tuple kColumns{
      LF_COLUMN(visits, "HTPS edge visit count N (0 for the other algorithms)"),
      LF_COLUMN(in_proof, "1 if the edge is the proof's choice at its parent"),
  };
};

// One proof attempt's trace: a ProofAttempt (theorem, algorithm, success,
// proof, proof_logprob, expansions, seconds, iteration, rank), these columns,
// and its graph. Build one from a search with app::TraceOf (app/trace_record.h).
struct Trace : ProofAttempt {
  std::string problem;
  std::string policy_model;
  std::string critic_model;
  NodeStatus outcome = NodeStatus::kOpen;
  int64_t budget = 0;
  int64_t search_iterations = 0;
  std::vector<TraceNode> nodes;  // node k is referenced by edges as k; node 0 is the root
  std::vector<TraceEdge> edges;

  bool operator==(const Trace&) const = default;

  using Row = Trace;
  static constexpr const char* kTable = "attempts";
  static constexpr std::tuple kColumns{
      LF_COLUMN(problem, "the problem's name (goal-set or problem-list id; prove: \"goal\")"),
      LF_COLUMN(policy_model, "the policy's checkpoint (path or name), or \"uniform\""),
      LF_COLUMN(critic_model, "the critic's checkpoint (path or name), or \"uniform\""),
      LF_COLUMN(outcome,
                "NodeStatus of the attempt: 1 proved (a checked proof; success == 1), 2 failed "
                "(every branch failed, or the proof found was rejected by the checker), 0 open "
                "(the budget or the time ran out first)"),
      LF_COLUMN(budget, "the search budget (MCTS iterations; expansions; forward steps)"),
      LF_COLUMN(search_iterations,
                "selection steps the search made (MCTS descents; the budget's unit for MCTS)"),
  };
};

// The tables of a trace file, in the order the writer creates them.
inline constexpr std::array<const char*, 3> kTraceTables{
    Schema<Trace>::kTable, Schema<TraceNode>::kTable, Schema<TraceEdge>::kTable};

#undef LF_COLUMN

}  // namespace lf::io
