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

#include "app/configs_dir.h"
#include "app/goal_set.h"
#include "core/error.h"
#include "kernel/theory.h"

namespace {

using lf::kernel::Theory;

// The shipped theories, loaded once (configs/theories of the source tree).
std::vector<std::shared_ptr<const Theory>> LoadTheories() {
  std::vector<std::shared_ptr<const Theory>> all;
  for (const std::string& name : lf::app::ShippedTheories())
    all.push_back(lf::app::LoadTheory(name));
  if (all.empty()) {
    std::fprintf(stderr, "goals_fuzz: no shipped theories found; set LF_CONFIG_DIR\n");
    std::abort();
  }
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto theories = LoadTheories();
  static const auto nat_add = lf::app::LoadTheory("nat-add");
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
      lf::app::CheckGoalSolution(*nat_add, g, "fuzz.json");
    } catch (const lf::InputError&) {
    }
  }
  return 0;
}
