#pragma once
// Driving searches against an Evaluator: one at a time (RunSearch) or many in
// flight with every pending query batched into one evaluator call per round
// (SearchPool; Evariste's BatchBackwardRunner, issue 3 "many searches in flight").
//
// SearchPool round:
//   1. every active search Advance()s to its next batch of queries (or finishes;
//      a finished search's slot is refilled from the job list, in order);
//   2. all queries of the round are concatenated into ONE Evaluator::Score call;
//   3. each search gets its slice of the answers.
// A search's answers depend only on its own queries when the evaluator scores
// each query independently (UniformEvaluator; the transformer with per-query
// seeds), so a pool gives exactly the results of running the jobs one by one.
// Wall time (timeout_s) includes the time a search waits for its round.
//
// Thread safety: the pool runs on the calling thread; the evaluator is called
// from that thread only.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "search/evaluator.h"
#include "search/search.h"
#include "search/search_record.h"

namespace lf::search {

// Drives one search to the end and returns its record.
SearchRecord RunSearch(Search& search, Evaluator& evaluator);

struct PoolStats {
  int rounds = 0;         // evaluator calls
  long long queries = 0;  // queries answered in total
  int max_batch = 0;      // largest single evaluator call
};

// Searches in flight that join and leave at any time (a generator's tasks arrive
// one by one); SearchPool::Run is the fixed-job-list case built on it. One
// Round() advances every search, makes ONE evaluator call for all their queries
// and answers them; searches that finish leave the batch and are returned.
class SearchBatch {
 public:
  struct Finished {
    uint64_t tag = 0;                // the tag given to Add()
    std::unique_ptr<Search> search;  // done(); call Finish() for its record
  };

  explicit SearchBatch(Evaluator* evaluator) : evaluator_(evaluator) {}

  void Add(uint64_t tag, std::unique_ptr<Search> search);
  size_t size() const { return active_.size(); }
  bool empty() const { return active_.empty(); }
  // One round (see above). Finished searches come back in the order they were added.
  std::vector<Finished> Round();

  const PoolStats& stats() const { return stats_; }

 private:
  struct Slot {
    uint64_t tag;
    std::unique_ptr<Search> search;
    size_t offset = 0;  // of this slot's queries in the round's batch
    size_t count = 0;
  };
  Evaluator* evaluator_;  // not owned
  std::vector<Slot> active_;
  PoolStats stats_;
};

class SearchPool {
 public:
  // Creates the search for job i (called lazily, at most once per job).
  using Factory = std::function<std::unique_ptr<Search>(size_t job)>;

  // `width`: searches in flight at once (K > 0).
  SearchPool(Evaluator* evaluator, size_t width) : evaluator_(evaluator), width_(width) {}

  // Runs jobs 0..n_jobs-1; records come back in job order.
  std::vector<SearchRecord> Run(size_t n_jobs, const Factory& make);

  const PoolStats& stats() const { return stats_; }

 private:
  Evaluator* evaluator_;  // not owned
  size_t width_;
  PoolStats stats_;
};

}  // namespace lf::search
