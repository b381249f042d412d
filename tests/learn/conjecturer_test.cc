// The conjecturer: grammar-constrained sampling always yields well-formed,
// well-typed, novel conjectures, even from an untrained model, and is
// reproducible for a seed.

#include "learn/conjecturer.h"

#include <gtest/gtest.h>

#include "kernel/typing.h"
#include "learn/learn_params.h"
#include "learn/trainer.h"
#include "model/model_params.h"
#include "model/transformer_evaluator.h"
#include "test_theory.h"

namespace lf::learn {
namespace {

class ConjecturerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    theory_ = test::LoadTheory("nat-add");
    trainer_ = std::make_unique<Trainer>(model::TinyModelParams(), LearnParams{});
    lm_ = std::make_unique<model::TransformerEvaluator>(trainer_->model());
  }
  std::shared_ptr<const kernel::Theory> theory_;
  std::unique_ptr<Trainer> trainer_;
  std::unique_ptr<model::TransformerEvaluator> lm_;
};

TEST_F(ConjecturerTest, SamplesAreCompleteConjecturesOfTheGrammar) {
  const learn::ConjectureGrammar grammar(*theory_);
  Rng rng(3);
  int produced = 0;
  for (int i = 0; i < 5; ++i) {
    const auto c = SampleConjecture(grammar, lm_.get(), &rng, ConjecturerParams{});
    if (!c) continue;
    ++produced;
    EXPECT_TRUE(grammar.Complete(*c).complete) << *c;
    // Equalities come out elaborated, (= nat a b); contracted they type as props.
    if (c->find("(= ") != std::string::npos) {
      EXPECT_NE(c->find("(= nat "), std::string::npos) << *c;
    }
    const kernel::Term t = kernel::Contract(kernel::ParseTerm(*c));
    EXPECT_EQ(kernel::GetType(t, theory_->base().context()), kernel::Context::PropConstant()) << *c;
  }
  EXPECT_GT(produced, 0);
}

TEST_F(ConjecturerTest, NovelConjecturesAreDistinctWellTypedAndReproducible) {
  Rng a(11), b(11);
  const std::vector<std::string> known = {"(= z z)"};
  const auto first = SampleNovelConjectures(*theory_, lm_.get(), 4, known, &a, ConjecturerParams{});
  const auto second =
      SampleNovelConjectures(*theory_, lm_.get(), 4, known, &b, ConjecturerParams{});
  EXPECT_EQ(first, second);
  ASSERT_FALSE(first.empty());
  for (size_t i = 0; i < first.size(); ++i) {
    const kernel::Term t = kernel::ParseTerm(first[i]);
    EXPECT_EQ(kernel::GetType(t, theory_->base().context()), kernel::Context::PropConstant());
    EXPECT_NE(first[i], "(= z z)");
    for (size_t j = 0; j < i; ++j)
      EXPECT_FALSE(kernel::AlphaEquivalent(t, kernel::ParseTerm(first[j])));
  }
}

}  // namespace
}  // namespace lf::learn
