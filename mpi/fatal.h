#pragma once
// Process-fatal errors that know about MPI (style.md rule 7, tier (c); LAMMPS
// Error::all / Error::one).
//
//   FatalAll  -- an error that EVERY rank of the group detects at the same point
//                (a bad config value, a missing input file every rank reads). Rank 0
//                of the group prints the message once; the job then ends with the
//                exit code on every rank. Calling it on only some ranks hangs.
//   FatalOne  -- an error only this rank sees (a corrupt shard, a failed proof
//                search invariant). This rank prints the message with its rank and
//                calls MPI_Abort: mpirun kills every other rank and exits non-zero.
//                Safe to call anywhere; never hangs. When in doubt, use FatalOne.
//
// Messages carry the call site through lf::CallSite (it replaces LAMMPS's
// FLERR). Both work without an active MPI environment (they then print and exit).
//
// RunGuarded is the exception boundary for MPI subcommands: an exception thrown on
// one rank would otherwise unwind that rank to MPI_Finalize while the others wait
// in a collective. It turns an escaping exception into FatalOne (exit code
// kExitBadInput for lf::InputError, kExitWriteFailed for lf::WriteError,
// kExitFailure otherwise). With a single rank it
// lets the exception propagate so main() reports it as usual.

#include <functional>
#include <string>
#include <string_view>

#include "core/call_site.h"
#include "core/error.h"
#include "mpi/communicator.h"

namespace lf::mpi {

// Every rank of the job calls this: world rank 0 prints "error: MESSAGE (FILE:LINE)",
// every rank finalizes MPI and exits with `exit_code`.
[[noreturn]] void FatalAll(std::string_view message, int exit_code = kExitFailure,
                           CallSite where = CallSite::Current());

// Every rank of the job calls this with the same user error (a bad option, an
// input every rank read): world rank 0 prints what() as it is, "WHERE: error:
// MESSAGE" -- no source location, since nothing inside lemmaforge failed --
// and every rank finalizes MPI and exits with kExitBadInput.
[[noreturn]] void BadInputAll(const InputError& error);

// Every rank of `group` (a sub-communicator, e.g. the learners) calls this: its rank 0
// prints, then the job is aborted (ranks outside the group cannot finalize with us).
[[noreturn]] void FatalAll(const Communicator& group, std::string_view message,
                           int exit_code = kExitFailure, CallSite where = CallSite::Current());

// This rank alone: prints "error on rank R: MESSAGE (FILE:LINE)" and aborts the job.
[[noreturn]] void FatalOne(std::string_view message, int exit_code = kExitFailure,
                           CallSite where = CallSite::Current());

// Names this rank's part of the job in every message above ("error on rank 3
// (partition 1, alpha=0.1): ..."), so that an error in one partition of a sweep
// says which. Call before RunGuarded; main thread only.
void DescribeRank(std::string description);

// Runs `body` and returns its exit code; see the file comment for exceptions.
int RunGuarded(const std::function<int()>& body);

}  // namespace lf::mpi
