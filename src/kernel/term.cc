#include "kernel/term.h"

#include <mutex>
#include <unordered_map>

#include "core/check.h"
#include "core/hash.h"

namespace lf::kernel {

// The intern table. Entries are weak so that unused terms are freed; a node's
// deleter removes its own entry (matching by address, because a dying node may
// already have been replaced by a fresh equal one).
class TermTable {
 public:
  static TermTable& Get() {
    static TermTable* table = new TermTable();  // never destroyed: terms may outlive statics
    return *table;
  }

  Term Intern(TermKind kind, std::string_view name, std::vector<Term> children) {
    uint64_t h = HashCombine(static_cast<uint64_t>(kind) + 1, std::hash<std::string_view>{}(name));
    for (const Term& c : children) h = HashCombine(h, c.hash());
    std::lock_guard<std::mutex> lock(mutex_);
    auto [begin, end] = entries_.equal_range(h);
    for (auto it = begin; it != end; ++it) {
      const TermNode* raw = it->second.raw;
      if (raw->kind_ != kind || raw->name_ != name || raw->children_ != children) continue;
      if (auto alive = it->second.weak.lock()) return Term(std::move(alive));
    }
    auto* node = new TermNode();
    node->kind_ = kind;
    node->hash_ = h;
    node->name_ = std::string(name);
    node->children_ = std::move(children);
    std::shared_ptr<const TermNode> owner(node, [](const TermNode* n) { Get().Release(n); });
    entries_.emplace(h, Entry{node, owner});
    return Term(std::move(owner));
  }

 private:
  struct Entry {
    const TermNode* raw;
    std::weak_ptr<const TermNode> weak;
  };

  void Release(const TermNode* node) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto [begin, end] = entries_.equal_range(node->hash_);
      for (auto it = begin; it != end; ++it) {
        if (it->second.raw == node) {
          entries_.erase(it);
          break;
        }
      }
    }
    // Children are released outside the lock: their deleters take it again.
    delete node;
  }

  std::mutex mutex_;
  std::unordered_multimap<uint64_t, Entry> entries_;
};

Term Term::Atom(std::string_view name) {
  return TermTable::Get().Intern(TermKind::kAtom, name, {});
}

Term Term::Declaration(std::string_view name, const Term& dtype) {
  return TermTable::Get().Intern(TermKind::kDeclaration, name, {dtype});
}

Term Term::PatternDeclaration(const Term& pattern, const Term& dtype) {
  return TermTable::Get().Intern(TermKind::kPatternDeclaration, "", {pattern, dtype});
}

Term Term::Arrow(std::vector<Term> inputs, const Term& output) {
  LF_CHECK(!inputs.empty());
  inputs.push_back(output);
  return TermTable::Get().Intern(TermKind::kArrow, "", std::move(inputs));
}

Term Term::Lambda(std::vector<Term> parameters, const Term& body) {
  LF_CHECK(!parameters.empty());
  parameters.push_back(body);
  return TermTable::Get().Intern(TermKind::kLambda, "", std::move(parameters));
}

Term Term::Application(const Term& function, std::vector<Term> arguments) {
  LF_CHECK(!arguments.empty());
  arguments.insert(arguments.begin(), function);
  return TermTable::Get().Intern(TermKind::kApplication, "", std::move(arguments));
}

TermKind Term::kind() const { return node_->kind_; }
uint64_t Term::hash() const { return node_->hash_; }
const std::string& Term::name() const { return node_->name_; }
bool Term::IsParameter() const { return IsAtom() && IsParameterName(node_->name_); }

const Term& Term::dtype() const {
  LF_DCHECK(IsDeclaration() || IsPatternDeclaration());
  return node_->children_.back();
}

const Term& Term::pattern() const {
  LF_DCHECK(IsPatternDeclaration());
  return node_->children_.front();
}

std::span<const Term> Term::inputs() const {
  const auto& c = node_->children_;
  if (kind() == TermKind::kApplication) return std::span<const Term>(c).subspan(1);
  LF_DCHECK(IsArrow() || IsLambda());
  return std::span<const Term>(c.data(), c.size() - 1);
}

const Term& Term::output() const {
  const auto& c = node_->children_;
  if (kind() == TermKind::kApplication) return c.front();
  LF_DCHECK(IsArrow() || IsLambda());
  return c.back();
}

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

Term Replace(const Term& t, const std::string& name, const Term& value) {
  switch (t.kind()) {
    case TermKind::kAtom:
      return t.name() == name ? value : t;
    case TermKind::kDeclaration: {
      const std::string& new_name =
          (t.name() == name && value.IsParameter()) ? value.name() : t.name();
      return Term::Declaration(new_name, Replace(t.dtype(), name, value));
    }
    case TermKind::kPatternDeclaration: {
      for (const auto& v : FreeVariables(t))
        if (v == name) return t;
      return Term::PatternDeclaration(Replace(t.pattern(), name, value),
                                      Replace(t.dtype(), name, value));
    }
    case TermKind::kArrow:
    case TermKind::kLambda: {
      for (const Term& in : t.inputs())
        if (in.IsDeclaration() && in.name() == name) return t;
      std::vector<Term> ins;
      ins.reserve(t.inputs().size());
      for (const Term& in : t.inputs()) ins.push_back(Replace(in, name, value));
      Term out = Replace(t.output(), name, value);
      return t.IsArrow() ? Term::Arrow(std::move(ins), out) : Term::Lambda(std::move(ins), out);
    }
    case TermKind::kApplication: {
      std::vector<Term> args;
      args.reserve(t.arguments().size());
      for (const Term& a : t.arguments()) args.push_back(Replace(a, name, value));
      return Term::Application(Replace(t.function(), name, value), std::move(args));
    }
  }
  return t;
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
