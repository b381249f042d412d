#pragma once
// Online mode of `lemmaforge run` (run.mode = online, [online] in
// run_config.h): Evariste's asynchronous actors and learners (evariste.md §2,
// §3.8) under one mpirun, with minimo's conjecture-and-prove flow mixed in.
// No rank waits for another at a phase boundary.
//
//   actors     (the generator ranks, online_actor.cc) keep run.searches_per_rank
//              searches in flight, their model calls batched: with probability
//              online.forward_prob a forward proof (online.forward_algorithm,
//              the target in the prompt) toward a final goal or toward a
//              statement the actor proved before, otherwise a backward search
//              (run.algorithm) of a conjecture the actor sampled, or every
//              run.conjectures_per_task conjectures of the next final goal.
//              Every finished search graph is relabelled in hindsight and
//              written to the actor's shard; the result streams to the learner
//              root (online_protocol.h), the weight version that started the
//              search in every record. Between search rounds the actor takes
//              new weights when the root has sent some, without stopping.
//   root       (learner rank 0, online_root.cc) receives the stream, re-checks
//              every proof (run_messages.h), labels the results in chunks
//              (run_label.h: difficulty buckets from the chunk's proven
//              conjectures, hindsight statements deduplicated over the run),
//              stores them in its shard and feeds the examples to a bounded
//              replay buffer (learn/replay_buffer.h). Once the buffer holds
//              online.warm_examples it trains without pause: each batch mixes
//              generated examples (probability online.generated_prob) and the
//              base data (the goals' solutions, online.base_examples,
//              online.base_run); the goal-conditioned loss applies, its alpha
//              schedules advance by learner step over online.total_steps, and
//              `ratio` reads the last online.ratio_window conjectures. Every
//              online.refresh_steps steps it sends the weights to each actor
//              whose previous weights have arrived; every online.log_steps an
//              /online row (io/records.h); every online.eval_steps the
//              forward-greedy pass@1 on run.eval_problems (an /eval row).
//   learners   (other learner ranks) take their batch of each step from the
//              root and average gradients with it (data-parallel, as in sync).
//
// Persistence. Every online.checkpoint_steps steps the root ends a segment:
// it saves checkpoints/it<segment>.ckpt, publishes its shard and asks every
// actor to publish its own; once all have, state.json lists the segment as
// completed (run_dir.h: a segment plays the role of a sync iteration). The run
// ends after online.total_steps steps (or online.max_seconds) with a last
// segment and a final evaluation. `--resume` loads the last completed
// segment's checkpoint, discards the shards of later segments, refills the
// replay buffer from the root's shards, and goes on. SIGTERM (SIGINT,
// SIGUSR1) stops the actors first, then the learners; the job exits 3 and
// the interrupted segment is redone on resume.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/run_roles.h"
#include "learn/train_report.h"
#include "mpi/allreduce.h"

namespace lf::app {

// Collective over the job (every rank calls it in place of the sync loop);
// returns the exit code.
int RunOnline(JobContext& job);

// The parts, by role.
int RunOnlineRoot(JobContext& job);   // online_root.cc
int RunOnlineActor(JobContext& job);  // online_actor.cc

// The learners' side of online mode: one learner step, collective over the
// learners. Learner 0 passes the batches (one per learner, in learner rank
// order) and the ratio; the others pass nullptr and receive theirs; gradients
// are averaged across learners. Returns the step's report, or nullopt when
// learner 0 said stop (then *exit_code, if given, is its exit code).
struct OnlineStepInput {
  bool stop = false;
  int exit_code = 0;  // with stop
  double ratio_proven = 0.0;
  std::vector<std::vector<std::string>> batches;
};

class OnlineLearnerGroup {
 public:
  explicit OnlineLearnerGroup(JobContext& job);
  ~OnlineLearnerGroup();
  OnlineLearnerGroup(const OnlineLearnerGroup&) = delete;
  OnlineLearnerGroup& operator=(const OnlineLearnerGroup&) = delete;

  std::optional<learn::StepReport> Step(int64_t step, const OnlineStepInput* input, int* exit_code);

 private:
  JobContext& job_;
  std::unique_ptr<mpi::GradientAllreduce> reduce_;  // with several learners
};

}  // namespace lf::app
