#include "search/difficulty.h"

#include <algorithm>
#include <cmath>

namespace lf::search {

std::vector<DifficultyBucket> DefaultBuckets() {
  return {{"hard", 20}, {"easy", 50}, {"triv", 100}};
}

std::vector<double> DifficultyThresholds(std::vector<double> logprobs,
                                         const std::vector<DifficultyBucket>& buckets) {
  std::vector<double> thresholds;
  if (logprobs.empty()) return thresholds;
  std::sort(logprobs.begin(), logprobs.end());
  const double last = static_cast<double>(logprobs.size() - 1);
  for (const DifficultyBucket& b : buckets) {
    const double rank = b.percentile / 100.0 * last;
    const size_t lo = static_cast<size_t>(std::floor(rank));
    const size_t hi = std::min(lo + 1, logprobs.size() - 1);
    const double frac = rank - static_cast<double>(lo);
    thresholds.push_back(logprobs[lo] + frac * (logprobs[hi] - logprobs[lo]));
  }
  return thresholds;
}

std::string DifficultyLabel(bool proven, double logprob, const std::vector<double>& thresholds,
                            const std::vector<DifficultyBucket>& buckets) {
  if (!proven) return "fail";
  for (size_t k = 0; k < thresholds.size() && k < buckets.size(); ++k)
    if (logprob <= thresholds[k]) return buckets[k].label;
  return buckets.empty() ? "triv" : buckets.back().label;
}

}  // namespace lf::search
