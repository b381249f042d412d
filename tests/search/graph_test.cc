// ProofGraph status propagation, dead nodes and cycles; HTPS virtual-loss
// bookkeeping; forward-prover mistake counting; records and training examples;
// the uniform evaluator.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "kernel/theory.h"
#include "search/algorithms.h"
#include "search/forward.h"
#include "search/htps.h"
#include "search/proof_graph.h"
#include "search/search_pool.h"
#include "search/uniform.h"
#include "search_test_util.h"
#include "test_theory.h"

namespace lf::search {
namespace {

using testing::TempTheory;

// No premises: the root has no action at all.
constexpr char kDeadTheory[] = R"(= : [('t : type) -> 't -> 't -> prop].
nat : type.
z : nat.
one : nat.
)";

// `a sym` twice returns to the root state: a cycle.
constexpr char kCycleTheory[] = R"(= : [('t : type) -> 't -> 't -> prop].
nat : type.
z : nat.
one : nat.
sym : [('a : nat) -> ('b : nat) -> (= 'b 'a) -> (= 'a 'b)].
#backward sym.
)";

// The child of `node` reached by `action`.
NodeId Child(const ProofGraph& g, NodeId node, const std::string& action) {
  for (EdgeId e : g.node(node).out) {
    if (g.edge(e).action == action) return g.edge(e).child;
  }
  ADD_FAILURE() << "no action " << action;
  return kNoNode;
}

TEST(ProofGraphTest, ProvedPropagatesFromTerminalToRoot) {
  const auto theory = test::LoadTheory("nat-add");
  ProofGraph g(ProofGraph::Mode::kDag);
  const NodeId root = g.AddRoot(search::GoalNode({theory->RootState("(= (+ z z) z)")}));
  g.Expand(root);
  EXPECT_EQ(g.node(root).status, Status::kOpen);
  const NodeId construct = Child(g, root, "c +_z");
  ASSERT_NE(construct, kNoNode);
  g.Expand(construct);
  const NodeId closed = Child(g, construct, "=> (= (+ z z) z).");
  ASSERT_NE(closed, kNoNode);
  EXPECT_EQ(g.node(closed).kind, NodeKind::kTerminal);
  EXPECT_EQ(g.node(construct).status, Status::kProved);
  EXPECT_EQ(g.node(root).status, Status::kProved);
}

TEST(ProofGraphTest, AndNodeNeedsAllGoals) {
  const auto theory = test::LoadTheory("nat-add");
  ProofGraph g(ProofGraph::Mode::kDag);
  const NodeId root =
      g.AddRoot(search::GoalNode({theory->RootState("[('a0 : nat) -> (= (+ z 'a0) 'a0)]")}));
  g.Expand(root);
  const NodeId apply = Child(g, root, "a nat_ind");
  g.Expand(apply);
  ASSERT_EQ(g.node(apply).out.size(), 1u);
  const NodeId conj = g.edge(g.node(apply).out[0]).child;
  ASSERT_EQ(g.node(conj).kind, NodeKind::kAnd);
  EXPECT_TRUE(g.node(conj).expanded);  // kDag splits conjunctions at once
  ASSERT_EQ(g.node(conj).out.size(), 2u);
  // Prove goal 0 (= (+ z z) z) only: the AND node stays open.
  const NodeId goal0 = g.edge(g.node(conj).out[0]).child;
  g.Expand(goal0);
  const NodeId c = Child(g, goal0, "c +_z");
  g.Expand(c);
  EXPECT_EQ(g.node(goal0).status, Status::kProved);
  EXPECT_EQ(g.node(conj).status, Status::kOpen);
  EXPECT_EQ(g.node(root).status, Status::kOpen);
}

TEST(ProofGraphTest, DeadEndFailsAndMctsBacksUpDeadEndReward) {
  const auto theory = TempTheory("dead", kDeadTheory, "");
  ProofGraph g(ProofGraph::Mode::kDag);
  const NodeId root = g.AddRoot(search::GoalNode({theory->RootState("(= z one)")}));
  g.Expand(root);
  EXPECT_TRUE(g.node(root).out.empty());
  EXPECT_EQ(g.node(root).eager_count, 0u);
  EXPECT_EQ(g.node(root).status, Status::kFailed);

  SearchParams params;
  params.budget = 10;
  auto search = MakeSearch("mcts", params, theory, theory->RootState("(= z one)"));
  UniformEvaluator evaluator;
  const SearchRecord r = RunSearch(*search, evaluator);
  EXPECT_FALSE(r.success());
  EXPECT_EQ(r.expansions, 1);   // the root, once; later iterations find nothing
  EXPECT_EQ(r.iterations, 10);  // minimo: every wasted descent counts
  EXPECT_EQ(r.nodes[0].visits, 1);
  EXPECT_EQ(r.nodes[0].value, -1.0);
  EXPECT_EQ(r.nodes[0].status, Status::kFailed);
}

TEST(ProofGraphTest, CycleIsDroppedAndTheGoalFails) {
  const auto theory = TempTheory("cycle", kCycleTheory, "sym\n");
  ProofGraph g(ProofGraph::Mode::kDag);
  const NodeId root = g.AddRoot(search::GoalNode({theory->RootState("(= z one)")}));
  g.Expand(root);
  const NodeId apply1 = Child(g, root, "a sym");
  g.Expand(apply1);
  const NodeId flipped = Child(g, apply1, "=> (= one z).");
  g.Expand(flipped);
  const NodeId apply2 = Child(g, flipped, "a sym");
  g.Expand(apply2);  // "=> (= z one)." leads back to the root's state
  EXPECT_EQ(g.cycles_dropped(), 1);
  EXPECT_TRUE(g.node(apply2).out.empty());
  EXPECT_EQ(g.node(apply2).status, Status::kFailed);
  EXPECT_EQ(g.node(root).status, Status::kFailed);
  EXPECT_TRUE(g.IsAncestor(root, apply2));
  EXPECT_FALSE(g.IsAncestor(apply2, root));

  // Every graph search terminates on it with FAILED; the MCTS tree spends its budget.
  UniformEvaluator evaluator;
  SearchParams params;
  params.budget = 50;
  for (const std::string& algorithm : AlgorithmNames()) {
    SCOPED_TRACE(algorithm);
    auto search = MakeSearch(algorithm, params, theory, theory->RootState("(= z one)"));
    const SearchRecord r = RunSearch(*search, evaluator);
    EXPECT_FALSE(r.success());
    EXPECT_LE(r.expansions, 50);
  }
}

TEST(ProofGraphTest, TreeModeKeepsDuplicateStates) {
  const auto theory = TempTheory("cycle_tree", kCycleTheory, "sym\n");
  ProofGraph g(ProofGraph::Mode::kTree);
  const NodeId root = g.AddRoot(search::GoalNode({theory->RootState("(= z one)")}));
  NodeId n = root;
  for (const char* action : {"a sym", "=> (= one z).", "a sym", "=> (= z one)."}) {
    g.Expand(n);
    n = Child(g, n, action);
  }
  EXPECT_EQ(g.node(n).state, g.node(root).state);
  EXPECT_NE(n, root);
  EXPECT_EQ(g.cycles_dropped(), 0);
}

TEST(ProofGraphTest, ExpansionsAreNumberedInOrder) {
  const auto theory = test::LoadTheory("nat-add");
  ProofGraph g(ProofGraph::Mode::kDag);
  const NodeId root =
      g.AddRoot(search::GoalNode({theory->RootState("[('a0 : nat) -> (= (+ z 'a0) 'a0)]")}));
  EXPECT_EQ(g.node(root).expansion_order, -1);
  g.Expand(root);
  const NodeId apply = Child(g, root, "a nat_ind");
  g.Expand(apply);  // kDag: its AND child is split in the same call, numbered after it
  const NodeId conj = g.edge(g.node(apply).out[0]).child;
  EXPECT_EQ(g.node(root).expansion_order, 0);
  EXPECT_EQ(g.node(apply).expansion_order, 1);
  EXPECT_EQ(g.node(conj).expansion_order, 2);
  EXPECT_EQ(g.node(g.edge(g.node(conj).out[0]).child).expansion_order, -1);

  // A search's record carries them, each used once, and the critic's scores.
  SearchParams params;
  params.budget = 30;
  auto search = MakeSearch("mcts", params, theory, theory->RootState("(= (+ z z) z)"));
  UniformEvaluator evaluator;
  const SearchRecord r = RunSearch(*search, evaluator);
  std::vector<int> seen(r.nodes.size(), 0);
  int expanded = 0;
  for (const RecordNode& n : r.nodes) {
    if (n.expansion_order < 0) continue;
    ASSERT_LT(n.expansion_order, static_cast<int>(r.nodes.size()));
    ++seen[n.expansion_order];
    ++expanded;
  }
  EXPECT_GT(expanded, 0);
  for (int k = 0; k < static_cast<int>(seen.size()); ++k) EXPECT_EQ(seen[k], k < expanded ? 1 : 0);
  EXPECT_EQ(r.nodes[0].expansion_order, 0);
  EXPECT_FALSE(std::isnan(r.nodes[0].critic));  // MCTS asks for the root's value
  // Best-first asks for priors only: no node has a critic score.
  auto bestfs = MakeSearch("bestfs", params, theory, theory->RootState("(= (+ z z) z)"));
  for (const RecordNode& n : RunSearch(*bestfs, evaluator).nodes) EXPECT_TRUE(std::isnan(n.critic));
}

TEST(HtpsTest, VirtualCountsReturnToZeroAfterEveryRound) {
  const auto theory = test::LoadTheory("nat-add");
  SearchParams params;
  params.budget = 150;
  Htps htps(params, theory, theory->RootState("[('a0 : nat) -> (= (+ z 'a0) 'a0)]"));
  UniformEvaluator evaluator;
  int rounds = 0;
  while (true) {
    std::vector<NodeQuery> queries = htps.Advance();
    EXPECT_EQ(htps.virtual_in_flight() > 0, !queries.empty() && rounds > 0)
        << "virtual visits are held exactly while a round waits";
    if (queries.empty()) break;
    htps.Answer(evaluator.Score(queries));
    ++rounds;
    EXPECT_EQ(htps.virtual_in_flight(), 0);
    for (EdgeId e = 0; e < static_cast<EdgeId>(htps.graph().edge_count()); ++e) {
      ASSERT_EQ(htps.graph().edge(e).virtual_count, 0) << "edge " << e << " round " << rounds;
    }
  }
  const SearchRecord r = htps.Finish();
  EXPECT_GT(r.nodes[0].visits, 1);
  int root_edge_visits = 0;
  for (const RecordEdge& e : r.edges) root_edge_visits += e.parent == 0 ? e.visits : 0;
  EXPECT_EQ(root_edge_visits, r.nodes[0].visits);
}

// Scores every action 0 except those whose string is `favourite` (1).
class FavouriteEvaluator : public UniformEvaluator {
 public:
  explicit FavouriteEvaluator(std::string favourite) : favourite_(std::move(favourite)) {}
  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override {
    std::vector<NodeScores> out = UniformEvaluator::Score(queries);
    for (size_t i = 0; i < queries.size(); ++i) {
      for (size_t j = 0; j < queries[i].actions.size(); ++j) {
        if (queries[i].actions[j] == favourite_) out[i].action_values[j] = 1.0;
      }
    }
    return out;
  }

 private:
  std::string favourite_;
};

TEST(ForwardTest, CountsMistakesAndStopsPerRule) {
  // At the root of this goal `c rewrite` has nothing to rewrite: an invalid step.
  const auto theory = test::LoadTheory("nat-add");
  const kernel::ProofState root = theory->RootState("(= (+ (s z) (s z)) (s (s z)))");
  FavouriteEvaluator evaluator("c rewrite");
  SearchParams params;
  params.budget = 12;

  auto greedy = MakeSearch("forward-greedy", params, theory, root);
  const SearchRecord g = RunSearch(*greedy, evaluator);
  EXPECT_FALSE(g.success());
  EXPECT_EQ(g.invalid_steps, 1);  // stops at the first mistake; no tie -> no retry
  EXPECT_EQ(g.expansions, 1);

  auto sampling = MakeSearch("forward-sampling", params, theory, root);
  const SearchRecord s = RunSearch(*sampling, evaluator);
  EXPECT_FALSE(s.success());
  EXPECT_EQ(s.invalid_steps, 12);  // attempts of 5, 5, 2 mistakes until the budget
  EXPECT_EQ(s.iterations, 12);
  EXPECT_EQ(s.nodes.size(), 1u);  // invalid steps leave the state unchanged

  params.forward.max_consecutive_invalid = 3;
  params.budget = 7;
  auto sampling3 = MakeSearch("forward-sampling", params, theory, root);
  EXPECT_EQ(RunSearch(*sampling3, evaluator).invalid_steps, 7);
}

TEST(ForwardTest, ValidStepsResetTheMistakeCount) {
  // Uniform choices mix valid and invalid steps; the proof still checks.
  const auto theory = test::LoadTheory("nat-add");
  SearchParams params;
  params.budget = 3000;
  params.seed = 3;
  auto search = MakeSearch("forward-sampling", params, theory,
                           theory->RootState("(= (+ (s z) (s z)) (s (s z)))"));
  UniformEvaluator evaluator;
  const SearchRecord r = RunSearch(*search, evaluator);
  EXPECT_TRUE(r.success()) << r.check_error;
  EXPECT_GT(r.invalid_steps, 0);
  EXPECT_LT(r.invalid_steps, r.expansions);
}

TEST(BudgetTest, TimeoutStopsEveryAlgorithm) {
  const auto theory = test::LoadTheory("nat-add");
  const kernel::ProofState root = theory->RootState(
      "[('a0 : nat) -> ('a1 : nat) -> ('a2 : nat) -> (= (+ (+ 'a0 'a1) 'a2) (+ 'a0 (+ 'a1 'a2)))]");
  UniformEvaluator evaluator;
  SearchParams params;
  params.budget = 1000000;
  params.timeout_s = 0.05;
  for (const std::string& algorithm : AlgorithmNames()) {
    SCOPED_TRACE(algorithm);
    auto search = MakeSearch(algorithm, params, theory, root);
    const SearchRecord r = RunSearch(*search, evaluator);
    EXPECT_FALSE(r.success());
    EXPECT_LT(r.seconds, 2.0);
    EXPECT_LT(r.expansions, params.budget);
  }
}

TEST(MctsOptionsTest, PuctAndSwappedPriorsProve) {
  const auto theory = test::LoadTheory("nat-add");
  UniformEvaluator evaluator;
  for (bool swap : {false, true}) {
    for (const MctsRule rule : {MctsRule::kMinimo, MctsRule::kPuct}) {
      SearchParams params;
      params.budget = 1000;
      params.mcts.rule = rule;
      params.mcts.swap_prior_value = swap;
      auto search = MakeSearch("mcts", params, theory, theory->RootState("(= z (+ z (+ z z)))"));
      const SearchRecord r = RunSearch(*search, evaluator);
      EXPECT_TRUE(r.success()) << kMctsRules.Name(rule) << " swap=" << swap;
    }
  }
  SearchParams bad;
  bad.mcts.rule = static_cast<MctsRule>(9);  // no rule has this value
  EXPECT_THROW(MakeSearch("mcts", bad, theory, theory->RootState("(= z z)")), InputError);
  EXPECT_THROW(MakeSearch("dfs", SearchParams{}, theory, theory->RootState("(= z z)")), InputError);
}

TEST(RecordTest, TrainingExamplesFollowMinimo) {
  const auto theory = test::LoadTheory("nat-add");
  SearchParams params;
  params.budget = 1000;
  auto search =
      MakeSearch("mcts", params, theory, theory->RootState("(= (+ (s z) (s z)) (s (s z)))"));
  UniformEvaluator evaluator;
  const SearchRecord r = RunSearch(*search, evaluator);
  ASSERT_TRUE(r.success());
  EXPECT_NEAR(r.proof_logprob, -4.27667, 1e-4);  // log of the uniform priors on the path
  Rng rng(1);
  const std::vector<TrainingExample> examples = ExtractTrainingExamples(r, &rng);
  int policy_yes = 0, policy = 0, value_yes = 0, value_no = 0;
  for (const TrainingExample& x : examples) {
    const bool yes = x.text.ends_with("???Y");
    EXPECT_TRUE(yes || x.text.ends_with("???N"));
    EXPECT_TRUE(x.text.starts_with("S: "));
    if (x.kind == TrainingExample::Kind::kPolicy) {
      ++policy;
      policy_yes += yes;
      EXPECT_NE(x.text.find("\nA: "), std::string::npos);
    } else {
      (yes ? value_yes : value_no) += 1;
    }
  }
  EXPECT_EQ(policy_yes, 6);  // 3 shows = 6 choices (c X, then => T.)
  EXPECT_GT(policy, policy_yes);
  EXPECT_EQ(value_yes, 7);  // 7 states on the path, "<solved>" included
  EXPECT_EQ(value_no, 70);  // subsampled to 10 x positives
  bool solved_positive = false;
  for (const TrainingExample& x : examples) solved_positive |= x.text == "S: <solved>\n???Y";
  EXPECT_TRUE(solved_positive);

  SearchRecord failed = r;
  failed.proof.reset();
  EXPECT_TRUE(ExtractTrainingExamples(failed, &rng).empty());
}

TEST(UniformEvaluatorTest, ScoresGenerationAndLogProb) {
  UniformEvaluator evaluator;
  NodeQuery q;
  q.state = "G=1";
  q.actions = {"a", "b", "c"};
  const std::vector<NodeScores> s = evaluator.Score(std::vector<NodeQuery>{q});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].state_value, 0.0);
  EXPECT_EQ(s[0].action_values, std::vector<double>(3, 0.0));
  GenerationQuery g;
  g.prompt = "S: ";
  g.max_chars = 20;
  g.seed = 5;
  const auto a = evaluator.Generate(std::vector<GenerationQuery>{g, g});
  EXPECT_EQ(a[0].text, a[1].text);
  EXPECT_LE(a[0].text.size(), 20u);
  EXPECT_LT(a[0].logprob, 0.0);
  const auto lp = evaluator.LogProb(std::vector<ContinuationQuery>{{"S: ", "ab"}});
  EXPECT_NEAR(lp[0], -2 * std::log(128.0), 1e-12);
}

}  // namespace
}  // namespace lf::search
