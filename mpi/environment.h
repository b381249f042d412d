#pragma once
// RAII MPI environment: MPI_Init_thread in the constructor, MPI_Finalize in the
// destructor (LAMMPS main(): one init, one finalize, everything in between scoped).
//
// The thread level is checked: lemmaforge asks for MPI_THREAD_FUNNELED by default
// (search threads compute, only the main thread calls MPI). If the library cannot
// provide the level asked for, every rank detects it, world rank 0 prints why, and
// the job exits with kExitFailure -- no rank continues with an unsafe library.
//
// A job launched without mpirun (a laptop run) is an MPI singleton: world size 1,
// and mpi/roles.h gives that rank both roles.
//
// Exceptions: if the Environment is destroyed while an exception propagates
// (std::uncaught_exceptions() grew since construction) and the world has more than
// one rank, the destructor aborts the whole job instead of finalizing: finalizing
// one rank while the others wait in a collective is the classic MPI hang. Wrap
// subcommand bodies in mpi::RunGuarded (mpi/fatal.h) so the message is printed first.
//
// Ownership: exactly one Environment per process, created on the main thread;
// not copyable or movable. world() views the world communicator, which is named only
// here and in mpi/roles.cc (style.md rule 8).

#include <mpi.h>

#include "mpi/communicator.h"

namespace lf::mpi {

enum class ThreadLevel {
  kSingle = MPI_THREAD_SINGLE,
  kFunneled = MPI_THREAD_FUNNELED,
  kSerialized = MPI_THREAD_SERIALIZED,
  kMultiple = MPI_THREAD_MULTIPLE,
};

// "single", "funneled", "serialized" or "multiple".
const char* ThreadLevelName(ThreadLevel level);

class Environment {
 public:
  // Collective over every rank of the job. argc/argv may be null.
  explicit Environment(int* argc, char*** argv, ThreadLevel required = ThreadLevel::kFunneled);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  // All ranks of the job. Only mpi/roles.cc should need it (to split roles).
  const Communicator& world() const { return world_; }
  ThreadLevel provided() const { return provided_; }

  // True between MPI_Init and MPI_Finalize (in any thread, whoever initialised).
  static bool Active();
  // This process's rank in the job and the job size; 0 and 1 without active MPI.
  static int WorldRank();
  static int WorldSize();

  // Ends the whole job from this rank: MPI_Abort on the world with `exit_code`
  // (mpirun then kills the others and exits non-zero). Without an active MPI
  // environment, plain std::_Exit. Never returns, never hangs.
  [[noreturn]] static void AbortJob(int exit_code);

  // For errors every rank of the job has detected: finalize MPI and exit with
  // `exit_code`. Must be called by all ranks (LAMMPS error->all), or it hangs.
  [[noreturn]] static void FinalizeAndExit(int exit_code);

 private:
  Communicator world_;
  ThreadLevel provided_ = ThreadLevel::kSingle;
  int uncaught_at_start_ = 0;
};

}  // namespace lf::mpi
