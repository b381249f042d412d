#pragma once
// Process-wide stop request set by SIGTERM / SIGINT / SIGUSR1 (error tier (c) and rule 10 of
// docs/style.md: Slurm sends SIGTERM before the walltime kill; roles poll this flag
// between units of work, drain their queues, flush their shards and exit with
// kExitInterrupted so the run can resume).
//
// The flag is a lock-free std::atomic<int> holding the number of the first signal
// received (0 = no stop requested). The handler only stores to it, which is
// async-signal-safe. A second SIGINT while a stop is already pending restores the
// default action and re-raises, so an impatient user can still kill a hung job
// with a second Ctrl-C.
//
// SIGUSR1 is there for mpirun. Open MPI's mpirun does not forward SIGTERM: it
// ends the job itself (SIGTERM to each rank in turn, SIGKILL 1 s later) and
// exits 1. It forwards SIGUSR1 to every rank at once and then reports the
// ranks' own exit code, so `kill -USR1 <mpirun>` (or Slurm's
// --signal=B:USR1@120 on an `exec mpirun` batch script) stops a run cleanly
// with exit 3. srun forwards SIGTERM itself (docs/reliability.md).
//
// Thread safety: every function may be called from any thread.

namespace lf {

// Installs the SIGTERM, SIGINT and SIGUSR1 handlers (idempotent). Call once, early in main
// or in the subcommand that runs a long job; short commands keep the defaults.
void InstallStopHandlers();

// True once SIGTERM, SIGINT or SIGUSR1 was received, or RequestStop() was called.
bool StopRequested();

// The signal that requested the stop (SIGTERM, SIGINT), -1 for RequestStop(), 0 if none.
int StopSignal();

// Requests a stop from code (for example when a role decides the run is over).
void RequestStop();

// Clears the flag. For tests, and for a driver that handled one stop and goes on.
void ClearStopRequest();

}  // namespace lf
