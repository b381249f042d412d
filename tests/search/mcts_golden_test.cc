// Golden test: minimo MCTS with the uniform evaluator reproduces the reference's
// runs in ../shared/golden/mcts-uniform.jsonl (golden/uniform-policy.md): solved
// flag, iterations and expansions always; tree size and proof lines where the
// reference was stable across processes.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "kernel/theory.h"
#include "search/algorithms.h"
#include "search/search_pool.h"
#include "search/uniform.h"
#include "test_paths.h"
#include "test_theory.h"

namespace lf::search {
namespace {

struct GoldenRun {
  std::string theory, goal;
  bool solved = false, stable = false;
  int iterations = 0, expansions = 0, tree_nodes = 0;
  std::vector<std::string> proof;
};

std::vector<GoldenRun> LoadGolden() {
  const std::string path = lf::test::SharedDir() + "/golden/mcts-uniform.jsonl";
  const std::string text = ReadFileOrThrow(path);
  std::vector<GoldenRun> runs;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    const json::Value v = json::Parse(line, path);
    GoldenRun r;
    r.theory = v.Find("theory")->str();
    r.goal = v.Find("goal")->str();
    r.solved = v.Find("solved")->boolean();
    r.stable = v.Find("stable_across_runs")->boolean();
    r.iterations = static_cast<int>(v.Find("iterations")->number());
    r.expansions = static_cast<int>(v.Find("expansions")->number());
    r.tree_nodes = static_cast<int>(v.Find("tree_nodes")->number());
    if (v.Find("proof")->is_array()) {
      for (const json::Value& l : v.Find("proof")->items()) r.proof.push_back(l.str());
    }
    runs.push_back(std::move(r));
  }
  return runs;
}

TEST(MctsGoldenTest, ReproducesReferenceUniformRuns) {
  const std::vector<GoldenRun> runs = LoadGolden();
  ASSERT_EQ(runs.size(), 12u);
  UniformEvaluator evaluator;
  for (const GoldenRun& g : runs) {
    SCOPED_TRACE(g.theory + " " + g.goal);
    const auto theory = test::LoadTheory(g.theory);
    SearchParams params;
    params.budget = 1000;
    auto search = MakeSearch("mcts", params, theory, theory->RootState(g.goal));
    const SearchRecord r = RunSearch(*search, evaluator);
    EXPECT_EQ(r.success(), g.solved);
    EXPECT_EQ(r.iterations, g.iterations);
    EXPECT_EQ(r.expansions, g.expansions);
    EXPECT_TRUE(r.check_error.empty()) << r.check_error;
    if (g.stable) {
      EXPECT_EQ(static_cast<int>(r.nodes.size()), g.tree_nodes);
      EXPECT_EQ(r.proof ? r.proof->lines() : std::vector<std::string>{}, g.proof);
    }
  }
}

}  // namespace
}  // namespace lf::search
