#pragma once
// Loading theories: a Peano file (with its imports) turned into the Derivation
// every proof state of that theory starts from, plus its premise list.
//
// `--theory NAME` resolves a shipped theory, configs/theories/NAME.p, whose
// premise list (the arrows the prover may use, in order) is in
// configs/theories/NAME.premises, one name per line. A path to a .p file works
// too; its premises are then FILE.premises beside it if present, otherwise every
// arrow the file declares, in order. Shipped theories are found through
// $LF_THEORY_DIR, then <binary>/../../configs/theories, then the source tree.
//
// Errors (unreadable file, syntax error, ill-typed or undeclared names in a
// declaration, unknown premise) are InputErrors with the file position.

#include <memory>
#include <string>
#include <vector>

#include "kernel/derivation.h"
#include "kernel/proof_state.h"
#include "kernel/syntax.h"

namespace lf::kernel {

class Theory {
 public:
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }
  const Derivation& base() const { return base_; }
  const std::vector<std::string>& premises() const { return *premises_; }

  // Parses a goal statement, checks that it is a proposition, builds the root state.
  ProofState RootState(const std::string& goal, const std::string& what = "goal") const;
  ProofState RootState(const Term& goal) const;

  // Loads by shipped name or by path.
  static std::shared_ptr<const Theory> Load(const std::string& name_or_path);
  // Builds from already-parsed items (e.g. a file's declarations before a theorem).
  static Derivation BuildDerivation(const std::vector<SourceItem>& items);
  // Defines one declaration; an ill-typed one is an InputError at `where`.
  static void DefineDeclaration(Derivation* d, const std::string& name, const Definition& def,
                                const SourceLocation& where);

 private:
  std::string name_;
  std::string path_;
  Derivation base_;
  std::shared_ptr<const std::vector<std::string>> premises_;
};

// Reads a file and the files it imports (each once), items in order.
std::vector<SourceItem> LoadSourceFile(const std::string& path);

// Names of the shipped theories (for --help and error messages).
std::vector<std::string> ShippedTheories();
// Directory holding shipped theories and goal sets ("configs"), or "" if not found.
std::string ConfigsDirectory();

}  // namespace lf::kernel
