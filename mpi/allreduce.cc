#include "mpi/allreduce.h"

#include <algorithm>
#include <climits>

#include "core/check.h"
#include "mpi/environment.h"

namespace lf::mpi {

GradientAllreduce::GradientAllreduce(const Communicator& learners, size_t bucket_bytes)
    : learners_(learners),
      // Whole floats, at least one, and an int count for MPI.
      bucket_floats_(std::clamp<size_t>(bucket_bytes / sizeof(float), 1, INT_MAX)) {
  LF_CHECK(learners_.valid());
}

GradientAllreduce::~GradientAllreduce() {
  if (!requests_.empty() && Environment::Active()) Wait();
}

void GradientAllreduce::Start(std::span<float> buffer, Reduction reduction) {
  for (size_t offset = 0; offset < buffer.size(); offset += bucket_floats_) {
    const std::span<float> bucket =
        buffer.subspan(offset, std::min(bucket_floats_, buffer.size() - offset));
    buckets_.push_back({bucket, reduction});
    if (learners_.size() == 1) continue;
    MPI_Request request;
    MPI_Iallreduce(MPI_IN_PLACE, bucket.data(), static_cast<int>(bucket.size()), MPI_FLOAT, MPI_SUM,
                   learners_.get(), &request);
    requests_.push_back(request);
  }
}

void GradientAllreduce::Wait() {
  if (!requests_.empty()) {
    MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE);
  }
  // Scaling after the sum (not dividing inputs first) keeps integer-valued sums
  // exact and costs one pass over memory that is already hot.
  const float scale = 1.0f / static_cast<float>(learners_.size());
  for (const Bucket& bucket : buckets_) {
    if (bucket.reduction != Reduction::kMean || learners_.size() == 1) continue;
    for (float& x : bucket.data) x *= scale;
  }
  buckets_.clear();
  requests_.clear();
}

void GradientAllreduce::Run(std::span<float> buffer, Reduction reduction) {
  Start(buffer, reduction);
  Wait();
}

bool AnyRank(const Communicator& comm, bool flag) { return MaxOverRanks(comm, flag ? 1 : 0) != 0; }

int MaxOverRanks(const Communicator& comm, int value) {
  int max = value;
  MPI_Allreduce(&value, &max, 1, MPI_INT, MPI_MAX, comm.get());
  return max;
}

}  // namespace lf::mpi
