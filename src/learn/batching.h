#pragma once
// Training batches: character-budget sampling and tensor encoding (minimo §4.4).
//
// SampleBatch draws example indices uniformly *with replacement* until
//   max_len * (count + 1) > batch_chars,
// max_len = the longest drawn string so far, capped at max_example_chars; the
// draw that overflows is discarded, and a batch has at least one example.
// With the defaults (10,000 characters) that is ~20-80 strings.
//
// EncodeBatch makes the causal-LM tensors for strings s_b:
//   input  [B, T-1] = ([BOS] + clip(s_b) + [EOS], right-padded with PAD)[:, :-1]
//   target [B, T-1] = the same shifted left by one, with -100 (ignored) on
//                     PAD and on masked prompt characters.
// Prompt masking (decision 10) counts characters of the clipped string:
//   mask_prompt:           through the last "???" of a value/policy string,
//                          or the "Conj:(x) " prefix of a conjecture string;
//   skip_conj_prefix_loss: only the "Conj:(x) " prefix.
// Pure functions; thread-safe.

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"

namespace lf::learn {

inline constexpr int64_t kIgnoreIndex = -100;

std::vector<size_t> SampleBatch(const std::vector<std::string>& examples, int batch_chars,
                                int max_example_chars, Rng& rng);

// SampleBatch's stopping rule for any source of draws (online mode's mixer,
// learn/replay_buffer.h): a batch of `count` strings admits one more of
// `length` characters iff it is empty or max_len * (count + 1) <= batch_chars,
// max_len including the new string, each length capped at max_example_chars.
class CharBudget {
 public:
  CharBudget(int batch_chars, int max_example_chars)
      : batch_chars_(static_cast<size_t>(batch_chars)),
        max_example_chars_(static_cast<size_t>(max_example_chars)) {}
  // Admits (and counts) the string, or says the batch is full.
  bool Admit(size_t length);
  size_t count() const { return count_; }

 private:
  size_t batch_chars_;
  size_t max_example_chars_;
  size_t max_len_ = 0;
  size_t count_ = 0;
};

struct EncodedBatch {
  torch::Tensor input;   // [B, T-1] int64
  torch::Tensor target;  // [B, T-1] int64, kIgnoreIndex where not trained
  int64_t tokens = 0;    // number of trained (non-ignored) targets
};

// Number of leading characters of the (clipped) string s whose targets are masked.
size_t MaskedPrefixChars(const std::string& s, bool mask_prompt, bool skip_conj_prefix);

EncodedBatch EncodeBatch(const std::vector<std::string>& strings, bool mask_prompt = false,
                         bool skip_conj_prefix = false);

}  // namespace lf::learn
