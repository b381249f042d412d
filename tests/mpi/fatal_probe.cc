// A tiny MPI program that fails on purpose, run by expect_exit.sh under mpirun:
//
//   fatal_probe one    rank 1 calls FatalOne while the others wait in a barrier
//   fatal_probe all    every rank calls FatalAll with exit code 2
//   fatal_probe throw  rank 1 throws inside RunGuarded while the others wait
//
// The job must end (never hang) with a non-zero exit and the message on stderr.

#include <cstdio>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"

int main(int argc, char** argv) {
  lf::mpi::Environment env(&argc, &argv);
  const std::string mode = argc > 1 ? argv[1] : "";
  const int rank = env.world().rank();
  const int failing = env.world().size() > 1 ? 1 : 0;
  if (mode == "one") {
    if (rank == failing) lf::mpi::FatalOne("injected failure", lf::kExitFailure);
    env.world().Barrier();  // the others would wait here forever without the abort
  } else if (mode == "all") {
    lf::mpi::FatalAll("bad config everywhere", lf::kExitBadInput);
  } else if (mode == "throw") {
    return lf::mpi::RunGuarded([&] {
      if (rank == failing) throw lf::InputError(lf::SourceLocation{"goals.json"}, "bad goal");
      env.world().Barrier();
      return lf::kExitOk;
    });
  }
  std::fprintf(stderr, "unknown mode '%s'\n", mode.c_str());
  return 0;  // a probe that does not fail makes the test fail
}
