#include "model/cpu_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "core/check.h"

// Vectors pass by value only between always-inlined helpers (and bit casts
// use the builtin, std::bit_cast would be an out-of-line call), so the
// warning that their calling convention differs between targets is moot.
#pragma GCC diagnostic ignored "-Wpsabi"

// The Fortran BLAS entry point (OpenBLAS on Debian, the library LibTorch
// itself calls).
extern "C" void sgemm_(const char* transa, const char* transb, const int* m, const int* n,
                       const int* k, const float* alpha, const float* a, const int* lda,
                       const float* b, const int* ldb, const float* beta, float* c, const int* ldc);

namespace lf::model {
namespace {

// 16 floats: one AVX-512 register, two AVX2 registers, four SSE registers.
using Vf = float __attribute__((vector_size(64)));
using Vi = int32_t __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

// Each hot loop is compiled three times; the loader picks the best for the CPU.
#define LF_MULTIVERSION __attribute__((target_clones("avx512f", "avx2", "default")))
#define LF_INLINE inline __attribute__((always_inline))

LF_INLINE Vf Splat(float x) { return Vf{} + x; }
LF_INLINE Vf Load(const float* p) {
  Vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
LF_INLINE void Store(float* p, Vf v) { std::memcpy(p, &v, sizeof v); }
LF_INLINE Vf Max(Vf a, Vf b) { return a > b ? a : b; }

// exp(x), Cephes expf: x = n ln2 + r with |r| <= ln2/2, a degree-7 polynomial
// for e^r, and 2^n added to the exponent bits. exp(x) for x < -86 (including
// -inf) is exactly 0 -- e^-86 is below float's normal range, where the
// exponent trick would break; arguments above 88 are clamped (no overflow).
LF_INLINE Vf Exp(Vf x) {
  const Vi underflow = x < Splat(-86.0f);
  x = x > Splat(88.0f) ? Splat(88.0f) : x;
  // Round x / ln2 to the nearest integer: adding 1.5 * 2^23 leaves exactly
  // the integer in the low mantissa bits.
  const Vf shifted = x * 1.44269504088896341f + 12582912.0f;
  const Vf n = shifted - 12582912.0f;
  const Vi n_bits = __builtin_bit_cast(Vi, shifted) - __builtin_bit_cast(Vi, Splat(12582912.0f));
  Vf r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  Vf p = Splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  return __builtin_bit_cast(Vf, (__builtin_bit_cast(Vi, p) + (n_bits << 23)) & ~underflow);
}

LF_INLINE Vf Gelu(Vf x) {
  // sqrt(2/pi) and sqrt(2/pi) * 0.044715, each times -2 for exp(-2u).
  constexpr float kA = -2.0f * 0.7978845608028654f;
  constexpr float kB = -2.0f * 0.7978845608028654f * 0.044715f;
  return x / (1.0f + Exp(x * (kA + kB * x * x)));
}

LF_MULTIVERSION void GeluSpan(float* x, int64_t n) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) Store(x + i, Gelu(Load(x + i)));
  if (i < n) {
    float tail[kLanes] = {};
    std::memcpy(tail, x + i, (n - i) * sizeof(float));
    Store(tail, Gelu(Load(tail)));
    std::memcpy(x + i, tail, (n - i) * sizeof(float));
  }
}

// Max, exp-and-sum and scaling over one span; each pads its tail with -inf
// (adds nothing to a max or a sum of exps).
LF_MULTIVERSION float SpanMax(const float* s, int64_t n) {
  const int64_t full = n / kLanes * kLanes;
  float tail[kLanes];
  std::fill(tail, tail + kLanes, -std::numeric_limits<float>::infinity());
  std::copy(s + full, s + n, tail);
  Vf vmax = Load(tail);
  for (int64_t i = 0; i < full; i += kLanes) vmax = Max(vmax, Load(s + i));
  float m = vmax[0];
  for (int l = 1; l < kLanes; ++l) m = vmax[l] > m ? vmax[l] : m;
  return m;
}

// s <- exp(s - m); returns the sum.
LF_MULTIVERSION float SpanExpSum(float* s, int64_t n, float m) {
  const int64_t full = n / kLanes * kLanes;
  float tail[kLanes];
  std::fill(tail, tail + kLanes, -std::numeric_limits<float>::infinity());
  std::copy(s + full, s + n, tail);
  Vf vsum = Exp(Load(tail) - m);
  Store(tail, vsum);
  std::copy(tail, tail + (n - full), s + full);
  for (int64_t i = 0; i < full; i += kLanes) {
    const Vf e = Exp(Load(s + i) - m);
    Store(s + i, e);
    vsum += e;
  }
  float sum = 0.0f;
  for (int l = 0; l < kLanes; ++l) sum += vsum[l];
  return sum;
}

LF_MULTIVERSION void SpanScale(float* s, int64_t n, float f) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) Store(s + i, Load(s + i) * f);
  for (; i < n; ++i) s[i] *= f;
}

LF_MULTIVERSION void SpanAdd(float* s, const float* b, int64_t n) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) Store(s + i, Load(s + i) + Load(b + i));
  for (; i < n; ++i) s[i] += b[i];
}

// Softmax over the union of s[0, n0) and t[0, n1) in place.
void SoftmaxTwoSpans(float* s, int64_t n0, float* t, int64_t n1) {
  constexpr float kNegInf = -std::numeric_limits<float>::infinity();
  const float m = std::max(n0 > 0 ? SpanMax(s, n0) : kNegInf, n1 > 0 ? SpanMax(t, n1) : kNegInf);
  const float sum = SpanExpSum(s, n0, m) + SpanExpSum(t, n1, m);
  SpanScale(s, n0, 1.0f / sum);
  SpanScale(t, n1, 1.0f / sum);
}

}  // namespace

void GeluTanhInPlace(torch::Tensor& x) {
  LF_CHECK(x.is_contiguous() && x.scalar_type() == torch::kFloat32);
  float* data = x.data_ptr<float>();
  at::parallel_for(0, x.numel(), 1 << 14,
                   [&](int64_t begin, int64_t end) { GeluSpan(data + begin, end - begin); });
}

void SoftmaxWithBiasRow(float* s, int64_t n0, const float* bias0, int64_t n1, const float* bias1) {
  SpanAdd(s, bias0, n0);
  SpanAdd(s + n0, bias1, n1);
  SoftmaxTwoSpans(s, n0, s + n0, n1);
}

void SoftmaxOpenRow(float* s, int64_t n0, int64_t open0, int64_t n1, int64_t open1) {
  LF_CHECK(open0 <= n0 && open1 <= n1 && open0 + open1 > 0);
  std::fill(s + open0, s + n0, 0.0f);
  std::fill(s + n0 + open1, s + n0 + n1, 0.0f);
  SoftmaxTwoSpans(s, open0, s + n0, open1);
}

void Gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the
  // operands, keep the transpose flags.
  char ta = trans_b ? 'T' : 'N', tb = trans_a ? 'T' : 'N';
  int im = static_cast<int>(n), in = static_cast<int>(m), ik = static_cast<int>(k);
  int ilda = static_cast<int>(ldb), ildb = static_cast<int>(lda), ildc = static_cast<int>(ldc);
  sgemm_(&ta, &tb, &im, &in, &ik, &alpha, b, &ilda, a, &ildb, &beta, c, &ildc);
}

}  // namespace lf::model
