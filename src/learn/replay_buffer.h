#pragma once
// Online mode's training data (evariste.md §2.6 and §3.8; app/run_online.h):
// a bounded FIFO replay buffer of the examples the actors generated, and the
// mixer that draws every training batch from it and from the base data.
//
//   ReplayBuffer    the newest `capacity` generated examples, each with the
//                   weight version (learner step) of the model that produced
//                   it; adding to a full buffer evicts the oldest
//   DrawMixedBatch  each string of a batch is drawn independently: from the
//                   buffer with probability generated_prob, otherwise from the
//                   base examples, uniformly with replacement within either;
//                   when one side is empty every draw comes from the other.
//                   The batch stops by SampleBatch's character budget
//                   (learn/batching.h CharBudget), so the expected share of
//                   generated strings is generated_prob (the budget's stop
//                   does not depend on the source a draw came from).
//
// Deterministic given the Rng. Not thread-safe; the learner root owns both.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/rng.h"

namespace lf::learn {

struct ReplayItem {
  std::string text;
  int64_t version = 0;  // learner step of the weights that generated it
};

class ReplayBuffer {
 public:
  explicit ReplayBuffer(size_t capacity);

  void Add(std::string text, int64_t version);
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  size_t capacity() const { return capacity_; }
  // Examples added over the buffer's life (evicted ones included).
  int64_t added() const { return added_; }
  // 0 = the oldest example still held.
  const ReplayItem& operator[](size_t i) const { return items_[i]; }

 private:
  size_t capacity_;
  std::deque<ReplayItem> items_;
  int64_t added_ = 0;
};

struct MixedBatch {
  std::vector<std::string> strings;
  int64_t generated = 0;  // strings drawn from the replay buffer
};

// Needs a non-empty buffer or base (LF_CHECK).
MixedBatch DrawMixedBatch(const ReplayBuffer& generated, const std::vector<std::string>& base,
                          double generated_prob, int batch_chars, int max_example_chars, Rng& rng);

}  // namespace lf::learn
