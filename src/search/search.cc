#include "search/search.h"

#include <limits>
#include <utility>

#include "core/check.h"

namespace lf::search {

Search::Search(std::string algorithm, const SearchParams& params,
               std::shared_ptr<const kernel::Theory> theory, const kernel::ProofState& root,
               ProofGraph::Mode mode)
    : graph_(mode),
      params_(params),
      theory_(std::move(theory)),
      rng_(params.seed),
      algorithm_(std::move(algorithm)) {
  graph_.AddRoot(GoalNode({root}));
}

std::vector<NodeQuery> Search::Advance() {
  LF_CHECK(!awaiting_answer_);
  std::vector<NodeQuery> queries;
  // Steps that need no model (terminal leaves, wasted descents, shared goals)
  // run back to back; the driver only sees requests that need an answer.
  while (!stopped_ && queries.empty()) Step(&queries);
  awaiting_answer_ = !queries.empty();
  pending_queries_ = queries.size();
  return queries;
}

void Search::Answer(std::vector<NodeScores> scores) {
  LF_CHECK(awaiting_answer_);
  LF_CHECK_EQ(scores.size(), pending_queries_);
  awaiting_answer_ = false;
  Receive(scores);
}

bool Search::Solved() const { return graph_.node(graph_.root()).status == Status::kProved; }

EdgeChooser Search::Chooser() const { return ShortestProofChooser(graph_); }

bool Search::OutOfResources(int spent) const {
  if (Solved() || spent >= params_.budget) return true;
  return params_.timeout_s > 0 && timer_.Seconds() >= params_.timeout_s;
}

void Search::FillRecordNode(NodeId id, RecordNode* out) const {
  const GraphNode& n = graph_.node(id);
  out->visits = n.visits;
  out->value = n.visits > 0 ? n.value_sum / n.visits : n.value.value_or(0.0);
}

SearchRecord Search::Finish() {
  LF_CHECK(stopped_);
  SearchRecord r;
  r.algorithm = algorithm_;
  r.theorem = graph_.node(graph_.root()).goal.states()[0].FormatGoal();
  r.iterations = iterations_;
  r.expansions = expansions_;
  r.invalid_steps = invalid_steps_;
  r.seconds = timer_.Seconds();
  r.nodes.resize(graph_.size());
  for (NodeId i = 0; i < static_cast<NodeId>(graph_.size()); ++i) {
    r.nodes[i].state = graph_.node(i).state;
    r.nodes[i].kind = graph_.node(i).kind;
    r.nodes[i].status = graph_.node(i).status;
    r.nodes[i].critic = graph_.node(i).value.value_or(std::numeric_limits<double>::quiet_NaN());
    r.nodes[i].expansion_order = graph_.node(i).expansion_order;
    FillRecordNode(i, &r.nodes[i]);
  }
  r.edges.resize(graph_.edge_count());
  for (EdgeId i = 0; i < static_cast<EdgeId>(graph_.edge_count()); ++i) {
    const GraphEdge& e = graph_.edge(i);
    r.edges[i] = RecordEdge{.parent = e.parent,
                            .child = e.child,
                            .action = e.action,
                            .prior = e.prior,
                            .visits = e.visits};
  }
  if (Solved()) {
    ExtractedProof proof = ExtractProof(graph_, Chooser());
    kernel::ScriptCheck check = kernel::CheckScript(theory_->base(), proof.lines);
    const kernel::CheckVerdict& verdict = check.verdict;
    if (check.proof) {
      r.proof = std::move(check.proof);
      r.proof_logprob = proof.logprob;
      for (NodeId n : proof.nodes) r.nodes[n].in_proof = true;
      for (EdgeId e : proof.edges) r.edges[e].in_proof = true;
    } else {
      r.check_error = verdict.where.ToString() + ": " + verdict.message;
    }
  }
  return r;
}

NodeQuery StateQuery(const ProofGraph& graph, NodeId id) {
  NodeQuery q;
  q.state = graph.node(id).state;
  return q;
}

NodeQuery ActionQuery(const ProofGraph& graph, NodeId id, bool want_state_value) {
  NodeQuery q;
  q.state = graph.node(id).state;
  q.want_state_value = want_state_value;
  for (EdgeId e : graph.node(id).out) q.actions.push_back(graph.edge(e).action);
  return q;
}

void AppendExpansionQueries(const ProofGraph& graph, NodeId id, std::vector<NodeQuery>* queries) {
  const GraphNode& n = graph.node(id);
  queries->push_back(ActionQuery(graph, id));
  for (EdgeId e : n.out) queries->push_back(StateQuery(graph, graph.edge(e).child));
}

}  // namespace lf::search
