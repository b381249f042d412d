#pragma once
// Parsed Peano source files (spec peano.md §1; the reference grammar is term.pest).
//
//   file        ::= item*
//   item        ::= definition | annotation | proof | verify | import | using
//   definition  ::= ["let" | "axiom"] NAME ":" type ["=" term] "."   |   "assume" type "."
//   annotation  ::= "#" "forward" NAME ("(" type ":" type ")")* "."
//                 | "#" "backward" NAME ("infer" | "subgoal")* "."
//   proof       ::= ("theorem" | "lemma" | "corollary") NAME ":" type "{" action* "}"
//   verify      ::= ("verify" | "example" | "test") NAME "{" (show | construct | definition)* "}"
//   import      ::= "import" STRING "."          using ::= "using" NAME ("," NAME)* "."
//   action      ::= "apply" NAME "." | "construct" NAME ":" type "=" term "by" NAME "."
//                 | "show" type "by" NAME "." | "intro" NAME ":" type "."
//                 | "current goal" ":" term "." | "goal" term "{" action* "}"
//                 | "have" term "{" action* "}" | "halt" "." | using
//   term        ::= lambda | application | atom | arrow        type ::= application | atom | arrow
//   lambda      ::= "(" "lambda" "(" decl ("," decl)* ")" term ")"
//   application ::= "(" term term+ ")"      arrow ::= "[" (input "->")+ type "]"
//   input       ::= type | "(" decl ")"      decl ::= ["let" | "axiom"] NAME ":" type
//   atom        ::= [0-9a-zA-Z'_\-+/*=!$^><]+
// Whitespace and /* comments */ may appear between tokens. Binders without a
// leading ' are renamed to 'name together with their occurrences in scope.

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "kernel/term.h"

namespace lf::kernel {

struct ScriptAction;

// One step of a proof script, with where it was written.
struct ScriptAction {
  enum class Kind { kDefinition, kConstruct, kApply, kIntro, kCheckGoal, kProveGoal, kHave, kHalt };
  Kind kind = Kind::kHalt;
  SourceLocation where;
  std::string name;           // definition/construct/intro name; apply arrow
  std::string arrow;          // construct/show: the arrow after "by"
  std::optional<Term> type;   // definition dtype, construct/show/intro type, goal/have/check term
  std::optional<Term> value;  // definition value, construct value
  std::vector<ScriptAction> body;  // goal/have blocks
};

struct DefinitionItem {
  std::string name;
  Term dtype;
  std::optional<Term> value;
  SourceLocation where;
};

struct ForwardAnnotation {
  std::string arrow;
  std::vector<Term> preconditions;  // PatternDeclarations
};

struct BackwardAnnotation {
  std::string arrow;
  std::vector<bool> must_infer;  // per input: true for "infer", false for "subgoal"
};

struct ProofItem {
  std::string name;
  std::optional<Term> statement;  // absent for verify/example/test blocks
  std::vector<ScriptAction> actions;
  SourceLocation where;
};

// A file's items in source order. Imports are resolved by the loader (theory.h).
struct SourceItem {
  enum class Kind { kDefinition, kForward, kBackward, kProof, kImport };
  Kind kind;
  DefinitionItem definition;
  ForwardAnnotation forward;
  BackwardAnnotation backward;
  ProofItem proof;
  std::string import_path;
  SourceLocation where;
};

// Parses a whole file. Throws InputError("file:line:col: error: ...") on a syntax error.
std::vector<SourceItem> ParseFile(const std::string& text, const std::string& file_name);

// Parses one term (e.g. a goal statement). The whole string must be a term.
// `what` names the input in error messages (e.g. "--goal").
Term ParseTerm(const std::string& text, const std::string& what = "<term>");

}  // namespace lf::kernel
