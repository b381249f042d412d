#pragma once
// Configuration files and their binding to Boost.Program_options.
//
// File grammar (INI, as Boost's config files, but with exact error locations):
//   line     := blank | comment | section | entry
//   comment  := ('#' | ';') anything
//   section  := '[' name ']'            keys below it are named "name.key"
//   entry    := key '=' value           value runs to the end of the line; a
//                                       '#' or ';' at its start or after
//                                       whitespace starts a comment
// Keys before any section are used as written. Every key must be a registered
// option and may appear once; anything else is an InputError at file:line:col.
//
// Precedence: command-line options (--section.key=value) override the file,
// which overrides the defaults. Every value is checked by its option's
// notifier; an error names where the value came from (file:line:col or the
// command line).
//
// The resolved configuration (every option with its effective value, grouped
// into sections) is returned as text in the same grammar, so a run directory
// records exactly what ran and `--resume` can read it back.

#include <boost/program_options.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"

namespace lf::app {

struct ConfigEntry {
  std::string key;  // full option name, "section.key"
  std::string value;
  SourceLocation where;  // of the value
};

// Parses the text of a config file (see the grammar above); `file` names it in errors.
std::vector<ConfigEntry> ParseConfigText(const std::string& text, const std::string& file);

// Stores and checks the options of `desc`: `command_line` first, then
// `file_entries` for the keys the command line did not set, then defaults.
// Runs every notifier. Options named in `not_recorded` (help, config, ...) are
// command-line only (an InputError in the file) and left out of the returned
// resolved configuration text, which reads back to the same values; a
// command-line value it could not record (a newline, surrounding blanks, a
// comment character) is an InputError. Throws InputError.
std::string ResolveOptions(const boost::program_options::options_description& desc,
                           const boost::program_options::parsed_options& command_line,
                           const std::vector<ConfigEntry>& file_entries,
                           const std::set<std::string>& not_recorded);

}  // namespace lf::app
