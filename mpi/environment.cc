#include "mpi/environment.h"

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/check.h"
#include "core/error.h"

namespace lf::mpi {

const char* ThreadLevelName(ThreadLevel level) {
  switch (level) {
    case ThreadLevel::kSingle:
      return "single";
    case ThreadLevel::kFunneled:
      return "funneled";
    case ThreadLevel::kSerialized:
      return "serialized";
    case ThreadLevel::kMultiple:
      return "multiple";
  }
  return "unknown";
}

Environment::Environment(int* argc, char*** argv, ThreadLevel required)
    : uncaught_at_start_(std::uncaught_exceptions()) {
  LF_CHECK(!Active());  // one Environment per process
  int provided = MPI_THREAD_SINGLE;
  MPI_Init_thread(argc, argv, static_cast<int>(required), &provided);
  // Errors in lemmaforge's own MPI calls are bugs or lost ranks; the default
  // MPI_ERRORS_ARE_FATAL handler aborts the job with MPI's message, which is what
  // we want (never a hang), so the handler is left alone.
  provided_ = static_cast<ThreadLevel>(provided);
  world_ = Communicator::View(MPI_COMM_WORLD);
  if (provided < static_cast<int>(required)) {
    if (world_.rank() == 0) {
      std::fprintf(stderr,
                   "error: the MPI library provides thread level '%s' but lemmaforge needs '%s'; "
                   "use an MPI build with thread support\n",
                   ThreadLevelName(provided_), ThreadLevelName(required));
    }
    FinalizeAndExit(kExitFailure);
  }
}

Environment::~Environment() {
  if (!Active()) return;
  if (std::uncaught_exceptions() > uncaught_at_start_ && world_.size() > 1) {
    std::fprintf(stderr,
                 "rank %d: error: an exception left the MPI scope; aborting the job so that "
                 "the other ranks do not hang\n",
                 world_.rank());
    AbortJob(kExitFailure);
  }
  world_ = Communicator();
  MPI_Finalize();
}

bool Environment::Active() {
  int initialized = 0;
  int finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

int Environment::WorldRank() {
  int rank = 0;
  if (Active()) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int Environment::WorldSize() {
  int size = 1;
  if (Active()) MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

void Environment::AbortJob(int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (Active()) MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // not reached with MPI; skips static destructors like MPI_Abort
}

void Environment::FinalizeAndExit(int exit_code) {
  std::fflush(stdout);
  std::fflush(stderr);
  if (Active()) {
    // The barrier makes sure every rank got here (and printed) before any rank
    // starts tearing down; MPI_Finalize itself need not synchronise.
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Finalize();
  }
  std::exit(exit_code);
}

}  // namespace lf::mpi
