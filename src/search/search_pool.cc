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

void SearchBatch::Add(uint64_t tag, std::unique_ptr<Search> search) {
  active_.push_back(Slot{.tag = tag, .search = std::move(search)});
}

std::vector<SearchBatch::Finished> SearchBatch::Round() {
  // Advance every search first, then make one evaluator call for all of them:
  // the batch is as large as the pool, which is what keeps an accelerator busy.
  std::vector<Finished> finished;
  std::vector<NodeQuery> batch;
  std::vector<Slot> waiting;
  for (Slot& slot : active_) {
    std::vector<NodeQuery> queries = slot.search->Advance();
    if (queries.empty()) {
      finished.push_back({slot.tag, std::move(slot.search)});
      continue;
    }
    slot.offset = batch.size();
    slot.count = queries.size();
    std::move(queries.begin(), queries.end(), std::back_inserter(batch));
    waiting.push_back(std::move(slot));
  }
  active_ = std::move(waiting);
  if (batch.empty()) return finished;
  std::vector<NodeScores> answers = evaluator_->Score(batch);
  LF_CHECK_EQ(answers.size(), batch.size());
  ++stats_.rounds;
  stats_.queries += static_cast<long long>(batch.size());
  stats_.max_batch = std::max(stats_.max_batch, static_cast<int>(batch.size()));
  for (Slot& slot : active_) {
    auto first = answers.begin() + static_cast<std::ptrdiff_t>(slot.offset);
    slot.search->Answer(std::vector<NodeScores>(std::make_move_iterator(first),
                                                std::make_move_iterator(first + slot.count)));
  }
  return finished;
}

std::vector<SearchRecord> SearchPool::Run(size_t n_jobs, const Factory& make) {
  LF_CHECK_GT(width_, 0u);
  std::vector<SearchRecord> records(n_jobs);
  SearchBatch batch(evaluator_);
  size_t next_job = 0;
  while (true) {
    while (batch.size() < width_ && next_job < n_jobs) {
      batch.Add(next_job, make(next_job));
      ++next_job;
    }
    if (batch.empty()) break;
    for (SearchBatch::Finished& f : batch.Round()) records[f.tag] = f.search->Finish();
  }
  stats_ = batch.stats();
  return records;
}

}  // namespace lf::search
