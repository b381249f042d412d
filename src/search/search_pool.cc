#include "search/search_pool.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/check.h"

namespace lf::search {

SearchRecord RunSearch(Search& search, Evaluator& evaluator) {
  while (true) {
    std::vector<NodeQuery> queries = search.Advance();
    if (queries.empty()) break;
    search.Answer(evaluator.Score(queries));
  }
  return search.Finish();
}

std::vector<SearchRecord> SearchPool::Run(size_t n_jobs, const Factory& make) {
  LF_CHECK_GT(width_, 0u);
  std::vector<SearchRecord> records(n_jobs);
  struct Slot {
    size_t job;
    std::unique_ptr<Search> search;
    size_t offset = 0;  // of this slot's queries in the round's batch
    size_t count = 0;
  };
  std::vector<Slot> active;
  size_t next_job = 0;
  while (true) {
    while (active.size() < width_ && next_job < n_jobs) {
      active.push_back(Slot{.job = next_job, .search = make(next_job)});
      ++next_job;
    }
    if (active.empty()) break;
    // Advance every search first, then make one evaluator call for all of them:
    // the batch is as large as the pool, which is what keeps an accelerator busy.
    std::vector<NodeQuery> batch;
    std::vector<Slot> waiting;
    for (Slot& slot : active) {
      std::vector<NodeQuery> queries = slot.search->Advance();
      if (queries.empty()) {
        records[slot.job] = slot.search->Finish();
        continue;
      }
      slot.offset = batch.size();
      slot.count = queries.size();
      std::move(queries.begin(), queries.end(), std::back_inserter(batch));
      waiting.push_back(std::move(slot));
    }
    active = std::move(waiting);
    if (batch.empty()) continue;  // only finished searches this round; refill
    std::vector<NodeScores> answers = evaluator_->Score(batch);
    LF_CHECK_EQ(answers.size(), batch.size());
    ++stats_.rounds;
    stats_.queries += static_cast<long long>(batch.size());
    stats_.max_batch = std::max(stats_.max_batch, static_cast<int>(batch.size()));
    for (Slot& slot : active) {
      auto first = answers.begin() + static_cast<std::ptrdiff_t>(slot.offset);
      slot.search->Answer(std::vector<NodeScores>(std::make_move_iterator(first),
                                                  std::make_move_iterator(first + slot.count)));
    }
  }
  return records;
}

}  // namespace lf::search
