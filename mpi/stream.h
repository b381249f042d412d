#pragma once
// Non-blocking point-to-point byte messages: the transport of the work queue
// (mpi/work_queue.h) and of online mode (app/run_online.h), where actors
// stream results to the learner root and the root streams weights back while
// both keep computing.
//
//   Outbox      MPI_Isend of a byte string; the outbox keeps each buffer until
//               its send completes (MPI needs it untouched until then).
//               Progress() completes what has finished; Drain() waits for all,
//               which needs the receivers to be receiving.
//   TryReceive  MPI_Improbe + MPI_Mrecv: one waiting message matching
//               (source, tag), of any size, or nothing. Never blocks.
//   Receive     the same, waiting quietly (core/backoff.h) until one arrives.
//
// MPI delivers the messages of one (sender, receiver, communicator) pair in
// order among those a receive can match: a receiver that asks with kAnyTag
// sees them exactly in send order.
//
// Messages are at most INT_MAX bytes (MPI counts are int). Thread safety: the
// MPI thread only (MPI_THREAD_FUNNELED).

#include <cstddef>
#include <list>
#include <optional>
#include <string>

#include "mpi/communicator.h"

namespace lf::mpi {

inline constexpr int kAnySource = MPI_ANY_SOURCE;
inline constexpr int kAnyTag = MPI_ANY_TAG;

struct Message {
  int source = 0;
  int tag = 0;
  std::string body;
};

class Outbox {
 public:
  // `comm` must outlive the outbox.
  explicit Outbox(const Communicator& comm) : comm_(comm) {}
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;

  // Starts sending `body` to rank `dest` of the communicator with `tag`.
  void Send(int dest, int tag, std::string body);
  // Completes the sends that have finished; returns how many are still pending.
  size_t Progress();
  // Sends still pending to `dest` (after a Progress()).
  size_t PendingTo(int dest) const;
  // Waits for every pending send.
  void Drain();

 private:
  struct Pending {
    int dest = 0;
    MPI_Request request = MPI_REQUEST_NULL;
    std::string body;
  };
  const Communicator& comm_;
  std::list<Pending> pending_;  // std::list never moves a buffer MPI reads from
};

std::optional<Message> TryReceive(const Communicator& comm, int source, int tag);
Message Receive(const Communicator& comm, int source, int tag);

}  // namespace lf::mpi
