// libFuzzer target: arbitrary bytes as a goal set -- the JSON format
// {"goals": [{"name", "theorem", "solution": [...]}]} or "<id>. <statement>"
// lines (app/goal_set.h, over core/json.h). Every parsed goal's statement is
// then parsed and type-checked as a root proof state in each shipped theory,
// and a goal's solution is checked as `lemmaforge check-goals --theory nat-add`
// does. Must end normally or in an InputError -- never a crash, another
// exception, a leak or a hang.
//
// Build and run: scripts/fuzz-smoke.sh [SECONDS] (clang, -DLF_FUZZ=ON).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/goal_set.h"
#include "core/error.h"
#include "kernel/checker.h"
#include "kernel/syntax.h"
#include "kernel/theory.h"

namespace {

using lf::kernel::Theory;

// The shipped theories, loaded once (configs/theories of the source tree).
std::vector<std::shared_ptr<const Theory>> LoadTheories() {
  std::vector<std::shared_ptr<const Theory>> all;
  for (const std::string& name : lf::kernel::ShippedTheories()) all.push_back(Theory::Load(name));
  if (all.empty()) {
    std::fprintf(stderr, "goals_fuzz: no shipped theories found; set LF_CONFIG_DIR\n");
    std::abort();
  }
  return all;
}

// check-goals (app/cmd_check.cc) on one goal: the solution must be one theorem
// script, stating the goal's theorem, and is checked in `theory`.
void CheckSolution(const Theory& theory, const lf::app::Goal& g) {
  std::string script;
  for (const std::string& line : g.solution) script += line + "\n";
  const auto items = lf::kernel::ParseFile(script, "fuzz.json");
  if (items.size() != 1 || items[0].kind != lf::kernel::SourceItem::Kind::kProof ||
      !items[0].proof.statement)
    return;
  const lf::kernel::Term statement = lf::kernel::ParseTerm(g.theorem, "fuzz.json");
  if (!lf::kernel::AlphaEquivalent(statement, *items[0].proof.statement)) return;
  lf::kernel::CheckProof(theory.base(), items[0].proof);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto theories = LoadTheories();
  static const auto nat_add = Theory::Load("nat-add");
  const std::string text(reinterpret_cast<const char*>(data), size);
  lf::app::GoalSet set;
  try {
    set = lf::app::ParseGoalSet(text, "fuzz.json");
  } catch (const lf::InputError&) {
    return 0;
  }
  for (const lf::app::Goal& g : set.goals) {
    for (const auto& theory : theories) {
      try {
        theory->RootState(g.theorem, g.name);
      } catch (const lf::InputError&) {
      }
    }
    if (g.solution.empty()) continue;
    try {
      CheckSolution(*nat_add, g);
    } catch (const lf::InputError&) {
    }
  }
  return 0;
}
