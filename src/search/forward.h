#pragma once
// ForwardProver: Evariste's forward prover (evariste.md §1.2-1.4) on the Peano
// kernel: "forward-greedy" and "forward-sampling".
//
// A forward step derives a new fact from the facts proved so far. It is proposed
// in two halves, each scored through the evaluator (action values -> priors):
//   1. the rule: one of the state's top-level `intro.` / `c X` actions, WITHOUT
//      the eager filter (a rule may have nothing to derive);
//   2. the fact: one of the kernel's results of `c X` ("=> T.").
// The kernel verifies the step: a rule with no result is an INVALID step (a
// mistake; the state is unchanged). A valid step adds the fact (or the intro'd
// hypothesis); the goal is reached when the new fact is the goal (the kernel's
// SelectConstruction closes it), and the proof is the path of steps.
//
// Choice: greedy takes the highest prior (ties broken uniformly at random with
// the search RNG); sampling draws p ~ prior^(1/T).
// Attempts: an attempt starts at the root and ends when it proves the goal, after
// `max_consecutive_invalid` consecutive invalid steps (greedy: 1, "stops at the
// first mistake"; sampling: forward.max_consecutive_invalid, default 5), after
// forward.max_steps steps, or when the state offers no rule. Further attempts
// run until the budget (steps, valid or not) or time is spent -- except that a
// greedy attempt that broke no tie would repeat itself, so greedy then stops.
// Attempts share one tree (ProofGraph kTree, children added one at a time).
// invalid_steps counts every mistake (SearchRecord::invalid_steps).
//
// Not thread-safe (see search.h).

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "search/search.h"

namespace lf::search {

class ForwardProver : public Search {
 public:
  enum class Mode { kGreedy, kSampling };

  ForwardProver(Mode mode, const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
                const kernel::ProofState& root);

 protected:
  void Step(std::vector<NodeQuery>* queries) override;
  void Receive(std::span<const NodeScores> scores) override;

 private:
  // Index of the chosen candidate and its normalised prior.
  std::pair<size_t, double> Choose(const std::vector<double>& values);
  void StartAttempt();
  void EndStep(bool valid);

  Mode mode_;
  int max_invalid_;
  NodeId current_ = kNoNode;  // the attempt's current node
  int attempt_steps_ = 0;
  int consecutive_invalid_ = 0;
  bool attempt_over_ = true;
  bool broke_tie_ = false;  // greedy: randomness was used in this attempt
  bool any_attempt_ = false;
  // The pending choice: rule candidates of current_, or facts after a rule.
  std::vector<kernel::ProofAction> candidates_;
  std::optional<kernel::ProofState> after_rule_;  // the state after `c X`
  kernel::ProofAction rule_;                      // the chosen `c X`
  double rule_prior_ = 1.0;
};

}  // namespace lf::search
