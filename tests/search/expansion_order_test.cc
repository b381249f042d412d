// The order in which BFS, BestFS (by prior and by critic) and Fringe expand
// nodes, on one problem where all four orders differ: each test fails if its
// algorithm is swapped for another. The scripted evaluator logs every node it
// is asked to price for an expansion, in order.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "search/algorithms.h"
#include "search/search_pool.h"
#include "search_test_util.h"

namespace lf::search {
namespace {

using testing::Label;
using testing::ScriptedEvaluator;
using testing::TempTheory;

// top <- q & s (r1) or u (r2); q <- dead, s <- dead, u <- w <- dead; dead has
// no action. Node labels: "top", "top apply r1" (T1), "top apply r2" (T2), q,
// s, u, "q apply rq" (Q), "s apply rs" (S), "u apply ru" (U), w,
// "w apply rw" (W), dead. The graph, with the AND node of q & s:
//   top -a r1-> T1 -> (q & s);  q -a rq-> Q -> dead;  s -a rs-> S -> dead
//   top -a r2-> T2 -> u -a ru-> U -> w -a rw-> W -> dead
// Nothing is provable: every search expands until the root FAILS.
constexpr char kTheory[] = R"(prop : type.
top : prop.
q : prop.
s : prop.
u : prop.
w : prop.
dead : prop.
r1 : [q -> s -> top].
r2 : [u -> top].
rq : [dead -> q].
rs : [dead -> s].
ru : [w -> u].
rw : [dead -> w].
#backward r1.
#backward r2.
#backward rq.
#backward rs.
#backward ru.
#backward rw.
)";
constexpr char kPremises[] = "r1\nr2\nrq\nrs\nru\nrw\n";

// Priors: P(a r1) = 0.2, P(a r2) = 0.8 (every other node has one edge, P = 1).
// Critic values: the r1 side is favoured node by node (T1, q, Q: 0.99), but s,
// which q must be proved with, is hopeless (1e-9); the r2 side is 1e-4 throughout.
ScriptedEvaluator Evaluator() {
  ScriptedEvaluator e;
  e.action_values = {{"a r1", 0.2}, {"a r2", 0.8}};
  e.values = {{"top apply r1", 0.99},
              {"q", 0.99},
              {"q apply rq", 0.99},
              {"s", 1e-9},
              {"s apply rs", 0.99},
              {"top apply r2", 1e-4},
              {"u", 1e-4},
              {"w", 1e-4},
              {"dead", 1e-4}};
  e.default_value = 0.5;
  return e;
}

struct Trace {
  std::vector<std::string> expanded;  // in order
  int state_queries = 0;
  SearchRecord record;
};

Trace Expand(const std::string& algorithm, BestFsScore score = BestFsScore::kPrior) {
  const auto theory = TempTheory("order", kTheory, kPremises);
  SearchParams params;
  params.budget = 100;
  params.seed = 1;
  params.bestfs.score = score;
  params.fringe.min_value = 1e-12;  // keep the critic's contrasts (default clamp: 1e-3)
  auto search = MakeSearch(algorithm, params, theory, theory->RootState("top"));
  ScriptedEvaluator evaluator = Evaluator();
  Trace run;
  run.record = RunSearch(*search, evaluator);
  run.expanded = evaluator.expanded;
  run.state_queries = evaluator.state_queries;
  return run;
}

using Order = std::vector<std::string>;

// The value a record reports for the node labelled `label` (its critic value
// when the search asked for one, else 0: such nodes have no visits).
double RecordedValue(const SearchRecord& r, const std::string& label) {
  for (const RecordNode& n : r.nodes) {
    if (Label(n.state) == label) return n.value;
  }
  ADD_FAILURE() << "no node " << label;
  return -1;
}

// A dead end asks the evaluator nothing, so `dead` is never in the logs below.

// FIFO by creation: depth by depth. dead FAILS after U, taking the r1 side with
// it; then w, and W links to the FAILED dead: the root FAILS.
TEST(ExpansionOrderTest, BfsExpandsInCreationOrder) {
  const Trace run = Expand("bfs");
  EXPECT_EQ(run.expanded, (Order{"top", "top apply r1", "top apply r2", "q", "s", "u", "q apply rq",
                                 "s apply rs", "u apply ru", "w", "w apply rw"}));
  EXPECT_EQ(run.state_queries, 0);
}

// By cumulative log-prior: the r2 side (log 0.8) is followed to its deepest node
// (then dead FAILS it) before the shallow T1 (log 0.2); q and s inherit T1's
// score, s was queued before Q (ties: first queued), and Q links to the FAILED
// dead.
TEST(ExpansionOrderTest, BestFsByPriorFollowsTheHighPriorPathDeep) {
  const Trace run = Expand("bestfs");
  EXPECT_EQ(run.expanded, (Order{"top", "top apply r2", "u", "u apply ru", "w", "w apply rw",
                                 "top apply r1", "q", "s", "q apply rq"}));
  EXPECT_EQ(run.state_queries, 0);  // the prior order asks no state values
  EXPECT_EQ(RecordedValue(run.record, "q"), 0.0);
}

// By critic value: T1 (0.99) before T2 (1e-4), then q and Q (0.99), where
// BestFS by prior took T2. Then T2, dead and u tie at 1e-4 and go in creation
// order; dead FAILS the AND node, so s (1e-9) is never reached; U, w and W
// finish the r2 side.
TEST(ExpansionOrderTest, BestFsByCriticExpandsTheHighestValueFirst) {
  const Trace run = Expand("bestfs", BestFsScore::kCritic);
  EXPECT_EQ(run.expanded, (Order{"top", "top apply r1", "q", "q apply rq", "top apply r2", "u",
                                 "u apply ru", "w", "w apply rw"}));
  // One state query per new OR node, in the request of the expansion that
  // created it: T1, T2, q, s, Q, dead, u, U, w, W.
  EXPECT_EQ(run.state_queries, 10);
  EXPECT_EQ(RecordedValue(run.record, "q"), 0.99);
  EXPECT_EQ(RecordedValue(run.record, "s"), 1e-9);
}

// By fringe: after T1 the fringe {q, s} scores log 0.99 + log 1e-9, far below
// {T2} (log 1e-4), so Fringe turns to the r2 side where BestFS by critic went
// on with q, and follows it to dead (the softmax picks each of these fringes
// with probability > 0.9998 whatever the seed). Then only {q, s} is left.
TEST(ExpansionOrderTest, FringeScoresTheWholeConjunction) {
  const Trace run = Expand("fringe");
  ASSERT_GE(run.expanded.size(), 8u);
  EXPECT_EQ(Order(run.expanded.begin(), run.expanded.begin() + 7),
            (Order{"top", "top apply r1", "top apply r2", "u", "u apply ru", "w", "w apply rw"}));
  EXPECT_TRUE(run.expanded[7] == "q" || run.expanded[7] == "s") << run.expanded[7];
}

// bestfs.score is ignored by bfs: the same order, and no state values asked.
TEST(ExpansionOrderTest, BfsIgnoresTheBestFsScore) {
  const Trace prior = Expand("bfs");
  const Trace critic = Expand("bfs", BestFsScore::kCritic);
  EXPECT_EQ(critic.expanded, prior.expanded);
  EXPECT_EQ(critic.state_queries, 0);
}

TEST(BestFsOptionsTest, UnknownScoreIsAnInputError) {
  const auto theory = TempTheory("order", kTheory, kPremises);
  SearchParams bad;
  bad.bestfs.score = static_cast<BestFsScore>(9);  // no score has this value
  EXPECT_THROW(MakeSearch("bestfs", bad, theory, theory->RootState("top")), InputError);
  EXPECT_EQ(kBestFsScores.Parse("critic"), BestFsScore::kCritic);
}

}  // namespace
}  // namespace lf::search
