#include "search/forward.h"

#include <cmath>
#include <utility>

#include "core/check.h"

namespace lf::search {

using kernel::ProofAction;

ForwardProver::ForwardProver(Mode mode, const SearchParams& params,
                             std::shared_ptr<const kernel::Theory> theory,
                             const kernel::ProofState& root)
    : Search(mode == Mode::kGreedy ? "forward-greedy" : "forward-sampling", params,
             std::move(theory), root, ProofGraph::Mode::kTree),
      mode_(mode),
      max_invalid_(mode == Mode::kGreedy ? 1 : params.forward.max_consecutive_invalid) {}

void ForwardProver::StartAttempt() {
  current_ = graph_.root();
  attempt_steps_ = 0;
  consecutive_invalid_ = 0;
  broke_tie_ = false;
  attempt_over_ = false;
  any_attempt_ = true;
}

std::pair<size_t, double> ForwardProver::Choose(const std::vector<double>& values) {
  const size_t n = values.size();
  double sum = 0;
  for (double v : values) sum += std::max(v, 0.0);
  std::vector<double> priors(n);
  for (size_t i = 0; i < n; ++i) priors[i] = sum > 0 ? std::max(values[i], 0.0) / sum : 1.0 / n;
  if (mode_ == Mode::kGreedy) {
    std::vector<size_t> best;
    for (size_t i = 0; i < n; ++i) {
      if (best.empty() || priors[i] > priors[best[0]])
        best = {i};
      else if (priors[i] == priors[best[0]])
        best.push_back(i);
    }
    broke_tie_ = broke_tie_ || best.size() > 1;
    const size_t pick = best[best.size() > 1 ? rng_.Below(best.size()) : 0];
    return {pick, priors[pick]};
  }
  std::vector<double> weights(n);
  double total = 0;
  for (size_t i = 0; i < n; ++i)
    total += (weights[i] = std::pow(priors[i], 1.0 / params_.forward.temperature));
  double u = rng_.Uniform() * total;
  size_t pick = n - 1;
  for (size_t i = 0; i < n; ++i) {
    if ((u -= weights[i]) < 0) {
      pick = i;
      break;
    }
  }
  return {pick, priors[pick]};
}

void ForwardProver::Step(std::vector<NodeQuery>* queries) {
  if (OutOfResources(expansions_)) {
    Stop();
    return;
  }
  if (after_rule_) {  // second half: choose the fact
    NodeQuery q;
    q.state = GoalNode({*after_rule_}).ToString();
    q.want_state_value = false;
    for (const ProofAction& a : candidates_) q.actions.push_back(a.ToString());
    queries->push_back(std::move(q));
    return;
  }
  if (attempt_over_) {
    if (any_attempt_ && mode_ == Mode::kGreedy && !broke_tie_) {
      Stop();  // a deterministic greedy attempt would only repeat itself
      return;
    }
    StartAttempt();
  }
  ++iterations_;
  candidates_.clear();
  for (const ProofAction& a : graph_.node(current_).goal.StateActions()) {
    if (a.kind == ProofAction::Kind::kIntro || a.kind == ProofAction::Kind::kConstruct) {
      candidates_.push_back(a);
    }
  }
  if (candidates_.empty()) {
    attempt_over_ = true;
    if (current_ == graph_.root()) Stop();  // no attempt can ever make a step
    return;
  }
  NodeQuery q;
  q.state = graph_.node(current_).state;
  q.want_state_value = false;
  for (const ProofAction& a : candidates_) q.actions.push_back(a.ToString());
  queries->push_back(std::move(q));
}

void ForwardProver::Receive(std::span<const NodeScores> scores) {
  const auto [pick, prior] = Choose(scores[0].action_values);
  const ProofAction action = candidates_[pick];
  const kernel::ProofState& state = graph_.node(current_).goal.states()[0];
  // The rule and fact edges are added only now, so invalid rules never enter
  // the tree and the tree holds exactly the verified steps of all attempts.
  if (after_rule_) {  // the fact: a valid step
    const EdgeId rule_edge =
        graph_.AddChild(current_, rule_.ToString(), rule_, GoalNode({*after_rule_}));
    graph_.edge(rule_edge).prior = rule_prior_;
    const NodeId mid = graph_.edge(rule_edge).child;
    const EdgeId fact_edge =
        graph_.AddChild(mid, action.ToString(), action, GoalNode(after_rule_->Execute(action)));
    graph_.edge(fact_edge).prior = prior;
    current_ = graph_.edge(fact_edge).child;
    after_rule_.reset();
    EndStep(true);
    return;
  }
  ++expansions_;
  ++attempt_steps_;
  if (action.kind == ProofAction::Kind::kIntro) {
    const EdgeId e =
        graph_.AddChild(current_, action.ToString(), action, GoalNode(state.Execute(action)));
    graph_.edge(e).prior = prior;
    current_ = graph_.edge(e).child;
    EndStep(true);
    return;
  }
  // `c X` always executes (it only sets the prefix); the rule is invalid when the
  // kernel then has no fact to offer. The state is left unchanged.
  std::vector<kernel::ProofState> next = state.Execute(action);
  LF_CHECK_EQ(next.size(), 1u);
  std::vector<ProofAction> facts = next[0].Actions();
  if (facts.empty()) {
    EndStep(false);
    return;
  }
  rule_ = action;
  rule_prior_ = prior;
  after_rule_ = std::move(next[0]);
  candidates_ = std::move(facts);
}

void ForwardProver::EndStep(bool valid) {
  if (valid) {
    consecutive_invalid_ = 0;
  } else {
    ++invalid_steps_;
    ++consecutive_invalid_;
  }
  if (graph_.node(current_).kind == NodeKind::kTerminal) return;  // root PROVED: Step stops
  if (consecutive_invalid_ >= max_invalid_ || attempt_steps_ >= params_.forward.max_steps) {
    attempt_over_ = true;
  }
}

}  // namespace lf::search
