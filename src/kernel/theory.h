#pragma once
// Loading theories: a Peano file (with its imports) turned into the Derivation
// every proof state of that theory starts from, plus its premise list.
//
// A theory is a .p file; its premise list (the arrows the prover may use, in
// order) is FILE.premises beside it, one name per line, if present, otherwise
// every arrow the file declares, in order. The kernel loads by path only:
// shipped names (`--theory nat-add` for configs/theories/nat-add.p) are
// resolved outside the trusted core (app/configs_dir.h; tests/test_paths.h).
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

  // Loads the theory file at `path` (and its premises, see above). The theory's
  // name is the file's stem.
  static std::shared_ptr<const Theory> Load(const std::string& path);
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

}  // namespace lf::kernel
