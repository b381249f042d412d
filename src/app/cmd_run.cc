// `lemmaforge run`: the self-improvement job (run_job.h), under mpirun or alone.

#include "app/commands.h"
#include "app/run_config.h"
#include "app/run_job.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"

namespace lf::app {

int CmdRun(int argc, char** argv) {
  mpi::Environment env(&argc, &argv);
  // Every rank parses the same configuration, so every rank detects a bad one:
  // rank 0 reports it once and all exit before any work (mpi/fatal.h).
  std::optional<RunConfig> config;
  try {
    config = ParseRunArguments(argc, argv);
  } catch (const InputError& e) {
    if (env.world().size() == 1) throw;
    mpi::BadInputAll(e);
  }
  if (!config) return kExitOk;
  return mpi::RunGuarded([&] { return RunJob(env, *config); });
}

}  // namespace lf::app
