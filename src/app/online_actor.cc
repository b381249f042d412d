// An actor of online mode (run_online.h): searches without pause and streams
// what it finds to the learner root.

#include <deque>
#include <map>

#include "app/online_protocol.h"
#include "app/run_online.h"
#include "app/run_tasks.h"
#include "core/backoff.h"
#include "core/rng.h"
#include "learn/conjecturer.h"
#include "mpi/stream.h"

namespace lf::app {
namespace {

// Task kinds, for the seeds (TaskSeed) and the bookkeeping of one actor.
enum ActorTask : uint64_t { kSampleTask = 1, kConjectureTask = 2, kGoalTask = 3, kForwardTask = 4 };

// A report waits in the outbox while the root trains; past this many unsent
// ones the actor stops starting searches until the root catches up, so a
// slow root costs the actor time, never unbounded memory.
constexpr size_t kMaxUnsentReports = 256;
// Statements this actor proved, kept as forward targets (the newest).
constexpr size_t kMaxTargets = 1000;

class Actor {
 public:
  explicit Actor(JobContext& job)
      : job_(job),
        config_(job.config),
        comm_(job.bundle.job()),
        rank_(job.bundle.job_rank()),
        outbox_(comm_),
        shard_(OpenShardWriter(job, job.completed_iterations)),
        runner_(config_, job.theory, job.model.get(), shard_.get(), nullptr, rank_, 0),
        rng_(TaskSeed(config_.run.seed, rank_, 0, 0)),
        novelty_(*job.theory, job.eval_theorems),
        weights_(static_cast<size_t>(job.model->weight_count())) {}

  int Run() {
    Backoff backoff;
    while (true) {
      bool progress = ReadRootMessages();
      if (stop_code_ >= 0) break;
      if (version_ < 0) {  // no weights yet: nothing to search with
        backoff.Wait();
        continue;
      }
      if (outbox_.Progress() < kMaxUnsentReports) StartTasks();
      if (!runner_.Idle()) {
        for (auto& [id, bytes] : runner_.Step()) Finished(id, std::move(bytes));
        progress = true;
      }
      if (progress) {
        backoff.Reset();
      } else {
        backoff.Wait();
      }
    }
    // Searches still in flight are abandoned: their graphs were never written.
    shard_->Flush();
    outbox_.Send(0, online::kTagStopAck, std::string());
    outbox_.Drain();
    return stop_code_;
  }

 private:
  // Applies what the root sent, in order; true if anything came.
  bool ReadRootMessages() {
    bool any = false;
    while (std::optional<mpi::Message> m = mpi::TryReceive(comm_, 0, mpi::kAnyTag)) {
      any = true;
      switch (m->tag) {
        case online::kTagWeights:
          version_ = online::DecodeWeights(m->body, weights_);
          job_.model->SetWeights(weights_);
          runner_.SetIteration(static_cast<int>(version_));
          break;
        case online::kTagRoll: {
          const int32_t segment = online::DecodeInt(m->body);
          // Publishes the segment's shard; later graphs belong to the next one.
          shard_->SetIteration(segment + 1);
          outbox_.Send(0, online::kTagRolled, online::EncodeInt(segment));
          break;
        }
        case online::kTagStop:
          stop_code_ = static_cast<int>(static_cast<unsigned char>(m->body.at(0)));
          return true;
        default:
          LF_CHECK(false);
      }
    }
    return any;
  }

  void StartTasks() {
    while (runner_.HasRoom()) {
      if (!StartOne()) return;
    }
  }

  // Starts the next task; false when it must wait (for sampled conjectures).
  bool StartOne() {
    const RunParams& run = config_.run;
    const std::vector<Goal>& goals = job_.goals.goals;
    if (rng_.Uniform() < config_.online.forward_prob && (!goals.empty() || !targets_.empty())) {
      // Toward a final goal or, half the time when there are any, a statement
      // proved before (Evariste's generated-goal selector).
      const bool own = goals.empty() || (!targets_.empty() && rng_.Uniform() < 0.5);
      const int32_t goal = own ? -1 : static_cast<int32_t>(rng_.Below(goals.size()));
      const std::string& target =
          own ? targets_[rng_.Below(targets_.size())] : goals[static_cast<size_t>(goal)].theorem;
      Start(kForwardTask,
            ProveTask{target, Seed(kForwardTask), ProvePurpose::kForward,
                      own ? "" : goals[static_cast<size_t>(goal)].name},
            goal);
      return true;
    }
    if (!goals.empty() && since_goal_ >= run.conjectures_per_task) {
      since_goal_ = 0;
      const size_t g = next_goal_++ % goals.size();
      Start(kGoalTask,
            ProveTask{goals[g].theorem, Seed(kGoalTask), ProvePurpose::kGoal, goals[g].name},
            static_cast<int32_t>(g));
      return true;
    }
    if (conjectures_.empty()) {
      if (sampling_) return false;
      // Sampling runs inside Start(); its result comes with the next Step().
      const bool easy = rng_.Uniform() < run.easy_fraction;
      std::vector<std::string> known = job_.eval_theorems;
      known.insert(known.end(), accepted_.begin(), accepted_.end());
      sampling_ = true;
      const uint64_t id = next_id_++;
      kinds_[id] = {kSampleTask, -1, ProvePurpose::kConjecture};
      runner_.Start(
          id, Encode(ConjectureTask{run.conjectures_per_task, Seed(kSampleTask), std::move(known),
                                    easy ? config_.buckets.back().label : "hard"}));
      return false;
    }
    ++since_goal_;
    std::string statement = std::move(conjectures_.front());
    conjectures_.pop_front();
    Start(kConjectureTask,
          ProveTask{std::move(statement), Seed(kConjectureTask), ProvePurpose::kConjecture}, -1);
    return true;
  }

  uint64_t Seed(ActorTask kind) { return TaskSeed(config_.run.seed, rank_, kind, ++counts_[kind]); }

  void Start(ActorTask kind, const ProveTask& task, int32_t goal) {
    const uint64_t id = next_id_++;
    kinds_[id] = {kind, goal, task.purpose};
    runner_.Start(id, Encode(task));
  }

  void Finished(uint64_t id, std::string bytes) {
    const auto it = kinds_.find(id);
    LF_CHECK(it != kinds_.end());
    const Started started = it->second;
    kinds_.erase(it);
    if (started.kind == kSampleTask) {
      sampling_ = false;
      ConjectureResult sampled = DecodeConjectureResult(bytes);
      for (const std::string& c : sampled.conjectures) {
        if (const std::optional<std::string> accepted = novelty_.Accept(c)) {
          conjectures_.push_back(*accepted);
          accepted_.push_back(*accepted);
        }
      }
      if (!sampled.refuted.empty()) {
        online::Report report;
        report.kind = online::Report::Kind::kRefuted;
        report.refuted = std::move(sampled.refuted);
        outbox_.Send(0, online::kTagReport, online::Encode(report));
      }
      return;
    }
    // A proved conjecture becomes a forward target. The actor's own results
    // are checked on the root; here the statement only steers what to try.
    if (started.kind == kConjectureTask) {
      const ProveResult result = DecodeProveResult(bytes, *job_.theory);
      if (result.proof) {
        targets_.push_back(result.attempt.theorem);
        if (targets_.size() > kMaxTargets) targets_.pop_front();
      }
    }
    online::Report report;
    report.purpose = started.purpose;
    report.goal = started.goal;
    report.result = std::move(bytes);
    outbox_.Send(0, online::kTagReport, online::Encode(report));
  }

  struct Started {
    ActorTask kind = kSampleTask;
    int32_t goal = -1;
    ProvePurpose purpose = ProvePurpose::kConjecture;
  };

  JobContext& job_;
  const RunConfig& config_;
  const mpi::Communicator& comm_;
  int rank_;
  mpi::Outbox outbox_;
  std::unique_ptr<io::ShardWriter> shard_;  // of the current segment
  TaskRunner runner_;
  Rng rng_;
  learn::NoveltyFilter novelty_;  // held-out statements and this actor's conjectures
  std::vector<float> weights_;
  int64_t version_ = -1;                 // of the weights in use; -1 before the first
  int stop_code_ = -1;                   // the exit code once the root said stop
  std::deque<std::string> conjectures_;  // sampled, novel, not yet searched
  std::vector<std::string> accepted_;    // every conjecture accepted so far
  std::deque<std::string> targets_;      // proved conjectures: forward targets
  bool sampling_ = false;                // a sampling task is in flight
  int since_goal_ = 0;                   // conjecture searches since the last goal search
  size_t next_goal_ = 0;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Started> kinds_;    // tasks in flight
  std::map<uint64_t, uint64_t> counts_;  // tasks started, by kind
};

}  // namespace

int RunOnlineActor(JobContext& job) { return Actor(job).Run(); }

}  // namespace lf::app
