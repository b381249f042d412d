#include "mpi/stream.h"

#include <algorithm>
#include <climits>

#include "core/backoff.h"
#include "core/check.h"

namespace lf::mpi {

void Outbox::Send(int dest, int tag, std::string body) {
  LF_CHECK_LE(body.size(), static_cast<size_t>(INT_MAX));
  Pending& send = pending_.emplace_back();
  send.dest = dest;
  send.body = std::move(body);
  MPI_Isend(send.body.data(), static_cast<int>(send.body.size()), MPI_BYTE, dest, tag, comm_.get(),
            &send.request);
}

size_t Outbox::Progress() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    int done = 0;
    MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
    it = done ? pending_.erase(it) : std::next(it);
  }
  return pending_.size();
}

size_t Outbox::PendingTo(int dest) const {
  return static_cast<size_t>(std::count_if(pending_.begin(), pending_.end(),
                                           [dest](const Pending& p) { return p.dest == dest; }));
}

void Outbox::Drain() {
  for (Pending& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
  pending_.clear();
}

std::optional<Message> TryReceive(const Communicator& comm, int source, int tag) {
  int flag = 0;
  MPI_Message handle;
  MPI_Status status;
  MPI_Improbe(source, tag, comm.get(), &flag, &handle, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message message{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<size_t>(count), '\0')};
  MPI_Mrecv(message.body.data(), count, MPI_BYTE, &handle, MPI_STATUS_IGNORE);
  return message;
}

Message Receive(const Communicator& comm, int source, int tag) {
  Backoff backoff;
  while (true) {
    if (std::optional<Message> m = TryReceive(comm, source, tag)) return std::move(*m);
    backoff.Wait();
  }
}

}  // namespace lf::mpi
