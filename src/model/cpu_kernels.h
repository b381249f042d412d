#pragma once
// CPU kernels of the inference path (transformer_inference.cc).
//
// LibTorch 1.13's CPU tanh-GELU and softmax run at a fraction of what the
// hardware allows (the Debian build dispatches AVX2 kernels, and a softmax
// with an additive mask needs a separate broadcast pass); at d = 256 they
// cost as much as the GEMMs around them. These kernels use GCC vector
// extensions compiled for AVX-512F, AVX2 and baseline x86-64 (function
// multiversioning picks one at load time) and a Cephes-style exp (relative
// error ~2 ulp). The attention is many small products of irregular shapes
// (query blocks, open key ranges), run as direct BLAS calls (Gemm) rather
// than Torch ops, whose per-call overhead would dominate.
//
// Results equal the Torch formulas up to float rounding (tested to 1e-5);
// the reference path of the model keeps the Torch ops.

#include <torch/torch.h>

#include <cstdint>

namespace lf::model {

// x <- 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in place
// (computed as x / (1 + exp(-2 sqrt(2/pi) (x + 0.044715 x^3)))). x must be a
// contiguous float32 tensor; uses the intra-op threads.
void GeluTanhInPlace(torch::Tensor& x);

// One row of softmax(scores + bias) in place, over the concatenation of two
// parts: s[0, n0) with bias0[0, n0) and s[n0, n0 + n1) with bias1[0, n1)
// (e.g. prefix keys and own-row keys, whose bias columns are not adjacent).
// A -inf bias gives probability exactly 0; at least one entry must be finite.
void SoftmaxWithBiasRow(float* s, int64_t n0, const float* bias0, int64_t n1, const float* bias1);

// The same without a mask array, for rows whose open keys are a leading run
// of each part: softmax over s[0, open0) and s[n0, n0 + open1); the other
// entries of s[0, n0 + n1) are set to 0.
void SoftmaxOpenRow(float* s, int64_t n0, int64_t open0, int64_t n1, int64_t open1);

// Row-major single-precision GEMM through the BLAS LibTorch uses:
//   C[m,n] = alpha * op(A) op(B) + beta * C,  op(X) = X or X^T (trans_*),
// with leading dimensions (row strides) lda, ldb, ldc. Inside an intra-op
// parallel region the BLAS runs single-threaded, which is how the attention
// calls it: many small products, one per (query block, head) task.
void Gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

}  // namespace lf::model
