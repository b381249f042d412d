#include "model/flat_params.h"

#include <cstring>

#include "core/check.h"

namespace lf::model {
namespace {

// Visits every parameter with its offset in the flat buffer.
template <typename Fn>
void ForEachParameter(torch::nn::Module& module, Fn fn) {
  int64_t offset = 0;
  for (auto& p : module.parameters()) {
    fn(p, offset);
    offset += p.numel();
  }
}

}  // namespace

int64_t FlatSize(torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

void GetFlatWeights(torch::nn::Module& module, std::span<float> out) {
  LF_CHECK_EQ(static_cast<int64_t>(out.size()), FlatSize(module));
  ForEachParameter(module, [&](torch::Tensor& p, int64_t offset) {
    auto c = p.detach().contiguous();
    std::memcpy(out.data() + offset, c.data_ptr<float>(), sizeof(float) * c.numel());
  });
}

std::vector<float> GetFlatWeights(torch::nn::Module& module) {
  std::vector<float> out(FlatSize(module));
  GetFlatWeights(module, out);
  return out;
}

void SetFlatWeights(torch::nn::Module& module, std::span<const float> in) {
  LF_CHECK_EQ(static_cast<int64_t>(in.size()), FlatSize(module));
  torch::NoGradGuard no_grad;
  ForEachParameter(module, [&](torch::Tensor& p, int64_t offset) {
    auto src = torch::from_blob(const_cast<float*>(in.data() + offset), p.sizes(), torch::kFloat32);
    p.copy_(src);
  });
}

void GetFlatGradients(torch::nn::Module& module, std::span<float> out) {
  LF_CHECK_EQ(static_cast<int64_t>(out.size()), FlatSize(module));
  ForEachParameter(module, [&](torch::Tensor& p, int64_t offset) {
    if (!p.grad().defined()) {
      std::fill_n(out.data() + offset, p.numel(), 0.0f);
      return;
    }
    auto c = p.grad().contiguous();
    std::memcpy(out.data() + offset, c.data_ptr<float>(), sizeof(float) * c.numel());
  });
}

void SetFlatGradients(torch::nn::Module& module, std::span<const float> in) {
  LF_CHECK_EQ(static_cast<int64_t>(in.size()), FlatSize(module));
  torch::NoGradGuard no_grad;
  ForEachParameter(module, [&](torch::Tensor& p, int64_t offset) {
    auto src = torch::from_blob(const_cast<float*>(in.data() + offset), p.sizes(), torch::kFloat32);
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    p.mutable_grad().copy_(src);
  });
}

}  // namespace lf::model
