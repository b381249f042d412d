#include "kernel/derivation.h"

#include <unordered_set>

#include "kernel/kernel_error.h"

namespace lf::kernel {
namespace {

std::string Join(const std::vector<std::string>& path) {
  std::string s;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) s += '@';
    s += path[i];
  }
  return s;
}

Term App(const char* f, std::vector<Term> args) {
  return Term::Application(Term::Atom(f), std::move(args));
}

// Every way to replace ONE occurrence of `source` in `term` by `target`, searching
// only through application heads and arguments; paired with the "@i@j" location.
void RewriteAll(const Term& term, const Term& source, const Term& target, const std::string& loc,
                std::vector<std::pair<Term, std::string>>* out) {
  if (term == source) {
    out->emplace_back(target, loc);
    return;
  }
  if (!term.IsApplication()) return;
  std::vector<std::pair<Term, std::string>> sub;
  RewriteAll(term.function(), source, target, loc + "@0", &sub);
  std::vector<Term> args(term.arguments().begin(), term.arguments().end());
  for (auto& [alt, l] : sub) out->emplace_back(Term::Application(alt, args), l);
  for (size_t i = 0; i < args.size(); ++i) {
    sub.clear();
    RewriteAll(args[i], source, target, loc + "@" + std::to_string(i + 1), &sub);
    for (auto& [alt, l] : sub) {
      std::vector<Term> changed = args;
      changed[i] = alt;
      out->emplace_back(Term::Application(term.function(), std::move(changed)), l);
    }
  }
}

// The two sides of a dtype that is an equality with distinct sides (the facts
// eq_symm and rewrite use), or nullptr. Throws for a malformed (= ...).
const Term* DistinctEqualitySides(const Term& dtype) {
  if (!dtype.IsEquality()) return nullptr;
  if (dtype.arguments().size() != 2)
    throw KernelError(KernelErrorKind::kMalformedEquality, dtype.ToString());
  if (dtype.arguments()[0] == dtype.arguments()[1]) return nullptr;
  return dtype.arguments().data();
}

}  // namespace

std::string Derivation::Define(const std::string& base_name, const Definition& def, bool rename) {
  const std::string name = rename ? base_name + std::to_string(++next_id_) : base_name;
  std::vector<std::string> path{name, "type"};
  DefineSubterms(def.dtype, false, &path);
  const Term atom = Term::Atom(name);
  if (def.value) {
    std::vector<std::string> vpath{name};
    DefineSubterms(Eval(def.value, ctx_), true, &vpath);
    ctx_.AddExistingValue(def.value, atom);
  }
  ctx_.AddExistingValue(atom, atom);
  ctx_.AddInhabitedType(def.dtype);
  ctx_.Define(name, def);
  return name;
}

void Derivation::DefineSubterms(const Term& t, bool is_root, std::vector<std::string>* path) {
  // Numerals are not given the reference's deprecated `real` literal treatment:
  // none of lemmaforge's theories declares `real`.
  const bool intrinsic = t.IsIntrinsicApplication();
  if (t.IsApplication() && !intrinsic) {
    path->push_back("0");
    DefineSubterms(t.function(), false, path);
    path->pop_back();
    for (size_t i = 0; i < t.arguments().size(); ++i) {
      path->push_back(std::to_string(i + 1));
      DefineSubterms(t.arguments()[i], false, path);
      path->pop_back();
    }
  }
  if (intrinsic) return;
  const Term dname = Term::Atom(Join(*path));
  ctx_.AddExistingValue(t, dname);
  if (!is_root) {
    const Term dtype = GetType(t, ctx_);
    ctx_.AddInhabitedType(dtype);
    ctx_.Define(dname.name(), Definition{dtype, t});
  }
}

void Derivation::DefineGoalSubterms(const Term& goal) {
  std::vector<std::string> path{ctx_.FreshName("goal")};
  DefineSubterms(goal, false, &path);
}

bool Derivation::IsRedundant(const Term& dtype, const Term& value) const {
  if (IsPropTerm(dtype, ctx_)) return ctx_.IsInhabitedType(dtype);
  return value && ctx_.ExistingValueName(value) != nullptr;
}

const Entry* Derivation::Inhabited(const Term& dtype) const {
  const Entry* found = nullptr;
  ctx_.ForEach([&](const Entry& e) {
    if (found == nullptr && e.def.dtype == dtype) found = &e;
  });
  return found;
}

bool Derivation::HasInhabitant(const Term& dtype) const {
  const Term target = Eval(dtype, ctx_);
  if (Context::TypeConstant() == target) return true;  // `type : type`
  bool found = false;
  ctx_.ForEach([&](const Entry& e) { found = found || e.eval_dtype == target; });
  return found;
}

Term Derivation::DefiningTerm(const Entry& e) const {
  if (IsPropTerm(e.eval_dtype, ctx_)) return e.eval_dtype;
  if (e.def.value) return Eval(e.def.value, ctx_);
  return e.name;
}

std::vector<Term> Derivation::Inhabitants(const Term& dtype) const {
  const Term target = Eval(dtype, ctx_);
  std::vector<Term> names;
  std::unordered_set<Term, TermHash> seen;
  auto visit = [&](const Entry& e) {
    if (e.eval_dtype != target) return;
    if (seen.insert(DefiningTerm(e)).second) names.push_back(e.name);
  };
  if (target == Context::TypeConstant()) visit(*ctx_.Lookup(Context::TypeConstant()));
  ctx_.ForEach(visit);
  return names;
}

std::vector<Definition> Derivation::ApplicationResults(
    const std::string& arrow, const std::vector<Term>& preconditions) const {
  std::vector<Definition> results;
  ForEachApplicationResult(arrow, preconditions,
                           [&results](Definition&& r) { results.push_back(std::move(r)); });
  return results;
}

// What stays fixed while one arrow's inputs are filled.
struct Derivation::ArrowApplication {
  Term arrow;
  size_t ghosts;  // leading precondition inputs, not arguments of the result
  // The entries an input may be filled with: the first entry of each distinct
  // evaluated value, in insertion order (later entries with the same value are
  // skipped whatever the input, so the list is computed once per arrow).
  std::vector<const Entry*> candidates;
  const std::function<void(Definition&&)>& visit;
};

void Derivation::ForEachApplicationResult(const std::string& arrow,
                                          const std::vector<Term>& preconditions,
                                          const std::function<void(Definition&&)>& visit) const {
  const Entry* e = ctx_.Lookup(arrow);
  if (e == nullptr) {
    if (arrow == "eq_refl") EqRefl(visit);
    if (arrow == "eq_symm") EqSymm(visit);
    if (arrow == "rewrite") Rewrite(visit);
    return;
  }
  if (!e->def.dtype.IsArrow()) return;
  ArrowApplication app{Term::Atom(arrow), preconditions.size(), {}, visit};
  std::unordered_set<Term, TermHash> seen_values;
  ctx_.ForEach([&](const Entry& c) {
    if (seen_values.insert(c.eval_name).second) app.candidates.push_back(&c);
  });
  std::vector<Term> inputs(preconditions);
  inputs.insert(inputs.end(), e->def.dtype.inputs().begin(), e->def.dtype.inputs().end());
  std::vector<Term> chosen;
  std::vector<std::pair<std::string, Term>> substitutions;
  ApplyArrow(app, inputs, e->def.dtype.output(), &chosen, &substitutions);
}

void Derivation::ApplyArrow(const ArrowApplication& app, const std::vector<Term>& input_types,
                            const Term& output, std::vector<Term>* inputs,
                            std::vector<std::pair<std::string, Term>>* substitutions) const {
  const size_t next = inputs->size();
  if (next == input_types.size()) {
    std::vector<Term> args(inputs->begin() + app.ghosts, inputs->end());
    app.visit(Definition{Eval(output, ctx_), Term::Application(app.arrow, std::move(args))});
    return;
  }
  const Term& slot = input_types[next];
  Term pattern, param_type;
  if (slot.IsPatternDeclaration()) {
    pattern = slot.pattern();
    param_type = slot.dtype();
  } else if (slot.IsDeclaration()) {
    std::string bound = slot.name();
    for (auto it = substitutions->rbegin(); it != substitutions->rend(); ++it) {
      if (it->first == slot.name()) {
        bound = it->second.name();
        break;
      }
    }
    pattern = Eval(Term::Atom(bound), ctx_);
    param_type = slot.dtype();
  } else {
    param_type = slot;
  }

  for (const Entry* e : app.candidates) {
    const Term& value = e->eval_name;
    Unifier u;
    if (pattern && !UnifyParams(pattern, value, &u)) continue;
    if (!UnifyParams(param_type, e->def.dtype, &u)) continue;
    std::vector<Term> remaining = input_types;
    Term out = output;
    for (const auto& [name, v] : u.bindings()) {
      if (const Term* existing = ctx_.ExistingValueName(v))
        substitutions->emplace_back(name, *existing);
      for (size_t i = next + 1; i < remaining.size(); ++i)
        remaining[i] = Replace(remaining[i], name, v);
      out = Replace(out, name, v);
    }
    inputs->push_back(e->name);
    ApplyArrow(app, remaining, out, inputs, substitutions);
    inputs->pop_back();
    for (const auto& binding : u.bindings()) {
      // Removes the name entirely (reference HashMap::remove semantics).
      std::erase_if(*substitutions, [&](const auto& s) { return s.first == binding.first; });
    }
  }
}

void Derivation::EqRefl(const std::function<void(Definition&&)>& visit) const {
  std::unordered_set<Term, TermHash> seen;
  ctx_.ForEach([&](const Entry& e) {
    if (!seen.insert(e.eval_name).second) return;
    if (e.is_prop || e.is_type || e.is_arrow) return;
    const Term v = e.def.value ? e.def.value : e.name;
    visit(Definition{App("=", {v, v}), App("eq_refl", {e.name})});
  });
}

void Derivation::EqSymm(const std::function<void(Definition&&)>& visit) const {
  ctx_.ForEach([&](const Entry& e) {
    const Term* sides = DistinctEqualitySides(e.def.dtype);
    if (sides == nullptr) return;
    visit(Definition{App("=", {sides[1], sides[0]}), App("eq_symm", {e.name})});
  });
}

void Derivation::Rewrite(const std::function<void(Definition&&)>& visit) const {
  ctx_.ForEach([&](const Entry& eq) {
    const Term* sides = DistinctEqualitySides(eq.def.dtype);
    if (sides == nullptr) return;
    const Term t1 = Eval(sides[0], ctx_);
    const Term t2 = Eval(sides[1], ctx_);
    ctx_.ForEach([&](const Entry& p) {
      if (!p.is_prop) return;
      std::vector<std::pair<Term, std::string>> rewrites;
      RewriteAll(p.eval_dtype, t1, t2, "", &rewrites);
      for (auto& [rw, loc] : rewrites) {
        visit(Definition{rw, App("rewrite", {eq.name, Term::Atom(p.name.name() + "@type" + loc)})});
      }
    });
  });
}

}  // namespace lf::kernel
