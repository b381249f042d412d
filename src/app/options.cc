#include "app/options.h"

#include <iostream>

#include "core/error.h"

namespace lf::app {

bool ParseCommandLine(int argc, char** argv,
                      const boost::program_options::options_description& desc,
                      const boost::program_options::positional_options_description* positional) {
  namespace po = boost::program_options;
  po::variables_map vm;
  std::map<std::string, std::string> given;
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    const po::parsed_options parsed = parser.run();
    given = GivenValues(parsed);
    po::store(parsed, vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(OptionErrorText(e, given) + " (see --help)");
  }
  return true;
}

std::string OptionErrorText(const boost::program_options::error& e,
                            const std::map<std::string, std::string>& given) {
  namespace po = boost::program_options;
  const auto* named = dynamic_cast<const po::error_with_option_name*>(&e);
  if (named == nullptr) return e.what();
  // get_option_name() ("--section.key") looks the name up without substituting.
  const std::string option = named->get_option_name();
  const size_t start = option.find_first_not_of('-');
  const auto found = start == std::string::npos ? given.end() : given.find(option.substr(start));
  const std::string value = found == given.end() ? std::string() : found->second;
  if (option.find('%') == std::string::npos && value.find('%') == std::string::npos)
    return e.what();
  if (dynamic_cast<const po::unknown_option*>(&e) != nullptr)
    return "unrecognised option '" + option + "'";
  if (value.empty()) return "invalid use of option '" + option + "'";
  return "the argument ('" + value + "') for option '" + option + "' is invalid";
}

std::string CommandLineText(int argc, char** argv) {
  std::string text = "lemmaforge";
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    text += ' ';
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_=.,/:+@") == std::string::npos) {
      text += arg;
      continue;
    }
    text += '\'';
    for (const char c : arg) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return text;
}

std::map<std::string, std::string> GivenValues(
    const boost::program_options::parsed_options& parsed) {
  std::map<std::string, std::string> given;
  for (const auto& o : parsed.options)
    if (!o.unregistered && !o.value.empty()) given[o.string_key] = o.value.back();
  return given;
}

}  // namespace lf::app
