#include "search/search_record.h"

#include <algorithm>
#include <set>

namespace lf::search {
namespace {

std::string Truncate(const std::string& state) {
  if (state.size() <= kMaxExampleStateChars) return state;
  return "[...] " + state.substr(state.size() - kMaxExampleStateChars);
}

}  // namespace

std::string ValueExampleText(const std::string& state, bool provable) {
  return "S: " + Truncate(state) + "\n???" + (provable ? "Y" : "N");
}

std::vector<TrainingExample> PolicyExamples(const SearchRecord& record) {
  std::vector<TrainingExample> out;
  if (!record.success()) return out;
  std::vector<std::vector<const RecordEdge*>> children(record.nodes.size());
  for (const RecordEdge& e : record.edges) children[e.parent].push_back(&e);
  for (size_t i = 0; i < record.nodes.size(); ++i) {
    const RecordNode& n = record.nodes[i];
    if (!n.in_proof || n.kind != NodeKind::kOr) continue;
    for (const RecordEdge* e : children[i]) {
      out.push_back(
          {TrainingExample::Kind::kPolicy,
           "S: " + Truncate(n.state) + "\nA: " + e->action + "\n???" + (e->in_proof ? "Y" : "N")});
    }
  }
  return out;
}

std::vector<TrainingExample> ExtractTrainingExamples(const SearchRecord& record, Rng* rng,
                                                     double max_negative_ratio) {
  std::vector<TrainingExample> out = PolicyExamples(record);
  if (!record.success()) return out;
  std::set<std::string> positives;
  for (const RecordNode& n : record.nodes)
    if (n.in_proof) positives.insert(n.state);
  // Negatives are distinct states; minimo's set of state strings also
  // deduplicates, so a state met twice in a tree counts once.
  std::vector<std::string> negatives;
  std::set<std::string> seen;
  for (const RecordNode& n : record.nodes) {
    if (positives.count(n.state) || !seen.insert(n.state).second) continue;
    negatives.push_back(n.state);
  }
  const size_t keep =
      std::min(negatives.size(),
               static_cast<size_t>(max_negative_ratio * static_cast<double>(positives.size())));
  // Partial Fisher-Yates: a uniform sample of `keep` negatives, in sampled order.
  for (size_t i = 0; i < keep; ++i) {
    std::swap(negatives[i], negatives[i + rng->Below(negatives.size() - i)]);
  }
  negatives.resize(keep);
  for (const std::string& s : positives)
    out.push_back({TrainingExample::Kind::kValue, ValueExampleText(s, true)});
  for (const std::string& s : negatives)
    out.push_back({TrainingExample::Kind::kValue, ValueExampleText(s, false)});
  return out;
}

}  // namespace lf::search
