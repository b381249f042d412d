#include "learn/labelling.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "kernel/kernel_error.h"
#include "kernel/syntax.h"
#include "kernel/typing.h"
#include "learn/conjecturer.h"

namespace lf::learn {
namespace {

ExampleKind KindOf(const search::TrainingExample& e) {
  return e.kind == search::TrainingExample::Kind::kPolicy ? ExampleKind::kPolicy
                                                          : ExampleKind::kValue;
}

void AppendSearchExamples(std::span<const search::TrainingExample> from, std::vector<Example>* to) {
  for (const search::TrainingExample& e : from) to->push_back({KindOf(e), e.text});
}

class Labeller {
 public:
  Labeller(const kernel::Theory& theory, const LabelInput& input, const NoveltyFilter& held_out,
           const LabelOptions& options)
      : theory_(theory),
        input_(input),
        held_out_(held_out),
        options_(options),
        seen_(input.hindsight_seen.begin(), input.hindsight_seen.end()) {}

  Labelling Run() {
    std::vector<double> logprobs;
    for (const LabelAttempt& a : input_.conjectures)
      if (a.success) logprobs.push_back(a.logprob);
    thresholds_ = search::DifficultyThresholds(logprobs, options_.buckets);

    for (const LabelAttempt& a : input_.conjectures)
      out_.conjectures.push_back(Attempt(a, /*is_goal=*/false));
    // Refuted conjectures were never searched: what the conjecturer learns from
    // a failed one, without the search (the first max_refuted_examples of them).
    const size_t fail_examples = options_.max_refuted_examples < 0
                                     ? input_.refuted.size()
                                     : static_cast<size_t>(options_.max_refuted_examples);
    for (size_t i = 0; i < input_.refuted.size(); ++i) {
      const std::string& statement = input_.refuted[i];
      LabelledStatement& s = out_.refuted.emplace_back();
      s.conjecture = ConjectureLabel{statement, Outcome::kRefuted, Bucket::kFail};
      if (i < fail_examples)
        s.examples.push_back(
            {ExampleKind::kConjecture, ConjectureString(theory_, "fail", statement)});
    }
    // Final goals come after the thresholds, as in the goal-conditioned fork.
    int64_t goals_proven = 0;
    for (const LabelAttempt& a : input_.goals) {
      goals_proven += a.success ? 1 : 0;
      out_.goals.push_back(Attempt(a, /*is_goal=*/true));
    }

    IterationNumbers& n = out_.numbers;
    n.n_proven = static_cast<int64_t>(logprobs.size());
    n.ratio_proven = input_.n_conjectures > 0 ? static_cast<double>(n.n_proven) /
                                                    static_cast<double>(input_.n_conjectures)
                                              : 0.0;
    n.final_goals_proven = input_.goals.empty() ? 0.0
                                                : static_cast<double>(goals_proven) /
                                                      static_cast<double>(input_.goals.size());
    double hard_sum = 0.0;
    int hard_n = 0;
    for (double lp : logprobs) {
      if (!thresholds_.empty() && lp <= thresholds_[0]) {  // decision 11: the hard bucket
        hard_sum += lp;
        ++hard_n;
      }
    }
    n.mean_hard_logprob = hard_n > 0 ? hard_sum / hard_n : std::nan("");
    for (size_t k = 0; k < n.thresholds.size(); ++k)
      n.thresholds[k] = k < thresholds_.size() ? thresholds_[k] : std::nan("");
    return std::move(out_);
  }

 private:
  LabelledStatement Attempt(const LabelAttempt& a, bool is_goal) {
    LabelledStatement s;
    const std::string label =
        search::DifficultyLabel(a.success, a.logprob, thresholds_, options_.buckets);
    if (!is_goal) {
      s.conjecture = ConjectureLabel{a.statement, a.success ? Outcome::kProved : Outcome::kUnproved,
                                     BucketOf(label, options_.buckets)};
      if (a.success) out_.proven.push_back(a.statement);
    }
    if (options_.conjecture_strings && (!is_goal || a.success || options_.fail_strings_for_goals))
      s.examples.push_back(
          {ExampleKind::kConjecture, ConjectureString(theory_, label, a.statement)});
    AppendSearchExamples(a.examples, &s.examples);
    for (const HindsightProof& h : a.hindsight) {
      if (held_out_.Seen(h.statement) || !seen_.insert(h.statement).second) continue;
      out_.hindsight_seen.push_back(h.statement);
      ++out_.numbers.n_hindsight;
      HindsightLabel& kept = s.hindsight.emplace_back();
      kept.statement = h.statement;
      kept.proof = std::string(h.proof);
      kept.logprob = h.logprob;
      kept.rank = a.rank;
      const std::string label_h =
          search::DifficultyLabel(true, h.logprob, thresholds_, options_.buckets);
      if (options_.conjecture_strings)
        kept.examples.push_back(
            {ExampleKind::kConjecture,
             ConjectureString(
                 theory_, label_h,
                 options_.hindsight_conjecture_on_problem ? a.statement : h.statement)});
      AppendSearchExamples(h.examples, &kept.examples);
    }
    return s;
  }

  const kernel::Theory& theory_;
  const LabelInput& input_;
  const NoveltyFilter& held_out_;
  const LabelOptions& options_;
  std::set<std::string> seen_;  // hindsight statements, earlier iterations and this one
  std::vector<double> thresholds_;
  Labelling out_;
};

}  // namespace

std::vector<Example> Labelling::Examples() const {
  std::vector<Example> out;
  for (const auto* group : {&conjectures, &refuted, &goals}) {
    for (const LabelledStatement& s : *group) {
      out.insert(out.end(), s.examples.begin(), s.examples.end());
      for (const HindsightLabel& h : s.hindsight)
        out.insert(out.end(), h.examples.begin(), h.examples.end());
    }
  }
  return out;
}

Labelling Label(const kernel::Theory& theory, const LabelInput& input,
                const NoveltyFilter& held_out, const LabelOptions& options) {
  return Labeller(theory, input, held_out, options).Run();
}

std::string ConjectureString(const kernel::Theory& theory, const std::string& label,
                             const std::string& statement) {
  try {
    const kernel::Term elaborated =
        kernel::Elaborate(kernel::ParseTerm(statement), theory.base().context());
    return "Conj:(" + label + ") " + elaborated.ToString();
  } catch (const kernel::KernelError& e) {
    throw e.WithContext("cannot elaborate " + statement + ": ");
  }
}

Bucket BucketOf(const std::string& label, const std::vector<search::DifficultyBucket>& buckets) {
  if (label == "fail") return Bucket::kFail;
  const size_t k =
      static_cast<size_t>(std::find_if(buckets.begin(), buckets.end(),
                                       [&](const auto& b) { return b.label == label; }) -
                          buckets.begin());
  return k == 0 ? Bucket::kHard : (k == 1 ? Bucket::kEasy : Bucket::kTriv);
}

}  // namespace lf::learn
