// `lemmaforge bench online`: online mode against the synchronous loop, same
// configuration, one mpirun (e.g. `mpirun -np 3 lemmaforge bench online
// --config configs/online.cfg`). The sync loop runs one iteration (prove,
// then learn.train_iterations steps); online mode then runs for about the
// same wall time. Neither evaluates held-out problems. Rates are over each
// job's whole wall time (start-up and online warm-up included).
//
//   sync_examples_per_s            training examples the searches produced
//                                  (labelled: /iterations n_examples) per second
//   online_examples_per_s          the same in online mode (/online
//                                  examples_generated at the end)
//   online_vs_sync_examples_ratio  the two above (target >= 1.5): the
//                                  generators no longer wait while the
//                                  learners train
//   sync_trained_per_s, online_trained_per_s, online_vs_sync_trained_ratio
//                                  training strings in gradient-step batches
//                                  per second (/steps batch_examples)
//   learner_busy_fraction          of online wall time after the buffer is
//                                  warm, the share the learner root spent in
//                                  gradient steps (target >= 0.9)
//   sync_seconds, online_seconds, sync_steps, online_steps,
//   online_generated_fraction      (generated share of the batch strings)

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
  int64_t trained = 0;    // strings in gradient-step batches
  int64_t generated = 0;  // training examples produced by the searches
};

// Runs one job of `mode` in `dir`; every rank returns the root's figures.
Measured RunOneMode(int argc, char** argv, const mpi::Environment& env, const std::string& dir,
                    std::vector<std::string> extra) {
  extra.push_back("--run.dir=" + dir);
  extra.push_back("--run.eval_problems");
  extra.push_back("");
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
    const io::MetricsReader metrics(dir + "/metrics.h5");
    for (const io::StepMetrics& s : metrics.ReadSteps()) {
      ++m.steps;
      m.trained += s.batch_examples;
    }
    for (const io::IterationMetrics& it : metrics.ReadIterations()) m.generated += it.n_examples;
    const std::vector<io::OnlineMetrics> online = metrics.ReadOnline();
    if (!online.empty()) m.generated = online.back().examples_generated;
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
      auto rate = [](int64_t n, double wall) { return static_cast<double>(n) / wall; };
      const double sync_rate = rate(sync.generated, sync.seconds);
      const double online_rate = rate(online.generated, online.seconds);
      const double sync_trained = rate(sync.trained, sync.seconds);
      const double online_trained = rate(online.trained, online.seconds);
      const auto rows = io::MetricsReader(dir + "/online/metrics.h5").ReadOnline();
      std::printf("sync_seconds: %.1f\n", sync.seconds);
      std::printf("online_seconds: %.1f\n", online.seconds);
      std::printf("sync_steps: %lld\n", static_cast<long long>(sync.steps));
      std::printf("online_steps: %lld\n", static_cast<long long>(online.steps));
      std::printf("sync_examples_per_s: %.2f\n", sync_rate);
      std::printf("online_examples_per_s: %.2f\n", online_rate);
      std::printf("online_vs_sync_examples_ratio: %.3f\n", online_rate / sync_rate);
      std::printf("sync_trained_per_s: %.2f\n", sync_trained);
      std::printf("online_trained_per_s: %.2f\n", online_trained);
      std::printf("online_vs_sync_trained_ratio: %.3f\n", online_trained / sync_trained);
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
