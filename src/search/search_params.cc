#include "search/search_params.h"

#include "core/error.h"

namespace lf::search {
namespace {

// The ForEachOption visitor of Validate: every check must hold.
struct Validator {
  template <typename T>
  void operator()(const char*, const T&, const char*) const {}
  template <typename T, typename Check>
  void operator()(const char* name, const T& value, const Check& check, const char*) const {
    if (!check(value)) throw InputError(std::string("--") + name + " " + check.Requirement());
  }
};

}  // namespace

void Validate(const SearchParams& p) { ForEachOption(p, Validator{}); }

}  // namespace lf::search
