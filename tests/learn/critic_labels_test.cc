// The critic's labels (learn/critic_labels.h) on a hand-made search record.

#include "learn/critic_labels.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lf::learn {
namespace {

using search::NodeKind;
using search::Status;

search::RecordNode Node(std::string state, NodeKind kind, Status status) {
  search::RecordNode n;
  n.state = std::move(state);
  n.kind = kind;
  n.status = status;
  return n;
}

// 0 A (OR, open) --> 2 C (OR, open) --> 4 D (OR, open) --> 6 F (OR, unexpanded)
//                |                  \-> 5 E (OR, unexpanded)
//                \-> 7 (AND, open) --> 1 B (OR, proved) --> 3 <solved>
//                                  \-> 8 H (OR, unexpanded)
// Expanded OR nodes (with out-edges): A, B, C, D. Subtree expansions: A 4,
// B 1, C 2, D 1, the AND node 1 (B below it), E, F, H 0.
search::SearchRecord HandMade() {
  search::SearchRecord r;
  r.nodes = {Node("A", NodeKind::kOr, Status::kOpen),
             Node("B", NodeKind::kOr, Status::kProved),
             Node("C", NodeKind::kOr, Status::kOpen),
             Node("<solved>", NodeKind::kTerminal, Status::kProved),
             Node("D", NodeKind::kOr, Status::kOpen),
             Node("E", NodeKind::kOr, Status::kOpen),
             Node("F", NodeKind::kOr, Status::kOpen),
             Node("B and H", NodeKind::kAnd, Status::kOpen),
             Node("H", NodeKind::kOr, Status::kOpen)};
  auto edge = [&](int32_t parent, int32_t child) {
    search::RecordEdge e;
    e.parent = parent;
    e.child = child;
    r.edges.push_back(e);
  };
  edge(0, 2);
  edge(0, 7);
  edge(1, 3);
  edge(2, 4);
  edge(2, 5);
  edge(4, 6);
  edge(7, 1);
  edge(7, 8);
  return r;
}

std::vector<std::string> Texts(const std::vector<search::TrainingExample>& examples) {
  std::vector<std::string> out;
  for (const search::TrainingExample& e : examples) {
    EXPECT_EQ(e.kind, search::TrainingExample::Kind::kValue);
    out.push_back(e.text);
  }
  return out;
}

TEST(CriticLabels, ProvedIsOneSearchedEnoughIsZeroTheRestIsSkipped) {
  // Threshold 2: A (4 expansions below) and C (2) are hard; D (1), the AND
  // node (1) and the unexpanded leaves are skipped; B is proved; <solved> is no goal.
  EXPECT_EQ(Texts(CriticExamples(HandMade(), 2)),
            (std::vector<std::string>{"S: A\n???N", "S: B\n???Y", "S: C\n???N"}));
  // Threshold 3: only A has searched enough to be called hard.
  EXPECT_EQ(Texts(CriticExamples(HandMade(), 3)),
            (std::vector<std::string>{"S: A\n???N", "S: B\n???Y"}));
  // Threshold 5: only the proved node.
  EXPECT_EQ(Texts(CriticExamples(HandMade(), 5)), (std::vector<std::string>{"S: B\n???Y"}));
  // Threshold 1: the AND node and D join (one expansion each); leaves never do.
  EXPECT_EQ(Texts(CriticExamples(HandMade(), 1)),
            (std::vector<std::string>{"S: A\n???N", "S: B\n???Y", "S: C\n???N", "S: D\n???N",
                                      "S: B and H\n???N"}));
}

TEST(CriticLabels, ExpansionsReachedTwiceCountOnce) {
  // A diamond: A -> B, A -> C, B -> D, C -> D; all expanded OR nodes, D a dead
  // end with an edge to an unexpanded leaf E. Below A: A, B, C, D = 4, not 5.
  search::SearchRecord r;
  for (const char* s : {"A", "B", "C", "D", "E"})
    r.nodes.push_back(Node(s, NodeKind::kOr, Status::kOpen));
  for (auto [p, c] :
       std::vector<std::pair<int32_t, int32_t>>{{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}}) {
    search::RecordEdge e;
    e.parent = p;
    e.child = c;
    r.edges.push_back(e);
  }
  EXPECT_EQ(Texts(CriticExamples(r, 4)), (std::vector<std::string>{"S: A\n???N"}));
  EXPECT_TRUE(CriticExamples(r, 5).empty());
}

TEST(CriticLabels, AStateProvedAnywhereIsProvedAndCountsOnce) {
  // A tree search meets state X twice: once proved, once open and searched.
  search::SearchRecord r = HandMade();
  r.nodes[4].state = "B";  // D's node now shows state B, open, 1 expansion below
  EXPECT_EQ(
      Texts(CriticExamples(r, 1)),
      (std::vector<std::string>{"S: A\n???N", "S: B\n???Y", "S: C\n???N", "S: B and H\n???N"}));
}

TEST(CriticLabels, LongStatesAreTruncatedAsEveryExampleIs) {
  search::SearchRecord r;
  r.nodes.push_back(Node(std::string(600, 'x'), NodeKind::kOr, Status::kProved));
  const auto examples = CriticExamples(r, 1);
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0].text, search::ValueExampleText(std::string(600, 'x'), true));
  EXPECT_EQ(examples[0].text, "S: [...] " + std::string(490, 'x') + "\n???Y");
}

}  // namespace
}  // namespace lf::learn
