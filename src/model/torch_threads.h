#pragma once
// Intra-op thread settings for LibTorch (and the OpenMP BLAS behind it).
//
// Several MPI ranks may share a node. Each rank must then use at most
// cores / ranks_per_node threads, or the ranks oversubscribe the cores and
// every GEMM slows down several-fold. Call ConfigureTorchThreads once per
// process, before the first Torch operation of any thread (LibTorch fixes the
// inter-op pool on first use).

namespace lf::model {

struct ModelParams;

// The thread count to use: params.num_threads if > 0, else
// max(1, hardware threads / params.ranks_per_node).
int ResolveThreadCount(const ModelParams& params);

// Applies ResolveThreadCount (at::set_num_threads) and returns it.
// Process-wide; not thread-safe.
int ConfigureTorchThreads(const ModelParams& params);

}  // namespace lf::model
