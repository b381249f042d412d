#pragma once
// Configuration of `lemmaforge run` (issue 6): RunParams for the loop itself,
// plus the model, learn and search parameter structs of the lower modules, all
// bound to options in one place (run_config.cc) and read from a config file
// (config_file.h) with command-line overrides.
//
//   lemmaforge run --config FILE.cfg [--section.key=value ...]
//                  [--partition PxR] [--sweep KEY=V1,V2,...]   (run_sweep.h)
//   lemmaforge run --resume RUN_DIR
//
//   lemmaforge e2e --config FILE.cfg | --resume RUN_DIR   (the same, [e2e] set)
//
// Sections: [run] (RunParams below), [e2e] (E2eParams), [online] (OnlineParams), [model] (model::ModelParams), [learn]
// (learn::LearnParams; learn.total_iterations is the number of iterations),
// [search] (search::SearchParams, plus search.algorithm) and [mpi]
// (mpi.learners). configs/*.cfg document every key.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/option_checks.h"
#include "learn/learn_params.h"
#include "model/model_params.h"
#include "search/difficulty.h"
#include "search/search_params.h"

namespace lf::app {

// How the job's ranks work together (run_job.h, run_online.h).
enum class RunMode { kSync, kOnline };
inline constexpr EnumNames<RunMode, 2> kRunModes{
    {{{RunMode::kSync, "sync"}, {RunMode::kOnline, "online"}}}};

struct RunParams {
  // sync: minimo's loop, every rank at each phase boundary (run_job.h);
  // online: Evariste's asynchronous actors and learners (run_online.h, [online]).
  RunMode mode = RunMode::kSync;
  // Run directory; "" = a fresh runs/<YYYYmmdd-HHMMSS> under the working directory.
  std::string dir;
  // Theory: a shipped name (configs/theories/NAME.p) or a path to a .p file.
  std::string theory = "nat-add";
  // Final goals: a shipped goal set (configs/goals/NAME.json), a path to a goal-set
  // JSON file, or "" for none. Their theorems drive the progress loss.
  std::string goals = "nat-add-hard";
  // Search algorithm of every proof attempt (see `lemmaforge prove --help`).
  std::string algorithm = "mcts";
  // Conjectures to prove per iteration (minimo: 200).
  int n_conjectures = 200;
  // Conjectures one sampling task asks for (the unit of work generators share).
  int conjectures_per_task = 8;
  // Sampling rounds per iteration: when a round's merged conjectures fall short
  // of n_conjectures (duplicates across tasks), another round asks for the rest.
  int conjecture_rounds = 4;
  // Difficulty buckets "label:percentile,...", percentiles increasing (minimo §5.1).
  std::string buckets = "hard:20,easy:50,triv:100";
  // Hindsight relabelling of every search graph (minimo §3.9).
  bool hindsight = true;
  // Candidate facts relabelled per search graph at most (minimo: 50).
  int hindsight_max_goals = 50;
  // Hindsight skips derived facts (= X X): eq_refl applies to every term (the
  // axioms' hidden entries too), so in a measured run 75-80% of all hindsight
  // theorems were such one-step reflexivities, drowning the rest of the data.
  bool hindsight_skip_reflexive = true;
  // Decision 6: hindsight conjecture strings name the relabelled statement; true
  // reproduces minimo, which names the original problem (quirk 11).
  bool hindsight_conjecture_on_problem = false;
  // Decision 11: unproven final goals give no "Conj:(fail) <goal>" string unless set.
  bool fail_strings_for_goals = false;
  // End the run at the start of an iteration in which every final goal is proven.
  bool stop_when_goals_proven = false;
  // Refutation filter (search/refutation.h): a sampled conjecture that is false on
  // a small instance (numerals 0..3, truth tables, small abelian groups) is never
  // searched; it is trained on as "Conj:(fail) <statement>" and counted as refuted,
  // and sampling goes on until run.n_conjectures unrefuted ones are found. Off
  // reproduces minimo, which spends a full search on every false conjecture.
  bool refute = true;
  // At most this many of an iteration's refuted samples (the first, in sampling
  // order) become "Conj:(fail) <statement>" examples; all are stored in the
  // shard. -1: every one. Refuted samples outnumber the searched conjectures
  // 5-20 to 1, and uncapped their fail strings are ~90% of the conjecture
  // examples, so the model learns the shape of what fails.
  int max_refuted_examples = -1;
  // A floor on easy conjectures: this fraction of each sampling round asks the
  // model for conjectures labelled like the easiest bucket ("Conj:(triv) ",
  // the last of run.buckets) instead of minimo's "Conj:(hard) ". The "hard"
  // prompt alone drifts toward long statements a small search cannot prove,
  // and an iteration that proves nothing teaches nothing.
  double easy_fraction = 0.0;
  // Held-out evaluation: a problem list ('<id>. <statement>' lines or a goal-set
  // JSON; a shipped name means configs/problems/NAME.txt), or "" for none. Every
  // problem is searched once with run.eval_algorithm at run.eval_budget before the
  // first training step (with the untrained model and with the uniform evaluator,
  // the baseline) and after every iteration; results go to metrics.h5 /eval. The
  // problems are never trained on: conjectures and hindsight theorems equal to one
  // of them (up to alpha-equivalence) are dropped.
  std::string eval_problems;
  int eval_budget = 200;                // search budget per held-out problem
  std::string eval_algorithm = "mcts";  // search algorithm of the evaluation
  // Training data of an iteration: its own examples plus those of the previous
  // replay_iterations - 1 iterations (1 = minimo: the current iteration only).
  // A short window keeps what earlier proofs taught when an iteration proves
  // little; on --resume the window is read back from the root's shards.
  int replay_iterations = 1;
  // Value examples: at most this many negatives per positive (decision 4).
  double max_pos_neg_ratio = 10.0;
  // Searches each rank keeps in flight, their model calls batched together.
  int searches_per_rank = 16;
  // Records per HDF5 shard (io/shard_writer.h).
  int64_t shard_records = 100000;
  // Seeds conjecture sampling, search and hindsight tasks (model.init_seed and
  // learn.seed seed the model and its training).
  uint64_t seed = 0;
  // Seconds between progress lines within a phase.
  double progress_interval_s = 10.0;
  // mpi.learners: learner count "N" or ratio "A:B" (mpi/roles.h).
  std::string learners = "1";
};

// [e2e]: BAIT's end-to-end loop (`lemmaforge e2e`; run_job.h). With
// train_problems set, every iteration (a "round") searches each train problem
// once instead of conjecturing, writes one proof trace per attempt, and trains
// the policy on the proved searches and the critic on the traces' labels
// (learn/critic_labels.h); run.eval_problems is the held-out list, evaluated
// at run.eval_budget before training and after every round.
// Which evaluator answers one side of the (policy, critic) pair.
enum class Scorer { kModel, kUniform };
inline constexpr EnumNames<Scorer, 2> kScorers{
    {{{Scorer::kModel, "model"}, {Scorer::kUniform, "uniform"}}}};

struct E2eParams {
  // The train problems: a shipped problem list name (configs/problems/NAME.txt),
  // a path to a '<id>. <statement>' list or goal-set JSON, or "" (the
  // self-improvement loop). They take the place of run.goals, which must be "".
  std::string train_problems;
  // Critic label 0 for a goal left unproved with at least this many expanded
  // nodes below it (BAIT's visit_threshold, 2048 there with 64 tactics per
  // expansion); proved goals are labelled 1, the rest not at all.
  int visit_threshold = 8;
  // The pair every search of the loop runs with (search/paired_evaluator.h):
  // the policy's action priors and the critic's state values each from the
  // run's model or from the uniform evaluator. Both are trained either way;
  // this says which one the searches, held-out ones included, listen to.
  Scorer policy = Scorer::kModel;
  Scorer critic = Scorer::kModel;
};

// [online]: Evariste's online mode (run.mode = online; app/run_online.h). The
// learners train without pause on batches mixed from a replay buffer of what
// the actors generate and from base data; the actors search without pause.
struct OnlineParams {
  // Learner steps in the run; also the horizon of the alpha schedules (as
  // learn.total_iterations x learn.train_iterations is in sync mode).
  int64_t total_steps = 2000;
  // Also stop after this many seconds of learning (0: no limit), counted in
  // this process (a resumed run may learn that long again); the run then ends
  // as if total_steps were reached (final checkpoint, then evaluation).
  double max_seconds = 0.0;
  // The actors get the learners' weights every this many learner steps.
  int refresh_steps = 20;
  // Each string of a batch comes from the replay buffer of generated examples
  // with this probability, otherwise from the base data (Evariste's
  // generated_prob; 0.5 in its demo).
  double generated_prob = 0.5;
  // Capacity of the replay buffer (generated examples; FIFO).
  int buffer_examples = 20000;
  // The learners start once the buffer holds this many generated examples
  // (the buffer is "warm"); until then they wait for the actors.
  int warm_examples = 200;
  // Checkpoint (and publish the shards written so far) every this many steps.
  int checkpoint_steps = 200;
  // One /online row every this many learner steps.
  int log_steps = 10;
  // Forward-greedy pass@1 on run.eval_problems every this many learner steps
  // (and at step 0 and the end); 0: only at step 0 and the end.
  int eval_steps = 200;
  // Base data besides the goals' solutions: a shipped name (configs/data/
  // NAME.json) or a JSON file holding an array of training strings ("" for
  // none; ReadExampleFile), and a run directory whose
  // shards' training examples are used ("" for none), e.g. an earlier run's
  // proofs and hindsight. Neither is filtered: keep held-out problems out.
  std::string base_examples;
  std::string base_run;
  // Of the actors' searches, the share that are forward proofs toward a target
  // (a final goal, or a statement the actor proved earlier); the rest are
  // backward searches (run.algorithm) of sampled conjectures and of the goals.
  double forward_prob = 0.5;
  // The forward prover of those searches: forward-sampling | forward-greedy.
  std::string forward_algorithm = "forward-sampling";
  // The ratio schedule's ratio_proven: over the last this many conjectures.
  int ratio_window = 200;
  // Conjecture results are labelled (difficulty buckets) in chunks of this many.
  int label_chunk = 16;
};

struct RunConfig {
  RunParams run;
  E2eParams e2e;
  OnlineParams online;
  model::ModelParams model;
  learn::LearnParams learn;
  search::SearchParams search;
  std::vector<search::DifficultyBucket> buckets;  // parsed run.buckets
  std::string resume_dir;                         // --resume RUN_DIR, else ""
  std::string text;                               // the resolved configuration (config_file.h)
  // Command line only, never recorded (run_sweep.h): --partition PxR ("" = not
  // given) and each --sweep KEY=V1,V2,... as given.
  std::string partition;
  std::vector<std::string> sweeps;
  // In a sweep: the run's label ("alpha=0.1"), which prefixes its stdout lines.
  std::string label;

  // The end-to-end loop (e2e.train_problems set) rather than self-improvement.
  bool end_to_end() const { return !e2e.train_problems.empty(); }
  bool online_mode() const { return run.mode == RunMode::kOnline; }
};

// Parses the arguments of `lemmaforge run` (argv[0] is "run"). Returns nullopt
// after printing --help. Every value is checked here, before any work starts:
// InputError with the value's location for unknown keys, out-of-range values,
// unknown schedules, algorithms or theories, unreadable goal sets.
// `extra` are further "--section.key=value" arguments (a sweep's values and
// run directory); they replace the same keys given in argv.
std::optional<RunConfig> ParseRunArguments(int argc, char** argv,
                                           const std::vector<std::string>& extra = {});

// "hard:20,easy:50,triv:100" -> buckets; InputError unless percentiles increase
// within [0, 100] and end at 100.
std::vector<search::DifficultyBucket> ParseBuckets(const std::string& spec);

// The goal-set file run.goals names ("" if none).
std::string GoalSetPath(const std::string& goals);

// The training strings of online.base_examples: a shipped name means
// configs/data/NAME.json, else a path; the file holds a JSON array of strings
// (InputError with file:line:col for anything else).
std::vector<std::string> ReadExampleFile(const std::string& name);

// The problem list run.eval_problems names ("" if none).
std::string ProblemListPath(const std::string& problems);

}  // namespace lf::app
