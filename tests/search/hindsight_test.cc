// Hindsight relabelling: derived facts become theorems over the intro'd variables,
// with minimal proofs that the checker accepts.

#include "search/hindsight.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "kernel/checker.h"
#include "search/proof_script.h"
#include "search/uniform.h"
#include "test_theory.h"

namespace lf::search {
namespace {

// Follows `actions` from the root of `goal`, recording the tree path.
TreePath Walk(const kernel::Theory& theory, const std::string& goal,
              const std::vector<std::string>& actions) {
  TreePath path;
  path.nodes.push_back(GoalNode({theory.RootState(goal)}));
  for (const std::string& a : actions) {
    GoalNode::Expansion e = path.nodes.back().Expand();
    const auto it = std::find(e.actions.begin(), e.actions.end(), a);
    EXPECT_NE(it, e.actions.end()) << a;
    path.actions.push_back(a);
    path.nodes.push_back(e.children[static_cast<size_t>(it - e.actions.begin())]);
  }
  return path;
}

TEST(HindsightTest, FactUnderIntrosBecomesQuantifiedTheorem) {
  const auto theory = test::LoadTheory("nat-add");
  const TreePath path = Walk(*theory, "[('a0 : nat) -> ('a1 : nat) -> (= (+ 'a0 'a1) (+ 'a1 'a0))]",
                             {"intro.", "intro.", "c eq_refl", "=> (= x x)."});
  const auto h = Relabel(*theory, path);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->fact, "(= x x)");
  EXPECT_EQ(h->statement, "[('a0 : nat) -> ('a1 : nat) -> (= 'a0 'a0)]");
  EXPECT_EQ(h->proof.actions,
            (std::vector<std::string>{"intro.", "intro.", "c eq_refl", "=> (= x x)."}));
  EXPECT_TRUE(h->proof.nodes.back().IsTerminal());
  // The relabelled proof is the checker's: its script, as a CheckedProof.
  EXPECT_EQ(h->script.lines(), PathProofScript(h->proof));
  EXPECT_EQ(h->script.statement().ToString(), h->statement);
  EXPECT_TRUE(CheckProofScript(*theory, h->script.lines()).ok);
  const SearchRecord record = PathRecord(*h);
  ASSERT_TRUE(record.success());
  EXPECT_EQ(record.proof->lines(), h->script.lines());
}

TEST(HindsightTest, UnneededConstructionsAreMinimisedAway) {
  const auto theory = test::LoadTheory("nat-add");
  // The first construction is not needed for the final fact.
  const TreePath path =
      Walk(*theory, "(= (+ (s z) (s z)) (s (s z)))",
           {"c eq_refl", "=> (= z z).", "c +_s", "=> (= (+ (s z) (s z)) (s (+ (s z) z)))."});
  const auto h = Relabel(*theory, path);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->statement, "(= (+ (s z) (s z)) (s (+ (s z) z)))");
  EXPECT_EQ(h->proof.actions.size(), 2u);
  UniformEvaluator uniform;
  EXPECT_LT(PathLogProb(h->proof, &uniform), 0.0);
}

TEST(HindsightTest, NodesWithoutADerivedFactAreNotRelabelled) {
  const auto theory = test::LoadTheory("nat-add");
  const TreePath path = Walk(*theory, "(= (+ (s z) (s z)) (s (s z)))", {"c +_s"});
  EXPECT_FALSE(Relabel(*theory, path).has_value());
}

TEST(HindsightTest, ReplayRejectsMissingActionsAndUnfinishedProofs) {
  const auto theory = test::LoadTheory("nat-add");
  const kernel::Term goal = kernel::ParseTerm("(= (+ z z) z)");
  EXPECT_TRUE(ReplayProof(*theory, goal, {"c +_z", "=> (= (+ z z) z)."}).has_value());
  EXPECT_FALSE(ReplayProof(*theory, goal, {"c +_z"}).has_value());
  EXPECT_FALSE(ReplayProof(*theory, goal, {"c +_s"}).has_value());
}

}  // namespace
}  // namespace lf::search
