#pragma once
// Graphs stored as one row of a graph table plus a run of rows in a node table
// and a run in an edge table (a shard's /search_graphs, /search_nodes and
// /search_edges; a trace file's /attempts, /nodes and /edges; io/records.h).
// The graph row's GraphSpan columns locate the runs. Shared by the shard and
// trace writers and readers, so both check spans the same way.
//
// Graph is a record with `nodes` and `edges` vectors; an edge has `parent` and
// `child`, node indices within its graph.

#include <cstdint>
#include <string>
#include <vector>

#include "core/check.h"
#include "io/h5_handle.h"
#include "io/records.h"

namespace lf::io {

// The span of `graph` when its rows are appended after `next_node` node rows
// and `next_edge` edge rows. An edge outside the graph is a bug of the caller.
template <typename Graph>
GraphSpan SpanOf(const Graph& graph, int64_t next_node, int64_t next_edge) {
  const auto num_nodes = static_cast<int64_t>(graph.nodes.size());
  for (const auto& e : graph.edges) {
    LF_CHECK(e.parent >= 0 && e.parent < num_nodes);
    LF_CHECK(e.child >= 0 && e.child < num_nodes);
  }
  return GraphSpan{.first_node = next_node,
                   .num_nodes = num_nodes,
                   .first_edge = next_edge,
                   .num_edges = static_cast<int64_t>(graph.edges.size())};
}

// Gives graph i the node and edge rows spans[i] locates. Throws InputError
// "FILE: error: /TABLE row I: ..." when a span lies outside its table or an
// edge points outside its graph (`table` names the graph table).
template <typename Graph, typename Node, typename Edge>
void AttachGraphRows(std::vector<Graph>* graphs, const std::vector<GraphSpan>& spans,
                     const std::vector<Node>& nodes, const std::vector<Edge>& edges,
                     const Where& where, const std::string& table) {
  LF_CHECK_EQ(graphs->size(), spans.size());
  // A range [first, first + count) must lie inside its table.
  auto in_table = [](int64_t first, int64_t count, size_t rows) {
    return first >= 0 && count >= 0 && static_cast<uint64_t>(first) <= rows &&
           static_cast<uint64_t>(count) <= rows - static_cast<uint64_t>(first);
  };
  for (size_t i = 0; i < graphs->size(); ++i) {
    const std::string what = "/" + table + " row " + std::to_string(i);
    const GraphSpan& span = spans[i];
    if (!in_table(span.first_node, span.num_nodes, nodes.size()) ||
        !in_table(span.first_edge, span.num_edges, edges.size())) {
      ThrowH5(where, what + ": node or edge range outside the tables");
    }
    Graph& graph = (*graphs)[i];
    const auto node = nodes.begin() + span.first_node;
    graph.nodes.assign(node, node + span.num_nodes);
    for (int64_t k = span.first_edge; k < span.first_edge + span.num_edges; ++k) {
      const Edge& e = edges[static_cast<size_t>(k)];
      if (e.parent < 0 || e.parent >= span.num_nodes || e.child < 0 || e.child >= span.num_nodes) {
        ThrowH5(where, what + ": edge " + std::to_string(k) + " points outside its graph");
      }
      graph.edges.push_back(e);
    }
  }
}

}  // namespace lf::io
