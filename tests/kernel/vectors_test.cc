// The spec's kernel test vectors A-E (peano.md §21) and unit tests of terms,
// evaluation and unification (cases of the reference's own kernel tests).

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "kernel/syntax.h"
#include "kernel/theory.h"
#include "kernel/typing.h"
#include "search/goal_node.h"
#include "test_theory.h"

namespace lf::kernel {
namespace {

using search::GoalNode;

constexpr const char* kZeroAdd = "[('a0 : nat) -> (= (+ z 'a0) 'a0)]";

GoalNode Child(const GoalNode& node, const std::string& action) {
  const GoalNode::Expansion e = node.Expand();
  const auto it = std::find(e.actions.begin(), e.actions.end(), action);
  EXPECT_NE(it, e.actions.end()) << "no action " << action << " in " << node.ToString();
  if (it == e.actions.end()) return node;
  return e.children[static_cast<size_t>(it - e.actions.begin())];
}

class VectorsTest : public ::testing::Test {
 protected:
  void SetUp() override { theory_ = test::LoadTheory("nat-add"); }
  GoalNode Root(const std::string& goal) const { return GoalNode({theory_->RootState(goal)}); }
  std::shared_ptr<const Theory> theory_;
};

TEST_F(VectorsTest, A_RootStateString) {
  EXPECT_EQ(Root(kZeroAdd).ToString(),
            "G=1\nState: {  }\nGoal: [('a0 : nat) -> (= (+ z 'a0) 'a0)]\n");
}

TEST_F(VectorsTest, B_RootChildren) {
  const GoalNode::Expansion e = Root(kZeroAdd).Expand();
  EXPECT_EQ(e.actions, (std::vector<std::string>{"intro.", "c eq_refl", "a nat_ind"}));
  const GoalNode refl = Child(Root(kZeroAdd), "c eq_refl");
  const auto options = refl.Expand().actions;
  ASSERT_FALSE(options.empty());
  EXPECT_EQ(options.front(), "=> (= z z).");
  EXPECT_EQ(options.back(),
            "=> (= [('a0 : nat) -> (= (+ z 'a0) 'a0)] [('a0 : nat) -> (= (+ z 'a0) 'a0)]).");
}

TEST_F(VectorsTest, C_NatIndOptionAndConjunction) {
  const GoalNode apply = Child(Root(kZeroAdd), "a nat_ind");
  const std::string option =
      "=> (= (+ z z) z); [('n : nat) -> (= (+ z 'n) 'n) -> (= (+ z (s 'n)) (s 'n))].";
  EXPECT_EQ(apply.Expand().actions, std::vector<std::string>{option});
  const GoalNode both = Child(apply, option);
  EXPECT_TRUE(both.IsConjunctive());
  EXPECT_EQ(both.ToString(),
            "G=2\nState: {  }\nGoal: (= (+ z z) z)\n\n-----\nState: {  }\n"
            "Goal: [('n : nat) -> (= (+ z 'n) 'n) -> (= (+ z (s 'n)) (s 'n))]\n");
}

TEST_F(VectorsTest, D_BaseCaseClosesWithPlusZ) {
  const GoalNode base = Child(Child(Child(Root(kZeroAdd), "a nat_ind"),
                                    Child(Root(kZeroAdd), "a nat_ind").Expand().actions[0]),
                              "0");
  const GoalNode done = Child(Child(base, "c +_z"), "=> (= (+ z z) z).");
  EXPECT_TRUE(done.IsTerminal());
  EXPECT_EQ(done.ToString(), "<solved>");
}

TEST_F(VectorsTest, E_InductiveStep) {
  const GoalNode apply = Child(Root(kZeroAdd), "a nat_ind");
  GoalNode step = Child(Child(apply, apply.Expand().actions[0]), "1");
  step = Child(step, "intro.");
  EXPECT_EQ(step.states()[0].FormatContext(), "{ x : nat }");
  step = Child(step, "intro.");
  EXPECT_EQ(step.ToString(),
            "G=1\nState: { x : nat, x0 : (= (+ z x) x) }\nGoal: (= (+ z (s x)) (s x))\n");
  step = Child(Child(step, "c +_s"), "=> (= (+ z (s x)) (s (+ z x))).");
  EXPECT_EQ(step.states()[0].FormatContext(),
            "{ x : nat, x0 : (= (+ z x) x), p : (= (+ z (s x)) (s (+ z x))) }");
  const GoalNode done = Child(Child(step, "c rewrite"), "=> (= (+ z (s x)) (s x)).");
  EXPECT_TRUE(done.IsTerminal());
}

TEST_F(VectorsTest, GoalThatIsNotAPropositionIsRejected) {
  EXPECT_THROW(theory_->RootState("(+ z z)"), InputError);
  EXPECT_THROW(theory_->RootState("(= (+ z foo) z)"), InputError);
  EXPECT_THROW(theory_->RootState("(= (+ z z) z"), InputError);
}

TEST(TermTest, ParseAndPrintRoundTrip) {
  for (const char* s :
       {"x", "(s n)", "(lambda ('n : nat, 'f : [nat -> nat -> nat]) ('f 'n ('f (s 'n) (s 'n))))",
        "[('a0 : nat) -> ('a1 : (= 'a0 z)) -> (= (+ z 'a0) 'a0)]"}) {
    EXPECT_EQ(ParseTerm(s).ToString(), s);
  }
  // Unquoted binders are renamed with their occurrences in scope.
  EXPECT_EQ(ParseTerm("[(n : nat) -> (= n n)]").ToString(), "[('n : nat) -> (= 'n 'n)]");
}

TEST(TermTest, HashConsingGivesPointerEquality) {
  const Term a = ParseTerm("(+ (s z) z)");
  const Term b = Term::Application(Term::Atom("+"), {ParseTerm("(s z)"), Term::Atom("z")});
  EXPECT_EQ(a.get(), b.get());
  EXPECT_NE(a, ParseTerm("(+ z (s z))"));
}

// Terms built, dropped and rebuilt on several threads at once stay hash-consed:
// a node whose last reference is going away is never handed out again.
TEST(TermTest, InterningIsThreadSafe) {
  const std::vector<std::string> sources = {"(+ (s z) z)", "[('a : nat) -> (= (+ z 'a) 'a)]",
                                            "(lambda ('n : nat) (s (s 'n)))"};
  constexpr int kThreads = 4;
  std::vector<std::vector<Term>> kept(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&sources, &out = kept[i]] {
      for (int round = 0; round < 2000; ++round) {
        std::vector<Term> terms;
        for (const std::string& s : sources) terms.push_back(ParseTerm(s));
        if (round == 1999) out = std::move(terms);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t j = 0; j < sources.size(); ++j) {
    EXPECT_EQ(kept[0][j].ToString(), sources[j]);
    for (int i = 1; i < kThreads; ++i) EXPECT_EQ(kept[i][j].get(), kept[0][j].get());
  }
}

TEST(TermTest, ReplaceRebuildsOnlyWhatChanges) {
  const Term t = ParseTerm("(+ (s 'a) (lambda ('a : nat) 'a))");
  EXPECT_EQ(Replace(t, "'b", Term::Atom("z")).get(), t.get());
  EXPECT_EQ(Replace(t, "'a", Term::Atom("z")).ToString(), "(+ (s z) (lambda ('a : nat) 'a))");
  EXPECT_EQ(Replace(t, "'a", Term::Atom("z")).arguments()[1].get(), t.arguments()[1].get());
}

TEST(TermTest, AlphaEquivalence) {
  auto eq = [](const char* a, const char* b) {
    return AlphaEquivalent(ParseTerm(a), ParseTerm(b));
  };
  EXPECT_TRUE(eq("[('n : nat) -> (leq 'n 'n)]", "[('a : nat) -> (leq 'a 'a)]"));
  EXPECT_FALSE(eq("[('n : nat) -> ('m : nat) -> (leq 'n 'n)]", "[('a : nat) -> (leq 'a 'a)]"));
  EXPECT_FALSE(eq("[('n : nat) -> (leq 'n 'n)]", "[('a : nat) -> (geq 'a 'a)]"));
  EXPECT_FALSE(
      eq("(lambda ('x : nat, 'y : nat) (leq 'x 'y))", "(lambda ('x : nat, 'y : nat) (leq 'x 'x))"));
  EXPECT_TRUE(
      eq("(lambda ('x : nat, 'y : nat) (leq 'x 'y))", "(lambda ('y : nat, 'x : nat) (leq 'y 'x))"));
}

TEST(TermTest, UnifyParams) {
  Unifier u;
  EXPECT_TRUE(UnifyParams(ParseTerm("(leq (+ 'x 'x) 'y)"), ParseTerm("(leq (+ 1 1) 2)"), &u));
  EXPECT_EQ(u.Find("'x")->ToString(), "1");
  EXPECT_EQ(u.Find("'y")->ToString(), "2");
  Unifier v;
  EXPECT_FALSE(UnifyParams(ParseTerm("(leq (+ 'x 'x) 'x)"), ParseTerm("(leq (+ 1 1) 2)"), &v));
}

TEST(TermTest, ElaborateAndContract) {
  const auto theory = test::LoadTheory("nat-add");
  const Term t = ParseTerm("[('a : nat) -> (= 'a 'a)]");
  const Term e = Elaborate(t, theory->base().context());
  EXPECT_EQ(e.ToString(), "[('a : nat) -> (= nat 'a 'a)]");
  EXPECT_EQ(Contract(e), t);
  // An anonymous input sees the declarations before it (a hindsight statement).
  const Term h = ParseTerm("[('n : nat) -> (= 'n 'n) -> (= 'n 'n)]");
  EXPECT_EQ(Elaborate(h, theory->base().context()).ToString(),
            "[('n : nat) -> (= nat 'n 'n) -> (= nat 'n 'n)]");
}

TEST(TermTest, EvalBetaReducesLambdas) {
  const auto items = ParseFile(
      "nat : type. z : nat. s : [nat -> nat]. ss : [nat -> nat] = (lambda (n : nat) (s (s n))).",
      "t.p");
  const Derivation d = Theory::BuildDerivation(items);
  EXPECT_EQ(Eval(ParseTerm("(ss z)"), d.context()).ToString(), "(s (s z))");
  EXPECT_TRUE(AreEquivalent(ParseTerm("(ss (s z))"), ParseTerm("(s (s (s z)))"), d.context()));
}

TEST(TermTest, NdUnifyFlexRigidAbstractsAllOccurrences) {
  const auto theory = test::LoadTheory("nat-add");
  Scope scope(theory->base().context());
  const auto us = NdUnify(ParseTerm("('p z)"), ParseTerm("(= (+ z z) z)"), &scope);
  ASSERT_EQ(us.size(), 1u);
  EXPECT_EQ(us[0].Find("'p")->ToString(), "(lambda ('0 : nat) (= (+ '0 '0) '0))");
}

}  // namespace
}  // namespace lf::kernel
