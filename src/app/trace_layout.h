#pragma once
// Where `lemmaforge view` draws a trace's nodes, and when its replay shows
// them (app/view_page.h renders this).
//
// Tree. A node's tree parent is the node whose expansion created it: the
// parent of its first in-edge (edges are stored in creation order). Other
// in-edges (kDag mode: a goal linked again from another branch) are drawn as
// cross links. A tree parent must have a smaller id (it was created first), so
// the tree is acyclic even for a damaged file; a node without one becomes a
// root of its own (the search's root is node 0).
//
// Layout (a simple tidy tree): depth is the distance from the root; leaves
// take consecutive slots x = 0, 1, 2, ... left to right in edge order, and a
// parent sits midway between its first and last child.
//
// Replay. When the search expanded nodes (trace node expansion_order >= 0),
// step k shows the graph after its first k expansions: the root at step 0,
// a node from the step after its tree parent's expansion (from its parent's
// step if the parent was never expanded), an edge once both ends are shown and
// its parent has been expanded. A search that never expands (the forward
// prover adds children one at a time) is replayed in creation order: step k
// shows nodes 0..k.
//
// Pure function of the trace; no I/O.

#include <cstdint>
#include <vector>

#include "io/records.h"

namespace lf::app {

struct TraceLayout {
  std::vector<double> x;           // per node, in leaf slots
  std::vector<int64_t> depth;      // per node, 0 for a root
  std::vector<int64_t> node_step;  // per node, the first replay step showing it
  std::vector<int64_t> edge_step;  // per edge, the first replay step showing it
  std::vector<bool> tree_edge;     // per edge: it links a node to its tree parent
  int64_t slots = 0;               // leaves, i.e. the width in slots
  int64_t steps = 0;               // the last step (everything shown)
  bool by_expansion = false;       // steps count expansions, else node creations
};

TraceLayout LayOut(const io::Trace& trace);

}  // namespace lf::app
