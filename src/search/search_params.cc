#include "search/search_params.h"

#include "core/error.h"

namespace lf::search {
namespace {

void Require(bool ok, const char* option, const char* what) {
  if (!ok) throw InputError(std::string("--") + option + " " + what);
}

}  // namespace

void Validate(const SearchParams& p) {
  Require(p.budget > 0, "budget", "must be positive");
  Require(p.timeout_s >= 0, "timeout", "must not be negative");
  Require(p.mcts.rule == "minimo" || p.mcts.rule == "puct", "mcts.rule",
          "must be 'minimo' or 'puct'");
  Require(p.mcts.child_values == "lazy" || p.mcts.child_values == "eager", "mcts.child_values",
          "must be 'lazy' or 'eager'");
  Require(p.mcts.exploration >= 0, "mcts.exploration", "must not be negative");
  Require(p.mcts.c_puct >= 0, "mcts.c_puct", "must not be negative");
  Require(p.mcts.value_prior_weight >= 0, "mcts.value_prior_weight", "must not be negative");
  Require(p.htps.exploration >= 0, "htps.exploration", "must not be negative");
  Require(p.fringe.min_value > 0 && p.fringe.min_value <= 1, "fringe.min_value",
          "must be in (0, 1]");
  Require(p.forward.max_consecutive_invalid > 0, "forward.max_consecutive_invalid",
          "must be positive");
  Require(p.forward.temperature > 0, "forward.temperature", "must be positive");
  Require(p.forward.max_steps > 0, "forward.max_steps", "must be positive");
}

}  // namespace lf::search
