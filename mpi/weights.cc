#include "mpi/weights.h"

#include <algorithm>
#include <string>

#include "core/check.h"
#include "mpi/fatal.h"

namespace lf::mpi {
namespace {

// MPI counts are int; pieces of 1 GiB stay well inside and are large enough that
// the per-call latency is negligible.
constexpr size_t kMaxPieceBytes = size_t{1} << 30;

struct Header {
  uint64_t version = 0;
  uint64_t bytes = 0;
};

Header BroadcastHeader(const Communicator& comm, Header header, int root) {
  uint64_t words[2] = {header.version, header.bytes};
  MPI_Bcast(words, 2, MPI_UINT64_T, root, comm.get());
  return {words[0], words[1]};
}

void BroadcastPayload(const Communicator& comm, std::span<std::byte> buffer, int root) {
  for (size_t offset = 0; offset < buffer.size(); offset += kMaxPieceBytes) {
    const size_t piece = std::min(kMaxPieceBytes, buffer.size() - offset);
    MPI_Bcast(buffer.data() + offset, static_cast<int>(piece), MPI_BYTE, root, comm.get());
  }
}

}  // namespace

uint64_t BroadcastWeights(const Communicator& comm, std::span<std::byte> buffer, uint64_t version,
                          int root) {
  LF_CHECK(comm.valid());
  const Header header = BroadcastHeader(comm, {version, buffer.size()}, root);
  if (header.bytes != buffer.size()) {
    FatalOne("weight broadcast: the root sends " + std::to_string(header.bytes) +
             " bytes but this rank's buffer holds " + std::to_string(buffer.size()) +
             " (do all ranks build the same model?)");
  }
  BroadcastPayload(comm, buffer, root);
  return header.version;
}

uint64_t BroadcastWeights(const Communicator& comm, std::span<float> buffer, uint64_t version,
                          int root) {
  return BroadcastWeights(comm, std::as_writable_bytes(buffer), version, root);
}

uint64_t BroadcastBytes(const Communicator& comm, std::vector<std::byte>* buffer, uint64_t version,
                        int root) {
  LF_CHECK(comm.valid());
  const Header header = BroadcastHeader(comm, {version, buffer->size()}, root);
  if (comm.rank() != root) buffer->resize(header.bytes);
  BroadcastPayload(comm, *buffer, root);
  return header.version;
}

uint64_t BroadcastString(const Communicator& comm, std::string* text, uint64_t version,
                         int root) {
  LF_CHECK(comm.valid());
  const Header header = BroadcastHeader(comm, {version, text->size()}, root);
  if (comm.rank() != root) text->resize(header.bytes);
  BroadcastPayload(comm, std::as_writable_bytes(std::span(text->data(), text->size())), root);
  return header.version;
}

}  // namespace lf::mpi
