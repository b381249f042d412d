#include "mpi/gather.h"

#include <climits>

#include "core/check.h"

namespace lf::mpi {

std::vector<std::string> GatherStrings(const Communicator& comm, const std::string& mine,
                                       int root) {
  LF_CHECK(comm.valid());
  LF_CHECK_LT(mine.size(), static_cast<size_t>(INT_MAX));
  const int n = comm.size();
  const bool is_root = comm.rank() == root;
  const int length = static_cast<int>(mine.size());
  std::vector<int> lengths(is_root ? n : 0), offsets(is_root ? n : 0);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, comm.get());
  std::string all;
  if (is_root) {
    long long total = 0;
    for (int r = 0; r < n; ++r) {
      offsets[static_cast<size_t>(r)] = static_cast<int>(total);
      total += lengths[static_cast<size_t>(r)];
    }
    LF_CHECK_LT(total, static_cast<long long>(INT_MAX));
    all.resize(static_cast<size_t>(total));
  }
  MPI_Gatherv(mine.data(), length, MPI_BYTE, all.data(), lengths.data(), offsets.data(), MPI_BYTE,
              root, comm.get());
  std::vector<std::string> out;
  if (!is_root) return out;
  for (int r = 0; r < n; ++r)
    out.push_back(all.substr(static_cast<size_t>(offsets[static_cast<size_t>(r)]),
                             static_cast<size_t>(lengths[static_cast<size_t>(r)])));
  return out;
}

}  // namespace lf::mpi
