#pragma once
// Difficulty buckets (spec minimo.md §3.7, §5.1, test vector F): proven
// conjectures are labelled by the log-probability of their proof under the
// policy, relative to this iteration's other proofs.
//
//   thresholds t_k = percentile(log-probs of the proven conjectures, p_k)
//   for the buckets (hard, p=20), (easy, p=50), (triv, p=100), with numpy's
//   default linear interpolation: rank = p/100 * (n - 1) over the sorted values.
//   label(lp) = the first bucket whose threshold satisfies lp <= t_k; "fail" for
//   a conjecture that was not proven.
//
// Conjecture training strings are "Conj:(<label>) <elaborated statement>".
// Thread safety: pure functions.

#include <string>
#include <vector>

namespace lf::search {

struct DifficultyBucket {
  std::string label;  // "hard", "easy", "triv"
  double percentile;  // in [0, 100], increasing from bucket to bucket
};

// The reference buckets: hard 20, easy 50, triv 100.
std::vector<DifficultyBucket> DefaultBuckets();

// Threshold per bucket; empty when `logprobs` is empty.
std::vector<double> DifficultyThresholds(std::vector<double> logprobs,
                                         const std::vector<DifficultyBucket>& buckets);

// The bucket label of a proven conjecture ("fail" for unproven ones: pass proven=false).
std::string DifficultyLabel(bool proven, double logprob, const std::vector<double>& thresholds,
                            const std::vector<DifficultyBucket>& buckets);

}  // namespace lf::search
