#pragma once
// Internals of `lemmaforge run` shared by the learner root (run_root.cc) and
// the other ranks (run_job.cc). See run_job.h for the protocol.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/goal_set.h"
#include "app/run_config.h"
#include "app/run_dir.h"
#include "app/run_log.h"
#include "io/shard_writer.h"
#include "io/trace_file.h"
#include "kernel/theory.h"
#include "learn/replica.h"
#include "mpi/roles.h"

namespace lf::app {

// What the root tells every rank at a control point.
// kEvaluate: a work-queue session of held-out eval tasks only (after the last
// iteration), with the weights broadcast first as for kIterate.
enum class Control : uint8_t { kStop = 0, kIterate = 1, kTrain = 2, kEvaluate = 3 };

struct ControlMessage {
  Control control = Control::kStop;
  int iteration = 0;
  int exit_code = 0;  // with kStop: the code every rank exits with
};

// Everything a rank of the job holds.
struct JobContext {
  const RunConfig& config;
  const mpi::CommBundle& bundle;
  std::shared_ptr<const kernel::Theory> theory{};
  GoalSet goals{};
  GoalSet eval_problems{};                    // run.eval_problems (held out)
  std::vector<std::string> eval_theorems{};   // their statements: never conjectured or trained on
  std::vector<std::string> goal_theorems{};   // the progress loss's statements
  std::vector<std::string> goal_solutions{};  // flattened solutions, for val_loss
  std::string dir{};                          // the run directory
  std::unique_ptr<RunDirLock> lock{};         // held by the root for the whole run
  int completed_iterations = 0;               // when the job started
  std::unique_ptr<learn::Replica> model{};    // trains on learners; searches everywhere
};

// Collective over the job: the root sends `message`, everyone returns it.
// Ranks wait for it without spinning (Communicator::QuietBarrier).
ControlMessage ExchangeControl(const JobContext& job, const ControlMessage& message);

// Collective over the job: every rank's model gets the root's weights.
void ShareWeights(JobContext& job, int iteration);

// A shard writer for this rank's records of `iteration`.
std::unique_ptr<io::ShardWriter> OpenShardWriter(const JobContext& job, int iteration);
// In the end-to-end loop, a writer of this rank's proof traces of `iteration`
// (run_dir.h TracePath; published once its prove phase is over); else null.
std::unique_ptr<io::TraceWriter> OpenTraceWriter(const JobContext& job, int iteration);

// The learners' part of an iteration after "train": learner rank 0 passes the
// examples and the iteration's ratio of proven conjectures (the others pass
// empty values and receive them). Collective over the learners. Returns the
// report, or nullopt when a stop was requested on any learner meanwhile.
struct TrainingInput {
  std::vector<std::string> examples;
  double ratio_proven = 0.0;
};
std::optional<learn::IterationReport> TrainLearners(
    JobContext& job, int iteration, TrainingInput input,
    const std::function<void(const learn::StepReport&)>& on_step);

// On --resume, deletes what the interrupted `unit` ("iteration", "segment")
// left (run_dir.h DiscardIncompleteIterations) and logs where the run resumes.
void ResumeLog(const JobContext& job, const RunState& state, const std::string& unit,
               RunLog* log);

// The root's part of the job (run_root.cc).
int RunRoot(JobContext& job);

}  // namespace lf::app
