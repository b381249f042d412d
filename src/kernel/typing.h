#pragma once
// Evaluation, type inference and unification (spec peano.md §4-7). These are the
// kernel's core verbs: Eval (≈ Whnf), GetType (≈ Infer), AreEquivalent (≈ IsDefEq).
//
// Eval (δβ-normalisation, not fully normalising, reference semantics):
//   Atom        → Eval(value) if it has a value that is not an intrinsic application, else itself
//   Arrow       → inputs and output evaluated;   Lambda → unchanged
//   (f a..)     → f' = Eval(f); a lambda head is β-reduced with Eval'd arguments (too few
//                 arguments give a lambda of the rest; the body is not re-evaluated); an
//                 application head is flattened (arguments unevaluated); otherwise
//                 (f Eval(a)..) with the ORIGINAL head f.
// GetType: Atom → its dtype; Arrow → prop if its output's type is prop, else type;
//   Lambda → Arrow of parameter types to the body type; (= ..) → prop; (f a..) → f's
//   arrow instantiated by one-way matching of each argument (value pattern and type),
//   with all inputs kept when partially applied (reference quirk).
// UnifyParams: one-way first-order matching of parameters ('-atoms) of a pattern.
// NdUnify: the non-deterministic unifier of backward `apply`, including the
//   flex-rigid case ('p a1..ak) that abstracts every occurrence of each a_i.
//
// Errors: ill-typed terms and runaway evaluation throw KernelError (kernel_error.h);
// the two predicates IsPropTerm and HasPropType answer false instead.
// Thread safety: pure functions of their arguments.

#include <string>
#include <utility>
#include <vector>

#include "kernel/context.h"
#include "kernel/term.h"

namespace lf::kernel {

// An ordered substitution (the reference's LinearMap): Insert overwrites in place.
class Unifier {
 public:
  const Term* Find(const std::string& name) const;
  void Insert(const std::string& name, const Term& value);
  // Adds every binding of `other`, overwriting equal names (LinearMap::extend).
  void Extend(const Unifier& other);
  const std::vector<std::pair<std::string, Term>>& bindings() const { return bindings_; }
  bool empty() const { return bindings_.empty(); }

 private:
  std::vector<std::pair<std::string, Term>> bindings_;
};

// A context seen through local opaque bindings (binders being typed, names
// introduced by unification). Later bindings shadow earlier ones and the context.
class Scope {
 public:
  explicit Scope(const Context& ctx) : ctx_(&ctx) {}
  const Context& context() const { return *ctx_; }
  void Bind(const Term& name, const Term& dtype) { locals_.emplace_back(name, dtype); }

  // dtype and value (value null when opaque or local); entry is null for locals.
  struct Found {
    const Term* dtype = nullptr;
    const Term* value = nullptr;
    const Entry* entry = nullptr;
  };
  Found Lookup(const Term& name) const;
  bool HasLocals() const { return !locals_.empty(); }

 private:
  const Context* ctx_;
  std::vector<std::pair<Term, Term>> locals_;
};

Term Eval(const Term& t, const Scope& scope);
Term Eval(const Term& t, const Context& ctx);
Term GetType(const Term& t, const Scope& scope);
Term GetType(const Term& t, const Context& ctx);

// alpha_equivalent(Eval t1, Eval t2): the kernel's definitional equality.
bool AreEquivalent(const Term& a, const Term& b, const Context& ctx);

// Term::is_prop of the reference: an equality, or type(type(t)) == prop.
// False, not a KernelError, when t is ill-typed.
bool IsPropTerm(const Term& t, const Context& ctx);
// Whether t is a proposition: GetType(t) == prop. False, not a KernelError,
// when t is ill-typed.
bool HasPropType(const Term& t, const Context& ctx);

bool UnifyParams(const Term& pattern, const Term& concrete, Unifier* unifier);
std::vector<Unifier> NdUnify(const Term& pattern, const Term& concrete, Scope* scope);
Term ApplyUnifier(const Term& t, const Unifier& u);

// (= a b) → (= T a b), T = type(a), under binders with their declarations in scope.
Term Elaborate(const Term& t, const Context& ctx);

}  // namespace lf::kernel
