#pragma once
// SearchParams: every knob of the proof-search suite, one documented field each
// (style.md rule 5, KataGo searchparams.h). Each knob is declared as an option
// once, in ForEachOption below (name, field, check, help on one line); that
// list serves the command-line / config binding (app/search_options.cc) and
// Validate, which throw lf::InputError for values a user can get wrong.
//
// Budget semantics (the unit each algorithm spends):
//   mcts             iterations (tree-policy descents; minimo's max_mcts_nodes).
//                    Each iteration expands at most one node.
//   bestfs/bfs/fringe/htps   node expansions (kernel enumerations of an OR node);
//                    an HTPS round of htps.batch hypertrees expands at most what
//                    is left of the budget
//   forward-*        forward steps (one proposal verified by the kernel)
// `timeout_s` bounds wall time on top of the budget (0: no limit).

#include <cstdint>
#include <string>

#include "core/option_checks.h"

namespace lf::search {

// MCTS selection rule (option mcts.rule).
enum class MctsRule {
  kMinimo,  // "minimo": P*(Q/D + C*sqrt(log2 N / n)) (minimo §3.3)
  kPuct,    // "puct": AlphaZero Q + c_puct*P*sqrt(N)/(1+n)
};
inline constexpr EnumNames<MctsRule, 2> kMctsRules{
    {{{MctsRule::kMinimo, "minimo"}, {MctsRule::kPuct, "puct"}}}};

// When MCTS scores a new child (option mcts.child_values).
enum class ChildValues {
  kLazy,   // "lazy": one model pass per expansion scores the leaf's own value and its
           // actions' priors (prefix-shared); a new child's virtual reward uses its
           // action value
  kEager,  // "eager": minimo's extra state query per new child
};
inline constexpr EnumNames<ChildValues, 2> kChildValues{
    {{{ChildValues::kLazy, "lazy"}, {ChildValues::kEager, "eager"}}}};

struct MctsParams {
  MctsRule rule = MctsRule::kMinimo;
  double exploration = 0.70710678118654752440;  // C of the minimo rule (sqrt(2)/2)
  double c_puct = 1.25;                         // exploration constant of the puct rule
  bool swap_prior_value = false;     // minimo as coded: priors from child-state values and
                                     // values from state-action values (§3.4); false = the paper
  double value_prior_weight = 10.0;  // virtual reward W = weight * value on child creation (N = 0)
  double dead_end_reward = -1.0;     // reward of an expanded leaf with no actions at all
                                     // (HolophrasmNode.reward); a solved leaf always gives +1
  ChildValues child_values = ChildValues::kLazy;
};

// What orders the bestfs frontier (option bestfs.score).
enum class BestFsScore {
  kPrior,   // "prior": cumulative log-prior of the creating path (bait.md §3.1)
  kCritic,  // "critic": the evaluator's state value of the node (BAIT CriticGuidedSearch)
};
inline constexpr EnumNames<BestFsScore, 2> kBestFsScores{
    {{{BestFsScore::kPrior, "prior"}, {BestFsScore::kCritic, "critic"}}}};

struct BestFsParams {
  BestFsScore score = BestFsScore::kPrior;
};

struct HtpsParams {
  double exploration = 1.0;       // c in Q + c*P*sqrt(sum C)/(1 + C) (bait.md §3.6; Evariste: 5)
  double first_play_value = 0.5;  // Q of a tactic never backed up (Evariste init_tactic_scores)
  int batch = 8;  // hypertrees selected per round, diversified by virtual visits and expanded
                  // in one evaluator request (Evariste succ_expansions: 50); 1 = one at a time
};

struct FringeParams {
  double min_value = 1e-3;  // goal values are clamped to [min_value, 1] before the log
};

struct ForwardParams {
  int max_consecutive_invalid = 5;  // forward-sampling stops an attempt after this many
                                    // consecutive invalid steps (forward-greedy: always 1)
  double temperature = 1.0;         // forward-sampling: p ~ prior^(1/T)
  int max_steps = 50;               // steps (valid or not) per attempt before it is abandoned
};

struct SearchParams {
  int budget = 1000;     // see the header comment for each algorithm's unit; > 0
  double timeout_s = 0;  // wall-clock limit per search in seconds; 0 = none
  uint64_t seed = 0;     // seeds every random choice (fringe, forward, tie-breaks)
  MctsParams mcts;
  BestFsParams bestfs;
  HtpsParams htps;
  FringeParams fringe;
  ForwardParams forward;
};

// Every SearchParams field as an option, in the order of `--help`: calls
// visit(name, field, help) or visit(name, field, check, help) once per option
// (core/options.h, core/option_checks.h). Names mirror the struct; app/
// search_options.cc puts a prefix in front ("search." in run configs).
// `Params` is SearchParams, const or not.
template <typename Params, typename Visit>
void ForEachOption(Params& p, Visit&& visit) {
  visit(
      "budget", p.budget, Positive{},
      "search budget: MCTS iterations; expansions for bestfs/bfs/fringe/htps; steps for forward-*");
  visit("timeout", p.timeout_s, NonNegative{}, "wall-clock limit per search in seconds (0: none)");
  visit("seed", p.seed, "random seed of the search");
  visit("mcts.rule", p.mcts.rule, kMctsRules, "MCTS selection rule: minimo | puct");
  visit("mcts.exploration", p.mcts.exploration, NonNegative{}, "C of the minimo rule");
  visit("mcts.c_puct", p.mcts.c_puct, NonNegative{}, "exploration constant of the puct rule");
  visit("mcts.swap_prior_value", p.mcts.swap_prior_value,
        "minimo as coded: priors from child-state values, values from state-action values");
  visit("mcts.value_prior_weight", p.mcts.value_prior_weight, NonNegative{},
        "virtual reward W = weight * value given to each new child");
  visit("mcts.dead_end_reward", p.mcts.dead_end_reward,
        "reward of an expanded leaf with no actions");
  visit("mcts.child_values", p.mcts.child_values, kChildValues,
        "lazy: one model pass per expansion (leaf value + action priors); eager: minimo's "
        "extra state query per new child");
  visit("bestfs.score", p.bestfs.score, kBestFsScores,
        "bestfs frontier order: prior (cumulative log-prior) | critic (state value)");
  visit("htps.exploration", p.htps.exploration, NonNegative{}, "HTPS PUCT exploration constant c");
  visit("htps.first_play_value", p.htps.first_play_value, "HTPS Q of a tactic never backed up");
  visit("htps.batch", p.htps.batch, Positive{},
        "HTPS hypertrees selected per round (virtual visits diversify them)");
  visit("fringe.min_value", p.fringe.min_value, NonZeroFraction{},
        "fringe: goal values are clamped to [min_value, 1] before the log");
  visit("forward.max_consecutive_invalid", p.forward.max_consecutive_invalid, Positive{},
        "forward-sampling: consecutive invalid steps that end an attempt");
  visit("forward.temperature", p.forward.temperature, Positive{}, "forward-sampling temperature");
  visit("forward.max_steps", p.forward.max_steps, Positive{}, "forward: steps per attempt");
}

// Throws lf::InputError "--<option> <requirement>" for the first option whose
// check fails.
void Validate(const SearchParams& params);

}  // namespace lf::search
