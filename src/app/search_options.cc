#include "app/search_options.h"

#include "learn/inference_model.h"
#include "search/algorithms.h"
#include "search/uniform.h"

namespace lf::app {

void AddOptions(boost::program_options::options_description& desc, search::SearchParams* p) {
  namespace po = boost::program_options;
  desc.add_options()(
      "budget", po::value(&p->budget)->default_value(p->budget),
      "search budget: MCTS iterations; expansions for bestfs/bfs/fringe/htps; steps for forward-*")(
      "timeout", po::value(&p->timeout_s)->default_value(p->timeout_s),
      "wall-clock limit per search in seconds (0: none)")(
      "seed", po::value(&p->seed)->default_value(p->seed), "random seed of the search")(
      "mcts.rule", po::value(&p->mcts.rule)->default_value(p->mcts.rule),
      "MCTS selection rule: minimo | puct")(
      "mcts.exploration", po::value(&p->mcts.exploration)->default_value(p->mcts.exploration),
      "C of the minimo rule")("mcts.c_puct",
                              po::value(&p->mcts.c_puct)->default_value(p->mcts.c_puct),
                              "exploration constant of the puct rule")(
      "mcts.swap_prior_value",
      po::value(&p->mcts.swap_prior_value)->default_value(p->mcts.swap_prior_value),
      "minimo as coded: priors from child-state values, values from state-action values")(
      "mcts.value_prior_weight",
      po::value(&p->mcts.value_prior_weight)->default_value(p->mcts.value_prior_weight),
      "virtual reward W = weight * value given to each new child")(
      "mcts.dead_end_reward",
      po::value(&p->mcts.dead_end_reward)->default_value(p->mcts.dead_end_reward),
      "reward of an expanded leaf with no actions")(
      "htps.exploration", po::value(&p->htps.exploration)->default_value(p->htps.exploration),
      "HTPS PUCT exploration constant c")(
      "htps.first_play_value",
      po::value(&p->htps.first_play_value)->default_value(p->htps.first_play_value),
      "HTPS Q of a tactic never backed up")(
      "fringe.min_value", po::value(&p->fringe.min_value)->default_value(p->fringe.min_value),
      "fringe: goal values are clamped to [min_value, 1] before the log")(
      "forward.max_consecutive_invalid",
      po::value(&p->forward.max_consecutive_invalid)
          ->default_value(p->forward.max_consecutive_invalid),
      "forward-sampling: consecutive invalid steps that end an attempt")(
      "forward.temperature",
      po::value(&p->forward.temperature)->default_value(p->forward.temperature),
      "forward-sampling temperature")(
      "forward.max_steps", po::value(&p->forward.max_steps)->default_value(p->forward.max_steps),
      "forward: steps per attempt");
}

std::string AlgorithmList() {
  std::string list;
  for (const std::string& a : search::AlgorithmNames()) list += " " + a;
  return list;
}

std::unique_ptr<search::Evaluator> MakeEvaluator(const std::string& checkpoint) {
  if (checkpoint.empty()) return std::make_unique<search::UniformEvaluator>();
  return learn::LoadInferenceModel(checkpoint);
}

}  // namespace lf::app
