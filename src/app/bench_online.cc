// `lemmaforge bench online`: online mode against the synchronous loop, same
// configuration, one mpirun (e.g. `mpirun -np 3 lemmaforge bench online
// --config configs/online.cfg`). The sync loop runs one iteration (prove,
// then learn.train_iterations steps); online mode then runs for the same wall
// time. Neither evaluates held-out problems.
//
//   sync_examples_per_s            training strings in the sync iteration's
//                                  batches / its wall time
//   online_examples_per_s          training strings in online batches / the
//                                  same wall time (warm-up included)
//   online_vs_sync_examples_ratio  the two above (target >= 1.5)
//   learner_busy_fraction          of online wall time after the buffer is
//                                  warm, the share the learner root spent in
//                                  gradient steps (target >= 0.9)
//   sync_seconds, online_steps, sync_steps, online_generated_fraction

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/run_config.h"
#include "app/run_job.h"
#include "core/check.h"
#include "core/timer.h"
#include "io/metrics_log.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"
#include "mpi/roles.h"
#include "mpi/weights.h"

namespace lf::app {
namespace {

struct Measured {
  double seconds = 0.0;
  int64_t steps = 0;
  int64_t examples = 0;
};

// Runs one job of `mode` in `dir`; every rank returns the root's figures.
Measured RunOneMode(int argc, char** argv, const mpi::Environment& env, const std::string& dir,
                 std::vector<std::string> extra) {
  extra.push_back("--run.dir=" + dir);
  extra.push_back("--run.eval_problems=");
  const std::optional<RunConfig> config = ParseRunArguments(argc, argv, extra);
  LF_CHECK(config.has_value());
  const mpi::RoleLayout roles = mpi::RoleLayout::FromSpec(config->run.learners, env.world().size());
  const mpi::CommBundle bundle(env, roles);
  env.world().Barrier();
  const Timer timer;
  const int code = RunJob(bundle, *config);
  Measured m;
  m.seconds = timer.Seconds();
  if (code != kExitOk) mpi::FatalOne("bench online: the job in " + dir + " failed", code);
  if (env.world().rank() == 0) {
    for (const io::StepMetrics& s : io::MetricsReader(dir + "/metrics.h5").ReadSteps()) {
      ++m.steps;
      m.examples += s.batch_examples;
    }
  }
  return m;
}

// Time-weighted learner busy fraction over the /online rows after the first
// (whose interval begins when the buffer became warm).
double BusyFraction(const std::string& dir) {
  const auto rows = io::MetricsReader(dir + "/metrics.h5").ReadOnline();
  double busy = 0.0, seconds = 0.0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const double dt = rows[i].elapsed_seconds - rows[i - 1].elapsed_seconds;
    busy += rows[i].learner_busy_fraction * dt;
    seconds += dt;
  }
  return seconds > 0 ? busy / seconds : 0.0;
}

}  // namespace

int BenchOnline(int argc, char** argv) {
  mpi::Environment env(&argc, &argv);
  if (env.world().size() < 2) {
    std::fprintf(stderr,
                 "error: bench online runs under mpirun with at least 2 ranks (learner and "
                 "actors), e.g. mpirun -np 3 lemmaforge bench online --config "
                 "configs/online.cfg\n");
    return kExitBadInput;
  }
  return mpi::RunGuarded([&] {
    std::string dir;
    if (env.world().rank() == 0) {
      char pattern[] = "/tmp/lemmaforge-bench-online-XXXXXX";
      dir = ::mkdtemp(pattern);
    }
    mpi::BroadcastString(env.world(), &dir, 0);
    const Measured sync = RunOneMode(argc, argv, env, dir + "/sync",
                                  {"--run.mode=sync", "--learn.total_iterations=1"});
    // The root's clock decides the online run's length on every rank.
    std::string text = std::to_string(sync.seconds);
    mpi::BroadcastString(env.world(), &text, 0);
    const double seconds = std::stod(text);
    const Measured online =
        RunOneMode(argc, argv, env, dir + "/online",
                {"--run.mode=online", "--online.max_seconds=" + std::to_string(seconds * 0.9),
                 "--online.total_steps=100000000", "--online.eval_steps=0"});
    if (env.world().rank() == 0) {
      const double sync_rate = static_cast<double>(sync.examples) / sync.seconds;
      const double online_rate = static_cast<double>(online.examples) / online.seconds;
      const auto rows = io::MetricsReader(dir + "/online/metrics.h5").ReadOnline();
      std::printf("sync_seconds: %.1f\n", sync.seconds);
      std::printf("online_seconds: %.1f\n", online.seconds);
      std::printf("sync_steps: %lld\n", static_cast<long long>(sync.steps));
      std::printf("online_steps: %lld\n", static_cast<long long>(online.steps));
      std::printf("sync_examples_per_s: %.2f\n", sync_rate);
      std::printf("online_examples_per_s: %.2f\n", online_rate);
      std::printf("online_vs_sync_examples_ratio: %.3f\n", online_rate / sync_rate);
      std::printf("learner_busy_fraction: %.3f\n", BusyFraction(dir + "/online"));
      if (!rows.empty()) {
        const auto& last = rows.back();
        std::printf("online_generated_fraction: %.3f\n",
                    last.examples_consumed > 0 ? static_cast<double>(last.generated_consumed) /
                                                     static_cast<double>(last.examples_consumed)
                                               : 0.0);
      }
      std::filesystem::remove_all(dir);
    }
    return kExitOk;
  });
}

}  // namespace lf::app
