#pragma once
// Terms of the Peano language (docs/kernel.md, spec peano.md §1-2).
//
// Abstract syntax:
//
//   term ::= Atom name                         -- z, +, nat, 'a0 (a leading ' marks a parameter)
//          | Declaration name term             -- name : dtype       (binder of an arrow/lambda)
//          | PatternDeclaration term term      -- pattern : dtype    (#forward precondition)
//          | Arrow [term] term                 -- [in_1 -> ... -> in_k -> out], k >= 1
//          | Lambda [Declaration] term         -- (lambda (d_1, ..., d_k) body)
//          | Application term [term]           -- (f a_1 ... a_k), k >= 1
//
// Canonical printing (byte-exact; states are model inputs):
//   Atom → name; Application → "(f a1 a2)"; Arrow → "[" + "(n : T) -> " or "T -> " per
//   input + out + "]"; Lambda → "(lambda (n1 : T1, n2 : T2) body)"; Declaration → "n : T";
//   PatternDeclaration → "P : T".
//
// Terms are immutable and hash-consed: building a term that already exists
// returns the existing node, so structural equality is pointer equality and
// hashing is O(1). Nodes are reference counted and leave the intern table when
// the last reference goes. Construction is thread-safe (the table is behind a
// mutex); a Term may be shared freely between threads.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lf::kernel {

enum class TermKind : uint8_t {
  kAtom,
  kDeclaration,
  kPatternDeclaration,
  kArrow,
  kLambda,
  kApplication,
};

class TermNode;

// A handle to an interned term; null only when default-constructed.
class Term {
 public:
  Term() = default;

  static Term Atom(std::string_view name);
  static Term Declaration(std::string_view name, const Term& dtype);
  static Term PatternDeclaration(const Term& pattern, const Term& dtype);
  static Term Arrow(std::vector<Term> inputs, const Term& output);
  static Term Lambda(std::vector<Term> parameters, const Term& body);
  static Term Application(const Term& function, std::vector<Term> arguments);

  explicit operator bool() const { return node_ != nullptr; }
  const TermNode* get() const { return node_.get(); }
  const TermNode* operator->() const { return node_.get(); }
  const TermNode& operator*() const { return *node_; }

  friend bool operator==(const Term& a, const Term& b) { return a.node_ == b.node_; }
  friend bool operator!=(const Term& a, const Term& b) { return a.node_ != b.node_; }

  // Accessors by kind (LF_DCHECKed).
  TermKind kind() const;
  bool IsAtom() const { return kind() == TermKind::kAtom; }
  bool IsArrow() const { return kind() == TermKind::kArrow; }
  bool IsApplication() const { return kind() == TermKind::kApplication; }
  bool IsDeclaration() const { return kind() == TermKind::kDeclaration; }
  bool IsLambda() const { return kind() == TermKind::kLambda; }
  bool IsPatternDeclaration() const { return kind() == TermKind::kPatternDeclaration; }

  // Atom and Declaration name.
  const std::string& name() const;
  // A parameter is an atom whose name starts with '.
  bool IsParameter() const;
  // Declaration/PatternDeclaration type.
  const Term& dtype() const;
  // PatternDeclaration pattern.
  const Term& pattern() const;
  // Arrow inputs / Lambda parameters / Application arguments.
  std::span<const Term> inputs() const;
  std::span<const Term> parameters() const { return inputs(); }
  std::span<const Term> arguments() const { return inputs(); }
  // Arrow output / Lambda body / Application function.
  const Term& output() const;
  const Term& body() const { return output(); }
  const Term& function() const { return output(); }

  uint64_t hash() const;

  // Canonical printing.
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  // (= a b) with the atom "=" as head.
  bool IsEquality() const;
  // Application whose head is one of the intrinsic atoms rewrite, eq_symm, eq_refl, eval.
  bool IsIntrinsicApplication() const;

 private:
  friend class TermNode;
  friend class TermTable;
  explicit Term(std::shared_ptr<const TermNode> node) : node_(std::move(node)) {}
  std::shared_ptr<const TermNode> node_;
};

struct TermHash {
  size_t operator()(const Term& t) const { return static_cast<size_t>(t.hash()); }
};

// Node storage. children_ layout by kind:
//   Declaration: [dtype]; PatternDeclaration: [pattern, dtype];
//   Arrow: [inputs..., output]; Lambda: [params..., body]; Application: [function, args...]
class TermNode {
 public:
  TermKind kind() const { return kind_; }
  uint64_t hash() const { return hash_; }

 private:
  friend class Term;
  friend class TermTable;
  TermKind kind_;
  uint64_t hash_ = 0;
  std::string name_;
  std::vector<Term> children_;
};

// Sequences of terms are ordered; Arrow and Lambda need >= 1 input, Application >= 1 argument.

bool IsParameterName(std::string_view name);

// Free parameters ('-names not bound by an enclosing arrow/lambda), in first-occurrence order.
std::vector<std::string> FreeVariables(const Term& t);
bool HasFreeVariables(const Term& t);

// Structural substitution of atom `name` by `value` (peano.md §4 "replace"):
// stops at an arrow/lambda that binds `name`; a Declaration named `name` is renamed
// only when `value` is a parameter atom; a PatternDeclaration mentioning `name`
// freely is left alone. Not capture-avoiding (reference quirk).
Term Replace(const Term& t, const std::string& name, const Term& value);

// alpha-equivalence: parameters compare through binder renamings; other atoms by name.
bool AlphaEquivalent(const Term& a, const Term& b);

// A location is a path of child indices, innermost first (the reference's encoding):
// Application: 0 = function, i+1 = argument i; Arrow/Lambda: i = input i, k = output;
// Declaration: 1 = dtype.
using TermLocation = std::vector<size_t>;
std::vector<TermLocation> FindAll(const Term& t, const Term& target);
Term ReplaceAt(const Term& t, std::span<const size_t> location, const Term& value);

// (= a b) → (= T a b) handled in typing.h (needs a context); contract needs none.
Term Contract(const Term& t);

}  // namespace lf::kernel
