#include "kernel/term.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include "core/check.h"
#include "core/hash.h"

namespace lf::kernel {
namespace {

// Term::NameBit of a name whose std::hash is `name_hash`.
uint64_t NameBitOfHash(size_t name_hash) { return uint64_t{1} << (name_hash & 63); }

}  // namespace

// The intern table: open addressing with linear probing over (hash, node)
// slots, so a probe reads no node until the hashes agree. It holds no
// references; a node's last reference removes its own slot (by address, because
// a node dying outside the lock may already have been replaced by a fresh equal
// one, which Intern creates rather than reviving a node whose count reached 0).
class TermTable {
 public:
  static TermTable& Get() {
    static TermTable* table = new TermTable();  // never destroyed: terms may outlive statics
    return *table;
  }

  // The term with these fields; its children are `head` followed by `tail`.
  Term Intern(TermKind kind, std::string_view name, std::span<const Term> head,
              std::span<const Term> tail) {
    const size_t name_hash = std::hash<std::string_view>{}(name);
    uint64_t h = HashCombine(static_cast<uint64_t>(kind) + 1, name_hash);
    uint64_t name_bits =
        (kind == TermKind::kAtom || kind == TermKind::kDeclaration) ? NameBitOfHash(name_hash) : 0;
    for (const Term& c : head) {
      h = HashCombine(h, c.hash());
      name_bits |= c->name_bits_;
    }
    for (const Term& c : tail) {
      h = HashCombine(h, c.hash());
      name_bits |= c->name_bits_;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = Home(h); slots_[i].node != nullptr; i = Next(i)) {
      const TermNode* n = slots_[i].node;
      if (slots_[i].hash != h || !Matches(*n, kind, name, head, tail)) continue;
      size_t refs = n->refs_.load(std::memory_order_relaxed);
      while (refs != 0 &&
             !n->refs_.compare_exchange_weak(refs, refs + 1, std::memory_order_relaxed)) {
      }
      if (refs != 0) return Term(n);
    }
    auto* node = new TermNode();
    node->kind_ = kind;
    node->hash_ = h;
    node->name_bits_ = name_bits;
    node->name_ = std::string(name);
    node->children_.reserve(head.size() + tail.size());
    node->children_.insert(node->children_.end(), head.begin(), head.end());
    node->children_.insert(node->children_.end(), tail.begin(), tail.end());
    if (2 * (size_ + 1) > slots_.size()) Grow();
    slots_[FreeSlot(h)] = Slot{h, node};
    ++size_;
    return Term(node);
  }

  void Release(const TermNode* node) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      size_t i = Home(node->hash_);
      while (slots_[i].node != node) i = Next(i);
      Erase(i);
    }
    // Children are released outside the lock: their last references take it again.
    delete node;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    const TermNode* node = nullptr;  // null: empty
  };

  TermTable() : slots_(size_t{1} << kInitialBits), shift_(64 - kInitialBits) {}

  static bool Matches(const TermNode& n, TermKind kind, std::string_view name,
                      std::span<const Term> head, std::span<const Term> tail) {
    if (n.kind_ != kind || n.name_ != name || n.children_.size() != head.size() + tail.size())
      return false;
    return std::equal(head.begin(), head.end(), n.children_.begin()) &&
           std::equal(tail.begin(), tail.end(), n.children_.begin() + head.size());
  }

  // Fibonacci hashing: the top bits of the product mix every bit of the hash.
  size_t Home(uint64_t hash) const {
    return static_cast<size_t>((hash * 0x9e3779b97f4a7c15ULL) >> shift_);
  }
  size_t Next(size_t i) const { return (i + 1) & (slots_.size() - 1); }
  size_t FreeSlot(uint64_t hash) const {
    size_t i = Home(hash);
    while (slots_[i].node != nullptr) i = Next(i);
    return i;
  }

  // Backward-shift deletion keeps every probe sequence free of holes.
  void Erase(size_t hole) {
    const size_t mask = slots_.size() - 1;
    for (size_t j = Next(hole); slots_[j].node != nullptr; j = Next(j)) {
      const size_t home = Home(slots_[j].hash);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = Slot{};
    --size_;
  }

  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    --shift_;
    for (const Slot& s : old)
      if (s.node != nullptr) slots_[FreeSlot(s.hash)] = s;
  }

  static constexpr int kInitialBits = 12;

  std::mutex mutex_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t size_ = 0;
  int shift_;
};

void ReleaseTermNode(const TermNode* node) { TermTable::Get().Release(node); }

uint64_t Term::NameBit(std::string_view name) {
  return NameBitOfHash(std::hash<std::string_view>{}(name));
}

Term Term::Atom(std::string_view name) {
  return TermTable::Get().Intern(TermKind::kAtom, name, {}, {});
}

Term Term::Declaration(std::string_view name, const Term& dtype) {
  return TermTable::Get().Intern(TermKind::kDeclaration, name, {&dtype, 1}, {});
}

Term Term::PatternDeclaration(const Term& pattern, const Term& dtype) {
  const Term children[] = {pattern, dtype};
  return TermTable::Get().Intern(TermKind::kPatternDeclaration, "", children, {});
}

Term Term::Arrow(std::vector<Term> inputs, const Term& output) {
  LF_CHECK(!inputs.empty());
  return TermTable::Get().Intern(TermKind::kArrow, "", inputs, {&output, 1});
}

Term Term::Lambda(std::vector<Term> parameters, const Term& body) {
  LF_CHECK(!parameters.empty());
  return TermTable::Get().Intern(TermKind::kLambda, "", parameters, {&body, 1});
}

Term Term::Application(const Term& function, std::vector<Term> arguments) {
  LF_CHECK(!arguments.empty());
  return TermTable::Get().Intern(TermKind::kApplication, "", {&function, 1}, arguments);
}

bool Term::IsParameter() const { return IsAtom() && IsParameterName(node_->name_); }

void Term::AppendTo(std::string* out) const {
  switch (kind()) {
    case TermKind::kAtom:
      *out += name();
      return;
    case TermKind::kDeclaration:
      *out += name();
      *out += " : ";
      dtype().AppendTo(out);
      return;
    case TermKind::kPatternDeclaration:
      pattern().AppendTo(out);
      *out += " : ";
      dtype().AppendTo(out);
      return;
    case TermKind::kArrow:
      *out += '[';
      for (const Term& in : inputs()) {
        if (in.IsDeclaration()) {
          *out += '(';
          in.AppendTo(out);
          *out += ") -> ";
        } else {
          in.AppendTo(out);
          *out += " -> ";
        }
      }
      output().AppendTo(out);
      *out += ']';
      return;
    case TermKind::kLambda: {
      *out += "(lambda (";
      bool first = true;
      for (const Term& p : parameters()) {
        if (!first) *out += ", ";
        first = false;
        p.AppendTo(out);
      }
      *out += ") ";
      body().AppendTo(out);
      *out += ')';
      return;
    }
    case TermKind::kApplication:
      *out += '(';
      function().AppendTo(out);
      for (const Term& a : arguments()) {
        *out += ' ';
        a.AppendTo(out);
      }
      *out += ')';
      return;
  }
}

std::string Term::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

bool Term::IsEquality() const {
  return IsApplication() && function().IsAtom() && function().name() == "=";
}

bool Term::IsIntrinsicApplication() const {
  if (!IsApplication() || !function().IsAtom()) return false;
  const std::string& f = function().name();
  return f == "rewrite" || f == "eq_symm" || f == "eq_refl" || f == "eval";
}

bool IsParameterName(std::string_view name) { return !name.empty() && name[0] == '\''; }

namespace {

void CollectFree(const Term& t, std::vector<std::string>* out) {
  auto add = [out](const std::string& n) {
    for (const auto& x : *out)
      if (x == n) return;
    out->push_back(n);
  };
  switch (t.kind()) {
    case TermKind::kAtom:
      if (t.IsParameter()) add(t.name());
      return;
    case TermKind::kDeclaration:
      CollectFree(t.dtype(), out);
      return;
    case TermKind::kPatternDeclaration:
      CollectFree(t.pattern(), out);
      CollectFree(t.dtype(), out);
      return;
    case TermKind::kApplication:
      CollectFree(t.function(), out);
      for (const Term& a : t.arguments()) CollectFree(a, out);
      return;
    case TermKind::kArrow:
    case TermKind::kLambda: {
      // Reference semantics: only the output/body counts, minus declared names
      // (free parameters of input types are not reported).
      std::vector<std::string> inner;
      CollectFree(t.output(), &inner);
      for (const std::string& n : inner) {
        bool bound = false;
        for (const Term& in : t.inputs())
          if (in.IsDeclaration() && in.name() == n) bound = true;
        if (!bound) add(n);
      }
      return;
    }
  }
}

}  // namespace

std::vector<std::string> FreeVariables(const Term& t) {
  std::vector<std::string> out;
  CollectFree(t, &out);
  return out;
}

bool HasFreeVariables(const Term& t) { return !FreeVariables(t).empty(); }

namespace {

// Replace with NameBit(name) computed once. A subterm that cannot mention
// `name`, or whose children all come back unchanged, is returned as is: by
// hash-consing, rebuilding it would give the same node.
Term ReplaceIn(const Term& t, const std::string& name, uint64_t name_bit, const Term& value) {
  if (!t.MayMention(name_bit)) return t;
  switch (t.kind()) {
    case TermKind::kAtom:
      return t.name() == name ? value : t;
    case TermKind::kDeclaration: {
      const bool rename = t.name() == name && value.IsParameter();
      Term dtype = ReplaceIn(t.dtype(), name, name_bit, value);
      if (!rename && dtype == t.dtype()) return t;
      return Term::Declaration(rename ? value.name() : t.name(), dtype);
    }
    case TermKind::kPatternDeclaration: {
      for (const auto& v : FreeVariables(t))
        if (v == name) return t;
      Term pattern = ReplaceIn(t.pattern(), name, name_bit, value);
      Term dtype = ReplaceIn(t.dtype(), name, name_bit, value);
      if (pattern == t.pattern() && dtype == t.dtype()) return t;
      return Term::PatternDeclaration(pattern, dtype);
    }
    case TermKind::kArrow:
    case TermKind::kLambda: {
      for (const Term& in : t.inputs())
        if (in.IsDeclaration() && in.name() == name) return t;
      bool changed = false;
      std::vector<Term> ins;
      ins.reserve(t.inputs().size());
      for (const Term& in : t.inputs()) {
        ins.push_back(ReplaceIn(in, name, name_bit, value));
        changed = changed || ins.back() != in;
      }
      Term out = ReplaceIn(t.output(), name, name_bit, value);
      if (!changed && out == t.output()) return t;
      return t.IsArrow() ? Term::Arrow(std::move(ins), out) : Term::Lambda(std::move(ins), out);
    }
    case TermKind::kApplication: {
      Term f = ReplaceIn(t.function(), name, name_bit, value);
      bool changed = f != t.function();
      std::vector<Term> args;
      args.reserve(t.arguments().size());
      for (const Term& a : t.arguments()) {
        args.push_back(ReplaceIn(a, name, name_bit, value));
        changed = changed || args.back() != a;
      }
      if (!changed) return t;
      return Term::Application(f, std::move(args));
    }
  }
  return t;
}

}  // namespace

Term Replace(const Term& t, const std::string& name, const Term& value) {
  return ReplaceIn(t, name, Term::NameBit(name), value);
}

namespace {

using Renaming = std::vector<std::pair<std::string, std::string>>;

bool Alpha(const Term& a, const Term& b, Renaming* renaming);

// Inputs then output, pairwise; sequences of different lengths never match.
bool AlphaSequence(std::span<const Term> xs, const Term& x_last, std::span<const Term> ys,
                   const Term& y_last, Renaming* renaming) {
  if (xs.size() != ys.size()) return false;
  for (size_t i = 0; i < xs.size(); ++i)
    if (!Alpha(xs[i], ys[i], renaming)) return false;
  return Alpha(x_last, y_last, renaming);
}

bool Alpha(const Term& a, const Term& b, Renaming* renaming) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case TermKind::kAtom:
      if (a.IsParameter()) {
        for (auto it = renaming->rbegin(); it != renaming->rend(); ++it)
          if (it->first == a.name()) return it->second == b.name();
        return false;
      }
      return a.name() == b.name();
    case TermKind::kDeclaration:
      if (!Alpha(a.dtype(), b.dtype(), renaming)) return false;
      renaming->emplace_back(a.name(), b.name());
      return true;
    case TermKind::kArrow:
    case TermKind::kLambda: {
      const size_t before = renaming->size();
      const bool ok = AlphaSequence(a.inputs(), a.output(), b.inputs(), b.output(), renaming);
      renaming->resize(before);
      return ok;
    }
    case TermKind::kApplication: {
      if (!Alpha(a.function(), b.function(), renaming)) return false;
      if (a.arguments().size() != b.arguments().size()) return false;
      for (size_t i = 0; i < a.arguments().size(); ++i)
        if (!Alpha(a.arguments()[i], b.arguments()[i], renaming)) return false;
      return true;
    }
    case TermKind::kPatternDeclaration:
      return false;
  }
  return false;
}

}  // namespace

bool AlphaEquivalent(const Term& a, const Term& b) {
  Renaming renaming;
  return Alpha(a, b, &renaming);
}

std::vector<TermLocation> FindAll(const Term& t, const Term& target) {
  if (t == target) return {TermLocation{}};
  std::vector<TermLocation> results;
  auto collect = [&](const Term& child, size_t index) {
    for (TermLocation& loc : FindAll(child, target)) {
      loc.push_back(index);
      results.push_back(std::move(loc));
    }
  };
  switch (t.kind()) {
    case TermKind::kArrow:
    case TermKind::kLambda:
      for (size_t i = 0; i < t.inputs().size(); ++i) collect(t.inputs()[i], i);
      collect(t.output(), t.inputs().size());
      break;
    case TermKind::kApplication:
      collect(t.function(), 0);
      for (size_t i = 0; i < t.arguments().size(); ++i) collect(t.arguments()[i], i + 1);
      break;
    case TermKind::kDeclaration:
      collect(t.dtype(), 1);
      break;
    default:
      break;
  }
  return results;
}

Term ReplaceAt(const Term& t, std::span<const size_t> location, const Term& value) {
  if (location.empty()) return value;
  const size_t idx = location.back();
  const auto next = location.first(location.size() - 1);
  switch (t.kind()) {
    case TermKind::kArrow:
    case TermKind::kLambda: {
      std::vector<Term> ins(t.inputs().begin(), t.inputs().end());
      Term out = t.output();
      if (idx == ins.size()) {
        out = ReplaceAt(out, next, value);
      } else {
        ins[idx] = ReplaceAt(ins[idx], next, value);
      }
      return t.IsArrow() ? Term::Arrow(std::move(ins), out) : Term::Lambda(std::move(ins), out);
    }
    case TermKind::kApplication: {
      std::vector<Term> args(t.arguments().begin(), t.arguments().end());
      Term f = t.function();
      if (idx == 0) {
        f = ReplaceAt(f, next, value);
      } else {
        args[idx - 1] = ReplaceAt(args[idx - 1], next, value);
      }
      return Term::Application(f, std::move(args));
    }
    case TermKind::kDeclaration:
      return Term::Declaration(t.name(), ReplaceAt(t.dtype(), next, value));
    default:
      return t;
  }
}

Term Contract(const Term& t) {
  switch (t.kind()) {
    case TermKind::kAtom:
      return t;
    case TermKind::kDeclaration:
      return Term::Declaration(t.name(), Contract(t.dtype()));
    case TermKind::kPatternDeclaration:
      return Term::PatternDeclaration(Contract(t.pattern()), Contract(t.dtype()));
    case TermKind::kArrow:
    case TermKind::kLambda: {
      std::vector<Term> ins;
      for (const Term& in : t.inputs()) ins.push_back(Contract(in));
      Term out = Contract(t.output());
      return t.IsArrow() ? Term::Arrow(std::move(ins), out) : Term::Lambda(std::move(ins), out);
    }
    case TermKind::kApplication: {
      if (t.IsEquality() && t.arguments().size() == 3)
        return Term::Application(t.function(), {t.arguments()[1], t.arguments()[2]});
      std::vector<Term> args;
      for (const Term& a : t.arguments()) args.push_back(Contract(a));
      return Term::Application(Contract(t.function()), std::move(args));
    }
  }
  return t;
}

}  // namespace lf::kernel
