#pragma once
// GPT-2-style character transformer in LibTorch (minimo §4.1).
//
//   ids [B,R,S] --wte(128,d) + wpe(n_positions,d)--> dropout
//     --> n_layer x Block --> ln_f --> hidden [B,R,S,d]
//   Block(x) = x + drop(proj(attn(ln1(x))));  x = x + drop(fc2(gelu_tanh(fc1(ln2(x)))))
//   logits = hidden . wte^T   (tied input/output embedding, vocab 128)
//
// LayerNorm eps 1e-5, MLP width 4d, init normal(0, 0.02) with the residual
// output projections at 0.02/sqrt(2 n_layer), biases zero (GPT-2).
//
// One forward primitive serves training, scoring and decoding: tokens are
// laid out as B batch entries x R rows x S positions, and every batch entry b
// may carry a cached prefix (keys/values of earlier tokens, KvCache). A token
// attends to
//   * the prefix keys of its batch entry that prefix_bias leaves at 0, and
//   * the tokens of its own row that self_bias leaves at 0 (normally: same
//     segment, not later).
// Masked entries hold -inf; every token must see at least itself.
// With P = 0 and R = 1 and a causal self_bias this is the ordinary causal
// forward pass. ForwardSegments is the same model for inference on ragged
// input: a flat stream of segments, each behind its own cached prefix entry
// (how prefix-shared scoring runs many short suffixes without padding).
//
// Two implementations of ForwardHidden:
//   * the reference path (autograd, dropout) runs whenever gradients are
//     recorded or dropout is active (training);
//   * the inference path (no gradient recorded, no dropout; also behind
//     ForwardSegments) works on 2-D [tokens, d] activations with per-thread
//     scratch memory, fused in-place GELU and masked softmax
//     (cpu_kernels.h), and attention as small BLAS
//     calls per (query block, head) that read q/k/v in place and skip key
//     ranges the mask closes for a whole block (e.g. the causal upper
//     triangle); it runs the batch entries in groups of about
//     kInferenceGroupTokens tokens through all layers so the activations stay
//     in cache. When the caller names the tokens it reads (`readout`), the
//     last layer computes keys/values for all tokens but attention, MLP and
//     ln_f only for those. Tests check both paths agree to 1e-4.
//
// Thread safety: a module is not safe for concurrent training and inference;
// inference calls (under NoGradGuard, eval mode) may run concurrently (the
// scratch memory is per thread).

#include <torch/torch.h>

#include <cstdint>
#include <span>
#include <vector>

#include "model/model_params.h"

namespace lf::model {

// Keys and values of already processed tokens, one tensor pair per layer,
// each [B, H, P, d/H] (float32). Empty vectors mean P = 0.
struct KvCache {
  std::vector<torch::Tensor> keys;
  std::vector<torch::Tensor> values;

  int64_t Length() const { return keys.empty() ? 0 : keys.front().size(2); }
  // Concatenates `more` (same B) after this cache along the key axis.
  void Append(const KvCache& more);
};

// Tokens per group of batch entries on the inference path (see above): small
// enough that a group's activations and attention scores stay in cache, large
// enough for efficient GEMMs.
inline constexpr int64_t kInferenceGroupTokens = 2048;

struct InferenceGroup;  // transformer_inference.cc
struct TokenLayout;     // transformer_inference.cc

// One segment of TransformerImpl::ForwardSegments: `length` consecutive
// tokens that see the first `prefix_keys` keys of cache entry `prefix_entry`
// (none if prefix_keys = 0) and the earlier tokens of the segment.
struct TokenSegment {
  int64_t length = 0;
  int64_t prefix_entry = 0;
  int64_t prefix_keys = 0;
};

class BlockImpl : public torch::nn::Module {
 public:
  BlockImpl(const ModelParams& params);

  // Reference path. x [B,R,S,d]; bias [B,1,R,S,P+S] additive mask (prefix
  // keys first). When own_kv is not null, receives this layer's keys/values
  // of x as [B,H,R*S,d/H] (pairs with the cache layout when R = 1).
  torch::Tensor Forward(const torch::Tensor& x, const torch::Tensor& prefix_k,
                        const torch::Tensor& prefix_v, const torch::Tensor& bias,
                        torch::Tensor* own_k, torch::Tensor* own_v);

 private:
  friend class TransformerImpl;
  // Inference path for one group: x [tokens, d] of the group's entries; returns
  // the block's output for all tokens, or only for group.rows in the last layer.
  torch::Tensor Infer(const InferenceGroup& group, torch::Tensor x) const;

  int64_t n_head_;
  double dropout_;
  torch::nn::LayerNorm ln1_{nullptr}, ln2_{nullptr};
  torch::nn::Linear qkv_{nullptr}, proj_{nullptr}, fc1_{nullptr}, fc2_{nullptr};
};
TORCH_MODULE(Block);

class TransformerImpl : public torch::nn::Module {
 public:
  explicit TransformerImpl(const ModelParams& params);

  // Plain causal forward: ids [B,T] (int64, right-padded with PAD is fine
  // because padding only follows real tokens) -> logits [B,T,128].
  torch::Tensor Forward(const torch::Tensor& ids);

  // The general primitive described above.
  //   ids, positions: [B,R,S] int64; prefix: cache with P keys per entry
  //   (may be empty); bias: float additive mask [B,1,R,S,P+S], or
  //   broadcastable to it with size 1 in the B and/or R axes.
  // Returns hidden states after ln_f, [B,R,S,d]. If own is not null it
  // receives the keys/values of these tokens ([B,H,R*S,d/H] per layer).
  // readout (optional, int64 [n]): flat indices into the B*R*S tokens; then
  // only their hidden states are returned, [n,d] in that order, and the
  // inference path skips the last layer's work for the others (n = 0: a pass
  // that only fills `own`).
  torch::Tensor ForwardHidden(const torch::Tensor& ids, const torch::Tensor& positions,
                              const KvCache& prefix, const torch::Tensor& bias, KvCache* own,
                              const torch::Tensor& readout = {});

  // Inference only (runs without gradient or dropout): the same model on a
  // flat token stream cut into segments, with no padding and no mask array.
  // Each segment attends to the first prefix_keys keys of its cache entry and
  // causally to itself. ids, positions: [T] int64, T = the sum of the
  // segments' lengths. If own is not null it receives segment i's
  // keys/values as entry i of [segments, H, L, d/H] per layer (L = the
  // longest segment; a shorter segment's entry holds garbage past its
  // length). readout as in ForwardHidden (indices into the T tokens).
  torch::Tensor ForwardSegments(const torch::Tensor& ids, const torch::Tensor& positions,
                                std::span<const TokenSegment> segments, const KvCache& prefix,
                                KvCache* own, const torch::Tensor& readout);

  // Tied output head: hidden [...,d] -> logits [...,128].
  torch::Tensor Logits(const torch::Tensor& hidden);
  // log P(Y) - log P(N) restricted to {Y, N}: hidden [...,d] -> [...]; P(Y) = sigmoid.
  torch::Tensor YesNoLogit(const torch::Tensor& hidden);

  const ModelParams& params() const { return params_; }

 private:
  // ForwardHidden's inference path (same contract).
  torch::Tensor InferHidden(const torch::Tensor& ids, const torch::Tensor& positions,
                            const KvCache& prefix, const torch::Tensor& bias, KvCache* own,
                            const torch::Tensor& readout);
  // The inference path proper, on a flat token stream (see
  // transformer_inference.cc); returns [T or readout, d].
  torch::Tensor RunInference(const TokenLayout& layout, const torch::Tensor& ids,
                             const torch::Tensor& positions, const KvCache& prefix, KvCache* own,
                             const torch::Tensor& readout);

  ModelParams params_;
  torch::nn::Embedding wte_{nullptr}, wpe_{nullptr};
  torch::nn::LayerNorm ln_f_{nullptr};
  std::vector<Block> blocks_;
};
TORCH_MODULE(Transformer);

// A causal self mask for a single segment of length S: [S,S], 0 on and below
// the diagonal, -inf above.
torch::Tensor CausalBias(int64_t s);

// Builds a model with random initialisation from params.init_seed. Does not
// touch the global torch RNG state.
Transformer MakeTransformer(const ModelParams& params);

}  // namespace lf::model
