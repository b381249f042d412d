#pragma once
// Search: one proof attempt as a resumable state machine, so that a driver can
// run it alone or interleave hundreds of them and batch their model queries
// (Evariste's BatchBackwardRunner; search_pool.h).
//
// Protocol (driver side):
//   while (true) {
//     std::vector<NodeQuery> q = search.Advance();   // kernel work until it needs the model
//     if (q.empty()) break;                          // finished
//     search.Answer(evaluator.Score(q));             // exactly one answer per query, in order
//   }
//   SearchRecord r = search.Finish();                // proof extracted and checked
// A search's behaviour depends only on its parameters, its seed and the
// answers it receives, so interleaving searches cannot change any of them.
//
// Algorithm side: subclasses implement Step(), one unit of work (an MCTS
// iteration, a best-first pop, ...) that may append queries and must eventually
// call Stop(); and Receive() for the answers. The base class owns the graph, the
// counters, the RNG, the clock and the record.
//
// Ownership: a Search shares the Theory (shared_ptr) and owns everything else.
// Not thread-safe; a search is driven by one thread at a time.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/timer.h"
#include "kernel/theory.h"
#include "search/evaluator.h"
#include "search/proof_graph.h"
#include "search/proof_script.h"
#include "search/search_params.h"
#include "search/search_record.h"

namespace lf::search {

class Search {
 public:
  virtual ~Search() = default;
  Search(const Search&) = delete;
  Search& operator=(const Search&) = delete;

  // Runs until the search needs the evaluator (returns its queries) or finishes
  // (returns an empty vector; done() is then true). Must not be called while an
  // answer is pending.
  std::vector<NodeQuery> Advance();
  // The answers to the last Advance()'s queries, one per query, in order.
  void Answer(std::vector<NodeScores> scores);

  bool done() const { return stopped_; }
  const ProofGraph& graph() const { return graph_; }
  const std::string& algorithm() const { return algorithm_; }
  int iterations() const { return iterations_; }
  int expansions() const { return expansions_; }

  // After done(): extracts the proof (if the root is proved), checks it with
  // the kernel's checker (kernel::CheckScript), and returns the record, which
  // holds the kernel::CheckedProof only if the check passed. Call once.
  SearchRecord Finish();

 protected:
  Search(std::string algorithm, const SearchParams& params,
         std::shared_ptr<const kernel::Theory> theory, const kernel::ProofState& root,
         ProofGraph::Mode mode);

  // One unit of work; may append queries; calls Stop() when the search ends.
  virtual void Step(std::vector<NodeQuery>* queries) = 0;
  // Answers to the queries Step() appended.
  virtual void Receive(std::span<const NodeScores> scores) = 0;
  // Whether the root counts as solved (default: its graph status is PROVED).
  virtual bool Solved() const;
  // The proof's choice at an OR node (default: the shortest proved child).
  virtual EdgeChooser Chooser() const;
  // Record statistics of a node (default: visits and mean value, else estimate).
  virtual void FillRecordNode(NodeId id, RecordNode* out) const;

  // True when the root is solved, or the budget or the time limit is spent
  // (`spent` = the algorithm's budget units used so far).
  bool OutOfResources(int spent) const;
  void Stop() { stopped_ = true; }

  ProofGraph graph_;
  SearchParams params_;
  std::shared_ptr<const kernel::Theory> theory_;
  Rng rng_;
  int iterations_ = 0;
  int expansions_ = 0;
  int invalid_steps_ = 0;

 private:
  std::string algorithm_;
  Timer timer_;
  bool stopped_ = false;
  bool awaiting_answer_ = false;
  size_t pending_queries_ = 0;
};

// A state-value query for a node.
NodeQuery StateQuery(const ProofGraph& graph, NodeId id);
// A query over a node's out-edge actions (priors), with or without its state value.
NodeQuery ActionQuery(const ProofGraph& graph, NodeId id, bool want_state_value = false);

// The queries that price a freshly expanded node: one node query over its
// out-edges' actions (no state value), then one state query per child, in edge
// order. Shared by the algorithms that need both priors and child values.
void AppendExpansionQueries(const ProofGraph& graph, NodeId id, std::vector<NodeQuery>* queries);

}  // namespace lf::search
