#pragma once
// Where the shipped configuration lives, and shipped names resolved to paths:
// `--theory nat-add` is configs/theories/nat-add.p (its premises
// configs/theories/nat-add.premises). The kernel loads theories by path only
// (kernel/theory.h); this lookup is the app's, outside the trusted core.
//
// configs/ is found through $LF_CONFIG_DIR, then the parent of $LF_THEORY_DIR,
// then <binary>/../../configs, <binary>/../share/lemmaforge/configs, and last the
// source tree the binary was built from: the first that has a theories/ folder.

#include <memory>
#include <string>
#include <vector>

#include "kernel/theory.h"

namespace lf::app {

// Directory holding shipped theories and goal sets ("configs"), or "" if not found.
std::string ConfigsDirectory();

// Names of the shipped theories (configs/theories/*.p), sorted.
std::vector<std::string> ShippedTheories();

// The theory file `--theory NAME_OR_PATH` means: anything with a '/' or ending
// in ".p" is a path already; otherwise a shipped name, and an unknown one is an
// InputError naming the shipped theories.
std::string TheoryPath(const std::string& name_or_path);

// kernel::Theory::Load(TheoryPath(name_or_path)).
std::shared_ptr<const kernel::Theory> LoadTheory(const std::string& name_or_path);

}  // namespace lf::app
