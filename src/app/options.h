#pragma once
// Command-line parsing shared by the subcommands (Boost.Program_options).

#include <boost/program_options.hpp>

namespace lf::app {

// Parses argv against `desc` (which must have a "help" option). Prints the help
// and returns false for --help; throws lf::InputError for unknown or malformed
// options and missing required ones.
bool ParseCommandLine(
    int argc, char** argv, const boost::program_options::options_description& desc,
    const boost::program_options::positional_options_description* positional = nullptr);

}  // namespace lf::app
