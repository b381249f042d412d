// HTPS on small hand-built graphs (theories written for the test, scores from a
// scripted evaluator): the backup of the HTPS paper's Fig. 5 (evariste.md
// §3.4), PUCT selection with first-play urgency, and the virtual visits that
// make the hypertrees of one round differ.

#include "search/htps.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "search/algorithms.h"
#include "search_test_util.h"

namespace lf::search {
namespace {

using testing::EdgeOf;
using testing::Label;
using testing::NodeOf;
using testing::ScriptedEvaluator;
using testing::TempTheory;

std::vector<std::string> Labels(const std::vector<NodeQuery>& queries) {
  std::vector<std::string> labels;
  for (const NodeQuery& q : queries) labels.push_back(Label(q.state));
  return labels;
}

// The paper's Fig. 5 as a theory: g <- g0 & g1 (t1), g0 <- g2 & g3 (t2),
// g1 <- g4 (t3), g2 closed by ax, g3 <- h (t4), g4 <- h (t5), h a dead end.
// Each `a X` edge leads to an "apply X" node whose one edge selects the goals,
// so every OR node has one edge and the hypertree of each round is forced.
constexpr char kFig5Theory[] = R"(prop : type.
unit : type.
tt : unit.
g : prop.
g0 : prop.
g1 : prop.
g2 : prop.
g3 : prop.
g4 : prop.
h : prop.
t1 : [g0 -> g1 -> g].
t2 : [g2 -> g3 -> g0].
t3 : [g4 -> g1].
t4 : [h -> g3].
t5 : [h -> g4].
ax : [('x : unit) -> g2].
#backward t1.
#backward t2.
#backward t3.
#backward t4.
#backward t5.
#backward ax.
)";

class HtpsFig5Test : public ::testing::TestWithParam<int> {};

// Critic values by goal (an "apply" node has its goal's value). g2's value is
// never used once g2 is PROVED, nor h's once h has FAILED.
//   round  leaves expanded                          v(g) = W(g, a t1) added
//   1      g                                        (nothing chosen yet)
//   2      g apply t1                               0.5
//   3      g0, g1                                   0.7 * 0.6 = 0.42
//   4      g0 apply t2, g1 apply t3                 0.7 * 0.6 = 0.42
//   5      g2, g3, g4                               0.3 * 0.1 * 0.4 = 0.012
//   6      g2 apply ax (-> PROVED), g3 apply t4,    (1 * 0.1) * 0.4 = 0.04  (Fig. 5)
//          g4 apply t5
//   7      h (dead end: everything FAILS)           0
// With batch > 1 every round selects the same hypertree `batch` times (there is
// no choice to make); the repeats are backed up once, so W and N are the same.
TEST_P(HtpsFig5Test, BacksUpTheProductOfLeafValues) {
  const int batch = GetParam();
  const auto theory = TempTheory("fig5", kFig5Theory, "t1\nt2\nt3\nt4\nt5\nax\n");
  SearchParams params;
  params.budget = 100;
  params.htps.batch = batch;
  Htps htps(params, theory, theory->RootState("g"));
  ScriptedEvaluator evaluator;
  evaluator.values = {{"g", 0.5},  {"g0", 0.7}, {"g1", 0.6}, {"g2", 0.3},
                      {"g3", 0.1}, {"g4", 0.4}, {"h", 0.8}};
  const std::vector<std::vector<std::string>> leaves = {
      {"g"},
      {"g apply t1"},
      {"g0", "g1"},
      {"g0 apply t2", "g1 apply t3"},
      {"g2", "g3", "g4"},
      {"g2 apply ax", "g3 apply t4", "g4 apply t5"}};
  const std::vector<double> root_value = {0.5, 0.42, 0.42, 0.012, 0.04};
  const ProofGraph& graph = htps.graph();
  double root_w = 0;
  for (size_t round = 0; round < leaves.size(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round + 1));
    const std::vector<NodeQuery> queries = htps.Advance();
    ASSERT_EQ(Labels(queries), leaves[round]);
    for (const NodeQuery& q : queries) EXPECT_TRUE(q.want_state_value);
    if (round > 0) {
      // One virtual visit per hypertree on the root's chosen edge while it waits.
      EXPECT_EQ(graph.edge(EdgeOf(graph, graph.root(), "a t1")).virtual_count, batch);
    }
    htps.Answer(evaluator.Score(queries));
    EXPECT_EQ(htps.virtual_in_flight(), 0);
    if (round > 0) root_w += root_value[round - 1];
    const GraphEdge& root_edge = graph.edge(EdgeOf(graph, graph.root(), "a t1"));
    EXPECT_NEAR(root_edge.value_sum, root_w, 1e-12);
    EXPECT_EQ(root_edge.visits, static_cast<int>(round));
  }

  // After round 6, the Fig. 5 values on every chosen edge: v(g2) = 1 (PROVED
  // leaf), v(g3) = 0.1, v(g4) = 0.4, v(g0) = 1 * 0.1, v(g1) = 0.4.
  const NodeId g0 = NodeOf(graph, "g0"), g1 = NodeOf(graph, "g1"), g2 = NodeOf(graph, "g2"),
               g3 = NodeOf(graph, "g3"), g4 = NodeOf(graph, "g4");
  EXPECT_EQ(graph.node(g2).status, Status::kProved);
  // The edge that proved g2 directly had its virtual visit removed (bait.md
  // §7.2.4 leaked it) and was backed up with value 1, once: chosen in round 6.
  const EdgeId proving = EdgeOf(graph, g2, "a ax");
  EXPECT_EQ(graph.edge(proving).virtual_count, 0);
  EXPECT_EQ(graph.edge(proving).visits, 1);
  EXPECT_DOUBLE_EQ(graph.edge(proving).value_sum, 1.0);
  // W of the other chosen edges, summed over the rounds that chose them: g0 and
  // g1 in rounds 4-6 (v of their apply node, of its AND node, of round 6), g3
  // and g4 in round 6.
  EXPECT_NEAR(graph.edge(EdgeOf(graph, g0, "a t2")).value_sum, 0.7 + 0.3 * 0.1 + 0.1, 1e-12);
  EXPECT_NEAR(graph.edge(EdgeOf(graph, g1, "a t3")).value_sum, 0.6 + 0.4 + 0.4, 1e-12);
  EXPECT_NEAR(graph.edge(EdgeOf(graph, g3, "a t4")).value_sum, 0.1, 1e-12);
  EXPECT_NEAR(graph.edge(EdgeOf(graph, g4, "a t5")).value_sum, 0.4, 1e-12);
  // AND nodes descend into all their goals: their edges keep no statistics.
  const NodeId and_g0_g1 = graph.edge(graph.node(NodeOf(graph, "g apply t1")).out[0]).child;
  ASSERT_EQ(graph.node(and_g0_g1).kind, NodeKind::kAnd);
  for (EdgeId e : graph.node(and_g0_g1).out) EXPECT_EQ(graph.edge(e).visits, 0);

  // Round 7 expands the dead end h: every goal FAILS, the root with them, so the
  // round is backed up at once (no query) with value 0 on every chosen edge.
  const std::vector<EdgeId> round7 = {EdgeOf(graph, graph.root(), "a t1"),
                                      EdgeOf(graph, g0, "a t2"), EdgeOf(graph, g1, "a t3"),
                                      EdgeOf(graph, g3, "a t4"), EdgeOf(graph, g4, "a t5")};
  std::vector<GraphEdge> before;
  for (EdgeId e : round7) before.push_back(graph.edge(e));
  EXPECT_TRUE(htps.Advance().empty());
  EXPECT_TRUE(htps.done());
  EXPECT_EQ(graph.node(graph.root()).status, Status::kFailed);
  for (size_t i = 0; i < round7.size(); ++i) {
    SCOPED_TRACE(graph.edge(round7[i]).action);
    EXPECT_EQ(graph.edge(round7[i]).visits, before[i].visits + 1);
    EXPECT_DOUBLE_EQ(graph.edge(round7[i]).value_sum, before[i].value_sum);
  }
  EXPECT_EQ(graph.edge(proving).visits, 1);  // g2 was a PROVED leaf in round 7
  EXPECT_EQ(htps.virtual_in_flight(), 0);
  for (EdgeId e = 0; e < static_cast<EdgeId>(graph.edge_count()); ++e)
    EXPECT_EQ(graph.edge(e).virtual_count, 0);
  EXPECT_EQ(htps.expansions(), 13);
  EXPECT_EQ(htps.iterations(), 7 * batch);
}

INSTANTIATE_TEST_SUITE_P(Batch, HtpsFig5Test, ::testing::Values(1, 8));

// top <- lft (via_l) or rgt (via_r); lft and rgt each need deadend, which has no
// action.
constexpr char kChoiceTheory[] = R"(prop : type.
top : prop.
lft : prop.
rgt : prop.
deadend : prop.
via_l : [lft -> top].
via_r : [rgt -> top].
l_end : [deadend -> lft].
r_end : [deadend -> rgt].
#backward via_l.
#backward via_r.
#backward l_end.
#backward r_end.
)";

struct ChoiceSetup {
  double left_prior = 0.6;  // the right edge gets 1 - left_prior
  double left_value = 0.5;  // critic value of "top apply via_l"
  double first_play_value = 0.5;
  int batch = 1;
  int budget = 100;
};

class Choice {
 public:
  explicit Choice(const ChoiceSetup& s)
      : theory_(TempTheory("choice", kChoiceTheory, "via_l\nvia_r\nl_end\nr_end\n")),
        htps_(Params(s), theory_, theory_->RootState("top")) {
    evaluator_.action_values = {{"a via_l", s.left_prior}, {"a via_r", 1 - s.left_prior}};
    evaluator_.values = {{"top apply via_l", s.left_value}, {"top apply via_r", 0.3}};
  }

  // Runs one round: the leaves it asks about, then answers them.
  std::vector<std::string> Round() {
    pending_ = htps_.Advance();
    std::vector<std::string> labels = Labels(pending_);
    left_virtual_ = edge("a via_l").virtual_count;
    right_virtual_ = edge("a via_r").virtual_count;
    if (!pending_.empty()) htps_.Answer(evaluator_.Score(pending_));
    return labels;
  }

  // A root edge (the root is expanded by the first round).
  const GraphEdge& edge(const std::string& action) const {
    const ProofGraph& g = htps_.graph();
    return g.edge(EdgeOf(g, g.root(), action));
  }
  const Htps& htps() const { return htps_; }
  ScriptedEvaluator& evaluator() { return evaluator_; }
  int left_virtual() const { return left_virtual_; }    // V during the last round
  int right_virtual() const { return right_virtual_; }  // V during the last round

 private:
  static SearchParams Params(const ChoiceSetup& s) {
    SearchParams p;
    p.budget = s.budget;
    p.htps.batch = s.batch;
    p.htps.first_play_value = s.first_play_value;
    p.htps.exploration = 1.0;
    return p;
  }

  std::shared_ptr<const kernel::Theory> theory_;
  Htps htps_;
  ScriptedEvaluator evaluator_;
  std::vector<NodeQuery> pending_;
  int left_virtual_ = 0, right_virtual_ = 0;
};

// Round 2 takes the left edge (all C = 0: the exploration term vanishes and
// both Q are first_play_value; the tie goes to the first edge). Round 3, with
// sum C = 1, P = (0.6, 0.4), c = 1, v = the left child's critic value, f = fpv:
//   left   Q + U = v + 0.6 * 1 / (1 + 1) = v + 0.3
//   right  Q + U = f + 0.4 * 1 / (1 + 0) = f + 0.4
struct PuctCase {
  const char* name;
  double left_value, first_play_value;
  const char* round3_leaf;
};

class HtpsPuctTest : public ::testing::TestWithParam<PuctCase> {};

TEST_P(HtpsPuctTest, ChoosesTheArgmaxOfQPlusU) {
  const PuctCase& c = GetParam();
  Choice search({.left_value = c.left_value, .first_play_value = c.first_play_value});
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top"});
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top apply via_l"});
  EXPECT_EQ(search.edge("a via_l").visits, 1);
  EXPECT_DOUBLE_EQ(search.edge("a via_l").value_sum, c.left_value);
  EXPECT_EQ(search.edge("a via_r").visits, 0);
  const bool left = std::string(c.round3_leaf) == "lft";
  EXPECT_EQ(search.Round(), std::vector<std::string>{c.round3_leaf});
  EXPECT_EQ(search.left_virtual(), left ? 1 : 0);
  EXPECT_EQ(search.right_virtual(), left ? 0 : 1);
}

INSTANTIATE_TEST_SUITE_P(Cases, HtpsPuctTest,
                         ::testing::Values(
                             // 1.2 > 0.9: a well-valued visited edge beats the unvisited one.
                             PuctCase{.name = "WellValuedVisitedEdge",
                                      .left_value = 0.9,
                                      .first_play_value = 0.5,
                                      .round3_leaf = "lft"},
                             // 0.5 < 0.9: a poorly valued one does not.
                             PuctCase{.name = "PoorlyValuedVisitedEdge",
                                      .left_value = 0.2,
                                      .first_play_value = 0.5,
                                      .round3_leaf = "top apply via_r"},
                             // First-play urgency 0.9: 1.2 < 1.3, the unvisited edge wins.
                             PuctCase{.name = "HighFirstPlayValue",
                                      .left_value = 0.9,
                                      .first_play_value = 0.9,
                                      .round3_leaf = "top apply via_r"}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// A leaf whose expansion links it only to a FAILED node is FAILED: it backs up
// 0, not the critic value the evaluator gave it. P = (0.99, 0.01), critic 0.9
// on the left side, c = 1:
//   round 2  tie at C = 0: left                    leaf "top apply via_l"
//   round 3  left 0.9 + 0.99 / 2 = 1.395 > right 0.5 + 0.01 = 0.51: leaf lft
//   round 4  left 1.8 / 2 + 0.99 * sqrt(2) / 3 = 1.367 > 0.5 + 0.01 * sqrt(2)
//            leaf "lft apply l_end"
//   round 5  leaf deadend: a dead end, FAILED with the whole left side; no query,
//            so the next round starts at once: the right edge is the only one left
//   rounds 6-8  "top apply via_r", rgt, then "rgt apply r_end", which links to
//            the FAILED deadend and is FAILED, though the critic says 0.7.
TEST(HtpsBackupTest, FailedLeafBacksUpZero) {
  Choice search({.left_prior = 0.99, .left_value = 0.9});
  search.evaluator().values["lft"] = 0.9;
  search.evaluator().values["rgt apply r_end"] = 0.7;
  std::vector<std::vector<std::string>> rounds;
  while (!search.htps().done()) rounds.push_back(search.Round());
  EXPECT_EQ(rounds, (std::vector<std::vector<std::string>>{{"top"},
                                                           {"top apply via_l"},
                                                           {"lft"},
                                                           {"lft apply l_end"},
                                                           {"top apply via_r"},
                                                           {"rgt"},
                                                           {"rgt apply r_end"},
                                                           {}}));
  const ProofGraph& g = search.htps().graph();
  const NodeId leaf = NodeOf(g, "rgt apply r_end");
  EXPECT_EQ(g.node(leaf).status, Status::kFailed);
  EXPECT_EQ(g.node(leaf).value, 0.7);
  const GraphEdge& into_leaf = g.edge(EdgeOf(g, NodeOf(g, "rgt"), "a r_end"));
  EXPECT_EQ(into_leaf.visits, 1);
  EXPECT_EQ(into_leaf.value_sum, 0.0);
}

// Round 2 with two hypertrees and P = (0.6, 0.4): the first takes the left edge
// (tie at C = 0) and keeps its virtual visit, so for the second sum C = 1 and
//   left   0.5 / max(1, 1) + 0.6 * 1 / (1 + 1) = 0.8
//   right  0.5             + 0.4 * 1 / (1 + 0) = 0.9
// and it takes the right edge: both children are expanded in one request.
TEST(HtpsBatchTest, VirtualVisitSendsTheSecondHypertreeElsewhere) {
  Choice search({.left_prior = 0.6, .batch = 2});
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top"});
  EXPECT_EQ(search.Round(), (std::vector<std::string>{"top apply via_l", "top apply via_r"}));
  EXPECT_EQ(search.left_virtual(), 1);
  EXPECT_EQ(search.right_virtual(), 1);
  EXPECT_EQ(search.edge("a via_l").visits, 1);
  EXPECT_DOUBLE_EQ(search.edge("a via_l").value_sum, 0.5);
  EXPECT_EQ(search.edge("a via_r").visits, 1);
  EXPECT_DOUBLE_EQ(search.edge("a via_r").value_sum, 0.3);
  EXPECT_EQ(search.edge("a via_l").virtual_count + search.edge("a via_r").virtual_count, 0);
  EXPECT_EQ(search.htps().iterations(), 4);

  // The same search one hypertree at a time: round 2 takes the left edge only.
  Choice single({.left_prior = 0.6, .batch = 1});
  single.Round();
  EXPECT_EQ(single.Round(), std::vector<std::string>{"top apply via_l"});
  EXPECT_EQ(single.right_virtual(), 0);
}

// With P = (0.9, 0.1) the second hypertree of round 2 scores the left edge
// 0.5 + 0.9 / 2 = 0.95 against 0.5 + 0.1 = 0.6: it repeats the first, which is
// backed up once (N = 1) while both virtual visits are removed.
TEST(HtpsBatchTest, RepeatedHypertreeIsBackedUpOnce) {
  Choice search({.left_prior = 0.9, .batch = 2});
  search.Round();
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top apply via_l"});
  EXPECT_EQ(search.left_virtual(), 2);
  EXPECT_EQ(search.right_virtual(), 0);
  EXPECT_EQ(search.edge("a via_l").visits, 1);
  EXPECT_DOUBLE_EQ(search.edge("a via_l").value_sum, 0.5);
  EXPECT_EQ(search.edge("a via_l").virtual_count, 0);
  EXPECT_EQ(search.htps().virtual_in_flight(), 0);
}

// Budget 2: round 1 expands the root; in round 2 the first hypertree's leaf
// fills the budget, so no second hypertree is selected and the search stops.
TEST(HtpsBatchTest, SelectionStopsWhenLeavesFillTheBudget) {
  Choice search({.left_prior = 0.6, .batch = 8, .budget = 2});
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top"});
  EXPECT_EQ(search.htps().iterations(), 8);  // root-only hypertrees: 1 leaf < 2 left
  EXPECT_EQ(search.Round(), std::vector<std::string>{"top apply via_l"});
  EXPECT_EQ(search.right_virtual(), 0);
  EXPECT_EQ(search.htps().iterations(), 9);
  EXPECT_TRUE(search.Round().empty());
  EXPECT_TRUE(search.htps().done());
  EXPECT_EQ(search.htps().expansions(), 2);
}

TEST(HtpsOptionsTest, BatchMustBePositive) {
  const auto theory = TempTheory("choice", kChoiceTheory, "via_l\nvia_r\nl_end\nr_end\n");
  SearchParams bad;
  bad.htps.batch = 0;
  EXPECT_THROW(MakeSearch("htps", bad, theory, theory->RootState("top")), InputError);
}

}  // namespace
}  // namespace lf::search
