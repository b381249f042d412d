// The learner root's side of `lemmaforge run` (protocol in run_job.h).

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "app/run_dir.h"
#include "app/run_label.h"
#include "app/run_log.h"
#include "app/run_messages.h"
#include "app/run_roles.h"
#include "app/run_tasks.h"
#include "core/backoff.h"
#include "core/hash.h"
#include "core/stop_flag.h"
#include "core/timer.h"
#include "io/metrics_log.h"
#include "learn/conjecturer.h"
#include "learn/labelling.h"
#include "mpi/work_queue.h"

namespace lf::app {
namespace {

// Seconds each part of an iteration took on the root (the wall-time breakdown).
struct PhaseTimes {
  double prove = 0.0;       // the work-queue session (conjecturing and proving overlap)
  double conjecture = 0.0;  // of which: until the last conjecture round was merged
  double label = 0.0;       // labelling and writing the root's shard
  double train = 0.0;
  double communication = 0.0;  // control points, weight and example broadcasts
};

// Held-out results of one evaluator in one session.
struct EvalTally {
  int64_t solved = 0;
  int64_t attempted = 0;
  int64_t expansions = 0;
  double seconds = 0.0;                        // from the session's start to the last result
  std::map<size_t, std::string> solved_names;  // by problem index
};

// What the prove phase brings back, in submission order.
struct ProvePhase {
  std::vector<std::string> conjectures;    // accepted, in order
  std::vector<std::string> refuted;        // sampled, novel, refuted; in task order
  std::map<uint64_t, ProveResult> goals;   // by task id (goal order)
  std::map<uint64_t, ProveResult> proofs;  // by task id (conjecture order)
  std::map<ProvePurpose, EvalTally> eval;  // held-out results by evaluator
  double conjecture_seconds = 0.0;
  // Compute time summed over tasks and ranks (searches overlap in their batch,
  // so their own clocks would count the same seconds many times; these don't).
  double sampling_seconds = 0.0;   // conjecture tasks
  double hindsight_seconds = 0.0;  // hindsight of every finished search
  double busy_fraction = 0.0;      // of the generators, from the queue's shutdown report
  bool all_goals_proven = false;   // checked only with run.stop_when_goals_proven
  bool interrupted = false;
};

// The work-queue session of one iteration (step 2 of run_job.h), or with
// `eval_only` the held-out evaluation after the last iteration.
class ProveSession {
 public:
  ProveSession(JobContext& job, const RunState& state, int iteration, io::ShardWriter* shard,
               io::TraceWriter* traces, RunLog* log, bool eval_only = false)
      : job_(job),
        state_(state),
        iteration_(iteration),
        eval_only_(eval_only),
        log_(log),
        runner_(job.config, job.theory, job.model.get(), shard, traces, 0, iteration),
        // No local handler: in a one-rank job the root takes every task itself.
        coordinator_(job.bundle.job(), job.config.run.searches_per_rank + 2),
        prefix_(eval_only ? "[final]"
                          : "[it " + std::to_string(iteration + 1) + "/" +
                                std::to_string(job.config.learn.total_iterations) + "]") {}

  ProvePhase Run() {
    const RunParams& run = job_.config.run;
    // Held-out problems first: they share the batches with the iteration's work.
    SubmitEval(ProvePurpose::kEvalModel);
    if (iteration_ == 0) SubmitEval(ProvePurpose::kEvalUniform);
    if (!eval_only_) SubmitWork();
    PhaseProgress proving(log_, prefix_, eval_only_ ? "evaluate" : "prove",
                          static_cast<int64_t>(proof_ids_.size() + eval_ids_.size()),
                          run.progress_interval_s);
    Pump([&] {
      proving.Update(static_cast<int64_t>(out_.proofs.size() + evaluated_));
      return coordinator_.outstanding() == 0;
    });
    proving.Finish(static_cast<int64_t>(out_.proofs.size() + evaluated_));
    const mpi::ShutdownReport report = coordinator_.Shutdown();
    for (const mpi::TaskResult& r : report.late_results) Handle(r);
    double busy = 0.0;
    for (const mpi::GeneratorStats& g : report.generators) busy += g.busy_seconds;
    const double elapsed = timer_.Seconds();
    if (!report.generators.empty() && elapsed > 0)
      out_.busy_fraction = busy / (elapsed * static_cast<double>(report.generators.size()));
    return std::move(out_);
  }

 private:
  void SubmitEval(ProvePurpose purpose) {
    const std::vector<Goal>& problems = job_.eval_problems.goals;
    for (size_t i = 0; i < problems.size(); ++i) {
      // The same seed for every evaluation of a problem: runs differ by the model only.
      const uint64_t seed = TaskSeed(job_.config.run.seed, -1, 4, i);
      eval_ids_[coordinator_.Submit(
          Encode(ProveTask{problems[i].theorem, seed, purpose, problems[i].name}))] = {i, purpose};
    }
    if (!problems.empty()) out_.eval[purpose];  // an empty tally still makes a row
  }

  // Final goals, conjecture rounds and a proof task per accepted conjecture.
  void SubmitWork() {
    const RunParams& run = job_.config.run;
    for (const Goal& g : job_.goals.goals) {
      const uint64_t id = coordinator_.Submit(
          Encode(ProveTask{g.theorem, TaskSeed(run.seed, iteration_, 1, goal_ids_.size()),
                           ProvePurpose::kGoal, g.name}));
      goal_ids_.insert(id);
    }
    Timer timer;
    if (run.stop_when_goals_proven && !goal_ids_.empty()) {
      // Only an iteration whose goals are not all proven goes on to conjecture.
      Pump([&] { return out_.goals.size() == goal_ids_.size(); });
      out_.all_goals_proven = std::all_of(out_.goals.begin(), out_.goals.end(),
                                          [](const auto& g) { return g.second.proof.has_value(); });
    }
    // A round of the end-to-end loop searches its fixed problems only.
    if (job_.config.end_to_end()) return;
    // Held-out problems count as seen: they are never conjectured (nor trained on).
    std::vector<std::string> seen = state_.proven;
    seen.insert(seen.end(), job_.eval_theorems.begin(), job_.eval_theorems.end());
    learn::NoveltyFilter novelty(*job_.theory, seen);
    std::set<std::string> refuted;
    PhaseProgress conjecturing(log_, prefix_, "conjecture", run.n_conjectures,
                               run.progress_interval_s);
    for (int round = 0;
         round < run.conjecture_rounds && !out_.interrupted && !out_.all_goals_proven &&
         static_cast<int>(out_.conjectures.size()) < run.n_conjectures;
         ++round) {
      const int need = run.n_conjectures - static_cast<int>(out_.conjectures.size());
      std::vector<std::string> known = seen;
      known.insert(known.end(), out_.conjectures.begin(), out_.conjectures.end());
      std::vector<uint64_t> round_ids;
      // The first run.easy_fraction of each round's conjectures are asked for
      // with the easiest bucket's label (a floor on easy conjectures).
      const int easy = static_cast<int>(std::ceil(run.easy_fraction * need));
      for (int asked = 0; asked < need; asked += run.conjectures_per_task) {
        const uint64_t seed =
            TaskSeed(run.seed, iteration_, 2, (static_cast<uint64_t>(round) << 32) + asked);
        round_ids.push_back(coordinator_.Submit(
            Encode(ConjectureTask{std::min(run.conjectures_per_task, need - asked), seed, known,
                                  asked < easy ? job_.config.buckets.back().label : "hard"})));
      }
      Pump([&] {
        conjecturing.Update(static_cast<int64_t>(out_.conjectures.size()));
        return std::all_of(round_ids.begin(), round_ids.end(),
                           [&](uint64_t id) { return sampled_.count(id) > 0; });
      });
      // Merge in task order, so the result does not depend on arrival order.
      for (uint64_t id : round_ids) {
        for (const std::string& c : refuted_[id])
          if (refuted.insert(c).second) out_.refuted.push_back(c);
        for (const std::string& c : sampled_[id]) {
          if (static_cast<int>(out_.conjectures.size()) >= run.n_conjectures) break;
          const std::optional<std::string> accepted = novelty.Accept(c);
          if (!accepted) continue;
          out_.conjectures.push_back(*accepted);
          proof_ids_.push_back(coordinator_.Submit(
              Encode(ProveTask{*accepted, TaskSeed(run.seed, iteration_, 3, proof_ids_.size()),
                               ProvePurpose::kConjecture})));
        }
      }
    }
    conjecturing.SetTotal(static_cast<int64_t>(out_.conjectures.size()));
    conjecturing.Finish(static_cast<int64_t>(out_.conjectures.size()));
    out_.conjecture_seconds = timer.Seconds();
  }

  // Runs own tasks and collects results until `done()` or a stop request.
  template <typename Done>
  void Pump(Done done) {
    Backoff backoff;
    while (!done()) {
      if (StopRequested()) {
        out_.interrupted = true;
        return;
      }
      bool progress = false;
      while (runner_.HasRoom()) {
        std::optional<mpi::WorkCoordinator::OwnTask> own = coordinator_.TakeOwnTask();
        if (!own) break;
        runner_.Start(own->task_id, own->task);
        progress = true;
      }
      if (!runner_.Idle()) {
        for (auto& [id, bytes] : runner_.Step()) coordinator_.CompleteOwn(id, std::move(bytes));
        progress = true;
      }
      while (std::optional<mpi::TaskResult> r = coordinator_.PollResult()) {
        Handle(*r);
        progress = true;
      }
      if (progress) {
        backoff.Reset();
      } else {
        backoff.Wait();
      }
    }
  }

  void Handle(const mpi::TaskResult& r) {
    if (const auto e = eval_ids_.find(r.task_id); e != eval_ids_.end()) {
      const auto [index, purpose] = e->second;
      const ProveResult result = DecodeProveResult(r.bytes, *job_.theory);
      EvalTally& tally = out_.eval[purpose];
      ++tally.attempted;
      tally.expansions += result.attempt.expansions;
      tally.seconds = timer_.Seconds();
      if (result.proof) {
        ++tally.solved;
        tally.solved_names[index] = job_.eval_problems.goals[index].name;
      }
      ++evaluated_;
      return;
    }
    const bool proof =
        std::find(proof_ids_.begin(), proof_ids_.end(), r.task_id) != proof_ids_.end();
    if (proof || goal_ids_.count(r.task_id)) {
      ProveResult result = DecodeProveResult(r.bytes, *job_.theory);
      out_.hindsight_seconds += result.hindsight_seconds;
      (proof ? out_.proofs : out_.goals).emplace(r.task_id, std::move(result));
    } else {
      ConjectureResult result = DecodeConjectureResult(r.bytes);
      out_.sampling_seconds += result.seconds;
      sampled_[r.task_id] = std::move(result.conjectures);
      refuted_[r.task_id] = std::move(result.refuted);
    }
  }

  JobContext& job_;
  const RunState& state_;
  int iteration_;
  bool eval_only_;
  RunLog* log_;
  TaskRunner runner_;
  mpi::WorkCoordinator coordinator_;
  std::string prefix_;
  std::set<uint64_t> goal_ids_;
  std::vector<uint64_t> proof_ids_;
  std::map<uint64_t, std::vector<std::string>> sampled_;
  std::map<uint64_t, std::vector<std::string>> refuted_;
  std::map<uint64_t, std::pair<size_t, ProvePurpose>> eval_ids_;  // -> (problem, evaluator)
  int64_t evaluated_ = 0;
  Timer timer_;
  ProvePhase out_;
};

// The /eval rows of a session and the line that summarises them.
std::string RecordEval(const JobContext& job, const ProvePhase& phase, int trained,
                       io::MetricsLog* metrics) {
  std::string line;
  for (const auto& [purpose, tally] : phase.eval) {
    io::EvalMetrics row;
    row.iteration = trained;
    row.split = "heldout";
    row.evaluator = purpose == ProvePurpose::kEvalUniform ? "uniform" : "model";
    row.algorithm = job.config.run.eval_algorithm;
    row.budget = job.config.run.eval_budget;
    row.solved = tally.solved;
    row.attempted = tally.attempted;
    row.pass_at_1 = tally.attempted > 0
                        ? static_cast<double>(tally.solved) / static_cast<double>(tally.attempted)
                        : 0.0;
    row.expansions = tally.expansions;
    row.seconds = tally.seconds;
    row.wall_time = UnixTime();
    metrics->Append(row);
    std::string names;
    for (const auto& [index, name] : tally.solved_names) names += (names.empty() ? "" : " ") + name;
    line += std::string(line.empty() ? "" : "; ") + row.evaluator + " " +
            std::to_string(row.solved) + "/" + std::to_string(row.attempted) + " (pass@1 " +
            Fixed(row.pass_at_1) + ")" + (names.empty() ? "" : ": " + names);
  }
  return line;
}

// The root's iterations (run_job.h), each read as its phases: exchange
// control, prove, label, train, publish.
class RootLoop {
 public:
  RootLoop(JobContext& job, RunState* state, RunLog* log, io::MetricsLog* metrics)
      : job_(job),
        config_(job.config),
        state_(*state),
        log_(*log),
        metrics_(*metrics),
        held_out_(*job.theory, job.eval_theorems) {
    // Examples of the previous iterations in the replay window, oldest first.
    for (int it = std::max(0, state_.completed_iterations - config_.run.replay_iterations + 1);
         it < state_.completed_iterations; ++it) {
      std::vector<std::string>& texts = replay_.emplace_back();
      for (io::TrainingExample& e : StoredTrainingExamples(job_.dir, it, job_.bundle.job_rank()))
        texts.push_back(std::move(e.text));
    }
  }

  // Iteration `it`; false when a stop request interrupted it.
  bool Iterate(int it) {
    Iteration iteration{it, "[it " + std::to_string(it + 1) + "/" +
                                std::to_string(config_.learn.total_iterations) + "]"};
    ExchangeControlPhase(&iteration);
    auto shard = OpenShardWriter(job_, it);
    std::optional<ProvePhase> phase = Prove(&iteration, shard.get());
    if (!phase) return false;
    Labelled labelled = LabelPhase(*phase, &iteration, shard.get());
    if (!Train(*phase, &iteration, &labelled)) return false;
    Publish(*phase, iteration, std::move(labelled));
    return true;
  }

 private:
  struct Iteration {
    int it = 0;
    std::string prefix;  // "[it n/total]"
    PhaseTimes times{};
    learn::StepReport last{};  // the last training step (zero without training)
  };

  // Step 1 of run_job.h: the control word and the weights to every rank.
  void ExchangeControlPhase(Iteration* iteration) {
    Timer comm;
    ExchangeControl(job_, {Control::kIterate, iteration->it, 0});
    ShareWeights(job_, iteration->it);
    iteration->times.communication += comm.Seconds();
  }

  // Step 2: the work-queue session and its held-out rows; nullopt if interrupted.
  std::optional<ProvePhase> Prove(Iteration* iteration, io::ShardWriter* shard) {
    const int it = iteration->it;
    Timer prove_timer;
    const std::unique_ptr<io::TraceWriter> traces = OpenTraceWriter(job_, it);
    ProvePhase phase = ProveSession(job_, state_, it, shard, traces.get(), &log_).Run();
    iteration->times.prove = prove_timer.Seconds();
    iteration->times.conjecture = phase.conjecture_seconds;
    if (phase.interrupted) return std::nullopt;
    if (traces) traces->Publish();
    // Evaluated at the start of iteration `it`: after `it` training iterations.
    const std::string eval_line = RecordEval(job_, phase, it, &metrics_);
    if (!eval_line.empty())
      log_.Line(iteration->prefix + " held-out (after " + std::to_string(it) +
                " training iterations, " + config_.run.eval_algorithm + " budget " +
                std::to_string(config_.run.eval_budget) + "): " + eval_line);
    return phase;
  }

  // Step 3: labels, examples and shard records (learn/labelling.h).
  Labelled LabelPhase(const ProvePhase& phase, Iteration* iteration, io::ShardWriter* shard) {
    Timer label_timer;
    LabelBatch batch;
    for (const auto& [id, r] : phase.proofs) batch.conjectures.push_back(&r);
    batch.refuted = phase.refuted;
    for (const auto& [id, r] : phase.goals) batch.goals.push_back(&r);
    Labelled labelled = Label(job_, batch, iteration->it, &state_, shard, held_out_);
    shard->Flush();
    iteration->times.label = label_timer.Seconds();
    return labelled;
  }

  // Step 4: the learners train on the replay window and this iteration's
  // examples; false if interrupted. An iteration that proved every final goal
  // trains nothing: it is recorded with the weights it started from, and the
  // run ends.
  bool Train(const ProvePhase& phase, Iteration* iteration, Labelled* labelled) {
    const int it = iteration->it;
    if (phase.all_goals_proven) {
      log_.Line("every final goal was proven at the start of iteration " + std::to_string(it + 1) +
                "; stopping (run.stop_when_goals_proven)");
      state_.stopped_goals_proven = true;
      if (!job_.goal_solutions.empty())
        labelled->metrics.val_loss = job_.model->Loss(job_.goal_solutions);
      return true;
    }
    Timer comm;
    ExchangeControl(job_, {Control::kTrain, it, 0});
    iteration->times.communication += comm.Seconds();
    Timer train_timer;
    PhaseProgress training(&log_, iteration->prefix, "train", config_.learn.train_iterations,
                           config_.run.progress_interval_s);
    std::vector<std::string> examples;
    for (const std::vector<std::string>& earlier : replay_)
      examples.insert(examples.end(), earlier.begin(), earlier.end());
    examples.insert(examples.end(), labelled->examples.begin(), labelled->examples.end());
    const auto report =
        TrainLearners(job_, it, {std::move(examples), labelled->metrics.ratio_proven},
                      [&](const learn::StepReport& step) {
                        metrics_.Append(io::StepMetrics{step.global_step, step.iteration, step.loss,
                                                        step.train_loss, step.progress_loss,
                                                        step.alpha, step.mu, UnixTime(),
                                                        step.batch_strings});
                        iteration->last = step;
                        training.Update(step.step + 1);
                      });
    if (!report) return false;
    training.Finish(static_cast<int64_t>(report->steps.size()));
    iteration->times.train = train_timer.Seconds();
    labelled->metrics.val_loss = report->val_loss;
    return true;
  }

  // Step 5: the metrics row, the goal proofs, the checkpoint, then state.json
  // (last: a stop before it leaves nothing that state.json does not list).
  void Publish(const ProvePhase& phase, const Iteration& iteration, Labelled labelled) {
    const int it = iteration.it;
    const PhaseTimes& times = iteration.times;
    io::IterationMetrics& m = labelled.metrics;
    m.prove_seconds = times.prove;
    m.conjecture_seconds = times.conjecture;
    m.label_seconds = times.label;
    m.train_seconds = times.train;
    m.communication_seconds = times.communication;
    m.wall_time = UnixTime();
    metrics_.Append(m);
    size_t goal = 0;
    for (const auto& [id, r] : phase.goals) {
      const std::string& name = job_.goals.goals[goal++].name;
      if (r.proof) RecordGoalProof(job_, name, *r.proof, &state_, &log_);
    }
    job_.model->Save(CheckpointPath(job_.dir, it), job_.theory->name());
    metrics_.Flush();
    state_.completed_iterations = it + 1;
    // Every rank publishes its shards of `it` before the train exchange (an
    // iteration stopped without training may leave a follower's unlisted, and
    // so unverified at resume; it is the run's last).
    for (PublishedFile& f : DescribeShards(job_.dir, it)) state_.shards.push_back(std::move(f));
    SaveRunState(job_.dir, state_);
    LogIteration(phase, iteration, m);
    replay_.push_back(std::move(labelled.examples));
    while (static_cast<int>(replay_.size()) > config_.run.replay_iterations - 1)
      replay_.pop_front();
  }

  void LogIteration(const ProvePhase& phase, const Iteration& iteration,
                    const io::IterationMetrics& m) {
    const PhaseTimes& times = iteration.times;
    const learn::StepReport& last = iteration.last;
    const size_t goals = job_.goals.goals.size();
    const std::string searched =
        config_.end_to_end()
            ? "train problems proven " +
                  std::to_string(std::lround(m.final_goals_proven * static_cast<double>(goals))) +
                  "/" + std::to_string(goals) + " (pass@1 " + Fixed(m.final_goals_proven) + ")"
            : "conjectures " + std::to_string(m.n_conjectures) + ", proven " +
                  std::to_string(m.n_proven) + " (ratio " + Fixed(m.ratio_proven) + "), refuted " +
                  std::to_string(m.n_refuted) + ", hindsight " + std::to_string(m.n_hindsight) +
                  ", final goals proven " + Fixed(m.final_goals_proven, 2);
    log_.Line(iteration.prefix + " " + searched + ", examples " + std::to_string(m.n_examples) +
              "; train_loss " + Fixed(last.train_loss) + ", progress_loss " +
              Fixed(last.progress_loss) + ", alpha " + Fixed(last.alpha) + ", val_loss " +
              Fixed(m.val_loss));
    log_.Line(
        iteration.prefix + " wall time: prove " + Fixed(times.prove, 1) + "s (conjecture " +
        Fixed(times.conjecture, 1) + "s), label " + Fixed(times.label, 1) + "s, train " +
        Fixed(times.train, 1) + "s, communication " + Fixed(times.communication, 2) +
        "s; compute summed over ranks: conjecture sampling " + Fixed(phase.sampling_seconds, 1) +
        "s, hindsight " + Fixed(phase.hindsight_seconds, 1) + "s" +
        (job_.bundle.layout().shared() ? ""
                                       : "; generators busy " + Fixed(phase.busy_fraction, 2)));
  }

  JobContext& job_;
  const RunConfig& config_;
  RunState& state_;
  RunLog& log_;
  io::MetricsLog& metrics_;
  const learn::NoveltyFilter held_out_;
  std::deque<std::vector<std::string>> replay_;  // earlier iterations' examples, oldest first
};

}  // namespace

int RunRoot(JobContext& job) {
  const RunConfig& config = job.config;
  RunState state = LoadRunState(job.dir);
  RunLog log(job.dir + "/log.txt", config.label.empty() ? "" : "[" + config.label + "] ");
  ResumeLog(job, state, "iteration", &log);
  log.Line(std::string(config.end_to_end() ? "lemmaforge e2e: " : "lemmaforge run: ") +
           job.bundle.layout().ToString() + "; theory " + config.run.theory + ", " +
           std::to_string(job.goals.goals.size()) +
           (config.end_to_end() ? " train problems, " : " final goals, ") +
           std::to_string(job.eval_problems.goals.size()) + " held-out problems, run directory " +
           job.dir);
  io::MetricsLog metrics(job.dir + "/metrics.h5", config.text);
  const int total = config.learn.total_iterations;
  RootLoop loop(job, &state, &log, &metrics);
  bool interrupted = false;
  for (int it = state.completed_iterations; it < total && !state.stopped_goals_proven; ++it) {
    if (!loop.Iterate(it)) {
      interrupted = true;
      break;
    }
  }
  // The held-out evaluation of the final model (also redone when a finished
  // run is resumed: it is cheap, and its rows replace the earlier ones).
  if (!interrupted && !state.stopped_goals_proven && state.completed_iterations == total &&
      total > 0 && !job.eval_problems.goals.empty()) {
    ExchangeControl(job, {Control::kEvaluate, total, 0});
    ShareWeights(job, total);
    ProvePhase phase =
        ProveSession(job, state, total, nullptr, nullptr, &log, /*eval_only=*/true).Run();
    if (phase.interrupted) {
      interrupted = true;
    } else {
      log.Line("[final] held-out (after " + std::to_string(total) + " training iterations, " +
               config.run.eval_algorithm + " budget " + std::to_string(config.run.eval_budget) +
               "): " + RecordEval(job, phase, total, &metrics));
    }
  }
  metrics.Flush();
  if (interrupted)
    log.Line("stopped by signal after iteration " + std::to_string(state.completed_iterations) +
             "; continue with: lemmaforge run --resume " + job.dir);
  ExchangeControl(job, {Control::kStop, 0, interrupted ? kExitInterrupted : kExitOk});
  return interrupted ? kExitInterrupted : kExitOk;
}

}  // namespace lf::app
