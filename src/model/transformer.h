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
// forward pass; prefix sharing packs many short suffixes (several per row,
// one segment each) behind one shared prefix.
//
// Thread safety: a module is not safe for concurrent training and inference;
// inference calls (under NoGradGuard, eval mode) may run concurrently.

#include <torch/torch.h>

#include <cstdint>
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

class BlockImpl : public torch::nn::Module {
 public:
  BlockImpl(const ModelParams& params);

  // x [B,R,S,d]; bias [B,1,R,S,P+S] additive mask (prefix keys first). When
  // own_kv is not null, receives this layer's keys/values of x as
  // [B,H,R*S,d/H] (pairs with the cache layout when R = 1).
  torch::Tensor Forward(const torch::Tensor& x, const torch::Tensor& prefix_k,
                        const torch::Tensor& prefix_v, const torch::Tensor& bias,
                        torch::Tensor* own_k, torch::Tensor* own_v);

 private:
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
  //   (may be empty); bias: [B,1,R,S,P+S] float additive mask.
  // Returns hidden states after ln_f, [B,R,S,d]. If own is not null it
  // receives the keys/values of these tokens ([B,H,R*S,d/H] per layer).
  torch::Tensor ForwardHidden(const torch::Tensor& ids, const torch::Tensor& positions,
                              const KvCache& prefix, const torch::Tensor& bias, KvCache* own);

  // Tied output head: hidden [...,d] -> logits [...,128].
  torch::Tensor Logits(const torch::Tensor& hidden);
  // log P(Y) - log P(N) restricted to {Y, N}: hidden [...,d] -> [...]; P(Y) = sigmoid.
  torch::Tensor YesNoLogit(const torch::Tensor& hidden);

  const ModelParams& params() const { return params_; }

 private:
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
