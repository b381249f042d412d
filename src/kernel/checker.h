#pragma once
// The proof-script checker (spec peano.md §13; the reference's execute_proof_actions).
//
// Each theorem is checked in the scope of the declarations before it (earlier
// theorems are usable as axioms). Steps:
//   show T by A. / construct n : T = v by A.   the first result of A whose type (and
//       value) is equivalent is defined; if it matches the next open goal, that goal is proven
//   intro n : T.      introduces the goal's first input (type must be equivalent to T,
//                     unless the intro closes the goal)
//   apply A.          must be followed only by goal blocks whose goals are one of the
//                     options of applying A (up to equivalence, in order)
//   goal G { .. }     proves G in a copy of the state;  have T { .. } proves T, then adds it
//   current goal : T. asserts the single open goal;   halt. stops checking this block
// A block fails with "proof goal is still open" when goals remain unproven.
//
// Every verdict names the failing step's position.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "kernel/derivation.h"
#include "kernel/syntax.h"

namespace lf::kernel {

struct CheckVerdict {
  std::string theorem;
  bool ok = false;
  SourceLocation where;  // the failing step (or the theorem) when !ok
  std::string message;   // why it failed
  double seconds = 0.0;
};

// Checks one proof in the scope of `scope`.
CheckVerdict CheckProof(const Derivation& scope, const ProofItem& proof);

struct ScriptCheck;

// A proof script that passed CheckProof: one theorem with a statement, its
// text as the lines that were checked. Only CheckScript constructs one, so a
// CheckedProof is the kernel's word that the script proves `statement` in the
// scope it was checked in (a theory's base, for every caller outside the kernel).
// Everything lemmaforge prints, stores in a shard or trains on as a proof holds
// one (docs/architecture.md, "The trust boundary").
//
// Copyable; a move copies too (no move constructor), so no CheckedProof is ever
// left empty. An immutable value: thread-safe to share.
class CheckedProof {
 public:
  CheckedProof(const CheckedProof&) = default;
  CheckedProof& operator=(const CheckedProof&) = default;

  // The theorem's statement, as parsed from the script.
  const Term& statement() const { return statement_; }
  // The script: "theorem NAME : STATEMENT {", its steps, "}".
  const std::vector<std::string>& lines() const { return lines_; }
  // The lines joined with '\n' (no trailing newline), as shards store a proof
  // and messages carry one.
  const std::string& Text() const { return text_; }

 private:
  friend ScriptCheck CheckScript(const Derivation& scope, const std::vector<std::string>& lines,
                                 const std::string& file);
  CheckedProof(Term statement, std::vector<std::string> lines);

  Term statement_;
  std::vector<std::string> lines_;
  std::string text_;
};

// What CheckScript decided: the verdict, and the checked proof when it holds.
struct ScriptCheck {
  CheckVerdict verdict;
  std::optional<CheckedProof> proof;  // set iff verdict.ok
};

// Parses `lines` (`file` names them in positions) as exactly one theorem with a
// statement and checks it in `scope`. Anything else -- a script that does not
// parse, is not one theorem, or states nothing -- is a failed verdict, not thrown.
ScriptCheck CheckScript(const Derivation& scope, const std::vector<std::string>& lines,
                        const std::string& file = "<search proof>");

// Checks every theorem of a file (items as loaded by LoadSourceFile), each in the
// scope of the declarations before it. Throws InputError for an ill-typed declaration.
std::vector<CheckVerdict> CheckItems(const std::vector<SourceItem>& items);

}  // namespace lf::kernel
