#pragma once
// Gradient allreduce across the learner group (data-parallel training: every
// learner computes gradients on its own batch, then all hold their sum or mean).
//
// Bucketing (as PyTorch DDP): the flat gradient buffer is cut into buckets of
// `bucket_bytes` (default 25 MiB) and each bucket gets its own nonblocking
// MPI_Iallreduce(MPI_IN_PLACE, MPI_SUM). Start() may be called once per bucket-sized
// range as the backward pass produces gradients, so communication overlaps with
// compute; Wait() completes everything started and applies the 1/n of a mean.
//
//     GradientAllreduce reduce(bundle.learners());
//     reduce.Start(grads, Reduction::kMean);   // or several Start() calls
//     reduce.Wait();                           // grads now hold the mean everywhere
//
// Results. Every learner ends with the same bits: each bucket is one MPI reduction
// of a commutative operation (the tests check bitwise agreement across ranks, and
// exact sums for integer-valued floats). The summation order is MPI's, so results
// may differ in the last bits from a serial sum and between MPI algorithm choices.
//
// With one learner, Start()/Wait() only apply the (trivial) mean; no MPI call.
//
// CUDA builds with LF_WITH_NCCL use mpi/nccl_allreduce.h for device buffers; this
// class is the tested default for CPU buffers.
//
// Ownership: the caller keeps every span passed to Start() alive and untouched
// until Wait() returns. Not thread-safe; call from the rank's MPI thread.

#include <mpi.h>

#include <cstddef>
#include <span>
#include <vector>

#include "mpi/communicator.h"

namespace lf::mpi {

enum class Reduction { kSum, kMean };

class GradientAllreduce {
 public:
  static constexpr size_t kDefaultBucketBytes = size_t{25} << 20;

  // `learners` must outlive this object.
  explicit GradientAllreduce(const Communicator& learners,
                             size_t bucket_bytes = kDefaultBucketBytes);
  // Waits for anything still in flight (buffers must not be freed under MPI).
  ~GradientAllreduce();
  GradientAllreduce(const GradientAllreduce&) = delete;
  GradientAllreduce& operator=(const GradientAllreduce&) = delete;

  // Starts reducing `buffer` in place, bucket by bucket. Collective: every learner
  // makes the same sequence of Start() calls with buffers of the same sizes.
  void Start(std::span<float> buffer, Reduction reduction);
  // Blocks until every started bucket is reduced (and scaled, for kMean).
  void Wait();

  // Start() + Wait().
  void Run(std::span<float> buffer, Reduction reduction);

 private:
  struct Bucket {
    std::span<float> data;
    Reduction reduction;
  };

  const Communicator& learners_;
  size_t bucket_floats_;
  std::vector<Bucket> buckets_;
  std::vector<MPI_Request> requests_;
};

// Collective over `comm`: true on every rank when `flag` is true on any rank
// (learners agree to stop training after a SIGTERM that reached only some).
bool AnyRank(const Communicator& comm, bool flag);

// Collective over `comm`: the largest `value` of any rank, on every rank
// (partitions agree on the job's exit code).
int MaxOverRanks(const Communicator& comm, int value);

}  // namespace lf::mpi
