#pragma once
// Gathering variable-length byte strings on one rank (results of work that was
// split statically, e.g. `lemmaforge eval` under mpirun).
//
// Collective over `comm`: every rank passes its string; `root` receives all of
// them in rank order (others get an empty vector). Two steps: MPI_Gather of
// the lengths, MPI_Gatherv of the bytes (each rank's string must stay under
// 2 GiB, MPI's int counts).
//
// Thread safety: a collective; call from each rank's MPI thread.

#include <string>
#include <vector>

#include "mpi/communicator.h"

namespace lf::mpi {

std::vector<std::string> GatherStrings(const Communicator& comm, const std::string& mine,
                                       int root = 0);

}  // namespace lf::mpi
