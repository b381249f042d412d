// `lemmaforge run`: the self-improvement job (run_job.h), under mpirun or
// alone, as one run or as a sweep of runs in partitions (run_sweep.h); and
// `lemmaforge e2e`, the same job running BAIT's end-to-end loop.

#include <filesystem>

#include "app/commands.h"
#include "app/run_config.h"
#include "app/run_dir.h"
#include "app/run_job.h"
#include "app/run_sweep.h"
#include "mpi/allreduce.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"
#include "mpi/roles.h"
#include "mpi/weights.h"

namespace lf::app {
namespace {

// What every rank knows before the world is split: how, and what each
// partition runs. Computed identically on every rank.
struct JobPlan {
  mpi::PartitionLayout partitions;
  std::vector<RunConfig> configs;  // one per partition
  std::string sweep_dir;           // RUN of a sweep, "" for a single run
  std::vector<SweepRun> runs;      // the sweep's runs, one per partition
  std::string base_text;           // a fresh sweep's base configuration, else ""
};

using RunParser =
    std::function<RunConfig(const std::string& run_dir, const std::vector<std::string>& extra)>;

// ParseRunArguments on an argument list of our own making.
RunConfig ParseArgs(std::vector<std::string> args, const std::vector<std::string>& extra) {
  args.insert(args.begin(), "run");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return *ParseRunArguments(static_cast<int>(argv.size()), argv.data(), extra);
}

// The configuration of sweep run `run` in `sweep_dir`; errors name the run.
RunConfig SweepRunConfig(const RunParser& parse, const std::string& sweep_dir,
                         const SweepRun& run) {
  const std::string dir = sweep_dir + "/" + run.label;
  std::vector<std::string> extra = run.overrides;
  extra.push_back("--run.dir=" + dir);
  try {
    RunConfig config = parse(dir, extra);
    config.label = run.label;
    return config;
  } catch (const InputError& e) {
    throw InputError(e.where(), "sweep run '" + run.label + "': " + e.message());
  }
}

// The plan of a sweep. `base` is the command line's configuration; a fresh
// sweep's directory (`sweep_dir`) was chosen by world rank 0.
JobPlan PlanSweep(int argc, char** argv, const RunConfig& base, const std::string& sweep_dir,
                  int world_size) {
  JobPlan plan;
  plan.sweep_dir = sweep_dir;
  std::vector<SweepRun>& runs = plan.runs;
  RunParser parse;
  if (base.resume_dir.empty()) {
    plan.base_text = base.text;
    std::vector<SweepAxis> axes;
    for (const std::string& spec : base.sweeps) axes.push_back(ParseSweepAxis(spec));
    if (axes.empty())
      throw InputError("--partition " + base.partition +
                       " needs --sweep KEY=V1,V2,... to tell its runs apart");
    runs = ExpandSweep(axes);
    plan.partitions = base.partition.empty()
                          ? mpi::PartitionLayout::Even(static_cast<int>(runs.size()), world_size)
                          : mpi::PartitionLayout::FromSpec(base.partition, world_size);
    if (plan.partitions.partitions != static_cast<int>(runs.size()))
      throw InputError("--partition " + base.partition + " makes " +
                       std::to_string(plan.partitions.partitions) +
                       " partitions but --sweep gives " + std::to_string(runs.size()) +
                       " runs: one partition runs one run");
    parse = [&](const std::string&, const std::vector<std::string>& extra) {
      return *ParseRunArguments(argc, argv, extra);
    };
  } else {
    runs = ReadSweepRuns(sweep_dir);
    plan.partitions = mpi::PartitionLayout::Even(static_cast<int>(runs.size()), world_size);
    parse = [&](const std::string& dir, const std::vector<std::string>& extra) {
      // A run that never started has no directory yet: it starts from the base.
      if (std::filesystem::exists(dir + "/config.cfg")) return ParseArgs({"--resume", dir}, {});
      return ParseArgs({"--config", sweep_dir + "/config.cfg"}, extra);
    };
  }
  for (const SweepRun& run : runs) plan.configs.push_back(SweepRunConfig(parse, sweep_dir, run));
  return plan;
}

// Collective over the world: rank 0's fresh run directory name, on every rank
// (the name has the time in it, so only one rank may choose it).
std::string AgreeOnFreshDirectory(const mpi::Environment& env) {
  std::string dir;
  if (env.world().rank() == 0) dir = FreshRunDirectory();
  mpi::BroadcastString(env.world(), &dir, 0);
  return dir;
}

// `lemmaforge run`, or with `e2e` `lemmaforge e2e`, which insists on the
// end-to-end loop (the configuration decides the loop either way).
int RunCommand(int argc, char** argv, bool e2e) {
  mpi::Environment env(&argc, &argv);
  const int world_size = env.world().size();
  // Every rank parses the same configuration, so every rank detects a bad one:
  // rank 0 reports it once and all exit before any work (mpi/fatal.h).
  JobPlan plan;
  std::vector<mpi::RoleLayout> roles;
  try {
    std::optional<RunConfig> base = ParseRunArguments(argc, argv);
    if (!base) return kExitOk;
    if (e2e && !base->end_to_end())
      throw InputError(
          "lemmaforge e2e needs e2e.train_problems, the problem list every round searches "
          "(see configs/e2e-nat-add.cfg)");
    if (base->run.dir.empty()) base->run.dir = AgreeOnFreshDirectory(env);
    const bool resume_sweep = !base->resume_dir.empty() && IsSweepDirectory(base->resume_dir);
    if (resume_sweep || !base->sweeps.empty() || !base->partition.empty()) {
      plan = PlanSweep(argc, argv, *base, base->run.dir, world_size);
    } else {
      plan.partitions = mpi::PartitionLayout::Even(1, world_size);
      plan.configs.push_back(std::move(*base));
    }
    for (const RunConfig& config : plan.configs) {
      roles.push_back(
          mpi::RoleLayout::FromSpec(config.run.learners, plan.partitions.ranks_per_partition));
      if (config.online_mode() && roles.back().shared())
        throw InputError(
            "run.mode = online needs at least 2 ranks (learners and actors run at the same "
            "time): start it under mpirun -np N with N >= 2");
    }
  } catch (const InputError& e) {
    if (world_size == 1) throw;
    mpi::BadInputAll(e);
  }
  const int partition = plan.partitions.PartitionOf(env.world().rank());
  const mpi::CommBundle bundle(env, plan.partitions, roles[static_cast<size_t>(partition)]);
  const RunConfig& config = plan.configs[static_cast<size_t>(partition)];
  if (!config.label.empty())
    mpi::DescribeRank("partition " + std::to_string(partition) + ", " + config.label);
  return mpi::RunGuarded([&] {
    std::unique_ptr<RunDirLock> sweep_lock;
    if (!plan.sweep_dir.empty()) {
      if (bundle.universe().rank() == 0) {
        sweep_lock = plan.base_text.empty()
                         ? std::make_unique<RunDirLock>(plan.sweep_dir)
                         : CreateSweepDirectory(plan.sweep_dir, plan.base_text, plan.runs);
        std::printf("lemmaforge run: sweep of %d runs in %s, %s\n", plan.partitions.partitions,
                    plan.sweep_dir.c_str(), plan.partitions.ToString().c_str());
      }
      bundle.universe().QuietBarrier();
    }
    const int code = RunJob(bundle, config);
    // Partitions finish at different times; they exit together, with the
    // worst code (a partition stopped by SIGTERM makes the job resumable).
    bundle.universe().QuietBarrier();
    return mpi::MaxOverRanks(bundle.universe(), code);
  });
}

}  // namespace

int CmdRun(int argc, char** argv) { return RunCommand(argc, argv, /*e2e=*/false); }

int CmdE2e(int argc, char** argv) { return RunCommand(argc, argv, /*e2e=*/true); }

}  // namespace lf::app
