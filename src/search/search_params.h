#pragma once
// SearchParams: every knob of the proof-search suite, one documented field each
// (style.md rule 5, KataGo searchparams.h). Bound to command-line / config
// options in one place, app/search_options.cc (`AddOptions`); validated by
// the rules below (Validate, and AddOptions' notifiers), which throw
// lf::InputError for values a user can get wrong.
//
// Budget semantics (the unit each algorithm spends):
//   mcts             iterations (tree-policy descents; minimo's max_mcts_nodes).
//                    Each iteration expands at most one node.
//   bestfs/bfs/fringe/htps   node expansions (kernel enumerations of an OR node)
//   forward-*        forward steps (one proposal verified by the kernel)
// `timeout_s` bounds wall time on top of the budget (0: no limit).

#include <cstdint>
#include <string>
#include <string_view>

namespace lf::search {

struct MctsParams {
  std::string rule = "minimo";  // "minimo": P*(Q/D + C*sqrt(log2 N / n)) (minimo §3.3);
                                // "puct": AlphaZero Q + c_puct*P*sqrt(N)/(1+n)
  double exploration = 0.70710678118654752440;  // C of the minimo rule (sqrt(2)/2)
  double c_puct = 1.25;                         // exploration constant of the puct rule
  bool swap_prior_value = false;      // minimo as coded: priors from child-state values and
                                      // values from state-action values (§3.4); false = the paper
  double value_prior_weight = 10.0;   // virtual reward W = weight * value on child creation (N = 0)
  double dead_end_reward = -1.0;      // reward of an expanded leaf with no actions at all
                                      // (HolophrasmNode.reward); a solved leaf always gives +1
  std::string child_values = "lazy";  // "lazy": one model pass per expansion scores the leaf's
                                      // own value and its actions' priors (prefix-shared); a new
                                      // child's virtual reward uses its action value.
                                      // "eager": minimo's extra state query per new child.
};

struct HtpsParams {
  double exploration = 1.0;       // c in Q + c*P*sqrt(sum C)/(1 + C) (bait.md §3.6; Evariste: 5)
  double first_play_value = 0.5;  // Q of a tactic never backed up (Evariste init_tactic_scores)
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
  HtpsParams htps;
  FringeParams fringe;
  ForwardParams forward;
};

// The range rule of one option: `option` is its name as app/search_options.cc
// binds it (before any prefix such as "search."), `holds` tests the field,
// `requirement` says what the value must be ("must be positive"). The one
// list of rules serves Validate and the option notifiers, which report a bad
// value with where it came from.
struct ParamRule {
  const char* option;
  bool (*holds)(const SearchParams&);
  const char* requirement;
};

// The rule of `option`; it must have one (a programming error otherwise).
const ParamRule& RuleFor(std::string_view option);

// Throws lf::InputError "--<option> <requirement>" for the first rule that fails.
void Validate(const SearchParams& params);

}  // namespace lf::search
