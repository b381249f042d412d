#pragma once
// The conjecture grammar (spec minimo.md §2.1, peano.md §18) as a completion
// engine: given a prefix of a conjecture, which tokens may come next.
//
//   Conjecture := Prop
//   Prop    := App_prop | Atom_prop | Arrow
//   Arrow   := "[" Decl (" -> " Decl)* " -> " Value_prop "]"
//   Decl    := "(" 'a<k> " : " (Value_type | Value_prop) ")"     k = declarations so far
//   App_T   := "(" F Value_T1 ... Value_Tn ")"    F: a declared arrow whose output is T
//   Value_T := Atom_T | App_T
//   Atom_T  := a declared atom (no '@') whose type is equivalent to T, or an earlier 'a<k>
//              declared with type string T
// Types are matched as strings; a dependent input's type is the declared type with
// the parameter's name replaced by the printed argument, so `=` yields elaborated
// equalities `(= nat a b)` (contract them before proving).
//
// Completions are whole next tokens, spaced as the reference's sampler expects:
// a token gets a leading space unless the prefix ends in '[', '(' or ' ', or the
// token starts with ')' or ']' or ends with a space (" : ", " -> ").
// The prefix must end at a token boundary (the sampler only asks there).
//
// Thread safety: immutable after construction; Complete may run concurrently.

#include <string>
#include <utility>
#include <vector>

#include "kernel/theory.h"

namespace lf::learn {

class ConjectureGrammar {
 public:
  explicit ConjectureGrammar(const kernel::Theory& theory);

  struct Completion {
    std::vector<std::string> next;  // possible continuations, deduplicated, in a stable order
    bool complete = false;          // the prefix itself is a whole conjecture
  };
  Completion Complete(const std::string& prefix) const;

  struct Arrow {
    std::string name;
    std::string output;                                       // output type string
    std::vector<std::pair<std::string, std::string>> inputs;  // (parameter name or "", type)
  };
  struct Atom {
    std::string text;  // value if defined, else the name
    std::string type;  // dtype string
  };

 private:
  friend class GrammarRun;
  std::vector<Atom> atoms_;
  std::vector<Arrow> arrows_;
};

}  // namespace lf::learn
