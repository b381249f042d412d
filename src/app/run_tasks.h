#pragma once
// TaskRunner: what every rank of `lemmaforge run` does with the tasks of the
// work queue (run_messages.h), the learner root included.
//
//   conjecture task  runs at once: SampleNovelConjectures with the task's seed;
//                    with run.refute, samples refuted on small instances
//                    (search/refutation.h) come back separately
//   prove task       becomes a search in one SearchBatch, so the model calls of
//                    all searches in flight on this rank are batched; when it
//                    finishes, its proof (a kernel::CheckedProof, if any) is
//                    the result's, its graph is relabelled in hindsight (at most
//                    run.hindsight_max_goals facts, their proof log-probs in one
//                    batched model call) and its search graph is written to
//                    this rank's shard (in the end-to-end loop its proof trace
//                    too, io/trace_file.h). Its training examples: the search's
//                    (search_record.h); in the end-to-end loop its policy
//                    examples and the critic's labels (learn/critic_labels.h)
//   forward task     (online mode) a prove task searched with
//                    online.forward_algorithm at a budget of forward.max_steps
//                    steps (one trajectory, as Evariste's actors); otherwise
//                    as a prove task
//   eval task        a held-out problem (ProvePurpose::kEval*): searched with
//                    run.eval_algorithm at run.eval_budget, with the model or the
//                    uniform evaluator (a second batch); only the checked
//                    outcome returns -- no hindsight, no examples, no graph
//
// Every random choice of a task derives from the seed inside the task, so the
// result does not depend on which rank ran it (up to floating-point effects of
// batching model calls).
//
// Not thread-safe; one runner per rank and iteration, driven by its MPI thread.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/run_config.h"
#include "app/run_messages.h"
#include "core/hash.h"
#include "io/shard_writer.h"
#include "io/trace_file.h"
#include "kernel/theory.h"
#include "learn/replica.h"
#include "search/paired_evaluator.h"
#include "search/refutation.h"
#include "search/search_pool.h"
#include "search/uniform.h"

namespace lf::app {

// The seed of a task: task `index` of `kind` in `iteration` (online mode: an
// actor's rank in place of the iteration).
inline uint64_t TaskSeed(uint64_t run_seed, int iteration, uint64_t kind, uint64_t index) {
  return HashCombine(HashCombine(run_seed, static_cast<uint64_t>(iteration)),
                     HashCombine(kind, index));
}

class TaskRunner {
 public:
  // `model`, `shard` and `traces` must outlive the runner; `shard` may be null
  // when only eval tasks will come; `traces` is null unless the end-to-end loop
  // keeps a proof trace of every search of a train problem.
  TaskRunner(const RunConfig& config, std::shared_ptr<const kernel::Theory> theory,
             learn::Replica* model, io::ShardWriter* shard, io::TraceWriter* traces, int rank,
             int iteration);

  // Whether another task may start (fewer than run.searches_per_rank in flight).
  bool HasRoom() const;
  // Nothing in flight and no finished result waiting to be collected.
  bool Idle() const;
  // Starts a task (encoded as in run_messages.h).
  void Start(uint64_t task_id, const std::string& task);
  // Advances every search in flight by one batched round; returns the results
  // (encoded) of every task finished since the last call, in completion order.
  std::vector<std::pair<uint64_t, std::string>> Step();

  // Online mode: the weight version (learner step) that tasks started from now
  // on record as their `iteration`.
  void SetIteration(int iteration) { iteration_ = iteration; }

 private:
  std::string Finish(uint64_t task_id, search::Search& search);
  void Collect(search::SearchBatch* batch);

  const RunConfig& config_;
  std::shared_ptr<const kernel::Theory> theory_;
  learn::Replica* model_;
  io::ShardWriter* shard_;
  io::TraceWriter* traces_;
  int rank_;
  int iteration_;
  search::Refuter refuter_;
  search::UniformEvaluator uniform_;
  search::PairedEvaluator pair_;       // the end-to-end loop's (e2e.policy, e2e.critic)
  search::SearchBatch batch_;          // searches with the model (or that pair)
  search::SearchBatch uniform_batch_;  // held-out problems with the uniform evaluator
  struct InFlight {
    uint64_t id = 0;
    ProveTask task;
    int iteration = 0;  // iteration_ when the task started
  };
  std::vector<InFlight> in_flight_;  // in start order
  std::vector<std::pair<uint64_t, std::string>> done_;
};

}  // namespace lf::app
