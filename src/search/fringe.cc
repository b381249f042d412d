#include "search/fringe.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lf::search {

FringeSearch::FringeSearch(const SearchParams& params, std::shared_ptr<const kernel::Theory> theory,
                           const kernel::ProofState& root)
    : Search("fringe", params, std::move(theory), root, ProofGraph::Mode::kDag) {
  fringes_.push_back({graph_.root()});
  seen_.insert(fringes_.back());
}

void FringeSearch::Clean() {
  std::vector<Fringe> kept;
  kept.reserve(fringes_.size());
  for (Fringe& f : fringes_) {
    bool failed = false;
    Fringe open;
    for (NodeId g : f) {
      const Status s = graph_.node(g).status;
      failed = failed || s == Status::kFailed;
      if (s == Status::kOpen) open.push_back(g);
    }
    if (!failed && !open.empty()) kept.push_back(std::move(open));
  }
  fringes_ = std::move(kept);
}

size_t FringeSearch::Sample() {
  std::vector<double> scores(fringes_.size(), 0.0);
  for (size_t i = 0; i < fringes_.size(); ++i) {
    for (NodeId g : fringes_[i]) {
      const double v = graph_.node(g).value.value_or(1.0);
      scores[i] += std::log(std::clamp(v, params_.fringe.min_value, 1.0));
    }
  }
  // Softmax with the maximum subtracted: scores are sums of logs and can be very
  // negative, exp() of them would underflow to 0 for every fringe.
  const double max = *std::max_element(scores.begin(), scores.end());
  double total = 0;
  for (double& s : scores) total += (s = std::exp(s - max));
  double u = rng_.Uniform() * total;
  for (size_t i = 0; i < scores.size(); ++i) {
    if ((u -= scores[i]) < 0) return i;
  }
  return scores.size() - 1;
}

void FringeSearch::Step(std::vector<NodeQuery>* queries) {
  if (!root_valued_) {
    queries->push_back(StateQuery(graph_, graph_.root()));
    return;
  }
  Clean();
  if (OutOfResources(expansions_) || graph_.node(graph_.root()).status != Status::kOpen ||
      fringes_.empty()) {
    Stop();
    return;
  }
  ++iterations_;
  const size_t k = Sample();
  Fringe fringe = std::move(fringes_[k]);
  fringes_[k] = std::move(fringes_.back());
  fringes_.pop_back();
  const NodeId goal = fringe[rng_.Below(fringe.size())];
  if (graph_.node(goal).expanded) {
    AddSuccessors(fringe, goal);
    return;
  }
  ProofGraph::Expansion expansion = graph_.Expand(goal);
  ++expansions_;
  if (graph_.node(goal).out.empty()) return;  // a dead end: the fringe is gone
  queries->push_back(ActionQuery(graph_, goal));
  pending_new_.clear();
  for (NodeId id : expansion.new_nodes) {
    if (graph_.node(id).kind != NodeKind::kOr) continue;
    pending_new_.push_back(id);
    queries->push_back(StateQuery(graph_, id));
  }
  pending_fringe_ = std::move(fringe);
  pending_goal_ = goal;
}

void FringeSearch::Receive(std::span<const NodeScores> scores) {
  if (!root_valued_) {
    graph_.node(graph_.root()).value = scores[0].state_value;
    root_valued_ = true;
    return;
  }
  graph_.SetPriors(pending_goal_, scores[0].action_values);
  for (size_t i = 0; i < pending_new_.size(); ++i) {
    graph_.node(pending_new_[i]).value = scores[1 + i].state_value;
  }
  AddSuccessors(pending_fringe_, pending_goal_);
  pending_goal_ = kNoNode;
}

void FringeSearch::AddSuccessors(const Fringe& fringe, NodeId goal) {
  Fringe rest;
  for (NodeId g : fringe) {
    if (g != goal) rest.push_back(g);
  }
  for (EdgeId e : graph_.node(goal).out) {
    const NodeId child = graph_.edge(e).child;
    const GraphNode& c = graph_.node(child);
    if (c.status == Status::kFailed) continue;
    Fringe next = rest;
    if (c.kind == NodeKind::kOr && c.status == Status::kOpen) next.push_back(child);
    if (c.kind == NodeKind::kAnd) {
      for (EdgeId ge : c.out) {
        const NodeId g = graph_.edge(ge).child;
        if (graph_.node(g).status == Status::kOpen) next.push_back(g);
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    if (seen_.insert(next).second) fringes_.push_back(std::move(next));
  }
}

}  // namespace lf::search
