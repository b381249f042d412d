#pragma once
// Derivation: a Context plus the bookkeeping that makes the action space finite
// (spec peano.md §8-10).
//
// Define(name, def) exposes every subterm: the dtype's subterms get hidden
// entries named "<name>@type@<path>" (the dtype root itself "<name>@type"), the
// evaluated value's strict subterms "<name>@<path>", where a path component is 0
// for an application's head and i+1 for its i-th argument. Hidden entries come
// before their owner in insertion order. These names are the candidate
// arguments of forward actions.
//
// ApplicationResults enumerates every way to fill an arrow's inputs from the
// context (insertion order, each distinct value once per slot), with #forward
// preconditions as leading "ghost" inputs that must match existing terms. The
// built-ins eq_refl, eq_symm and rewrite have their own enumerations.
//
// Thread safety: as Context (copies are cheap after Seal()).

#include <functional>
#include <string>
#include <vector>

#include "kernel/context.h"
#include "kernel/term.h"
#include "kernel/typing.h"

namespace lf::kernel {

class Derivation {
 public:
  Derivation() = default;

  const Context& context() const { return ctx_; }
  Context& mutable_context() { return ctx_; }

  // Defines `name` (or name + a fresh counter when `rename`), exposing its subterms.
  // Returns the name used.
  std::string Define(const std::string& name, const Definition& def, bool rename = false);

  // Registers t's subterms under `path` (components joined with '@'); the root
  // itself gets an entry unless `is_root`.
  void DefineSubterms(const Term& t, bool is_root, std::vector<std::string>* path);

  // Defines the subterms of a (new) goal under a fresh "goal" name.
  void DefineGoalSubterms(const Term& goal);

  // All results of applying `arrow` (a context arrow or a built-in) with the given
  // #forward preconditions prepended as ghost inputs.
  std::vector<Definition> ApplicationResults(const std::string& arrow,
                                             const std::vector<Term>& preconditions = {}) const;
  // The same results, in the same order, handed to `visit` one at a time instead of
  // being collected (a checker step may enumerate ~10^5 of them). A KernelError
  // thrown by the enumeration propagates after the results before it were visited.
  void ForEachApplicationResult(const std::string& arrow, const std::vector<Term>& preconditions,
                                const std::function<void(Definition&&)>& visit) const;

  // Whether an object of this dtype (a prop, by proof irrelevance) or this value exists.
  bool IsRedundant(const Term& dtype, const Term& value) const;

  // First name whose dtype is syntactically `dtype`, or nullptr.
  const Entry* Inhabited(const Term& dtype) const;
  // Whether any definition's evaluated dtype equals Eval(dtype) (reference Context::inhabitant).
  bool HasInhabitant(const Term& dtype) const;
  // Names whose evaluated dtype is Eval(dtype), one per defining term (reference
  // Context::inhabitants, but in insertion order: `type` first, then the context).
  std::vector<Term> Inhabitants(const Term& dtype) const;
  // The term that identifies an object: its prop (for proofs), value, or name.
  Term DefiningTerm(const Entry& e) const;

  void Seal() { ctx_.Seal(); }

 private:
  struct ArrowApplication;
  void ApplyArrow(const ArrowApplication& app, const std::vector<Term>& input_types,
                  const Term& output, std::vector<Term>* inputs,
                  std::vector<std::pair<std::string, Term>>* substitutions) const;
  void EqRefl(const std::function<void(Definition&&)>& visit) const;
  void EqSymm(const std::function<void(Definition&&)>& visit) const;
  void Rewrite(const std::function<void(Definition&&)>& visit) const;

  Context ctx_;
  int next_id_ = 0;
};

}  // namespace lf::kernel
