#pragma once
// Command-line parsing shared by the subcommands (Boost.Program_options).

#include <boost/program_options.hpp>
#include <map>
#include <string>

namespace lf::app {

// Parses argv against `desc` (which must have a "help" option). Prints the help
// and returns false for --help; throws lf::InputError for unknown or malformed
// options and missing required ones.
bool ParseCommandLine(
    int argc, char** argv, const boost::program_options::options_description& desc,
    const boost::program_options::positional_options_description* positional = nullptr);

// The message of a Boost.Program_options error; `given` maps option names to
// the text the user gave (GivenValues), for the option the error names. Boost's what() replaces
// each %placeholder% of its template until none is left, so an option name or a value that itself
// contains one ("--budget=%value%") made what() loop forever (found by tests/fuzz/config_fuzz.cc).
// Such errors are worded here instead; every other message is Boost's. Never call what() on a
// po::error directly.
std::string OptionErrorText(const boost::program_options::error& e,
                            const std::map<std::string, std::string>& given);

// "lemmaforge SUBCOMMAND ARGS..." for a subcommand's argv (argv[0] is the
// subcommand), an argument with characters a shell treats specially in single
// quotes: what produced a file, stored in it (the `config` of a trace file).
std::string CommandLineText(int argc, char** argv);

// The last value given for each option of `parsed`, by its full name.
std::map<std::string, std::string> GivenValues(
    const boost::program_options::parsed_options& parsed);

}  // namespace lf::app
