#include "mpi/nccl_allreduce.h"

#include <cuda_runtime.h>
#include <nccl.h>

#include <algorithm>
#include <string>

#include "mpi/fatal.h"

namespace lf::mpi {
namespace {

void CheckCuda(cudaError_t status, const char* what) {
  if (status != cudaSuccess) FatalOne(std::string(what) + ": " + cudaGetErrorString(status));
}

void CheckNccl(ncclResult_t status, const char* what) {
  if (status != ncclSuccess) FatalOne(std::string(what) + ": " + ncclGetErrorString(status));
}

}  // namespace

struct NcclAllreduce::State {
  ncclComm_t comm = nullptr;
};

NcclAllreduce::NcclAllreduce(const Communicator& learners, int cuda_device, size_t bucket_bytes)
    : state_(std::make_unique<State>()),
      bucket_floats_(std::max<size_t>(bucket_bytes / sizeof(float), 1)) {
  CheckCuda(cudaSetDevice(cuda_device), "cudaSetDevice");
  ncclUniqueId id;
  if (learners.rank() == 0) CheckNccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
  MPI_Bcast(&id, sizeof(id), MPI_BYTE, 0, learners.get());
  CheckNccl(ncclCommInitRank(&state_->comm, learners.size(), id, learners.rank()),
            "ncclCommInitRank");
}

NcclAllreduce::~NcclAllreduce() {
  if (state_->comm != nullptr) ncclCommDestroy(state_->comm);
}

void NcclAllreduce::Run(float* device_buffer, size_t count, Reduction reduction, void* stream) {
  const auto cuda_stream = static_cast<cudaStream_t>(stream);
  // ncclAvg divides after summing, like GradientAllreduce's kMean.
  const ncclRedOp_t op = reduction == Reduction::kMean ? ncclAvg : ncclSum;
  CheckNccl(ncclGroupStart(), "ncclGroupStart");
  for (size_t offset = 0; offset < count; offset += bucket_floats_) {
    const size_t n = std::min(bucket_floats_, count - offset);
    CheckNccl(ncclAllReduce(device_buffer + offset, device_buffer + offset, n, ncclFloat, op,
                            state_->comm, cuda_stream),
              "ncclAllReduce");
  }
  CheckNccl(ncclGroupEnd(), "ncclGroupEnd");
}

}  // namespace lf::mpi
