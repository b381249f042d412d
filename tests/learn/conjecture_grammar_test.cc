// Test vector J (peano.md §21): completions of the conjecture grammar in nat-add.

#include "learn/conjecture_grammar.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_theory.h"

namespace lf::learn {
namespace {

using Strings = std::vector<std::string>;

bool Has(const Strings& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class GrammarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    theory_ = test::LoadTheory("nat-add");
    grammar_ = std::make_unique<ConjectureGrammar>(*theory_);
  }
  Strings Next(const std::string& prefix) const { return grammar_->Complete(prefix).next; }
  std::shared_ptr<const kernel::Theory> theory_;
  std::unique_ptr<ConjectureGrammar> grammar_;
};

TEST_F(GrammarTest, EmptyPrefixOffersApplicationOrArrow) {
  // `(` via `=` (output prop), no prop-typed atoms in nat-add, and `[`.
  EXPECT_EQ(Next(""), (Strings{"(", "["}));
}

TEST_F(GrammarTest, ArrowDeclaresParametersInOrder) {
  EXPECT_EQ(Next("["), Strings{"("});
  EXPECT_EQ(Next("[("), Strings{"'a0"});
  EXPECT_EQ(Next("[('a0"), Strings{" : "});
  const Strings types = Next("[('a0 : ");
  EXPECT_TRUE(Has(types, "nat"));
  EXPECT_TRUE(Has(types, "prop"));
  EXPECT_TRUE(Has(types, "("));  // a prop application: (= ...)
  EXPECT_EQ(Next("[('a0 : nat)"), Strings{" -> "});
  const Strings after = Next("[('a0 : nat) -> (");
  EXPECT_TRUE(Has(after, "'a1"));
  EXPECT_TRUE(Has(after, "="));
}

TEST_F(GrammarTest, EqualityIsElaborated) {
  // First argument: a type atom; then two nat-typed values.
  const Strings first = Next("(=");
  EXPECT_TRUE(Has(first, " nat"));
  EXPECT_TRUE(Has(first, " prop"));
  EXPECT_FALSE(Has(first, " z"));
  const Strings second = Next("(= nat");
  EXPECT_TRUE(Has(second, " z"));
  EXPECT_TRUE(Has(second, " ("));
  EXPECT_FALSE(Has(second, " nat"));
  const Strings head = Next("(= nat (");
  EXPECT_TRUE(Has(head, "s"));
  EXPECT_TRUE(Has(head, "+"));
  EXPECT_FALSE(Has(head, "="));
  // Declared parameters are values of their type.
  EXPECT_TRUE(Has(Next("[('a0 : nat) -> (= nat"), " 'a0"));
}

TEST_F(GrammarTest, CompleteConjectures) {
  EXPECT_TRUE(grammar_->Complete("[('a0 : nat) -> (= nat (+ z 'a0) 'a0)]").complete);
  EXPECT_TRUE(grammar_->Complete("(= nat (s z) (+ z (s z)))").complete);
  EXPECT_FALSE(grammar_->Complete("(= nat (s z)").complete);
  EXPECT_EQ(Next("(= nat (s z) z"), Strings{")"});
  EXPECT_TRUE(Next("(= nat (s z) z)").empty());
}

}  // namespace
}  // namespace lf::learn
