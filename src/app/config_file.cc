#include "app/config_file.h"

#include <map>

#include "app/options.h"

namespace lf::app {
namespace po = boost::program_options;
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

// The text after '=' without a trailing " # comment". A '#' or ';' right after
// the '=' starts a comment too: "key=#x" was once the value "#x", which the
// resolved configuration records as "key = #x" and --resume then reads as ""
// (found by tests/fuzz/config_fuzz.cc; corpus/config/regression-comment-after-eq.cfg).
std::string StripComment(const std::string& value) {
  for (size_t i = 0; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') &&
        (i == 0 || value[i - 1] == ' ' || value[i - 1] == '\t'))
      return value.substr(0, i);
  }
  return value;
}

// Whether "key = VALUE" in the resolved configuration reads back as `value`.
bool Recordable(const std::string& value) {
  return value.find('\n') == std::string::npos && Trim(StripComment(" " + value)) == value;
}

// The default of an option as text: Boost renders it in format_parameter() as
// "arg (=TEXT)", the only public place that keeps the textual default.
std::string DefaultText(const po::option_description& option) {
  const std::string f = option.format_parameter();
  const size_t open = f.find("(=");
  if (open == std::string::npos || f.back() != ')') return "";
  return f.substr(open + 2, f.size() - open - 3);
}

}  // namespace

std::vector<ConfigEntry> ParseConfigText(const std::string& text, const std::string& file) {
  std::vector<ConfigEntry> entries;
  std::string section;
  size_t line_start = 0;
  for (int line_no = 1; line_start <= text.size(); ++line_no) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string line = text.substr(line_start, line_end - line_start);
    const size_t indent = line.find_first_not_of(" \t\r");
    auto at = [&](size_t column) {
      return SourceLocation{file, line_no, static_cast<int>(column) + 1};
    };
    if (indent != std::string::npos && line[indent] != '#' && line[indent] != ';') {
      const std::string body = Trim(line);
      if (body.front() == '[') {
        if (body.back() != ']' || body.size() < 3)
          throw InputError(at(indent), "malformed section header (expected [name])");
        section = Trim(body.substr(1, body.size() - 2));
      } else {
        const size_t eq = line.find('=');
        if (eq == std::string::npos)
          throw InputError(at(indent), "expected 'key = value', '[section]' or a comment");
        const std::string key = Trim(line.substr(0, eq));
        if (key.empty()) throw InputError(at(indent), "missing key before '='");
        const size_t value_column = line.find_first_not_of(" \t", eq + 1);
        entries.push_back({section.empty() ? key : section + "." + key,
                           Trim(StripComment(line.substr(eq + 1))),
                           at(value_column == std::string::npos ? eq + 1 : value_column)});
        entries.back().where.column = static_cast<int>(indent) + 1;  // errors point at the key
      }
    }
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  return entries;
}

std::string ResolveOptions(const po::options_description& desc,
                           const po::parsed_options& command_line,
                           const std::vector<ConfigEntry>& file_entries,
                           const std::set<std::string>& not_recorded) {
  po::variables_map vm;
  std::map<std::string, std::string> given = GivenValues(command_line);  // option -> its text
  std::map<std::string, SourceLocation> where;
  for (const auto& [key, value] : given) {
    where[key] = SourceLocation{"command line"};
    // The resolved text must read back to what ran (--resume); values from the
    // file always do, a command-line value with a newline, surrounding blanks
    // or a comment character (a '#' or ';' first or after a blank) would not.
    if (!not_recorded.count(key) && !Recordable(value))
      throw InputError("--" + key + " '" + value +
                       "' cannot be recorded in a configuration file (a newline, leading or "
                       "trailing blanks, or '#'/';' at the start or after a blank)");
  }
  try {
    po::store(command_line, vm);
  } catch (const po::error& e) {
    throw InputError(OptionErrorText(e, given) + " (see --help)");
  }
  std::set<std::string> in_file;
  for (const ConfigEntry& entry : file_entries) {
    if (desc.find_nothrow(entry.key, /*approx=*/false) == nullptr)
      throw InputError(entry.where, "unknown configuration key '" + entry.key + "'");
    // help, config, resume: a file key "resume = DIR" once turned a fresh run
    // into a resume of DIR, and "config = FILE" was silently ignored.
    if (not_recorded.count(entry.key))
      throw InputError(entry.where, "'" + entry.key + "' is a command-line option, not a " +
                                        "configuration key");
    if (!in_file.insert(entry.key).second)
      throw InputError(entry.where, "'" + entry.key + "' is set twice");
    if (given.count(entry.key)) continue;  // the command line wins
    po::parsed_options one(&desc);
    po::option option(entry.key, {entry.value});
    option.original_tokens = {entry.key, entry.value};
    one.options.push_back(option);
    try {
      po::store(one, vm);
    } catch (const po::error& e) {
      throw InputError(entry.where, OptionErrorText(e, {{entry.key, entry.value}}));
    }
    given[entry.key] = entry.value;
    where[entry.key] = entry.where;
  }
  // Notifiers one by one, so that an error can name where its value came from.
  for (const auto& option : desc.options()) {
    const std::string& name = option->long_name();
    if (!vm.count(name)) continue;
    try {
      option->semantic()->notify(vm[name].value());
    } catch (const InputError& e) {
      // An error inside another file (a goal set the option names) keeps its place.
      if (!where.count(name) || !e.where().file.empty()) throw;
      throw InputError(where[name], e.message());
    } catch (const po::error& e) {
      throw InputError(where.count(name) ? where[name] : SourceLocation{},
                       OptionErrorText(e, given));
    }
  }
  // The resolved configuration, one section per option prefix, in desc order.
  std::vector<std::string> sections;
  std::map<std::string, std::string> body;
  for (const auto& option : desc.options()) {
    const std::string& name = option->long_name();
    if (not_recorded.count(name)) continue;
    const size_t dot = name.find('.');
    const std::string section = dot == std::string::npos ? "" : name.substr(0, dot);
    const std::string key = dot == std::string::npos ? name : name.substr(dot + 1);
    const std::string value = given.count(name) ? given[name] : DefaultText(*option);
    if (!body.count(section)) sections.push_back(section);
    body[section] += key + " = " + value + "\n";
  }
  std::string text;
  for (const std::string& section : sections) {
    if (!section.empty()) text += "[" + section + "]\n";
    text += body[section] + "\n";
  }
  return text;
}

}  // namespace lf::app
