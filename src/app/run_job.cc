#include "app/run_job.h"

#include <cstddef>
#include <filesystem>
#include <limits>

#include "app/configs_dir.h"
#include "app/run_dir.h"
#include "app/run_online.h"
#include "app/run_roles.h"
#include "app/run_tasks.h"
#include "core/bytes.h"
#include "core/hash.h"
#include "core/stop_flag.h"
#include "io/metrics_log.h"
#include "learn/conjecturer.h"
#include "model/torch_threads.h"
#include "mpi/allreduce.h"
#include "mpi/fatal.h"
#include "mpi/weights.h"
#include "mpi/work_queue.h"

namespace lf::app {
namespace {

// Model settings for `threads_share` ranks sharing this node's cores.
model::ModelParams ThreadParams(const JobContext& job, int ranks_sharing) {
  model::ModelParams p = job.config.model;
  p.ranks_per_node = std::max(1, ranks_sharing);
  return p;
}

// Serves the iteration's work queue on a rank other than the root: keeps up
// to run.searches_per_rank tasks in flight, returns results as they finish.
void ServeTasks(mpi::WorkClient& client, TaskRunner& runner) {
  bool stopping = false;
  while (true) {
    while (!stopping && runner.HasRoom()) {
      std::optional<mpi::WorkClient::Item> item;
      if (runner.Idle()) {
        item = client.Next();  // nothing to compute: wait (quietly) for work
      } else {
        item = client.TryNext();
      }
      if (!item) break;
      if (item->is_stop()) stopping = true;
      if (item->is_task()) runner.Start(item->task_id, item->task);
    }
    for (auto& [id, bytes] : runner.Step()) client.Complete(id, std::move(bytes));
    if (stopping && runner.Idle()) return;
  }
}

int RunFollower(JobContext& job) {
  while (true) {
    const ControlMessage start = ExchangeControl(job, {});
    if (start.control == Control::kStop) return start.exit_code;
    ShareWeights(job, start.iteration);
    if (start.control == Control::kEvaluate) {
      TaskRunner runner(job.config, job.theory, job.model.get(), nullptr, nullptr,
                        job.bundle.job_rank(), start.iteration);
      mpi::WorkClient client(job.bundle.job());
      ServeTasks(client, runner);
      continue;
    }
    {
      auto shard = OpenShardWriter(job, start.iteration);
      auto traces = OpenTraceWriter(job, start.iteration);
      TaskRunner runner(job.config, job.theory, job.model.get(), shard.get(), traces.get(),
                        job.bundle.job_rank(), start.iteration);
      mpi::WorkClient client(job.bundle.job());
      ServeTasks(client, runner);
      shard->Flush();
      if (traces) traces->Publish();
    }
    const ControlMessage next = ExchangeControl(job, {});
    if (next.control == Control::kStop) return next.exit_code;
    // An interrupted training ends at the next control point, which says stop.
    if (job.model->trains()) TrainLearners(job, next.iteration, {}, nullptr);
  }
}

// Held-out problems must be statements of the theory, and none may be a final
// goal: goals are conjectured and trained on, held-out problems never are.
void CheckHeldOut(const JobContext& job) {
  const learn::NoveltyFilter goals(*job.theory, job.goal_theorems);
  for (const Goal& p : job.eval_problems.goals) {
    GoalRootState(*job.theory, p, "run.eval_problems: problem");
    if (goals.Seen(p.theorem))
      throw InputError(p.where, "run.eval_problems: problem '" + p.name + "' is also a " +
                                    (job.config.end_to_end() ? "train problem of e2e.train_problems"
                                                             : "final goal of run.goals") +
                                    "; held-out problems are never trained on, those are");
  }
}

}  // namespace

void ResumeLog(const JobContext& job, const RunState& state, const std::string& unit,
               RunLog* log) {
  if (job.config.resume_dir.empty()) return;
  const int removed = DiscardIncompleteIterations(job.dir, state.completed_iterations);
  log->Line("resuming " + job.dir + " after " + unit + " " +
            std::to_string(state.completed_iterations) + " (" + std::to_string(removed) +
            " files of an interrupted " + unit + " removed)");
}

ControlMessage ExchangeControl(const JobContext& job, const ControlMessage& message) {
  const mpi::Communicator& comm = job.bundle.job();
  comm.QuietBarrier();
  std::vector<std::byte> bytes(2);
  bytes[0] = static_cast<std::byte>(message.control);
  bytes[1] = static_cast<std::byte>(message.exit_code);
  const uint64_t iteration =
      mpi::BroadcastBytes(comm, &bytes, static_cast<uint64_t>(message.iteration));
  return {static_cast<Control>(bytes[0]), static_cast<int>(iteration), static_cast<int>(bytes[1])};
}

void ShareWeights(JobContext& job, int iteration) {
  std::vector<float> flat(static_cast<size_t>(job.model->weight_count()));
  const bool root = job.bundle.IsLearnerRoot();
  if (root) job.model->GetWeights(flat);
  mpi::BroadcastWeights(job.bundle.job(), std::span<float>(flat), static_cast<uint64_t>(iteration));
  if (!root) job.model->SetWeights(flat);
}

std::unique_ptr<io::TraceWriter> OpenTraceWriter(const JobContext& job, int iteration) {
  if (!job.config.end_to_end()) return nullptr;
  const std::string path = TracePath(job.dir, iteration, job.bundle.job_rank());
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  return std::make_unique<io::TraceWriter>(path, job.config.text);
}

std::unique_ptr<io::ShardWriter> OpenShardWriter(const JobContext& job, int iteration) {
  io::ShardWriterParams p;
  p.dir = ShardDirectory(job.dir);
  p.config = job.config.text;
  p.rank = job.bundle.job_rank();
  p.iteration = iteration;
  p.records_per_shard = job.config.run.shard_records;
  p.seed = HashCombine(job.config.run.seed, HashCombine(static_cast<uint64_t>(iteration),
                                                        static_cast<uint64_t>(p.rank)));
  return std::make_unique<io::ShardWriter>(p);
}

std::optional<learn::IterationReport> TrainLearners(
    JobContext& job, int iteration, TrainingInput input,
    const std::function<void(const learn::StepReport&)>& on_step) {
  const mpi::Communicator& learners = job.bundle.learners();
  const bool several = learners.size() > 1;
  if (several) {
    learners.QuietBarrier();
    std::string text;
    if (learners.is_root()) {
      ByteWriter w;
      w.Put<double>(input.ratio_proven);
      w.PutStrings(input.examples);
      text = w.Take();
    }
    mpi::BroadcastString(learners, &text, static_cast<uint64_t>(iteration));
    if (!learners.is_root()) {
      ByteReader r(text);
      input.ratio_proven = r.Get<double>();
      input.examples = r.GetStrings();
    }
  }
  learn::Replica& model = *job.model;
  if (input.examples.empty()) {
    learn::IterationReport report;
    if (!job.goal_solutions.empty()) report.val_loss = model.Loss(job.goal_solutions);
    return report;
  }
  // Generators wait quietly while learners train: the learners on this node
  // may use its cores between them.
  model::ConfigureTorchThreads(ThreadParams(job, job.bundle.learners_on_node()));
  std::unique_ptr<mpi::GradientAllreduce> reduce;
  std::function<void(std::span<float>)> average;
  if (several) {
    reduce = std::make_unique<mpi::GradientAllreduce>(learners);
    average = [&](std::span<float> grads) { reduce->Run(grads, mpi::Reduction::kMean); };
  }
  struct Interrupted {};
  std::optional<learn::IterationReport> report;
  try {
    report = model.TrainIteration(
        input.examples, job.goal_theorems, job.goal_solutions, iteration, input.ratio_proven,
        [&](const learn::StepReport& step) {
          if (on_step) on_step(step);
          bool stop = StopRequested();
          if (several) stop = mpi::AnyRank(learners, stop);
          if (stop) throw Interrupted{};
        },
        average);
  } catch (const Interrupted&) {
    report.reset();
  }
  model::ConfigureTorchThreads(ThreadParams(job, job.bundle.ranks_on_node()));
  return report;
}

int RunJob(const mpi::CommBundle& bundle, const RunConfig& config) {
  InstallStopHandlers();
  JobContext job{.config = config, .bundle = bundle};
  job.theory = LoadTheory(config.run.theory);
  if (!config.run.goals.empty()) job.goals = ReadGoalSet(GoalSetPath(config.run.goals));
  // The end-to-end loop's train problems are its goals: searched every round,
  // proofs stored, counted as final_goals_proven (checked like held-out ones).
  if (config.end_to_end()) {
    job.goals = ReadGoalSet(ProblemListPath(config.e2e.train_problems));
    for (const Goal& p : job.goals.goals)
      GoalRootState(*job.theory, p, "e2e.train_problems: problem");
  }
  for (const Goal& g : job.goals.goals) {
    job.goal_theorems.push_back(g.theorem);
    std::string flat;
    for (const std::string& line : g.solution) flat += (flat.empty() ? "" : "\n") + line;
    if (!flat.empty()) job.goal_solutions.push_back(flat);
  }
  if (!config.run.eval_problems.empty()) {
    job.eval_problems = ReadGoalSet(ProblemListPath(config.run.eval_problems));
    for (const Goal& g : job.eval_problems.goals) job.eval_theorems.push_back(g.theorem);
    CheckHeldOut(job);
  }

  // The root creates the run directory or checks the resumed one (cmd_run.cc
  // named it), then tells every rank where the run starts.
  job.dir = config.run.dir;
  if (bundle.IsLearnerRoot()) {
    if (config.resume_dir.empty()) {
      job.lock = CreateRunDirectory(job.dir, config.text);
    } else {
      // Everything a resume relies on is checked before any work is spent.
      job.lock = std::make_unique<RunDirLock>(job.dir);
      const RunState state = LoadRunState(job.dir);
      VerifyShards(job.dir, state);
      if (std::filesystem::exists(job.dir + "/metrics.h5"))
        io::MetricsReader(job.dir + "/metrics.h5").ReadIterations();
      job.completed_iterations = state.completed_iterations;
    }
  }
  // The root's count; the other ranks hold 0.
  job.completed_iterations = mpi::MaxOverRanks(bundle.job(), job.completed_iterations);

  model::ConfigureTorchThreads(ThreadParams(job, bundle.ranks_on_node()));
  if (bundle.IsLearner()) {
    learn::LearnParams learn = config.learn;
    if (config.online_mode()) {
      // Online mode has no iterations: the schedules' horizon is its steps.
      learn.total_iterations = 1;
      learn.train_iterations = static_cast<int>(std::min<int64_t>(
          config.online.total_steps, std::numeric_limits<int>::max()));
    }
    // Each learner draws its own batches; learner 0 keeps the configured seed.
    if (bundle.learners().rank() > 0)
      learn.seed = HashCombine(learn.seed, static_cast<uint64_t>(bundle.learners().rank()));
    job.model = learn::Replica::ForLearner(config.model, learn);
    if (job.completed_iterations > 0)
      job.model->Load(CheckpointPath(job.dir, job.completed_iterations - 1), job.theory->name());
  } else {
    job.model = learn::Replica::ForInference(config.model);
  }
  if (config.online_mode()) return RunOnline(job);
  return bundle.IsLearnerRoot() ? RunRoot(job) : RunFollower(job);
}

}  // namespace lf::app
