#pragma once
// A cheap refutation filter for conjectures: decides by brute force whether a
// statement is FALSE in a small model of its theory, so a conjecture that
// cannot be proved can be dropped before any search is spent on it.
//
// The model interprets symbols by NAME, and only when the theory declares them
// opaque with exactly the expected type (anything else is "uninterpreted"):
//
//   nat : type        in turn: the standard naturals, where a quantifier
//                     ('a : nat) ranges over 0..max_nat; z = 0, s = +1, + and *
//                     on uint64 (values may grow past max_nat; an overflow
//                     gives kUnknown there) -- then every finite LASSO model
//                     "0..n-1 with s n-1 = k" (1 <= n <= max_nat, clamped to 1..8,
//                     0 <= k < n): s counts up and wraps from n-1 back to k,
//                     + and * follow their defining recursions along
//                     0, s 0, ..., and quantifiers range over all n elements.
//                     The lassos are what refutes a statement that only
//                     Peano's axioms (s injective, z no successor) would make
//                     true; no shipped theory has them, so e.g.
//                     [(= (s 'a) (s 'b)) -> (= 'a 'b)] and [(= (s z) (s (s (s
//                     z)))) -> (= (s z) z)] (a false hypothesis about numerals)
//                     are not theorems, and "0..1 with s 1 = 1" shows it.
//   prop              (built in) STRUCTURED propositions, each with a truth
//                     value: Eq(sort, a, b) for (= a b) with a, b the values of
//                     the sides (numbers, group elements or propositions),
//                     Not(P), And(P, Q), Or(P, Q), Iff(P, Q), Imp(P, Q) for the
//                     non-dependent arrow [P -> Q] between props, False, and
//                     opaque atoms, the values of prop variables. Truth is the
//                     usual one; Eq(nat/G, a, b) is true iff a == b, and
//                     Eq(prop, P, Q) iff P and Q are the SAME structure: the
//                     kernel's `=` on prop is equality of propositions as terms
//                     (no propositional extensionality), so (= (= z (s z))
//                     (= (s z) z)) and (= (and 'a0 'a1) (and 'a1 'a0)) are
//                     false here although their sides have equal truth values.
//   G : type          each of the abelian groups Z1, Z2, Z3, Z4, Z2xZ2 in turn,
//                     with op, id, inv
//   = : [('t : type) -> 't -> 't -> prop]
//                     equality of values; (= a b) and the elaborated (= T a b)
//                     (T a carrier type name) are both accepted and mean the
//                     same Eq(sort, a, b)
//
// A prop variable ('aK : prop) ranges over atoms: one false and one true atom
// ("false", "true") where it occurs only in truth positions (outside every
// `=`), which is exhaustive since the truth of such a formula depends only on
// the variable's truth; two of each ("false", "true", "false'", "true'", four
// distinct structures) where it occurs inside an `=`, so that (= 'a0 'a1) and
// [(iff 'a0 'a1) -> (= 'a0 'a1)] are refuted.
//
// A declaration ('aK : P) whose type is a proposition (including ('aK : 'aJ) for
// a prop variable 'aJ) is a hypothesis: instances where it is false are
// vacuous. A symbol with a definition in the theory (`not : [prop -> prop] =
// (lambda ('p : prop) ['p -> false])`, `two : nat = (s (s z))`) is interpreted by
// unfolding its definition, as the kernel's definitional equality does (so a
// defined (not P) is the structure Imp(P, False), an opaque one Not(P)); a
// lambda applied to exactly its parameters is beta-reduced the same way.
//
// Soundness (why kRefuted means "not provable in this theory"):
//   - A refutation needs a model of the THEORY, not only of the symbols. The
//     constructor evaluates every axiom of the theory (every opaque declaration
//     whose type is a proposition, proved theorems of a file included) in every
//     candidate model, and drops a model where an axiom fails (e.g. a group
//     theory with an extra axiom (= (op 'a 'a) 'a) keeps only Z1; a theory whose
//     `+` has other defining axioms keeps at most the one-element lasso). The one axiom accepted
//     without evaluation is the standard induction scheme nat_ind over z and s,
//     which holds in the naturals (it speaks only of the truth of ('p n)). Any other axiom the
//     model cannot evaluate disables the refuter: every Check is then kUnknown (see
//     disabled_reason()).
//   - A lasso model: every element is s^i(0), so nat_ind holds there too, and
//     its quantifiers are exhaustive, so every axiom over nat is checked
//     exactly there (*_s fails in the lassos of 4 elements).
//   - The model M: nat the naturals or a lasso, G one of the groups, prop the set of all
//     structures above over infinitely many atoms of each truth value, every
//     symbol interpreted COMPOSITIONALLY (the value of a term is a function of
//     the values of its immediate subterms; alpha-equivalent terms and a
//     definition and its unfolding get the same value). The kernel's equality
//     rules hold in M: eq_refl (a value equals itself), eq_symm, and rewrite,
//     which is Leibniz equality: when (= a b) is true, a and b have the same
//     value, so replacing one by the other leaves every enclosing structure,
//     hence its truth, unchanged. Collapsing props to booleans would also be a
//     model, only a weaker one (it makes (= P Q) true whenever P, Q agree in
//     truth). The other axioms are checked below.
//   - Quantifiers over a finite group are exhaustive. A quantifier over prop is
//     exhaustive where its variable occurs only outside every `=` (the formula's
//     truth depends only on the variable's truth then, and both truth values
//     are tried). A quantifier over nat only samples 0..max_nat, and one over a
//     prop variable that occurs inside an `=` only samples four atoms of the
//     infinitely many propositions; a sample can only make a formula look MORE
//     true where it occurs positively (the conclusion side of arrows, inside
//     and/or); so such quantifiers are only allowed in positive positions, and
//     one inside a hypothesis, under `not`, or inside iff / = gives kUnknown.
//     A counterexample found is therefore a real one.
//   - Inside an `=` a quantified proposition is compared as a value: over a
//     finite group, by its body at every element (a function on G, which is
//     compositional); over nat or prop it gives kUnknown.
//   - In the standard naturals axioms are only checked on the sampled
//     instances: an axiom over nat that fails only beyond max_nat goes unnoticed (none of the
//     shipped theories has one: their axioms hold in the standard model). Their prop quantifiers
//     (and_i, or_e, em, ...) speak only of truth and are checked exhaustively;
//     an axiom with a prop variable inside an `=` (only sampled) disables the
//     refuter.
//
// Verdicts:
//   kRefuted    a counterexample exists; `counterexample` names it, e.g.
//               "'a0 = 1, 'a1 = 0", "'a0 = 1 in Z2", "'a0 = false, 'a1 =
//               false'" (two distinct false atoms), "false as stated", or
//               "'a0 = 0, 'a1 = 1 in 0..1 with s 1 = 1" (a lasso). Models are
//               tried in the order of Models(); the first counterexample wins,
//               even where an earlier model could not decide (an overflow).
//   kConsistent no counterexample among the instances and models tried (NOT a proof).
//   kUnknown    the statement (or theory) uses something the model does not
//               interpret: an uninterpreted symbol (nat_ind, leq, a user's own
//               +), a lambda value, a declaration of type `type`, a dependent
//               type over non-prop values, a nat quantifier (or a prop one
//               whose variable occurs inside an `=`) in a negative position, a
//               nat or prop quantifier inside an `=`, or more than
//               max_instances assignments to try.
//               `reason` says which.
// A statement with a syntax error throws the kernel parser's InputError from
// Check(string); no other input throws.
//
// Cost: parsing, one compilation of the statement into a small tree, and at
// most max_instances evaluations of it per model (7 nat models at the default
// max_nat, 5 groups): microseconds for the conjecturer's statements. An `=` between propositions
// compares the two structures spelled out in prefix order (linear in their size, no allocation once
// the buffers have grown). Deterministic (assignments are tried in lexicographic order, models in
// the order above). Thread safety: a const Refuter may be used from many threads.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernel/context.h"
#include "kernel/term.h"
#include "kernel/theory.h"

namespace lf::search {

struct Refutation {
  enum class Verdict { kRefuted, kConsistent, kUnknown };
  Verdict verdict = Verdict::kUnknown;
  std::string counterexample;  // kRefuted: the falsifying assignment (and group)
  std::string reason;          // kUnknown: why the model gave up
};

// "refuted", "consistent", "unknown".
const char* VerdictName(Refutation::Verdict verdict);

class Refuter {
 public:
  static constexpr int kDefaultMaxNat = 3;
  static constexpr uint64_t kDefaultMaxInstances = 4096;

  // Reads the theory's declarations (the base derivation's context) and checks
  // its axioms in the candidate models. max_nat >= 0 bounds the standard
  // model's nat quantifiers and the lassos' size;
  // max_instances bounds the assignments tried per statement and model (and per
  // axiom). Meant for a theory's base context: in a proof state's context the
  // local hypotheses count as axioms, and mentioning local constants the model
  // does not interpret, they disable the refuter.
  explicit Refuter(const kernel::Theory& theory, int max_nat = kDefaultMaxNat,
                   uint64_t max_instances = kDefaultMaxInstances);
  explicit Refuter(const kernel::Context& context, int max_nat = kDefaultMaxNat,
                   uint64_t max_instances = kDefaultMaxInstances);
  ~Refuter();
  Refuter(Refuter&&) noexcept;
  Refuter& operator=(Refuter&&) noexcept;

  // `statement` in the kernel's concrete syntax (contracted or elaborated).
  // Throws InputError on a syntax error.
  Refutation Check(const std::string& statement) const;
  Refutation Check(const kernel::Term& statement) const;

  // Why every Check answers kUnknown (an axiom the model cannot evaluate), or
  // "" when the model is in use.
  const std::string& disabled_reason() const;
  // The names the model interprets: prop, then the theory's table symbols,
  // carrier types, `=` and the definitions it may unfold, in declaration order.
  std::vector<std::string> InterpretedSymbols() const;
  // The candidate models that satisfy the theory's axioms, in the order they
  // are tried: e.g. {"Z1", "Z2", ...} for groups, {"standard", "0..0 with s 0 =
  // 0", "0..1 with s 1 = 0", ...} for nat-add, {"standard"} for propositional
  // logic.
  std::vector<std::string> Models() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lf::search
