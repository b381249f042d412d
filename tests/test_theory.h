#pragma once
// Shipped theories for tests: the kernel loads theories by path only
// (kernel/theory.h), and resolving a shipped name is the app's job
// (app/configs_dir.h); tests resolve names against the source tree instead.

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernel/theory.h"
#include "test_paths.h"

namespace lf::test {

// configs/theories/NAME.p of the source tree.
inline std::string ShippedTheoryPath(const std::string& name) {
  return SourceDir() + "/configs/theories/" + name + ".p";
}

// A shipped theory by name ("nat-add"), or a theory file by path (anything with
// a '/' or ending in ".p"), as `--theory` takes them.
inline std::shared_ptr<const kernel::Theory> LoadTheory(const std::string& name_or_path) {
  const bool is_path =
      name_or_path.find('/') != std::string::npos ||
      (name_or_path.size() > 2 && name_or_path.compare(name_or_path.size() - 2, 2, ".p") == 0);
  return kernel::Theory::Load(is_path ? name_or_path : ShippedTheoryPath(name_or_path));
}

// Names of the shipped theories (configs/theories/*.p), sorted.
inline std::vector<std::string> ShippedTheoryNames() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/configs/theories")) {
    if (entry.path().extension() == ".p") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace lf::test
