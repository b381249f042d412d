// KV-cached incremental decoding: Generate, LogProb and DecodingSession.

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/check.h"
#include "core/error.h"
#include "core/rng.h"
#include "model/tokenizer.h"
#include "model/transformer_evaluator.h"

namespace lf::model {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// log-softmax of one logit row, in double for stable sums.
std::vector<double> LogSoftmax(const float* logits, int n) {
  const double mx = *std::max_element(logits, logits + n);
  double z = 0.0;
  for (int i = 0; i < n; ++i) z += std::exp(logits[i] - mx);
  std::vector<double> out(n);
  const double lz = mx + std::log(z);
  for (int i = 0; i < n; ++i) out[i] = logits[i] - lz;
  return out;
}

// Greedy (temperature <= 0) or sampled next token; never PAD or BOS.
int64_t ChooseToken(const float* logits, double temperature, Rng& rng) {
  int64_t best = kEos;
  for (int64_t c = kEos; c < kVocabSize; ++c) {
    if (logits[c] > logits[best]) best = c;
  }
  if (temperature <= 0.0) return best;
  std::vector<double> w(kVocabSize, 0.0);
  double total = 0.0;
  for (int64_t c = kEos; c < kVocabSize; ++c) {
    w[c] = std::exp((logits[c] - logits[best]) / temperature);
    total += w[c];
  }
  double u = rng.Uniform() * total;
  for (int64_t c = kEos; c < kVocabSize; ++c) {
    u -= w[c];
    if (u < 0.0 && w[c] > 0.0) return c;
  }
  return best;
}

}  // namespace

std::vector<search::Generation> TransformerEvaluator::Generate(
    std::span<const search::GenerationQuery> queries) {
  std::lock_guard<std::mutex> lock(mutex_);
  torch::NoGradGuard no_grad;
  model_->eval();
  const int64_t b = static_cast<int64_t>(queries.size());
  std::vector<search::Generation> out(queries.size());
  if (b == 0) return out;
  const int64_t max_positions = model_->params().n_positions;

  std::vector<std::vector<int64_t>> prompts;
  std::vector<int64_t> length;
  int64_t p = 0;
  for (const auto& q : queries) {
    prompts.push_back(EncodeForInference(q.prompt));
    length.push_back(static_cast<int64_t>(prompts.back().size()));
    p = std::max(p, length.back());
  }
  auto ids = torch::full({b, p}, kPad, torch::kInt64);
  for (int64_t i = 0; i < b; ++i) {
    ids[i].narrow(0, 0, length[i]).copy_(torch::tensor(prompts[i], torch::kInt64));
  }
  std::vector<int64_t> last(b);
  for (int64_t i = 0; i < b; ++i) last[i] = i * p + length[i] - 1;
  KvCache cache;
  auto logits = model_->Logits(model_->ForwardHidden(
      ids.view({b, 1, p}), torch::arange(p).expand({b, 1, p}), KvCache{},
      CausalBias(p).view({1, 1, 1, p, p}), &cache, torch::tensor(last, torch::kInt64)));
  // Which cache keys each sequence may see: its own prompt, then every step.
  auto visible = torch::arange(p).view({1, p}) < torch::tensor(length).view({b, 1});

  std::vector<Rng> rngs;
  std::vector<bool> active(b, true);
  for (const auto& q : queries) rngs.emplace_back(q.seed);
  for (int64_t step = 0;; ++step) {
    logits = logits.contiguous();
    auto next = torch::full({b, 1, 1}, kPad, torch::kInt64);
    bool any = false;
    for (int64_t i = 0; i < b; ++i) {
      if (!active[i]) continue;
      const auto& q = queries[i];
      const float* row = logits.data_ptr<float>() + i * kVocabSize;
      const int64_t tok = ChooseToken(row, q.temperature, rngs[i]);
      out[i].logprob += LogSoftmax(row, kVocabSize)[tok];
      const bool stop = tok == kEos || tok == static_cast<unsigned char>(q.stop_char);
      if (!stop) out[i].text.push_back(static_cast<char>(tok));
      active[i] = !stop && static_cast<int>(out[i].text.size()) < q.max_chars &&
                  length[i] + step + 1 < max_positions;
      if (active[i]) {
        next[i][0][0] = tok;
        any = true;
      }
    }
    if (!any) break;
    auto positions = (torch::tensor(length) + step).clamp_max(max_positions - 1).view({b, 1, 1});
    visible = torch::cat({visible, torch::ones({b, 1}, torch::kBool)}, 1);
    const int64_t keys = visible.size(1);
    // The new token sees the visible cache; its own key comes last in the self part.
    auto bias = torch::zeros({b, keys}).masked_fill(visible.logical_not(), kNegInf);
    bias = bias.view({b, 1, 1, 1, keys});
    KvCache own;
    auto hidden = model_->ForwardHidden(next, positions, cache, bias, &own);
    cache.Append(own);
    logits = model_->Logits(hidden.view({b, -1}));
  }
  return out;
}

std::vector<double> TransformerEvaluator::LogProb(
    std::span<const search::ContinuationQuery> queries) {
  std::lock_guard<std::mutex> lock(mutex_);
  torch::NoGradGuard no_grad;
  model_->eval();
  std::vector<double> out;
  const int64_t budget = model_->params().max_batch_tokens;
  size_t begin = 0;
  while (begin < queries.size()) {
    std::vector<std::vector<int64_t>> rows;
    std::vector<int64_t> cont;
    int64_t t = 0;
    size_t end = begin;
    while (end < queries.size()) {
      const auto& q = queries[end];
      if (q.continuation.size() > kMaxChars) {
        throw InputError("LogProb: continuation longer than " + std::to_string(kMaxChars) +
                         " characters");
      }
      auto ids = EncodeForInference(q.prompt + q.continuation);
      const int64_t w = std::max<int64_t>(t, ids.size());
      if (end > begin && w * static_cast<int64_t>(rows.size() + 1) > budget) break;
      t = w;
      rows.push_back(std::move(ids));
      cont.push_back(static_cast<int64_t>(q.continuation.size()));
      ++end;
    }
    const int64_t b = static_cast<int64_t>(rows.size());
    auto ids = torch::full({b, t}, kPad, torch::kInt64);
    for (int64_t i = 0; i < b; ++i) {
      ids[i].narrow(0, 0, rows[i].size()).copy_(torch::tensor(rows[i], torch::kInt64));
    }
    auto logp = torch::log_softmax(model_->Forward(ids), -1).to(torch::kFloat64);
    auto la = logp.accessor<double, 3>();
    for (int64_t i = 0; i < b; ++i) {
      const int64_t n = static_cast<int64_t>(rows[i].size());
      double sum = 0.0;
      // Token at position k is predicted by the logits at k - 1.
      for (int64_t k = n - cont[i]; k < n; ++k) sum += la[i][k - 1][rows[i][k]];
      out.push_back(sum);
    }
    begin = end;
  }
  return out;
}

DecodingSession TransformerEvaluator::StartDecoding(std::string_view prompt) {
  return DecodingSession(this, prompt);
}

DecodingSession::DecodingSession(TransformerEvaluator* owner, std::string_view prompt)
    : owner_(owner) {
  Append(prompt);
}

void DecodingSession::Append(std::string_view chars) {
  CheckModelChars(chars);
  std::vector<int64_t> ids;
  if (cache_.Length() == 0) ids.push_back(kBos);
  for (char c : chars) ids.push_back(static_cast<unsigned char>(c));
  if (ids.empty()) return;
  std::lock_guard<std::mutex> lock(owner_->mutex_);
  torch::NoGradGuard no_grad;
  auto& model = owner_->model_;
  model->eval();
  const int64_t p = cache_.Length(), s = static_cast<int64_t>(ids.size());
  if (p + s > model->params().n_positions) {
    throw InputError("decoding: text longer than the model's " +
                     std::to_string(model->params().n_positions) + " positions");
  }
  auto bias = torch::cat({torch::zeros({s, p}), CausalBias(s)}, 1).view({1, 1, 1, s, p + s});
  KvCache own;
  auto hidden = model->ForwardHidden(torch::tensor(ids, torch::kInt64).view({1, 1, s}),
                                     torch::arange(p, p + s).view({1, 1, s}), cache_, bias, &own,
                                     torch::full({1}, s - 1, torch::kInt64));
  cache_.Append(own);
  text_.append(chars);
  auto logp = torch::log_softmax(model->Logits(hidden[0]), -1).contiguous();
  std::copy_n(logp.data_ptr<float>(), kVocabSize, next_logprobs_.begin());
}

}  // namespace lf::model
