#pragma once
// The conjecturer (spec minimo.md §2.2-2.3): character-level sampling from the
// model, constrained by the conjecture grammar (learn/conjecture_grammar.h),
// with novelty filtering.
//
// SampleConjecture (the reference's sample_conjecture, max_it outer steps):
//   gen = ""
//   repeat up to max_iterations times:
//     if gen is a complete conjecture: return gen
//     C = the grammar's completions of gen
//     while C != {""}:
//       if C is empty: break                 (dead end; the outer loop retries)
//       p = longest common prefix of C; gen += p; strip p from every c in C
//       if "" in C: break                    (one completion is finished)
//       sample a character ch among the first characters of C with
//         P(ch) ∝ exp(log P_LM(ch | BOS + prompt + gen))   (temperature 1)
//       gen += ch; keep the completions starting with ch, minus ch
//   return nothing
// The model sees the prompt "Conj:(hard) " (lemmaforge decision 9); decoding
// reuses one KV-cached session, so each character costs one incremental step.
//
// SampleNovelConjectures keeps sampling until `n` conjectures are accepted or
// `max_attempts` samples were drawn. A sample is accepted when its contracted
// form differs from every known and already accepted statement, both as a
// string and up to alpha-equivalence (decision 8), and it is a well-typed
// proposition of the theory. Results are contracted (the form the prover takes).
//
// Thread safety: uses the evaluator's decoding sessions; one caller at a time
// per evaluator.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "kernel/theory.h"
#include "learn/conjecture_grammar.h"

namespace lf::model {
class TransformerEvaluator;  // model/transformer_evaluator.h
}  // namespace lf::model

namespace lf::learn {

struct ConjecturerParams {
  std::string prompt = "Conj:(hard) ";   // conditioning prefix the model continues
  int max_iterations = 100;              // outer steps of one sample before giving up
  int max_attempts_per_conjecture = 20;  // SampleNovelConjectures: samples per requested conjecture
};

// Novelty of conjectures (decision 8): a statement is new when its contracted
// form differs from every statement seen so far, both as a string and up to
// alpha-equivalence, and it is a well-typed proposition of the theory. The
// learner root uses the same filter to merge the conjectures its generators
// sampled. Not thread-safe.
class NoveltyFilter {
 public:
  // `known` statements (any parseable form) count as seen.
  NoveltyFilter(const kernel::Theory& theory, const std::vector<std::string>& known);
  // The contracted statement if `candidate` is new (it then counts as seen),
  // nullopt if it is a duplicate, unparseable or not a well-typed proposition.
  std::optional<std::string> Accept(const std::string& candidate);
  // Whether `statement` equals a statement seen so far (as a string or up to
  // alpha-equivalence); counts nothing as seen. Unparseable input is not seen.
  bool Seen(const std::string& statement) const;

 private:
  const kernel::Theory& theory_;
  std::vector<kernel::Term> seen_;
  std::vector<std::string> seen_strings_;
};

// One elaborated conjecture string, or nullopt after max_iterations dead ends.
std::optional<std::string> SampleConjecture(const ConjectureGrammar& grammar,
                                            model::TransformerEvaluator* lm, Rng* rng,
                                            const ConjecturerParams& params);

// Up to n novel, contracted conjectures (see header comment). With `keep`, a
// novel sample for which keep(statement) is false does not count toward n; it
// is appended to `*rejected` instead (e.g. conjectures refuted on small
// instances, search/refutation.h).
std::vector<std::string> SampleNovelConjectures(
    const kernel::Theory& theory, model::TransformerEvaluator* lm, int n,
    const std::vector<std::string>& known, Rng* rng, const ConjecturerParams& params,
    const std::function<bool(const std::string&)>& keep = nullptr,
    std::vector<std::string>* rejected = nullptr);

}  // namespace lf::learn
