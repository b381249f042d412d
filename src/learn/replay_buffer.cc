#include "learn/replay_buffer.h"

#include "core/check.h"
#include "learn/batching.h"

namespace lf::learn {

ReplayBuffer::ReplayBuffer(size_t capacity) : capacity_(capacity) { LF_CHECK(capacity > 0); }

void ReplayBuffer::Add(std::string text, int64_t version) {
  if (items_.size() == capacity_) items_.pop_front();
  items_.push_back({std::move(text), version});
  ++added_;
}

MixedBatch DrawMixedBatch(const ReplayBuffer& generated, const std::vector<std::string>& base,
                          double generated_prob, int batch_chars, int max_example_chars, Rng& rng) {
  LF_CHECK(!generated.empty() || !base.empty());
  MixedBatch batch;
  CharBudget budget(batch_chars, max_example_chars);
  while (true) {
    // The source is drawn first, and always, so the stream of choices does
    // not depend on which side happens to be empty.
    const bool from_buffer = base.empty() || (!generated.empty() && rng.Uniform() < generated_prob);
    const std::string& pick =
        from_buffer ? generated[rng.Below(generated.size())].text : base[rng.Below(base.size())];
    if (!budget.Admit(pick.size())) break;
    batch.strings.push_back(pick);
    batch.generated += from_buffer ? 1 : 0;
  }
  return batch;
}

}  // namespace lf::learn
