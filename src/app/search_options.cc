#include "app/search_options.h"

#include "core/options.h"
#include "search/algorithms.h"

namespace lf::app {

void AddOptions(boost::program_options::options_description& desc, search::SearchParams* p,
                const std::string& prefix) {
  search::ForEachOption(*p, OptionBinder(desc, prefix));
}

std::string AlgorithmList() {
  std::string list;
  for (const std::string& a : search::AlgorithmNames()) list += " " + a;
  return list;
}

}  // namespace lf::app
