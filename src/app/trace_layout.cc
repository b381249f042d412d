#include "app/trace_layout.h"

#include <algorithm>
#include <utility>

namespace lf::app {

TraceLayout LayOut(const io::Trace& trace) {
  const auto n = static_cast<int64_t>(trace.nodes.size());
  const auto m = static_cast<int64_t>(trace.edges.size());
  TraceLayout layout;
  layout.x.assign(n, 0.0);
  layout.depth.assign(n, 0);
  layout.node_step.assign(n, 0);
  layout.edge_step.assign(m, 0);
  layout.tree_edge.assign(m, false);

  // Tree parents: the first in-edge's parent, if created earlier.
  std::vector<int64_t> parent(n, -1);
  std::vector<std::vector<int64_t>> children(n);
  for (int64_t e = 0; e < m; ++e) {
    const io::TraceEdge& edge = trace.edges[e];
    if (edge.child == 0 || parent[edge.child] != -1 || edge.parent >= edge.child) continue;
    parent[edge.child] = edge.parent;
    layout.tree_edge[e] = true;
    children[edge.parent].push_back(edge.child);
  }
  // Parents precede their children in id order, so one pass gives depths.
  for (int64_t v = 0; v < n; ++v) {
    if (parent[v] != -1) layout.depth[v] = layout.depth[parent[v]] + 1;
  }

  // Post-order walk of each tree (iterative: a forward proof can be deep).
  for (int64_t root = 0; root < n; ++root) {
    if (parent[root] != -1) continue;
    std::vector<std::pair<int64_t, size_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < children[v].size()) {
        const int64_t child = children[v][next++];
        stack.emplace_back(child, 0);
        continue;
      }
      layout.x[v] = children[v].empty()
                        ? static_cast<double>(layout.slots++)
                        : (layout.x[children[v].front()] + layout.x[children[v].back()]) / 2;
      stack.pop_back();
    }
  }

  for (const io::TraceNode& node : trace.nodes) {
    layout.by_expansion = layout.by_expansion || node.expansion_order >= 0;
  }
  // The step after which a node's out-edges are shown: after its expansion.
  auto edges_shown = [&](int64_t v) {
    const int64_t order = trace.nodes[v].expansion_order;
    return order >= 0 ? order + 1 : layout.node_step[v];
  };
  for (int64_t v = 0; v < n; ++v) {
    if (!layout.by_expansion) {
      layout.node_step[v] = v;
    } else if (parent[v] != -1) {
      layout.node_step[v] = edges_shown(parent[v]);
    }
    layout.steps = std::max({layout.steps, layout.node_step[v],
                             trace.nodes[v].expansion_order + (layout.by_expansion ? 1 : 0)});
  }
  for (int64_t e = 0; e < m; ++e) {
    const io::TraceEdge& edge = trace.edges[e];
    const int64_t shown = layout.by_expansion ? edges_shown(edge.parent) : 0;
    layout.edge_step[e] =
        std::max({shown, layout.node_step[edge.parent], layout.node_step[edge.child]});
  }
  return layout;
}

}  // namespace lf::app
