#pragma once
// Intra-op thread settings for LibTorch (and the OpenMP BLAS behind it).
//
// Several MPI ranks may share a node, and the node may be shared with other
// jobs. The thread count of a rank, with model.num_threads = 0:
//   1. OMP_NUM_THREADS, if set to a positive count: the user's (or the batch
//      script's) own per-process figure; else
//   2. SLURM_CPUS_PER_TASK, if set: what Slurm gave this task; else
//   3. the CPUs this process may run on (sched_getaffinity): as they are when
//      the process is bound to a subset of the node (mpirun --bind-to, srun
//      --cpu-bind, taskset: the binding already shares the node out), divided
//      by params.ranks_per_node when it may run on every CPU (unbound ranks
//      share them).
// Never less than 1. model.num_threads > 0 overrides all of it.
//
// Waiting OpenMP workers sleep instead of spinning (OMP_WAIT_POLICY=PASSIVE,
// model/blas_kernels.h). LibTorch runs BLAS calls inside its own OpenMP
// threads; libgomp runs nested regions on one thread (nesting is off unless
// OMP_MAX_ACTIVE_LEVELS or OMP_NESTED asks for it), so no BLAS threads are
// spawned inside them.
//
// Call ConfigureTorchThreads once per process, before the first Torch
// operation of any thread (LibTorch fixes the inter-op pool on first use).

namespace lf::model {

struct ModelParams;

// Where a thread count came from, for logs and benchmarks.
struct ThreadBudget {
  int threads = 1;
  const char* source = "";  // "model.num_threads", "OMP_NUM_THREADS", ...
};

// The thread count to use and why (see the file comment).
ThreadBudget ResolveThreadBudget(const ModelParams& params);
int ResolveThreadCount(const ModelParams& params);

// Applies ResolveThreadCount (at::set_num_threads) and returns it.
// Process-wide; not thread-safe.
int ConfigureTorchThreads(const ModelParams& params);

}  // namespace lf::model
