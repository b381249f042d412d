#include "learn/batching.h"

#include <algorithm>

#include "core/check.h"
#include "model/tokenizer.h"

namespace lf::learn {

std::vector<size_t> SampleBatch(const std::vector<std::string>& examples, int batch_chars,
                                int max_example_chars, Rng& rng) {
  LF_CHECK(!examples.empty());
  std::vector<size_t> batch;
  CharBudget budget(batch_chars, max_example_chars);
  while (true) {
    const size_t pick = rng.Below(examples.size());
    if (!budget.Admit(examples[pick].size())) break;
    batch.push_back(pick);
  }
  return batch;
}

bool CharBudget::Admit(size_t length) {
  const size_t len = std::min(std::max(max_len_, length), max_example_chars_);
  if (count_ > 0 && len * (count_ + 1) > batch_chars_) return false;
  max_len_ = len;
  ++count_;
  return true;
}

size_t MaskedPrefixChars(const std::string& s, bool mask_prompt, bool skip_conj_prefix) {
  if (!mask_prompt && !skip_conj_prefix) return 0;
  if (s.starts_with("Conj:(")) {
    const size_t close = s.find(") ");
    return close == std::string::npos ? 0 : close + 2;
  }
  if (!mask_prompt) return 0;
  const size_t q = s.rfind("???");
  return q == std::string::npos ? 0 : q + 3;
}

EncodedBatch EncodeBatch(const std::vector<std::string>& strings, bool mask_prompt,
                         bool skip_conj_prefix) {
  LF_CHECK(!strings.empty());
  std::vector<std::vector<int64_t>> rows;
  std::vector<size_t> masked;
  size_t t = 0;
  for (const auto& s : strings) {
    rows.push_back(model::EncodeForTraining(s));
    masked.push_back(MaskedPrefixChars(model::ClipForModel(s), mask_prompt, skip_conj_prefix));
    t = std::max(t, rows.back().size());
  }
  const int64_t b = static_cast<int64_t>(rows.size()), w = static_cast<int64_t>(t) - 1;
  EncodedBatch out;
  out.input = torch::full({b, w}, model::kPad, torch::kInt64);
  out.target = torch::full({b, w}, kIgnoreIndex, torch::kInt64);
  auto in = out.input.accessor<int64_t, 2>();
  auto tg = out.target.accessor<int64_t, 2>();
  for (int64_t i = 0; i < b; ++i) {
    const auto& r = rows[i];
    for (size_t k = 0; k + 1 < r.size(); ++k) {
      in[i][k] = r[k];
      // Target r[k+1] is character k of the string (r[0] is BOS).
      if (k >= masked[i]) {
        tg[i][k] = r[k + 1];
        ++out.tokens;
      }
    }
  }
  return out;
}

}  // namespace lf::learn
