#include "model/transformer.h"

#include <cmath>
#include <limits>

#include "core/check.h"
#include "core/rng.h"
#include "model/tokenizer.h"

namespace lf::model {
namespace F = torch::nn::functional;
using torch::indexing::Slice;

void KvCache::Append(const KvCache& more) {
  if (keys.empty()) {
    *this = more;
    return;
  }
  LF_CHECK_EQ(keys.size(), more.keys.size());
  for (size_t l = 0; l < keys.size(); ++l) {
    keys[l] = torch::cat({keys[l], more.keys[l]}, 2);
    values[l] = torch::cat({values[l], more.values[l]}, 2);
  }
}

torch::Tensor CausalBias(int64_t s) {
  return torch::full({s, s}, -std::numeric_limits<float>::infinity()).triu(1);
}

BlockImpl::BlockImpl(const ModelParams& p) : n_head_(p.n_head), dropout_(p.dropout) {
  const int64_t d = p.d_model;
  ln1_ = register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-5)));
  qkv_ = register_module("qkv", torch::nn::Linear(d, 3 * d));
  proj_ = register_module("proj", torch::nn::Linear(d, d));
  ln2_ = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(1e-5)));
  fc1_ = register_module("fc1", torch::nn::Linear(d, 4 * d));
  fc2_ = register_module("fc2", torch::nn::Linear(4 * d, d));
}

torch::Tensor BlockImpl::Forward(const torch::Tensor& x, const torch::Tensor& prefix_k,
                                 const torch::Tensor& prefix_v, const torch::Tensor& bias,
                                 torch::Tensor* own_k, torch::Tensor* own_v) {
  const int64_t b = x.size(0), r = x.size(1), s = x.size(2), d = x.size(3);
  const int64_t h = n_head_, dh = d / n_head_;
  // Linear layers see 2-D [tokens, d] activations: one addmm each (a 4-D
  // input would go through matmul's slower broadcasting path).
  auto x2 = x.reshape({b * r * s, d});
  // [B,R,S,3,H,dh] -> three [B,H,R,S,dh] views.
  auto qkv = qkv_(ln1_(x2)).view({b, r, s, 3, h, dh}).permute({3, 0, 4, 1, 2, 5});
  auto q = qkv[0] * (1.0 / std::sqrt(static_cast<double>(dh)));
  auto k = qkv[1];
  auto v = qkv[2];
  auto scores = torch::matmul(q, k.transpose(-1, -2));  // [B,H,R,S,S]
  const int64_t p = prefix_k.defined() ? prefix_k.size(2) : 0;
  if (p > 0) {
    // All rows of an entry share its prefix: fold R*S into one query axis so
    // the prefix keys are read once per entry instead of copied per row.
    auto sp = torch::matmul(q.reshape({b, h, r * s, dh}), prefix_k.transpose(-1, -2));
    scores = torch::cat({sp.view({b, h, r, s, p}), scores}, -1);
  }
  auto probs = torch::softmax(scores + bias, -1);
  if (dropout_ > 0.0 && is_training())
    probs = F::dropout(probs, F::DropoutFuncOptions().p(dropout_).training(true));
  torch::Tensor out;
  if (p > 0) {
    auto pp = probs.narrow(-1, 0, p).reshape({b, h, r * s, p});
    out = torch::matmul(pp, prefix_v).view({b, h, r, s, dh}) +
          torch::matmul(probs.narrow(-1, p, s), v);
  } else {
    out = torch::matmul(probs, v);
  }
  if (own_k != nullptr) {
    *own_k = k.reshape({b, h, r * s, dh});
    *own_v = v.reshape({b, h, r * s, dh});
  }
  out = proj_(out.permute({0, 2, 3, 1, 4}).reshape({b * r * s, d}));
  auto y = x2 + (is_training() ? F::dropout(out, F::DropoutFuncOptions().p(dropout_).training(true))
                               : out);
  auto m = fc2_(torch::gelu(fc1_(ln2_(y)), "tanh"));
  return (y +
          (is_training() ? F::dropout(m, F::DropoutFuncOptions().p(dropout_).training(true)) : m))
      .view({b, r, s, d});
}

namespace {

// Fills t with normal(0, std) from a portable generator (Box-Muller on
// lf::Rng), so initial weights depend only on the seed, not on the torch RNG.
void FillNormal(torch::Tensor t, double std, Rng& rng) {
  torch::NoGradGuard no_grad;
  auto flat = torch::empty({t.numel()}, torch::kFloat32);
  float* data = flat.data_ptr<float>();
  for (int64_t i = 0; i < t.numel(); i += 2) {
    const double u1 = 1.0 - rng.Uniform(), u2 = rng.Uniform();
    const double radius = std * std::sqrt(-2.0 * std::log(u1));
    data[i] = static_cast<float>(radius * std::cos(2.0 * M_PI * u2));
    if (i + 1 < t.numel()) data[i + 1] = static_cast<float>(radius * std::sin(2.0 * M_PI * u2));
  }
  t.copy_(flat.view(t.sizes()));
}

}  // namespace

TransformerImpl::TransformerImpl(const ModelParams& p) : params_(p) {
  ValidateModelParams(p);
  wte_ = register_module("wte", torch::nn::Embedding(kVocabSize, p.d_model));
  wpe_ = register_module("wpe", torch::nn::Embedding(p.n_positions, p.d_model));
  for (int l = 0; l < p.n_layer; ++l) {
    blocks_.push_back(register_module("h" + std::to_string(l), Block(p)));
  }
  ln_f_ = register_module("ln_f",
                          torch::nn::LayerNorm(torch::nn::LayerNormOptions({p.d_model}).eps(1e-5)));

  Rng rng(p.init_seed);
  torch::NoGradGuard no_grad;
  const double residual_std = 0.02 / std::sqrt(2.0 * p.n_layer);
  for (auto& item : named_parameters()) {
    const std::string& name = item.key();
    torch::Tensor& t = item.value();
    if (name.find("ln") != std::string::npos) continue;  // LayerNorm: weight 1, bias 0
    if (name.ends_with(".bias")) {
      t.zero_();
    } else {
      const bool residual = name.ends_with("proj.weight") || name.ends_with("fc2.weight");
      FillNormal(t, residual ? residual_std : 0.02, rng);
    }
  }
}

torch::Tensor TransformerImpl::Forward(const torch::Tensor& ids) {
  const int64_t b = ids.size(0), t = ids.size(1);
  LF_CHECK_LE(t, params_.n_positions);
  auto positions = torch::arange(t, torch::kInt64).expand({b, 1, t});
  auto bias = CausalBias(t).view({1, 1, 1, t, t});
  return Logits(ForwardHidden(ids.view({b, 1, t}), positions, KvCache{}, bias, nullptr))
      .view({b, t, kVocabSize});
}

torch::Tensor TransformerImpl::ForwardHidden(const torch::Tensor& ids,
                                             const torch::Tensor& positions, const KvCache& prefix,
                                             const torch::Tensor& bias, KvCache* own,
                                             const torch::Tensor& readout) {
  const bool dropout = is_training() && params_.dropout > 0.0;
  if (!torch::GradMode::is_enabled() && !dropout) {
    return InferHidden(ids, positions, prefix, bias, own, readout);
  }
  auto x = wte_(ids) + wpe_(positions);
  if (dropout) x = F::dropout(x, F::DropoutFuncOptions().p(params_.dropout).training(true));
  if (own != nullptr) {
    own->keys.assign(blocks_.size(), {});
    own->values.assign(blocks_.size(), {});
  }
  const bool has_prefix = prefix.Length() > 0;
  for (size_t l = 0; l < blocks_.size(); ++l) {
    x = blocks_[l]->Forward(x, has_prefix ? prefix.keys[l] : torch::Tensor(),
                            has_prefix ? prefix.values[l] : torch::Tensor(), bias,
                            own ? &own->keys[l] : nullptr, own ? &own->values[l] : nullptr);
  }
  if (readout.defined()) x = x.reshape({-1, params_.d_model}).index_select(0, readout);
  return ln_f_(x);
}

torch::Tensor TransformerImpl::Logits(const torch::Tensor& hidden) {
  return torch::matmul(hidden, wte_->weight.t());
}

torch::Tensor TransformerImpl::YesNoLogit(const torch::Tensor& hidden) {
  auto diff = wte_->weight[kYes] - wte_->weight[kNo];  // [d]
  return torch::matmul(hidden, diff);
}

Transformer MakeTransformer(const ModelParams& params) { return Transformer(params); }

}  // namespace lf::model
