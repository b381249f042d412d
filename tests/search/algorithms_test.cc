// Every algorithm, with the uniform evaluator and a fixed seed, proves the two
// issue problems within a modest budget; every proof passes the kernel's checker
// (Search::Finish re-checks; here it is checked once more independently). Same
// seed -> same proof; a pool of searches == the searches one by one.

#include "search/algorithms.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "kernel/theory.h"
#include "search/proof_script.h"
#include "search/search_pool.h"
#include "search/uniform.h"
#include "test_theory.h"

namespace lf::search {
namespace {

struct Problem {
  const char* theory;
  const char* goal;
};

constexpr Problem kNatAdd = {"nat-add", "(= (+ (s z) (s z)) (s (s z)))"};
constexpr Problem kTautology = {"propositional-logic", "[('a0 : prop) -> ['a0 -> 'a0]]"};

// Budget per algorithm: MCTS iterations, forward steps, otherwise expansions.
int Budget(const std::string& algorithm) { return algorithm.rfind("forward", 0) == 0 ? 3000 : 500; }

// The checked proof's lines, or none.
std::vector<std::string> ProofLines(const SearchRecord& r) {
  return r.proof ? r.proof->lines() : std::vector<std::string>{};
}

SearchRecord Prove(const std::string& algorithm, const Problem& p, uint64_t seed = 1) {
  const auto theory = test::LoadTheory(p.theory);
  SearchParams params;
  params.budget = Budget(algorithm);
  params.seed = seed;
  auto search = MakeSearch(algorithm, params, theory, theory->RootState(p.goal));
  UniformEvaluator evaluator;
  return RunSearch(*search, evaluator);
}

class AlgorithmTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AlgorithmTest, ProvesNatAddAndTautologyWithCheckedProofs) {
  for (const Problem& p : {kNatAdd, kTautology}) {
    SCOPED_TRACE(std::string(p.theory) + " " + p.goal);
    const SearchRecord r = Prove(GetParam(), p);
    ASSERT_TRUE(r.success()) << "iterations=" << r.iterations << " expansions=" << r.expansions
                             << " check_error=" << r.check_error;
    EXPECT_LE(r.expansions, Budget(GetParam()));
    EXPECT_EQ(r.proof->lines().front(), std::string("theorem t : ") + p.goal + " {");
    EXPECT_LE(r.proof_logprob, 0.0);
    const auto theory = test::LoadTheory(p.theory);
    const kernel::CheckVerdict v = CheckProofScript(*theory, r.proof->lines());
    EXPECT_TRUE(v.ok) << v.message;
  }
}

TEST_P(AlgorithmTest, SameSeedSameProof) {
  const SearchRecord a = Prove(GetParam(), kNatAdd, 7);
  const SearchRecord b = Prove(GetParam(), kNatAdd, 7);
  EXPECT_EQ(ProofLines(a), ProofLines(b));
  EXPECT_EQ(a.expansions, b.expansions);
  EXPECT_EQ(a.nodes.size(), b.nodes.size());
}

TEST_P(AlgorithmTest, PoolEqualsSequential) {
  const std::vector<Problem> problems = {kNatAdd, kTautology, kNatAdd, kTautology};
  std::vector<SearchRecord> sequential;
  for (size_t i = 0; i < problems.size(); ++i)
    sequential.push_back(Prove(GetParam(), problems[i], i));
  UniformEvaluator evaluator;
  SearchPool pool(&evaluator, 3);
  const std::vector<SearchRecord> pooled = pool.Run(problems.size(), [&](size_t i) {
    const auto theory = test::LoadTheory(problems[i].theory);
    SearchParams params;
    params.budget = Budget(GetParam());
    params.seed = i;
    return MakeSearch(GetParam(), params, theory, theory->RootState(problems[i].goal));
  });
  ASSERT_EQ(pooled.size(), sequential.size());
  for (size_t i = 0; i < pooled.size(); ++i) {
    EXPECT_EQ(pooled[i].success(), sequential[i].success());
    EXPECT_EQ(ProofLines(pooled[i]), ProofLines(sequential[i]));
    EXPECT_EQ(pooled[i].iterations, sequential[i].iterations);
    EXPECT_EQ(pooled[i].expansions, sequential[i].expansions);
    EXPECT_EQ(pooled[i].nodes.size(), sequential[i].nodes.size());
  }
  EXPECT_GT(pool.stats().max_batch, 1);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, AlgorithmTest, ::testing::ValuesIn(AlgorithmNames()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

// Counts what MCTS asks the evaluator for, answering like the uniform one.
class CountingEvaluator : public UniformEvaluator {
 public:
  std::vector<NodeScores> Score(std::span<const NodeQuery> queries) override {
    ++calls;
    for (const NodeQuery& q : queries) state_queries += q.want_state_value ? 1 : 0;
    return UniformEvaluator::Score(queries);
  }
  int calls = 0;
  int state_queries = 0;
};

// Lazy child values: one query (leaf value + action priors) per expansion;
// eager (minimo): one state query per new child on top. With uniform scores both
// find the same proof.
TEST(MctsChildValuesTest, LazyAsksOneQueryPerExpansion) {
  const auto theory = test::LoadTheory(kNatAdd.theory);
  SearchRecord records[2];
  CountingEvaluator counts[2];
  for (int i = 0; i < 2; ++i) {
    SearchParams params;
    params.budget = 200;
    params.mcts.child_values = i == 0 ? ChildValues::kLazy : ChildValues::kEager;
    auto search = MakeSearch("mcts", params, theory, theory->RootState(kNatAdd.goal));
    records[i] = RunSearch(*search, counts[i]);
  }
  ASSERT_TRUE(records[0].success());
  ASSERT_TRUE(records[1].success());
  EXPECT_EQ(records[0].proof->lines(), records[1].proof->lines());
  // The root value query, then exactly one state-valued query per expansion.
  EXPECT_EQ(counts[0].state_queries, 1 + records[0].expansions);
  EXPECT_GT(counts[1].state_queries, 3 * records[1].expansions);
}

}  // namespace
}  // namespace lf::search
