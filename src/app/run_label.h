#pragma once
// What the learner root makes of proof results before training on them
// (step 3 of run_job.h; online mode labels its stream in chunks the same way,
// run_online.h): the labelling (learn/labelling.h), the shard records it
// yields, and the files of proven final goals.

#include <span>
#include <string>
#include <vector>

#include "app/run_dir.h"
#include "app/run_log.h"
#include "app/run_messages.h"
#include "app/run_roles.h"
#include "io/records.h"
#include "io/shard_writer.h"
#include "learn/conjecturer.h"

namespace lf::app {

// Results to label together (views: the results must outlive the call).
struct LabelBatch {
  std::vector<const ProveResult*> conjectures;  // one per conjecture, in task order
  std::span<const std::string> refuted;         // sampled, novel, refuted; in task order
  std::vector<const ProveResult*> goals;        // goal attempts (online: forward ones too)
};

// The labelling's examples (trained on now, and kept for the replay window),
// with the iteration (online mode: the weight version) each comes from, and
// the metrics row, timings still to fill in.
struct Labelled {
  std::vector<std::string> examples;
  std::vector<int> versions;  // parallel to examples
  io::IterationMetrics metrics;
};

// Labels `batch` and stores what it yields in `shard` -- each proof attempt,
// then its labelled records, in the labelling's order -- and in the run state
// (proven statements, hindsight statements seen). Records carry their
// attempt's `iteration`; refuted statements `iteration`.
Labelled Label(const JobContext& job, const LabelBatch& batch, int iteration, RunState* state,
               io::ShardWriter* shard, const learn::NoveltyFilter& held_out);

// Stores the first checked proof of final goal `name` (RUN_DIR/goal-proofs,
// a script `lemmaforge check` accepts) and logs it; nothing if already stored.
void RecordGoalProof(const JobContext& job, const std::string& name,
                     const kernel::CheckedProof& proof, RunState* state, RunLog* log);

}  // namespace lf::app
