// The learner root of online mode (run_online.h): receives the actors'
// stream, labels it into the replay buffer and trains without pause.

#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <limits>
#include <map>

#include "app/online_protocol.h"
#include "app/run_dir.h"
#include "app/run_label.h"
#include "app/run_log.h"
#include "app/run_online.h"
#include "app/run_tasks.h"
#include "core/backoff.h"
#include "core/hash.h"
#include "core/stop_flag.h"
#include "core/timer.h"
#include "io/metrics_log.h"
#include "learn/conjecturer.h"
#include "learn/replay_buffer.h"
#include "mpi/stream.h"
#include "search/algorithms.h"
#include "search/search_pool.h"
#include "search/uniform.h"

namespace lf::app {
namespace {

// The base data of the mix (run_online.h): the goals' solutions, then
// online.base_examples, then online.base_run.
std::vector<std::string> BaseData(const JobContext& job) {
  const OnlineParams& online = job.config.online;
  std::vector<std::string> base = job.goal_solutions;
  if (!online.base_examples.empty()) {
    std::vector<std::string> file = ReadExampleFile(online.base_examples);
    base.insert(base.end(), file.begin(), file.end());
  }
  if (!online.base_run.empty()) {
    for (io::TrainingExample& e : StoredTrainingExamples(online.base_run))
      base.push_back(std::move(e.text));
  }
  return base;
}

// What the stream brought since the last /online row.
struct Interval {
  Timer timer;
  double busy_seconds = 0.0;  // in learner steps
  int64_t examples = 0;
  int64_t generated = 0;
  int64_t graphs = 0;
  int64_t nodes = 0;
  double lag_sum = 0.0;  // learner step minus the result's weight version
};

class OnlineRoot {
 public:
  OnlineRoot(JobContext& job, RunState* state, RunLog* log, io::MetricsLog* metrics)
      : job_(job),
        config_(job.config),
        online_(job.config.online),
        state_(*state),
        log_(*log),
        metrics_(*metrics),
        comm_(job.bundle.job()),
        outbox_(comm_),
        learners_(job),
        held_out_(*job.theory, job.eval_theorems),
        buffer_(static_cast<size_t>(online_.buffer_examples)),
        base_(BaseData(job)),
        step_(job.model->steps_done()),
        segment_(state->completed_iterations),
        shard_(OpenShardWriter(job, segment_)),
        weights_(static_cast<size_t>(job.model->weight_count())) {
    RefillBuffer();
    RestoreCounters();
  }

  int Run() {
    log_.Line("online: " + std::to_string(base_.size()) + " base examples, " +
              std::to_string(buffer_.size()) + " generated examples from earlier segments; " +
              "learner step " + std::to_string(step_) + " of " +
              std::to_string(online_.total_steps));
    SendWeights(/*all=*/true);
    if (step_ == 0) Evaluate(/*with_uniform=*/true);
    bool interrupted = false;
    Backoff backoff;
    Timer learning;
    while (true) {
      const bool received = ReadMessages();
      LabelPending(/*force=*/false);
      if (StopRequested()) {
        interrupted = true;
        break;
      }
      if (step_ >= online_.total_steps ||
          (online_.max_seconds > 0 && learning.Seconds() >= online_.max_seconds))
        break;
      if (!warm_) {
        if (static_cast<int64_t>(buffer_.size()) < online_.warm_examples) {
          received ? backoff.Reset() : backoff.Wait();
          continue;
        }
        warm_ = true;
        interval_ = Interval{};
        log_.Line("online: replay buffer warm (" + std::to_string(buffer_.size()) +
                  " generated examples) after " + Fixed(learning.Seconds(), 1) + "s; training");
      }
      Train();
      if (step_ % online_.refresh_steps == 0) SendWeights(/*all=*/false);
      if (step_ % online_.log_steps == 0) Row();
      if (online_.eval_steps > 0 && step_ % online_.eval_steps == 0) Evaluate(false);
      if (step_ % online_.checkpoint_steps == 0) EndSegment();
    }
    if (!interrupted) {
      // The last row and the last, partial segment, if steps came after them
      // (a finished run that is resumed takes none).
      if (step_ > row_step_) Row();
      if (step_ > segment_start_) EndSegment();
      if (online_.eval_steps == 0 || step_ % online_.eval_steps != 0) Evaluate(false);
    }
    const int code = interrupted ? kExitInterrupted : kExitOk;
    StopActors(code);
    OnlineStepInput stop;
    stop.stop = true;
    stop.exit_code = code;
    learners_.Step(step_, &stop, nullptr);
    metrics_.Flush();
    if (interrupted) {
      log_.Line("stopped by signal at learner step " + std::to_string(step_) + " after segment " +
                std::to_string(state_.completed_iterations) +
                "; continue with: lemmaforge run --resume " + job_.dir);
    } else {
      log_.Line("online: done, learner step " + std::to_string(step_) + ", " +
                std::to_string(examples_) + " examples trained (" +
                Fixed(examples_ > 0 ? static_cast<double>(generated_) / examples_ : 0.0) +
                " generated), final goals proven " + std::to_string(state_.goals_proven.size()) +
                "/" + std::to_string(job_.goals.goals.size()));
    }
    return code;
  }

 private:
  int actors() const { return comm_.size() - job_.bundle.layout().learners; }
  int first_actor() const { return job_.bundle.layout().learners; }

  // The generated examples of the completed segments (the root's shards hold
  // exactly those), newest last, up to the buffer's capacity.
  void RefillBuffer() {
    for (int s = 0; s < state_.completed_iterations; ++s)
      for (io::TrainingExample& e : StoredTrainingExamples(job_.dir, s, /*rank=*/0))
        buffer_.Add(std::move(e.text), e.iteration);  // the FIFO keeps the newest
  }

  // A resumed run's totals go on from the last /online row at or before the
  // checkpoint's step (rows are flushed with every checkpoint).
  void RestoreCounters() {
    const std::string path = job_.dir + "/metrics.h5";
    if (step_ == 0 || !std::filesystem::exists(path)) return;
    for (const io::OnlineMetrics& row : io::LatestByIndex(io::MetricsReader(path).ReadOnline())) {
      if (row.learner_step > step_) break;
      examples_ = row.examples_consumed;
      generated_ = row.generated_consumed;
      labelled_ = row.examples_generated;
      graphs_ = row.graphs;
      proofs_ = row.proofs;
    }
  }

  // Receives every waiting message; true if any came.
  bool ReadMessages() {
    bool any = false;
    while (std::optional<mpi::Message> m = mpi::TryReceive(comm_, mpi::kAnySource, mpi::kAnyTag)) {
      any = true;
      Handle(*m);
    }
    outbox_.Progress();
    return any;
  }

  void Handle(const mpi::Message& m) {
    switch (m.tag) {
      case online::kTagReport:
        if (!stopping_) Receive(online::DecodeReport(m.body));
        break;
      case online::kTagRolled: {
        const int32_t segment = online::DecodeInt(m.body);
        LF_CHECK(awaiting_.count(segment) > 0);
        if (--awaiting_[segment] == 0) CompleteSegments();
        break;
      }
      case online::kTagStopAck:
        ++stop_acks_;
        break;
      default:
        LF_CHECK(false);
    }
  }

  void Receive(online::Report report) {
    if (report.kind == online::Report::Kind::kRefuted) {
      for (std::string& r : report.refuted) refuted_.push_back(std::move(r));
      return;
    }
    // The proofs are checked again here (run_messages.h): nothing from another
    // process is trained on, stored or reported as proved on trust.
    ProveResult result = DecodeProveResult(report.result, *job_.theory);
    ++interval_.graphs;
    ++graphs_;
    interval_.nodes += result.graph_nodes;
    interval_.lag_sum += static_cast<double>(step_ - result.attempt.iteration);
    if (result.proof) ++proofs_;
    if (report.goal >= 0 && result.proof)
      RecordGoalProof(job_, job_.goals.goals[static_cast<size_t>(report.goal)].name, *result.proof,
                      &state_, &log_);
    (report.purpose == ProvePurpose::kConjecture ? conjectures_ : goals_)
        .push_back(std::move(result));
  }

  // Labels the pending results once a chunk is full (or, forced, whatever is
  // pending) and feeds the examples to the replay buffer.
  void LabelPending(bool force) {
    const size_t chunk = static_cast<size_t>(online_.label_chunk);
    if (!(conjectures_.size() >= chunk || goals_.size() >= chunk ||
          (force && !(conjectures_.empty() && goals_.empty() && refuted_.empty()))))
      return;
    LabelBatch batch;
    for (const ProveResult& r : conjectures_) batch.conjectures.push_back(&r);
    for (const ProveResult& r : goals_) batch.goals.push_back(&r);
    batch.refuted = refuted_;
    Labelled labelled =
        Label(job_, batch, static_cast<int>(step_), &state_, shard_.get(), held_out_);
    labelled_ += static_cast<int64_t>(labelled.examples.size());
    for (size_t i = 0; i < labelled.examples.size(); ++i)
      buffer_.Add(std::move(labelled.examples[i]), labelled.versions[i]);
    for (const ProveResult& r : conjectures_) {
      recent_.push_back(r.proof.has_value());
      if (static_cast<int>(recent_.size()) > online_.ratio_window) recent_.pop_front();
    }
    conjectures_.clear();
    goals_.clear();
    refuted_.clear();
  }

  double RatioProven() const {
    if (recent_.empty()) return 0.0;
    int64_t proven = 0;
    for (bool p : recent_) proven += p ? 1 : 0;
    return static_cast<double>(proven) / static_cast<double>(recent_.size());
  }

  void Train() {
    OnlineStepInput input;
    input.ratio_proven = RatioProven();
    // Each step's draws come from (learn.seed, step): the mix of a step does
    // not depend on how many steps the process took before it.
    Rng rng(HashCombine(config_.learn.seed ^ 0x6d6978ULL, static_cast<uint64_t>(step_)));
    for (int l = 0; l < job_.bundle.learners().size(); ++l) {
      learn::MixedBatch batch =
          learn::DrawMixedBatch(buffer_, base_, online_.generated_prob, config_.learn.batch_chars,
                                config_.learn.max_example_chars, rng);
      interval_.examples += static_cast<int64_t>(batch.strings.size());
      interval_.generated += batch.generated;
      input.batches.push_back(std::move(batch.strings));
    }
    Timer busy;
    const std::optional<learn::StepReport> step = learners_.Step(step_, &input, nullptr);
    interval_.busy_seconds += busy.Seconds();
    LF_CHECK(step.has_value());
    ++step_;
    last_loss_ = step->loss;
    metrics_.Append(io::StepMetrics{step->global_step, segment_, step->loss, step->train_loss,
                                    step->progress_loss, step->alpha, step->mu, UnixTime(),
                                    step->batch_strings});
  }

  // Sends the weights (version = learner step) to every actor whose previous
  // weights have arrived (`all`: to every actor).
  void SendWeights(bool all) {
    std::string bytes;
    for (int a = first_actor(); a < comm_.size(); ++a) {
      if (!all && outbox_.PendingTo(a) > 0) continue;
      if (bytes.empty()) {
        job_.model->GetWeights(weights_);
        bytes = online::EncodeWeights(step_, weights_);
      }
      outbox_.Send(a, online::kTagWeights, bytes);
      weight_version_ = step_;
    }
  }

  void Row() {
    io::OnlineMetrics row;
    const double seconds = std::max(interval_.timer.Seconds(), 1e-9);
    examples_ += interval_.examples;
    generated_ += interval_.generated;
    row_step_ = step_;
    row.learner_step = step_;
    row.wall_time = UnixTime();
    row.elapsed_seconds = since_start_.Seconds();
    row.examples_consumed = examples_;
    row.generated_consumed = generated_;
    row.examples_generated = labelled_;
    row.generated_fraction = interval_.examples > 0 ? static_cast<double>(interval_.generated) /
                                                          static_cast<double>(interval_.examples)
                                                    : 0.0;
    row.buffer_examples = static_cast<int64_t>(buffer_.size());
    row.buffer_fill = static_cast<double>(buffer_.size()) / static_cast<double>(buffer_.capacity());
    row.weight_version = weight_version_;
    row.version_lag = interval_.graphs > 0
                          ? interval_.lag_sum / static_cast<double>(interval_.graphs)
                          : std::numeric_limits<double>::quiet_NaN();
    row.graphs_per_s = static_cast<double>(interval_.graphs) / seconds;
    row.nodes_per_s = static_cast<double>(interval_.nodes) / seconds;
    row.graphs = graphs_;
    row.proofs = proofs_;
    row.learner_busy_fraction = interval_.busy_seconds / seconds;
    row.valid_fwd_proved = valid_fwd_proved_;
    row.ratio_proven = RatioProven();
    row.final_goals_proven = job_.goals.goals.empty()
                                 ? 0.0
                                 : static_cast<double>(state_.goals_proven.size()) /
                                       static_cast<double>(job_.goals.goals.size());
    row.loss = last_loss_;
    metrics_.Append(row);
    if (progress_.Seconds() >= config_.run.progress_interval_s) {
      progress_ = Timer();
      log_.Line("[online] step " + std::to_string(step_) + "/" +
                std::to_string(online_.total_steps) + ": loss " + Fixed(row.loss) + ", examples " +
                std::to_string(examples_) + " (generated " + Fixed(row.generated_fraction, 2) +
                "), buffer " + std::to_string(row.buffer_examples) + ", graphs " +
                std::to_string(graphs_) + " (" + Fixed(row.graphs_per_s, 2) + "/s), proofs " +
                std::to_string(proofs_) + ", weight lag " + Fixed(row.version_lag, 1) +
                ", learner busy " + Fixed(row.learner_busy_fraction, 2) + ", goals proven " +
                std::to_string(state_.goals_proven.size()) + "/" +
                std::to_string(job_.goals.goals.size()));
    }
    interval_ = Interval{};
  }

  // Forward-greedy pass@1 on the held-out list (Evariste's
  // valid_fwd_proving-prop_proved: one attempt, stopped at its first mistake).
  void Evaluate(bool with_uniform) {
    const std::vector<Goal>& problems = job_.eval_problems.goals;
    if (problems.empty()) return;
    search::UniformEvaluator uniform;
    std::string line;
    for (const bool model : {true, false}) {
      if (!model && !with_uniform) break;
      Timer timer;
      search::SearchPool pool(model ? job_.model->evaluator() : &uniform,
                              static_cast<size_t>(config_.run.searches_per_rank));
      const std::vector<search::SearchRecord> records = pool.Run(problems.size(), [&](size_t i) {
        search::SearchParams params = config_.search;
        params.budget = config_.run.eval_budget;
        // The same seed for every evaluation of a problem, as in sync mode.
        params.seed = TaskSeed(config_.run.seed, -1, 4, i);
        return search::MakeSearch("forward-greedy", params, job_.theory,
                                  job_.theory->RootState(problems[i].theorem));
      });
      io::EvalMetrics row;
      row.iteration = static_cast<int32_t>(step_);
      row.split = "heldout";
      row.evaluator = model ? "model" : "uniform";
      row.algorithm = "forward-greedy";
      row.budget = config_.run.eval_budget;
      for (const search::SearchRecord& r : records) {
        row.solved += r.proof.has_value() ? 1 : 0;
        row.expansions += r.expansions;
      }
      row.attempted = static_cast<int64_t>(records.size());
      row.pass_at_1 = static_cast<double>(row.solved) / static_cast<double>(row.attempted);
      row.seconds = timer.Seconds();
      row.wall_time = UnixTime();
      metrics_.Append(row);
      if (model) valid_fwd_proved_ = row.pass_at_1;
      line += std::string(line.empty() ? "" : "; ") + row.evaluator + " " +
              std::to_string(row.solved) + "/" + std::to_string(row.attempted) + " (pass@1 " +
              Fixed(row.pass_at_1) + ")";
    }
    log_.Line("[online] step " + std::to_string(step_) + " held-out forward-greedy: " + line);
  }

  // Ends the current segment: checkpoint, the root's shard published, every
  // actor asked to publish its own (CompleteSegments records it once all have).
  void EndSegment() {
    job_.model->Save(CheckpointPath(job_.dir, segment_), job_.theory->name());
    shard_->SetIteration(segment_ + 1);
    awaiting_[segment_] = actors();
    for (int a = first_actor(); a < comm_.size(); ++a)
      outbox_.Send(a, online::kTagRoll, online::EncodeInt(segment_));
    metrics_.Flush();
    ++segment_;
    segment_start_ = step_;
  }

  // Records, oldest first, every segment whose shards are all published.
  void CompleteSegments() {
    while (!awaiting_.empty() && awaiting_.begin()->second == 0 &&
           awaiting_.begin()->first == state_.completed_iterations) {
      const int segment = awaiting_.begin()->first;
      for (PublishedFile& f : DescribeShards(job_.dir, segment))
        state_.shards.push_back(std::move(f));
      state_.completed_iterations = segment + 1;
      SaveRunState(job_.dir, state_);
      awaiting_.erase(awaiting_.begin());
    }
  }

  // Stops the actors and waits for each one's last message; what they report
  // meanwhile is no longer trained on.
  void StopActors(int code) {
    stopping_ = true;
    for (int a = first_actor(); a < comm_.size(); ++a)
      outbox_.Send(a, online::kTagStop, std::string(1, static_cast<char>(code)));
    Backoff backoff;
    while (stop_acks_ < actors()) ReadMessages() ? backoff.Reset() : backoff.Wait();
    outbox_.Drain();
  }

  JobContext& job_;
  const RunConfig& config_;
  const OnlineParams& online_;
  RunState& state_;
  RunLog& log_;
  io::MetricsLog& metrics_;
  const mpi::Communicator& comm_;
  mpi::Outbox outbox_;
  OnlineLearnerGroup learners_;
  const learn::NoveltyFilter held_out_;
  learn::ReplayBuffer buffer_;
  std::vector<std::string> base_;
  int64_t step_;
  int64_t segment_start_ = step_;  // learner step at which the current segment began
  int64_t row_step_ = step_;       // learner step of the last /online row
  int segment_;
  std::unique_ptr<io::ShardWriter> shard_;
  std::vector<float> weights_;
  bool warm_ = false;
  bool stopping_ = false;
  int stop_acks_ = 0;
  std::map<int, int> awaiting_;  // segment -> actors yet to publish it
  // Results waiting to be labelled.
  std::vector<ProveResult> conjectures_;
  std::vector<ProveResult> goals_;  // goal and forward searches
  std::vector<std::string> refuted_;
  std::deque<bool> recent_;  // proven? of the last online.ratio_window conjectures
  Interval interval_;
  Timer since_start_;
  Timer progress_;
  int64_t examples_ = 0;
  int64_t generated_ = 0;
  int64_t labelled_ = 0;  // examples labelled into the buffer
  int64_t graphs_ = 0;
  int64_t proofs_ = 0;
  int64_t weight_version_ = 0;
  double last_loss_ = 0.0;
  double valid_fwd_proved_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace

int RunOnlineRoot(JobContext& job) {
  const RunConfig& config = job.config;
  RunState state = LoadRunState(job.dir);
  RunLog log(job.dir + "/log.txt", config.label.empty() ? "" : "[" + config.label + "] ");
  ResumeLog(job, state, "segment", &log);
  log.Line("lemmaforge run (online): " + job.bundle.layout().ToString() + "; theory " +
           config.run.theory + ", " + std::to_string(job.goals.goals.size()) + " final goals, " +
           std::to_string(job.eval_problems.goals.size()) + " held-out problems, run directory " +
           job.dir);
  io::MetricsLog metrics(job.dir + "/metrics.h5", config.text);
  return OnlineRoot(job, &state, &log, &metrics).Run();
}

}  // namespace lf::app
