#include "mpi/communicator.h"

#include <algorithm>
#include <utility>

#include "core/backoff.h"
#include "core/check.h"

namespace lf::mpi {

Communicator::Communicator(MPI_Comm comm, bool owned) : comm_(comm), owned_(owned) {
  if (comm_ == MPI_COMM_NULL) return;
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

Communicator Communicator::Adopt(MPI_Comm comm) { return Communicator(comm, true); }

Communicator Communicator::View(MPI_Comm comm) { return Communicator(comm, false); }

Communicator::Communicator(Communicator&& other) noexcept
    : comm_(std::exchange(other.comm_, MPI_COMM_NULL)),
      owned_(std::exchange(other.owned_, false)),
      rank_(std::exchange(other.rank_, -1)),
      size_(std::exchange(other.size_, 0)) {}

Communicator& Communicator::operator=(Communicator&& other) noexcept {
  if (this != &other) {
    Reset();
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
    owned_ = std::exchange(other.owned_, false);
    rank_ = std::exchange(other.rank_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Communicator::~Communicator() { Reset(); }

void Communicator::Reset() {
  // MPI_Comm_free after MPI_Finalize is erroneous; a communicator that outlives
  // the environment (a bug elsewhere) is leaked rather than crashing the exit path.
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (owned_ && comm_ != MPI_COMM_NULL && !finalized) MPI_Comm_free(&comm_);
  comm_ = MPI_COMM_NULL;
  owned_ = false;
}

int Communicator::rank() const {
  LF_CHECK(valid());
  return rank_;
}

int Communicator::size() const {
  LF_CHECK(valid());
  return size_;
}

void Communicator::Barrier() const {
  LF_CHECK(valid());
  MPI_Barrier(comm_);
}

void Communicator::QuietBarrier() const {
  LF_CHECK(valid());
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Ibarrier(comm_, &request);
  int done = 0;
  // Waits can last a whole training phase: a longer cap costs nothing there.
  for (Backoff backoff(/*max_delay_us=*/2000);; backoff.Wait()) {
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
  }
}

}  // namespace lf::mpi
