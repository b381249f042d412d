#pragma once
// Weight broadcast: the learner root sends the model's flat parameter buffer and a
// version number to every generator (minimo §5.4: weights only, never optimizer
// state; ~103 MB for 25.8M fp32 parameters, once per iteration).
//
// Wire protocol (both collective on the dispatch communicator, see mpi/roles.h):
//   1. MPI_Bcast of a 2 x u64 header {version, byte count};
//   2. MPI_Bcast of the payload in pieces of at most 1 GiB (MPI counts are int).
// The header lets every receiver check that its buffer has the root's size before
// any payload moves; a mismatch (a generator built a different model) is a
// FatalOne on that rank, never a silent truncation. The extra cost over a raw
// MPI_Bcast of the same bytes is one 16-byte broadcast (`lemmaforge bench data`
// reports the ratio as weights_bcast_overhead).
//
// `lemmaforge run` broadcasts at each iteration's control point, when no task is
// in flight. The library never sees Torch types: the model code passes a
// std::span over its flattened parameters.
//
// Thread safety: a collective; call from each rank's MPI thread.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "mpi/communicator.h"

namespace lf::mpi {

// Collective over `comm`. On `root`, sends `buffer` and `version` and returns
// `version`; elsewhere, fills `buffer` (which must have the root's size) and
// returns the root's version (the `version` argument is ignored).
uint64_t BroadcastWeights(const Communicator& comm, std::span<std::byte> buffer, uint64_t version,
                          int root = 0);
uint64_t BroadcastWeights(const Communicator& comm, std::span<float> buffer, uint64_t version,
                          int root = 0);

// As above for a buffer whose size the receivers do not know: non-roots resize
// `*buffer` to the root's size.
uint64_t BroadcastBytes(const Communicator& comm, std::vector<std::byte>* buffer, uint64_t version,
                        int root = 0);
// The same for text (a run directory, serialised examples).
uint64_t BroadcastString(const Communicator& comm, std::string* text, uint64_t version,
                         int root = 0);

}  // namespace lf::mpi
