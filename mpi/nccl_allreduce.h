#pragma once
// Gradient allreduce over NCCL, for CUDA builds (CMake option LF_WITH_NCCL; this
// file is compiled only then). Same contract as mpi/allreduce.h, on device memory:
// the learner group's rank 0 creates the NCCL unique id and broadcasts it over the
// MPI learner communicator, then every learner joins one NCCL communicator on its
// CUDA device. Reductions are enqueued on the caller's CUDA stream, bucket by bucket
// inside one ncclGroupStart/ncclGroupEnd, and complete in stream order (no host
// synchronisation here: the optimizer step on the same stream sees the sums).
//
// The MPI path (GradientAllreduce) stays the tested default; CI has no GPUs.
//
// Ownership: not copyable or movable; destroys the NCCL communicator. Not
// thread-safe. The CUDA stream is passed as void* so this header needs no CUDA
// include (it is a cudaStream_t).

#include <cstddef>
#include <memory>

#include "mpi/allreduce.h"
#include "mpi/communicator.h"

namespace lf::mpi {

class NcclAllreduce {
 public:
  // Collective over `learners`. `cuda_device` is this rank's device index.
  NcclAllreduce(const Communicator& learners, int cuda_device,
                size_t bucket_bytes = GradientAllreduce::kDefaultBucketBytes);
  ~NcclAllreduce();
  NcclAllreduce(const NcclAllreduce&) = delete;
  NcclAllreduce& operator=(const NcclAllreduce&) = delete;

  // Enqueues an in-place reduction of `count` floats at `device_buffer` on `stream`.
  void Run(float* device_buffer, size_t count, Reduction reduction, void* stream);

 private:
  struct State;  // holds the ncclComm_t (defined in the .cc)
  std::unique_ptr<State> state_;
  size_t bucket_floats_;
};

}  // namespace lf::mpi
