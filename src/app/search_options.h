#pragma once
// Command-line / config binding of search::SearchParams (style.md rule 5): the
// one place where search options get their names, help texts and defaults.
// Option names mirror the struct: --budget, --timeout, --seed, --mcts.rule,
// --mcts.swap_prior_value, --htps.exploration, --forward.max_steps, ...
// Defaults are the struct's initial values; ranges are checked by
// search::Validate (an lf::InputError naming the option).

#include <boost/program_options.hpp>
#include <string>

#include "search/search_params.h"

namespace lf::app {

// Adds every SearchParams field to `desc`, writing parsed values into *params
// (which must outlive the parse). Option names get `prefix` in front ("search."
// in run config files, where they form the [search] section).
void AddOptions(boost::program_options::options_description& desc, search::SearchParams* params,
                const std::string& prefix = "");

// " mcts bestfs ..." for option help texts.
std::string AlgorithmList();

}  // namespace lf::app
