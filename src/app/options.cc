#include "app/options.h"

#include <iostream>

#include "core/error.h"

namespace lf::app {

bool ParseCommandLine(int argc, char** argv,
                      const boost::program_options::options_description& desc,
                      const boost::program_options::positional_options_description* positional) {
  namespace po = boost::program_options;
  po::variables_map vm;
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(desc);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(std::string(e.what()) + " (see --help)");
  }
  return true;
}

}  // namespace lf::app
