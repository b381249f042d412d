#pragma once
// Test helpers for the search algorithms: small theories written on the fly
// and a scripted Evaluator that hands out chosen priors and critic values and
// logs which nodes the search expands, in order.

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kernel/theory.h"
#include "search/proof_graph.h"
#include "search/uniform.h"
#include "test_theory.h"

namespace lf::search::testing {

// Writes a theory file (and its premise list) into the test's temp dir.
inline std::shared_ptr<const kernel::Theory> TempTheory(const std::string& name,
                                                        const std::string& text,
                                                        const std::string& premises) {
  // One file per process: ctest runs each test of a binary as its own process,
  // in parallel, and a shared path would be rewritten under a reader.
  const std::string path =
      ::testing::TempDir() + "/" + name + "_" + std::to_string(::getpid()) + ".p";
  std::ofstream(path) << text;
  std::ofstream(path + ".premises") << premises;
  return lf::test::LoadTheory(path);
}

// A single-goal state string "G=1\nState: {..}\nGoal: <goal>\n<prefix>" as
// "<goal>" or "<goal> <prefix>" ("top", "top apply r1"); any other state as is.
inline std::string Label(const std::string& state) {
  if (!state.starts_with("G=1\n")) return state;
  const size_t goal = state.find("\nGoal: ");
  if (goal == std::string::npos) return state;
  const size_t start = goal + 7;
  const size_t end = state.find('\n', start);
  if (end == std::string::npos) return state.substr(start);
  const std::string prefix = state.substr(end + 1);
  return state.substr(start, end - start) + (prefix.empty() ? "" : " " + prefix);
}

// Scores by table: a state's value is values[Label(state)], else
// values[its goal], else default_value; an action's value is
// action_values[action], else 1. Logs the label of every query that carries
// actions -- each such query prices the node being expanded -- in order.
class ScriptedEvaluator : public UniformEvaluator {
 public:
  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override {
    std::vector<NodeScores> out(queries.size());
    for (size_t i = 0; i < queries.size(); ++i) {
      const std::string label = Label(queries[i].state);
      if (!queries[i].actions.empty()) expanded.push_back(label);
      state_queries += queries[i].actions.empty() ? 1 : 0;
      out[i].state_value = ValueOf(label);
      for (const std::string& a : queries[i].actions) {
        auto it = action_values.find(a);
        out[i].action_values.push_back(it == action_values.end() ? 1.0 : it->second);
      }
    }
    return out;
  }

  double ValueOf(const std::string& label) const {
    auto it = values.find(label);
    if (it != values.end()) return it->second;
    it = values.find(label.substr(0, label.find(' ')));
    return it == values.end() ? default_value : it->second;
  }

  std::map<std::string, double> values;
  std::map<std::string, double> action_values;
  double default_value = 0.5;
  std::vector<std::string> expanded;  // labels of the nodes expanded, in order
  int state_queries = 0;              // queries without actions (a node's value only)
};

// The edge of `node` whose action is `action` (kNoEdge, and a test failure, if none).
inline EdgeId EdgeOf(const ProofGraph& g, NodeId node, const std::string& action) {
  for (EdgeId e : g.node(node).out) {
    if (g.edge(e).action == action) return e;
  }
  ADD_FAILURE() << "no action " << action;
  return kNoEdge;
}

// The node labelled `label` (kNoNode, and a test failure, if none).
inline NodeId NodeOf(const ProofGraph& g, const std::string& label) {
  for (NodeId id = 0; id < static_cast<NodeId>(g.size()); ++id) {
    if (Label(g.node(id).state) == label) return id;
  }
  ADD_FAILURE() << "no node " << label;
  return kNoNode;
}

}  // namespace lf::search::testing
