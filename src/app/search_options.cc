#include "app/search_options.h"

#include <sstream>
#include <type_traits>

#include "core/error.h"
#include "search/algorithms.h"

namespace lf::app {
namespace {

// A notifier that applies the rule of `option` (search::RuleFor) once Boost
// has stored the value in *p, so that a bad value is reported with the
// option's full name and, from a config file, its file:line:col.
template <typename T>
auto Checked(const search::SearchParams* p, const std::string& prefix, const char* option) {
  return [p, name = prefix + option, &rule = search::RuleFor(option)](const T& value) {
    if (rule.holds(*p)) return;
    std::ostringstream out;
    out << "--" << name << " " << rule.requirement << ", got ";
    if constexpr (std::is_same_v<T, std::string>) {
      out << "'" << value << "'";
    } else {
      out << value;
    }
    throw InputError(out.str());
  };
}

}  // namespace

void AddOptions(boost::program_options::options_description& desc, search::SearchParams* p,
                const std::string& prefix) {
  namespace po = boost::program_options;
  auto name = [&prefix](const char* option) { return (prefix + option); };
  desc.add_options()(
      name("budget").c_str(),
      po::value(&p->budget)->default_value(p->budget)->notifier(Checked<int>(p, prefix, "budget")),
      "search budget: MCTS iterations; expansions for bestfs/bfs/fringe/htps; steps for forward-*")(
      name("timeout").c_str(),
      po::value(&p->timeout_s)
          ->default_value(p->timeout_s)
          ->notifier(Checked<double>(p, prefix, "timeout")),
      "wall-clock limit per search in seconds (0: none)")(
      name("seed").c_str(), po::value(&p->seed)->default_value(p->seed),
      "random seed of the search")(name("mcts.rule").c_str(),
                                   po::value(&p->mcts.rule)
                                       ->default_value(p->mcts.rule)
                                       ->notifier(Checked<std::string>(p, prefix, "mcts.rule")),
                                   "MCTS selection rule: minimo | puct")(
      name("mcts.exploration").c_str(),
      po::value(&p->mcts.exploration)
          ->default_value(p->mcts.exploration)
          ->notifier(Checked<double>(p, prefix, "mcts.exploration")),
      "C of the minimo rule")(name("mcts.c_puct").c_str(),
                              po::value(&p->mcts.c_puct)
                                  ->default_value(p->mcts.c_puct)
                                  ->notifier(Checked<double>(p, prefix, "mcts.c_puct")),
                              "exploration constant of the puct rule")(
      name("mcts.swap_prior_value").c_str(),
      po::value(&p->mcts.swap_prior_value)->default_value(p->mcts.swap_prior_value),
      "minimo as coded: priors from child-state values, values from state-action values")(
      name("mcts.value_prior_weight").c_str(),
      po::value(&p->mcts.value_prior_weight)
          ->default_value(p->mcts.value_prior_weight)
          ->notifier(Checked<double>(p, prefix, "mcts.value_prior_weight")),
      "virtual reward W = weight * value given to each new child")(
      name("mcts.dead_end_reward").c_str(),
      po::value(&p->mcts.dead_end_reward)->default_value(p->mcts.dead_end_reward),
      "reward of an expanded leaf with no actions")(
      name("mcts.child_values").c_str(),
      po::value(&p->mcts.child_values)
          ->default_value(p->mcts.child_values)
          ->notifier(Checked<std::string>(p, prefix, "mcts.child_values")),
      "lazy: one model pass per expansion (leaf value + action priors); eager: minimo's "
      "extra state query per new child")(
      name("htps.exploration").c_str(),
      po::value(&p->htps.exploration)
          ->default_value(p->htps.exploration)
          ->notifier(Checked<double>(p, prefix, "htps.exploration")),
      "HTPS PUCT exploration constant c")(
      name("htps.first_play_value").c_str(),
      po::value(&p->htps.first_play_value)->default_value(p->htps.first_play_value),
      "HTPS Q of a tactic never backed up")(
      name("fringe.min_value").c_str(),
      po::value(&p->fringe.min_value)
          ->default_value(p->fringe.min_value)
          ->notifier(Checked<double>(p, prefix, "fringe.min_value")),
      "fringe: goal values are clamped to [min_value, 1] before the log")(
      name("forward.max_consecutive_invalid").c_str(),
      po::value(&p->forward.max_consecutive_invalid)
          ->default_value(p->forward.max_consecutive_invalid)
          ->notifier(Checked<int>(p, prefix, "forward.max_consecutive_invalid")),
      "forward-sampling: consecutive invalid steps that end an attempt")(
      name("forward.temperature").c_str(),
      po::value(&p->forward.temperature)
          ->default_value(p->forward.temperature)
          ->notifier(Checked<double>(p, prefix, "forward.temperature")),
      "forward-sampling temperature")(name("forward.max_steps").c_str(),
                                      po::value(&p->forward.max_steps)
                                          ->default_value(p->forward.max_steps)
                                          ->notifier(Checked<int>(p, prefix, "forward.max_steps")),
                                      "forward: steps per attempt");
}

std::string AlgorithmList() {
  std::string list;
  for (const std::string& a : search::AlgorithmNames()) list += " " + a;
  return list;
}

}  // namespace lf::app
