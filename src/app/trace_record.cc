#include "app/trace_record.h"

namespace lf::app {
namespace {

io::NodeKind IoKind(search::NodeKind kind) {
  switch (kind) {
    case search::NodeKind::kOr:
      return io::NodeKind::kOr;
    case search::NodeKind::kAnd:
      return io::NodeKind::kAnd;
    case search::NodeKind::kTerminal:
      return io::NodeKind::kTerminal;
  }
  return io::NodeKind::kOr;
}

}  // namespace

io::NodeStatus IoStatus(search::Status status) {
  switch (status) {
    case search::Status::kOpen:
      return io::NodeStatus::kOpen;
    case search::Status::kProved:
      return io::NodeStatus::kProved;
    case search::Status::kFailed:
      return io::NodeStatus::kFailed;
  }
  return io::NodeStatus::kOpen;
}

const char* OutcomeName(io::NodeStatus status) {
  switch (status) {
    case io::NodeStatus::kOpen:
      return "open";
    case io::NodeStatus::kProved:
      return "proved";
    case io::NodeStatus::kFailed:
      return "failed";
  }
  return "open";
}

io::Trace TraceOf(const search::SearchRecord& record, const TraceContext& context) {
  io::Trace t;
  t.theorem = context.statement.empty() ? record.theorem : context.statement;
  t.algorithm = record.algorithm;
  t.success = record.success();
  if (record.proof) {
    t.proof = record.proof->Text();
    t.proof_logprob = record.proof_logprob;
  }
  t.expansions = record.expansions;
  t.seconds = record.seconds;
  t.iteration = context.iteration;
  t.rank = context.rank;
  t.problem = context.problem;
  t.policy_model = context.policy_model;
  t.critic_model = context.critic_model;
  // A proof the checker rejected is no proof: the attempt failed. A root the
  // graph proved that the algorithm never claimed (MCTS stops on its own
  // solved rule) is no proof either: the budget ran out, the attempt is open.
  const bool root_failed =
      !record.nodes.empty() && record.nodes.front().status == search::Status::kFailed;
  t.outcome = record.success()                             ? io::NodeStatus::kProved
              : root_failed || !record.check_error.empty() ? io::NodeStatus::kFailed
                                                           : io::NodeStatus::kOpen;
  t.budget = context.budget;
  t.search_iterations = record.iterations;
  t.nodes.reserve(record.nodes.size());
  for (const search::RecordNode& n : record.nodes) {
    io::TraceNode node;
    node.state = n.state;
    node.visits = n.visits;
    node.value = n.value;
    node.status = IoStatus(n.status);
    node.kind = IoKind(n.kind);
    node.critic = n.critic;
    node.expansion_order = n.expansion_order;
    node.in_proof = n.in_proof;
    t.nodes.push_back(std::move(node));
  }
  t.edges.reserve(record.edges.size());
  for (const search::RecordEdge& e : record.edges) {
    io::TraceEdge edge;
    edge.parent = e.parent;
    edge.child = e.child;
    edge.action = e.action;
    edge.prior = e.prior;
    edge.visits = e.visits;
    edge.in_proof = e.in_proof;
    t.edges.push_back(std::move(edge));
  }
  return t;
}

}  // namespace lf::app
