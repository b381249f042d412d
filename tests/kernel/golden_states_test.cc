// Golden test: the kernel reproduces the reference implementation's state
// strings and action lists (../shared/golden/states-<theory>.jsonl, produced by
// running minimo; see its README). Each record gives an action path from a root
// goal; we replay it and compare the state string byte for byte and the actions
// in order where the reference's order was stable across processes (as sets
// otherwise).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "core/error.h"
#include "core/json.h"
#include "kernel/theory.h"
#include "search/goal_node.h"
#include "test_paths.h"
#include "test_theory.h"

namespace lf::kernel {
namespace {

using search::GoalNode;

std::vector<std::string> Strings(const json::Value& v) {
  std::vector<std::string> out;
  for (const auto& x : v.items()) out.push_back(x.str());
  return out;
}

class GoldenStatesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenStatesTest, ReplaysEveryRecordedNode) {
  const std::string theory_name = GetParam();
  const std::string path = test::SharedDir() + "/golden/states-" + theory_name + ".jsonl";
  std::istringstream lines(ReadFileOrThrow(path));
  const auto theory = test::LoadTheory(theory_name);
  std::map<std::string, GoalNode> roots;
  std::string line;
  int records = 0, mismatches = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    ++records;
    const json::Value r = json::Parse(line, path);
    const std::string goal = r.Find("goal")->str();
    if (!roots.count(goal)) roots.emplace(goal, GoalNode({theory->RootState(goal)}));
    GoalNode node = roots.at(goal);
    bool replayed = true;
    for (const std::string& step : Strings(*r.Find("path"))) {
      const GoalNode::Expansion e = node.Expand();
      const auto it = std::find(e.actions.begin(), e.actions.end(), step);
      if (it == e.actions.end()) {
        ADD_FAILURE() << "record " << records << ": no action '" << step << "' on the path of "
                      << goal;
        replayed = false;
        break;
      }
      node = e.children[static_cast<size_t>(it - e.actions.begin())];
    }
    if (!replayed) {
      ++mismatches;
      continue;
    }
    const std::string expected_state = r.Find("state")->str();
    EXPECT_EQ(node.ToString(), expected_state) << "record " << records;
    const std::vector<std::string> actions =
        node.IsTerminal() ? std::vector<std::string>{} : node.Expand().actions;
    if (r.Find("order_stable")->boolean()) {
      EXPECT_EQ(actions, Strings(*r.Find("actions"))) << "record " << records << "\n"
                                                      << expected_state;
    } else {
      std::vector<std::string> sorted = actions;
      std::sort(sorted.begin(), sorted.end());
      EXPECT_EQ(sorted, Strings(*r.Find("sorted_actions"))) << "record " << records;
    }
    if (::testing::Test::HasFailure() && ++mismatches > 5) break;
  }
  EXPECT_GT(records, 100);
}

INSTANTIATE_TEST_SUITE_P(Theories, GoldenStatesTest,
                         ::testing::Values("nat-add", "nat-mul", "groups", "propositional-logic"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace lf::kernel
