#include "search/search_params.h"

#include <array>

#include "core/check.h"
#include "core/error.h"

namespace lf::search {
namespace {

constexpr std::array<ParamRule, 12> kRules{{
    {"budget", [](const SearchParams& p) { return p.budget > 0; }, "must be positive"},
    {"timeout", [](const SearchParams& p) { return p.timeout_s >= 0; }, "must not be negative"},
    {"mcts.rule",
     [](const SearchParams& p) { return p.mcts.rule == "minimo" || p.mcts.rule == "puct"; },
     "must be one of: minimo puct"},
    {"mcts.child_values",
     [](const SearchParams& p) {
       return p.mcts.child_values == "lazy" || p.mcts.child_values == "eager";
     },
     "must be one of: lazy eager"},
    {"mcts.exploration", [](const SearchParams& p) { return p.mcts.exploration >= 0; },
     "must not be negative"},
    {"mcts.c_puct", [](const SearchParams& p) { return p.mcts.c_puct >= 0; },
     "must not be negative"},
    {"mcts.value_prior_weight",
     [](const SearchParams& p) { return p.mcts.value_prior_weight >= 0; }, "must not be negative"},
    {"htps.exploration", [](const SearchParams& p) { return p.htps.exploration >= 0; },
     "must not be negative"},
    {"fringe.min_value",
     [](const SearchParams& p) { return p.fringe.min_value > 0 && p.fringe.min_value <= 1; },
     "must be in (0, 1]"},
    {"forward.max_consecutive_invalid",
     [](const SearchParams& p) { return p.forward.max_consecutive_invalid > 0; },
     "must be positive"},
    {"forward.temperature", [](const SearchParams& p) { return p.forward.temperature > 0; },
     "must be positive"},
    {"forward.max_steps", [](const SearchParams& p) { return p.forward.max_steps > 0; },
     "must be positive"},
}};

}  // namespace

const ParamRule& RuleFor(std::string_view option) {
  const ParamRule* found = nullptr;
  for (const ParamRule& rule : kRules) {
    if (rule.option == option) found = &rule;
  }
  LF_CHECK(found != nullptr);  // AddOptions names only options that have a rule
  return *found;
}

void Validate(const SearchParams& p) {
  for (const ParamRule& rule : kRules) {
    if (!rule.holds(p)) throw InputError(std::string("--") + rule.option + " " + rule.requirement);
  }
}

}  // namespace lf::search
