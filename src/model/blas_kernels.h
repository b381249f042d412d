#pragma once
// The environment the model's thread pools need, set before they exist.
//
// OpenMP: core/openmp_environment.h (the front binary sets it before it execs
// lemmaforge-model; run directly, lemmaforge-model sets it and runs itself again).
//
// Making OpenBLAS use the kernels the CPU supports.
//
// Debian's OpenBLAS is a DYNAMIC_ARCH build: when the library loads it picks
// its kernels from the CPU model, and a CPU newer than the library (0.3.21 on
// a Sapphire/Emerald Rapids Xeon) is "not found" and gets the generic
// Prescott (SSE3) kernels. LibTorch's GEMMs then run 18-64 GFLOP/s instead of
// 209-305 (2 threads) and every model path 3-4x slower (docs/performance.md).
// The kernels can only be chosen before the library loads, through the
// environment variable OPENBLAS_CORETYPE, so the fix is to run the program
// again with it set.

#include <string>

namespace lf::model {

// The fp32 GEMM rate LibTorch reaches on this machine, in GFLOP/s: the best of
// five n x n x n products (the machine's rate, not its noise). Benchmarks
// relate the model's throughput to it.
double GemmGflops(int n);

// The name of the OpenBLAS kernel set in use ("SkylakeX", "Haswell",
// "Prescott", ...), or "" when the BLAS is not OpenBLAS.
std::string BlasCoreName();

// Re-executes this program (/proc/self/exe, the same argv, the environment
// plus what is missing) when OMP_WAIT_POLICY is unset (adding PASSIVE), or
// when the BLAS is OpenBLAS on its Prescott fallback, OPENBLAS_CORETYPE is
// unset and the CPU supports AVX-512F (AVX2) (adding OPENBLAS_CORETYPE=
// SkylakeX (Haswell)); does not return then. Returns normally in every other
// case, including a failed exec (the program then runs with the defaults).
// Call first thing in main: before any thread, MPI_Init or BLAS call.
void ReexecWithCpuEnvironment(char** argv);

}  // namespace lf::model
