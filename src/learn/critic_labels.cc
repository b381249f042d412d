#include "learn/critic_labels.h"

#include <algorithm>
#include <map>
#include <string>

namespace lf::learn {
namespace {

// Expanded OR nodes reachable from `root` (itself included), each once.
int SubtreeExpansions(const std::vector<std::vector<int32_t>>& children,
                      const std::vector<bool>& expanded, int32_t root) {
  std::vector<bool> seen(children.size(), false);
  std::vector<int32_t> stack = {root};
  seen[root] = true;
  int count = 0;
  while (!stack.empty()) {
    const int32_t id = stack.back();
    stack.pop_back();
    if (expanded[id]) ++count;
    for (int32_t child : children[id]) {
      if (seen[child]) continue;
      seen[child] = true;
      stack.push_back(child);
    }
  }
  return count;
}

}  // namespace

std::vector<search::TrainingExample> CriticExamples(const search::SearchRecord& record,
                                                    int visit_threshold) {
  const size_t n = record.nodes.size();
  std::vector<std::vector<int32_t>> children(n);
  std::vector<bool> expanded(n, false);
  for (const search::RecordEdge& e : record.edges) {
    children[e.parent].push_back(e.child);
    if (record.nodes[e.parent].kind == search::NodeKind::kOr) expanded[e.parent] = true;
  }
  // Per distinct state: proved anywhere, else its largest subtree.
  struct Verdict {
    bool proved = false;
    int expansions = 0;
  };
  std::map<std::string, Verdict> verdicts;
  std::vector<const std::string*> order;
  for (size_t i = 0; i < n; ++i) {
    const search::RecordNode& node = record.nodes[i];
    if (node.kind == search::NodeKind::kTerminal) continue;
    const auto [it, fresh] = verdicts.try_emplace(node.state);
    if (fresh) order.push_back(&it->first);
    Verdict& v = it->second;
    if (node.status == search::Status::kProved) {
      v.proved = true;
    } else if (!v.proved) {
      v.expansions =
          std::max(v.expansions, SubtreeExpansions(children, expanded, static_cast<int32_t>(i)));
    }
  }
  std::vector<search::TrainingExample> out;
  for (const std::string* state : order) {
    const Verdict& v = verdicts.at(*state);
    if (!v.proved && v.expansions < visit_threshold) continue;
    out.push_back(
        {search::TrainingExample::Kind::kValue, search::ValueExampleText(*state, v.proved)});
  }
  return out;
}

}  // namespace lf::learn
