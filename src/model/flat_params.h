#pragma once
// Weights and gradients as one flat, contiguous float32 buffer.
//
// The MPI layer moves plain bytes (no Torch types cross mpi/): the learner
// broadcasts the weights to generator ranks once per iteration, and data-
// parallel learners allreduce gradients. The layout is the concatenation of
// module->parameters() in registration order (wte, wpe, h0.*, ..., ln_f), each
// flattened row-major; its length is ParameterCount(params). Buffers only
// round-trip between models of identical architecture.
//
// Not thread-safe with respect to concurrent use of the module.

#include <torch/torch.h>

#include <cstdint>
#include <span>
#include <vector>

namespace lf::model {

// Number of floats in the flat buffer of `module`.
int64_t FlatSize(torch::nn::Module& module);

// Copies the weights into `out` (size FlatSize) / a new vector.
void GetFlatWeights(torch::nn::Module& module, std::span<float> out);
std::vector<float> GetFlatWeights(torch::nn::Module& module);
// Overwrites the weights from `in` (size FlatSize; checked).
void SetFlatWeights(torch::nn::Module& module, std::span<const float> in);

// Gradients in the same layout; parameters without a gradient read as 0.
// SetFlatGradients creates the gradient tensors if needed (e.g. after an
// allreduce on a rank that did no backward pass).
void GetFlatGradients(torch::nn::Module& module, std::span<float> out);
void SetFlatGradients(torch::nn::Module& module, std::span<const float> in);

}  // namespace lf::model
