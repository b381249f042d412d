#pragma once
// Command-line / config binding of search::SearchParams (style.md rule 5). The
// options themselves -- names, checks, help texts -- are declared once, in
// search::ForEachOption (search/search_params.h); this binds them to
// Boost.Program_options. Defaults are the struct's initial values; a value that
// fails its check is an lf::InputError naming the option.

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
