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

// Checks every theorem of a file (items as loaded by LoadSourceFile), each in the
// scope of the declarations before it. Throws InputError for an ill-typed declaration.
std::vector<CheckVerdict> CheckItems(const std::vector<SourceItem>& items);

}  // namespace lf::kernel
