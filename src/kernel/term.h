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
// hashing is O(1). Nodes carry an intrusive reference count and leave the intern
// table when the last reference goes. Construction is thread-safe (the table is
// behind a mutex); a Term may be shared freely between threads.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/check.h"

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
  Term(const Term& other) noexcept;
  Term(Term&& other) noexcept : node_(std::exchange(other.node_, nullptr)) {}
  Term& operator=(const Term& other) noexcept;
  Term& operator=(Term&& other) noexcept;
  ~Term() { Reset(); }

  static Term Atom(std::string_view name);
  static Term Declaration(std::string_view name, const Term& dtype);
  static Term PatternDeclaration(const Term& pattern, const Term& dtype);
  static Term Arrow(std::vector<Term> inputs, const Term& output);
  static Term Lambda(std::vector<Term> parameters, const Term& body);
  static Term Application(const Term& function, std::vector<Term> arguments);

  explicit operator bool() const { return node_ != nullptr; }
  const TermNode* get() const { return node_; }
  const TermNode* operator->() const { return node_; }
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

  // Whether the term may contain an atom or declaration named n, for
  // name_bit = NameBit(n): false is certain, true may be a false positive (the
  // names are summarised in 64 bits). Lets a substitution skip untouched subterms.
  bool MayMention(uint64_t name_bit) const;
  static uint64_t NameBit(std::string_view name);

  // Canonical printing.
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  // (= a b) with the atom "=" as head.
  bool IsEquality() const;
  // Application whose head is one of the intrinsic atoms rewrite, eq_symm, eq_refl, eval.
  bool IsIntrinsicApplication() const;

 private:
  friend class TermTable;
  // Adopts a reference the caller already counted.
  explicit Term(const TermNode* node) : node_(node) {}
  void Reset() noexcept;
  const TermNode* node_ = nullptr;
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
  // References held by Terms; the node is unlinked and freed when it drops to 0,
  // and a node at 0 is never handed out again.
  mutable std::atomic<size_t> refs_{1};
  TermKind kind_;
  uint64_t hash_ = 0;
  uint64_t name_bits_ = 0;  // OR of NameBit over atom and declaration names inside
  std::string name_;
  std::vector<Term> children_;
};

// Returns a node whose last reference went to the intern table, which frees it.
void ReleaseTermNode(const TermNode* node);

inline Term::Term(const Term& other) noexcept : node_(other.node_) {
  if (node_ != nullptr) node_->refs_.fetch_add(1, std::memory_order_relaxed);
}

inline Term& Term::operator=(const Term& other) noexcept {
  if (other.node_ != nullptr) other.node_->refs_.fetch_add(1, std::memory_order_relaxed);
  Reset();
  node_ = other.node_;
  return *this;
}

inline Term& Term::operator=(Term&& other) noexcept {
  if (this != &other) {
    Reset();
    node_ = std::exchange(other.node_, nullptr);
  }
  return *this;
}

inline void Term::Reset() noexcept {
  if (node_ != nullptr && node_->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1)
    ReleaseTermNode(node_);
  node_ = nullptr;
}

inline TermKind Term::kind() const { return node_->kind_; }
inline uint64_t Term::hash() const { return node_->hash_; }
inline const std::string& Term::name() const { return node_->name_; }
inline bool Term::MayMention(uint64_t name_bit) const {
  return (node_->name_bits_ & name_bit) != 0;
}

inline const Term& Term::dtype() const {
  LF_DCHECK(IsDeclaration() || IsPatternDeclaration());
  return node_->children_.back();
}

inline const Term& Term::pattern() const {
  LF_DCHECK(IsPatternDeclaration());
  return node_->children_.front();
}

inline std::span<const Term> Term::inputs() const {
  const auto& c = node_->children_;
  if (kind() == TermKind::kApplication) return std::span<const Term>(c).subspan(1);
  LF_DCHECK(IsArrow() || IsLambda());
  return std::span<const Term>(c.data(), c.size() - 1);
}

inline const Term& Term::output() const {
  const auto& c = node_->children_;
  if (kind() == TermKind::kApplication) return c.front();
  LF_DCHECK(IsArrow() || IsLambda());
  return c.back();
}

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
