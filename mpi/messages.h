#pragma once
// Point-to-point message tags and wire layout of the work queue (mpi/work_queue.h).
// Internal to mpi/; the layout is private to one build (both ends run the same
// binary), so it carries no version of its own.
//
// Every message travels on the dispatch communicator (mpi/roles.h) as MPI_BYTE:
//
//   tag          direction              body
//   kTask        coordinator -> gen     u64 task id, then the task bytes
//   kStop        coordinator -> gen     (empty)
//   kResult      gen -> coordinator     u64 task id, then the result bytes
//   kStopAck     gen -> coordinator     f64 busy seconds, u64 tasks completed
//
// Integers are in host byte order (a job never mixes architectures). MPI keeps
// messages between one pair of ranks on one communicator in order, which the queue
// relies on: a stop reaches a generator after every task sent before it.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace lf::mpi::internal {

enum Tag : int {
  kTagTask = 701,
  kTagStop = 703,
  kTagResult = 704,
  kTagStopAck = 705,
};

// Appends the raw bytes of a trivially copyable value.
template <typename T>
void PutValue(std::string* out, const T& value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// Reads a trivially copyable value at `*offset` and advances it; the caller has
// checked the message is long enough.
template <typename T>
T GetValue(std::string_view in, size_t* offset) {
  T value;
  std::memcpy(&value, in.data() + *offset, sizeof(T));
  *offset += sizeof(T);
  return value;
}

}  // namespace lf::mpi::internal
