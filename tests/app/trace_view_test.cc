// Traces of real searches (app/trace_record.h), the viewer's tree layout and
// replay steps (app/trace_layout.h) and its pages (app/view_page.h). The pages
// in a browser: view_browser_test.py; the commands: view_cli_test.sh.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/trace_layout.h"
#include "app/trace_record.h"
#include "app/view_page.h"
#include "core/json.h"
#include "search/algorithms.h"
#include "search/search_pool.h"
#include "search/uniform.h"
#include "test_theory.h"

namespace lf::app {
namespace {

constexpr char kZeroAdd[] = "[('a0 : nat) -> (= (+ z 'a0) 'a0)]";

search::SearchRecord Prove(const std::string& algorithm, const std::string& goal, int budget) {
  const auto theory = test::LoadTheory("nat-add");
  search::SearchParams params;
  params.budget = budget;
  auto search = search::MakeSearch(algorithm, params, theory, theory->RootState(goal));
  search::UniformEvaluator evaluator;
  return search::RunSearch(*search, evaluator);
}

TEST(TraceOfTest, CopiesTheRecordAndTheContext) {
  const search::SearchRecord record = Prove("mcts", kZeroAdd, 400);
  ASSERT_TRUE(record.success());
  const io::Trace t = TraceOf(record, {.problem = "a_zero_add",
                                       .policy_model = "it000002.ckpt",
                                       .budget = 400,
                                       .iteration = 2,
                                       .rank = 1});
  EXPECT_EQ(t.problem, "a_zero_add");
  EXPECT_EQ(t.theorem, record.theorem);  // no statement given: the kernel's
  EXPECT_EQ(t.algorithm, "mcts");
  EXPECT_TRUE(t.success);
  EXPECT_EQ(t.outcome, io::NodeStatus::kProved);
  EXPECT_EQ(t.proof, record.proof->Text());
  EXPECT_EQ(t.proof_logprob, record.proof_logprob);
  EXPECT_EQ(t.policy_model, "it000002.ckpt");
  EXPECT_EQ(t.critic_model, "uniform");
  EXPECT_EQ(t.budget, 400);
  EXPECT_EQ(t.search_iterations, record.iterations);
  EXPECT_EQ(t.expansions, record.expansions);
  EXPECT_EQ(t.iteration, 2);
  EXPECT_EQ(t.rank, 1);
  ASSERT_EQ(t.nodes.size(), record.nodes.size());
  ASSERT_EQ(t.edges.size(), record.edges.size());
  int in_proof = 0;
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    const io::TraceNode& n = t.nodes[i];
    const search::RecordNode& r = record.nodes[i];
    EXPECT_EQ(n.state, r.state);
    EXPECT_EQ(static_cast<int>(n.kind), static_cast<int>(r.kind));  // same order of kinds
    EXPECT_EQ(n.status, IoStatus(r.status));
    EXPECT_EQ(n.visits, r.visits);
    EXPECT_EQ(n.value, r.value);
    EXPECT_TRUE(n.critic == r.critic || (std::isnan(n.critic) && std::isnan(r.critic)));
    EXPECT_EQ(n.expansion_order, r.expansion_order);
    EXPECT_EQ(n.in_proof, r.in_proof);
    in_proof += n.in_proof;
  }
  EXPECT_TRUE(t.nodes[0].in_proof);
  EXPECT_GT(in_proof, 1);
  for (size_t i = 0; i < t.edges.size(); ++i) {
    EXPECT_EQ(t.edges[i].parent, record.edges[i].parent);
    EXPECT_EQ(t.edges[i].child, record.edges[i].child);
    EXPECT_EQ(t.edges[i].action, record.edges[i].action);
    EXPECT_EQ(t.edges[i].prior, record.edges[i].prior);
    EXPECT_EQ(t.edges[i].in_proof, record.edges[i].in_proof);
  }
  EXPECT_EQ(TraceOf(record, {.statement = "as written"}).theorem, "as written");
}

TEST(TraceOfTest, OutcomeIsProvedOnlyWithACheckedProof) {
  search::SearchRecord record;
  record.nodes.resize(1);
  EXPECT_EQ(TraceOf(record, {}).outcome, io::NodeStatus::kOpen);
  record.nodes[0].status = search::Status::kFailed;
  EXPECT_EQ(TraceOf(record, {}).outcome, io::NodeStatus::kFailed);
  // The graph proved the root but the algorithm did not claim it (MCTS's own
  // solved rule): the budget ran out first.
  record.nodes[0].status = search::Status::kProved;
  EXPECT_EQ(TraceOf(record, {}).outcome, io::NodeStatus::kOpen);
  // A proof the checker rejected: no proof.
  record.check_error = "x.p:1:1: wrong";
  const io::Trace t = TraceOf(record, {});
  EXPECT_EQ(t.outcome, io::NodeStatus::kFailed);
  EXPECT_FALSE(t.success);
  EXPECT_EQ(t.proof, "");
}

io::TraceNode Node(int64_t expansion_order) {
  io::TraceNode n;
  n.state = "s";
  n.expansion_order = expansion_order;
  return n;
}

io::TraceEdge Edge(int64_t parent, int64_t child) {
  io::TraceEdge e;
  e.parent = parent;
  e.child = child;
  e.action = std::to_string(parent) + "->" + std::to_string(child);
  return e;
}

TEST(TraceLayoutTest, TreeOfCreatorsWithCrossLinksReplayedByExpansion) {
  // 0 expands into 1, 2, 3; 1 into 4, 5; then 2 links to 5 again (kDag).
  io::Trace t;
  t.nodes = {Node(0), Node(1), Node(2), Node(-1), Node(-1), Node(-1)};
  t.edges = {Edge(0, 1), Edge(0, 2), Edge(0, 3), Edge(1, 4), Edge(1, 5), Edge(2, 5)};
  const TraceLayout layout = LayOut(t);
  EXPECT_EQ(layout.tree_edge, (std::vector<bool>{true, true, true, true, true, false}));
  EXPECT_EQ(layout.depth, (std::vector<int64_t>{0, 1, 1, 1, 2, 2}));
  // Leaves left to right: 4, 5, 2, 3; parents midway over their children.
  EXPECT_EQ(layout.x, (std::vector<double>{1.75, 0.5, 2, 3, 0, 1}));
  EXPECT_EQ(layout.slots, 4);
  EXPECT_TRUE(layout.by_expansion);
  EXPECT_EQ(layout.steps, 3);
  EXPECT_EQ(layout.node_step, (std::vector<int64_t>{0, 1, 1, 1, 2, 2}));
  EXPECT_EQ(layout.edge_step, (std::vector<int64_t>{1, 1, 1, 2, 2, 3}));
}

TEST(TraceLayoutTest, SearchWithoutExpansionsReplaysCreations) {
  io::Trace t;  // a forward prover's chain: children added one at a time
  t.nodes = {Node(-1), Node(-1), Node(-1)};
  t.edges = {Edge(0, 1), Edge(1, 2)};
  const TraceLayout layout = LayOut(t);
  EXPECT_FALSE(layout.by_expansion);
  EXPECT_EQ(layout.steps, 2);
  EXPECT_EQ(layout.node_step, (std::vector<int64_t>{0, 1, 2}));
  EXPECT_EQ(layout.edge_step, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(layout.x, (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(layout.depth, (std::vector<int64_t>{0, 1, 2}));
}

TEST(TraceLayoutTest, DamagedCreatorOrderGivesAForestNotACycle) {
  io::Trace t;  // node 1's first in-edge comes from a later node
  t.nodes = {Node(0), Node(-1), Node(1)};
  t.edges = {Edge(2, 1), Edge(0, 2), Edge(1, 2)};
  const TraceLayout layout = LayOut(t);
  EXPECT_EQ(layout.tree_edge, (std::vector<bool>{false, true, false}));
  EXPECT_EQ(layout.depth, (std::vector<int64_t>{0, 0, 1}));
  EXPECT_EQ(layout.slots, 2);
  EXPECT_EQ(layout.x, (std::vector<double>{0, 1, 0}));
}

// The JSON between <script type="application/json" id="trace-data"> and </script>.
json::Value PageData(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"trace-data\">";
  const size_t begin = page.find(open);
  EXPECT_NE(begin, std::string::npos);
  const size_t end = page.find("</script>", begin);
  return json::Parse(page.substr(begin + open.size(), end - begin - open.size()), "page");
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ViewPageTest, AttemptPageEmbedsTheTraceSafely) {
  io::Trace t = TraceOf(Prove("bestfs", "(= (+ z z) z)", 50), {.problem = "p <b>{{DATA}}</b>"});
  t.nodes[0].state = "G=1\n</script><script>alert(1)</script> & \"quoted\"";
  const std::string page = AttemptPage(t, 3, "traces.h5", /*with_index=*/true);
  // Every placeholder filled; the problem's "{{DATA}}" (title, heading, data) left alone.
  EXPECT_EQ(Count(page, "{{"), Count(page, "{{DATA}}"));
  EXPECT_EQ(Count(page, "{{DATA}}"), 3u);
  EXPECT_EQ(Count(page, "</script>"), 2u);  // the data's and the script's own
  EXPECT_NE(page.find("data-node-count=\"" + std::to_string(t.nodes.size()) + "\""),
            std::string::npos);
  EXPECT_NE(page.find("<h1>attempt 3: p &lt;b&gt;{{DATA}}&lt;/b&gt; (proved)</h1>"),
            std::string::npos);
  EXPECT_NE(page.find("href=\"index.html\""), std::string::npos);
  const json::Value data = PageData(page);
  ASSERT_EQ(data.Find("nodes")->items().size(), t.nodes.size());
  EXPECT_EQ(data.Find("edges")->items().size(), t.edges.size());
  EXPECT_EQ(data.Find("nodes")->items()[0].Find("state")->str(), t.nodes[0].state);
  EXPECT_EQ(data.Find("outcome")->str(), "proved");
  EXPECT_EQ(data.Find("attempt")->number(), 3);
  EXPECT_EQ(data.Find("steps")->number(), LayOut(t).steps);
  EXPECT_EQ(AttemptPage(t, 0, "x.h5", false).find("index.html"), std::string::npos);
}

TEST(ViewPageTest, IndexListsEveryAttemptWithItsPage) {
  std::vector<io::Trace> traces(3);
  traces[1].problem = "<two>";
  traces[1].outcome = io::NodeStatus::kProved;
  traces[2].nodes.resize(4);
  const std::string page = IndexPage(traces, "t.h5");
  EXPECT_EQ(Count(page, "<tr data-attempt="), 3u);
  EXPECT_NE(page.find("<a href=\"attempt-2.html\">2</a>"), std::string::npos);
  EXPECT_NE(page.find("&lt;two&gt;"), std::string::npos);
  EXPECT_NE(page.find("1/3 attempts proved"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"outcome-proved\">proved</td>"), std::string::npos);
  EXPECT_NE(page.find("<td>4</td>"), std::string::npos);
  EXPECT_EQ(AttemptFileName(12), "attempt-12.html");
}

}  // namespace
}  // namespace lf::app
