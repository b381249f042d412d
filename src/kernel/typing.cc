#include "kernel/typing.h"

#include <span>

#include "kernel/kernel_error.h"

namespace lf::kernel {
namespace {

// Deeply nested or self-referential definitions must fail cleanly, not overflow the stack.
constexpr int kMaxEvalDepth = 2000;

struct DepthGuard {
  explicit DepthGuard(int* depth) : depth_(depth) {
    if (++*depth_ > kMaxEvalDepth) {
      --*depth_;
      throw KernelError(KernelErrorKind::kEvaluationLimit);
    }
  }
  ~DepthGuard() { --*depth_; }
  int* depth_;
};

thread_local int eval_depth = 0;
thread_local int type_depth = 0;

}  // namespace

const Term* Unifier::Find(const std::string& name) const {
  for (const auto& [n, v] : bindings_)
    if (n == name) return &v;
  return nullptr;
}

void Unifier::Insert(const std::string& name, const Term& value) {
  for (auto& [n, v] : bindings_) {
    if (n == name) {
      v = value;
      return;
    }
  }
  bindings_.emplace_back(name, value);
}

void Unifier::Extend(const Unifier& other) {
  for (const auto& [n, v] : other.bindings_) Insert(n, v);
}

Scope::Found Scope::Lookup(const Term& name) const {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
    if (it->first == name) return Found{&it->second, nullptr, nullptr};
  const Entry* e = ctx_->Lookup(name);
  if (e == nullptr) return Found{};
  return Found{&e->def.dtype, e->def.value ? &e->def.value : nullptr, e};
}

namespace {

// Eval(t), or a null Term meaning that Eval(t) is t itself (a non-null result
// may be t too). Most subterms evaluate to themselves; saying so instead of
// returning a copy saves the reference-count traffic and the rebuilding (by
// hash-consing, a rebuilt term with unchanged parts is the same node). Each
// call is one level of eval_depth, as each call of Eval was.
Term EvalChanged(const Term& t, const Scope& scope);

// Evaluates `parts` in order. When one of them changes, *out holds the Eval of
// every part and the result is true; otherwise *out stays empty.
bool EvalParts(std::span<const Term> parts, const Scope& scope, std::vector<Term>* out) {
  for (size_t i = 0; i < parts.size(); ++i) {
    Term e = EvalChanged(parts[i], scope);
    if (!e) {
      if (!out->empty()) out->push_back(parts[i]);
      continue;
    }
    if (out->empty()) {
      out->reserve(parts.size());
      out->assign(parts.begin(), parts.begin() + static_cast<long>(i));
    }
    out->push_back(std::move(e));
  }
  return !out->empty();
}

Term EvalChanged(const Term& t, const Scope& scope) {
  DepthGuard guard(&eval_depth);
  switch (t.kind()) {
    case TermKind::kAtom: {
      const Scope::Found f = scope.Lookup(t);
      if (f.value == nullptr || f.value->IsIntrinsicApplication()) return Term();
      if (f.entry != nullptr && f.entry->eval_name) return f.entry->eval_name;
      return Eval(*f.value, scope);
    }
    case TermKind::kDeclaration: {
      Term dtype = EvalChanged(t.dtype(), scope);
      return dtype ? Term::Declaration(t.name(), dtype) : Term();
    }
    case TermKind::kPatternDeclaration:
      return Term::PatternDeclaration(Eval(t.pattern(), scope), Eval(t.dtype(), scope));
    case TermKind::kArrow: {
      std::vector<Term> ins;
      const bool ins_changed = EvalParts(t.inputs(), scope, &ins);
      Term out = EvalChanged(t.output(), scope);
      if (!ins_changed && !out) return Term();
      if (!ins_changed) ins.assign(t.inputs().begin(), t.inputs().end());
      return Term::Arrow(std::move(ins), out ? out : t.output());
    }
    case TermKind::kLambda:
      return Term();
    case TermKind::kApplication: {
      const Term f_changed = EvalChanged(t.function(), scope);
      const Term& f = f_changed ? f_changed : t.function();
      const auto args = t.arguments();
      if (f.IsLambda()) {
        std::vector<Term> params(f.parameters().begin(), f.parameters().end());
        if (args.size() > params.size())
          throw KernelError(KernelErrorKind::kLambdaTooManyArguments, t.ToString());
        Term body = f.body();
        for (size_t i = 0; i < args.size(); ++i) {
          if (!params[i].IsDeclaration())
            throw KernelError(KernelErrorKind::kLambdaParameter, t.ToString());
          const std::string name = params[i].name();
          const Term arg = Eval(args[i], scope);
          body = Replace(body, name, arg);
          for (size_t j = i + 1; j < params.size(); ++j) params[j] = Replace(params[j], name, arg);
        }
        if (args.size() < params.size())
          return Term::Lambda(std::vector<Term>(params.begin() + args.size(), params.end()), body);
        return body;
      }
      if (f.IsApplication()) {
        std::vector<Term> all(f.arguments().begin(), f.arguments().end());
        all.insert(all.end(), args.begin(), args.end());
        return Term::Application(f.function(), std::move(all));
      }
      // The original head is kept, whatever it evaluated to.
      std::vector<Term> evaluated;
      if (!EvalParts(args, scope, &evaluated)) return Term();
      return Term::Application(t.function(), std::move(evaluated));
    }
  }
  return Term();
}

}  // namespace

Term Eval(const Term& t, const Scope& scope) {
  Term e = EvalChanged(t, scope);
  return e ? e : t;
}

Term Eval(const Term& t, const Context& ctx) { return Eval(t, Scope(ctx)); }

Term GetType(const Term& t, const Scope& scope) {
  DepthGuard guard(&type_depth);
  switch (t.kind()) {
    case TermKind::kDeclaration:
    case TermKind::kPatternDeclaration:
      return t.dtype();
    case TermKind::kAtom: {
      const Scope::Found f = scope.Lookup(t);
      if (f.dtype == nullptr) throw KernelError(KernelErrorKind::kUndeclaredName, t.name());
      return *f.dtype;
    }
    case TermKind::kArrow: {
      Scope inner = scope;
      for (const Term& in : t.inputs())
        if (in.IsDeclaration()) inner.Bind(Term::Atom(in.name()), in.dtype());
      const Term out_type = GetType(Eval(t.output(), inner), inner);
      return out_type == Context::PropConstant() ? Context::PropConstant()
                                                 : Context::TypeConstant();
    }
    case TermKind::kLambda: {
      Scope inner = scope;
      std::vector<Term> ins;
      for (const Term& p : t.parameters()) {
        if (!p.IsDeclaration()) throw KernelError(KernelErrorKind::kLambdaParameter);
        inner.Bind(Term::Atom(p.name()), p.dtype());
      }
      for (const Term& p : t.parameters()) ins.push_back(GetType(p, inner));
      return Term::Arrow(std::move(ins), GetType(t.body(), inner));
    }
    case TermKind::kApplication: {
      if (t.function().IsAtom() && t.function().name() == "=") return Context::PropConstant();
      const Term ftype = GetType(t.function(), scope);
      if (!ftype.IsArrow()) throw KernelError(KernelErrorKind::kNotAFunction, t.ToString());
      std::vector<Term> inputs(ftype.inputs().begin(), ftype.inputs().end());
      Term output = ftype.output();
      const auto args = t.arguments();
      if (args.size() > inputs.size())
        throw KernelError(KernelErrorKind::kTooManyArguments, t.ToString());
      for (size_t i = 0; i < args.size(); ++i) {
        const Term value = Eval(args[i], scope);
        const Term value_type = GetType(args[i], scope);
        Term pattern, param_type;
        if (inputs[i].IsPatternDeclaration()) {
          pattern = inputs[i].pattern();
          param_type = inputs[i].dtype();
        } else if (inputs[i].IsDeclaration()) {
          pattern = Term::Atom(inputs[i].name());
          param_type = inputs[i].dtype();
        } else {
          param_type = inputs[i];
        }
        Unifier u;
        if (pattern && !UnifyParams(pattern, value, &u))
          throw KernelError(KernelErrorKind::kPatternMismatch, t.ToString());
        if (!UnifyParams(param_type, value_type, &u))
          throw KernelError(KernelErrorKind::kArgumentTypeMismatch, t.ToString(),
                            param_type.ToString(), value_type.ToString());
        for (const auto& [name, v] : u.bindings()) {
          for (size_t j = i + 1; j < inputs.size(); ++j)
            inputs[j] = Eval(Replace(inputs[j], name, v), scope);
          output = Eval(Replace(output, name, v), scope);
        }
      }
      if (args.size() == inputs.size()) return output;
      return Term::Arrow(std::move(inputs), output);
    }
  }
  return t;
}

Term GetType(const Term& t, const Context& ctx) { return GetType(t, Scope(ctx)); }

bool AreEquivalent(const Term& a, const Term& b, const Context& ctx) {
  // b is evaluated first, the order earlier builds had, so that which of two
  // errors is reported stays the same (the checker memoises Eval(a) this way too).
  const Term b_eval = Eval(b, ctx);
  return AlphaEquivalent(Eval(a, ctx), b_eval);
}

// Boundary 1 of kernel_error.h: the typing predicates. A term whose typing
// fails is not a proposition.
bool IsPropTerm(const Term& t, const Context& ctx) {
  if (t.IsEquality()) return true;
  try {
    return GetType(GetType(t, ctx), ctx) == Context::PropConstant();
  } catch (const KernelError&) {
    return false;
  }
}

bool HasPropType(const Term& t, const Context& ctx) {
  try {
    return GetType(t, ctx) == Context::PropConstant();
  } catch (const KernelError&) {
    return false;
  }
}

bool UnifyParams(const Term& pattern, const Term& concrete, Unifier* unifier) {
  if (pattern.IsParameter()) {
    if (const Term* bound = unifier->Find(pattern.name())) return *bound == concrete;
    unifier->Insert(pattern.name(), concrete);
    return true;
  }
  if (pattern.IsAtom() && concrete.IsAtom()) return pattern.name() == concrete.name();
  if (pattern.IsApplication() && concrete.IsApplication()) {
    if (pattern.arguments().size() != concrete.arguments().size()) return false;
    if (!UnifyParams(pattern.function(), concrete.function(), unifier)) return false;
    for (size_t i = 0; i < pattern.arguments().size(); ++i)
      if (!UnifyParams(pattern.arguments()[i], concrete.arguments()[i], unifier)) return false;
    return true;
  }
  if (pattern.IsArrow() && concrete.IsArrow()) {
    if (pattern.inputs().size() != concrete.inputs().size()) return false;
    if (!UnifyParams(pattern.output(), concrete.output(), unifier)) return false;
    for (size_t i = 0; i < pattern.inputs().size(); ++i)
      if (!UnifyParams(pattern.inputs()[i], concrete.inputs()[i], unifier)) return false;
    return true;
  }
  return AlphaEquivalent(pattern, concrete);
}

Term ApplyUnifier(const Term& t, const Unifier& u) {
  Term result = t;
  for (const auto& [name, value] : u.bindings()) result = Replace(result, name, value);
  return result;
}

namespace {

Term Rest(std::span<const Term> inputs, const Term& output) {
  if (inputs.size() == 1) return output;
  return Term::Arrow(std::vector<Term>(inputs.begin() + 1, inputs.end()), output);
}

std::vector<Unifier> FlexRigid(const std::string& predicate, std::span<const Term> pattern_args,
                               const Term& concrete, Scope* scope) {
  std::vector<std::pair<size_t, TermLocation>> locations;
  std::vector<Term> param_terms, param_decls;
  std::vector<std::string> param_names;
  for (size_t i = 0; i < pattern_args.size(); ++i) {
    for (TermLocation& loc : FindAll(concrete, pattern_args[i])) locations.emplace_back(i, loc);
    const std::string name = "'" + std::to_string(i);
    param_names.push_back(name);
    param_terms.push_back(Term::Atom(name));
    param_decls.push_back(Term::Declaration(name, GetType(pattern_args[i], *scope)));
  }
  // Only the candidate abstracting every occurrence (the reference disables the
  // power-set enumeration of occurrence subsets).
  Term candidate = concrete;
  for (const auto& [idx, loc] : locations) candidate = ReplaceAt(candidate, loc, param_terms[idx]);
  for (const std::string& v : FreeVariables(candidate)) {
    bool is_param = false;
    for (const auto& p : param_names) is_param |= (p == v);
    if (!is_param) return {};
  }
  Unifier u;
  u.Insert(predicate, Term::Lambda(param_decls, candidate));
  return {u};
}

}  // namespace

std::vector<Unifier> NdUnify(const Term& pattern, const Term& concrete, Scope* scope) {
  if (pattern.IsParameter()) {
    Unifier u;
    u.Insert(pattern.name(), concrete);
    return {u};
  }
  if (pattern.IsDeclaration() && concrete.IsDeclaration()) {
    std::vector<Unifier> dtype_unifiers = NdUnify(pattern.dtype(), concrete.dtype(), scope);
    const Term cname = Term::Atom(concrete.name());
    scope->Bind(cname, concrete.dtype());
    std::vector<Unifier> out;
    for (Unifier& u : dtype_unifiers) {
      if (const Term* bound = u.Find(pattern.name())) {
        if (*bound == cname) out.push_back(std::move(u));
      } else {
        u.Insert(pattern.name(), cname);
        out.push_back(std::move(u));
      }
    }
    return out;
  }
  if (pattern.IsArrow() && concrete.IsArrow()) {
    const auto ip = pattern.inputs();
    const auto ic = concrete.inputs();
    if (ip.size() > ic.size()) return {};
    std::vector<Unifier> results;
    for (const Unifier& u : NdUnify(ip[0], ic[0], scope)) {
      const Term rest_p = ApplyUnifier(Rest(ip, pattern.output()), u);
      const Term rest_c = Rest(ic, concrete.output());
      for (Unifier& v : NdUnify(rest_p, rest_c, scope)) {
        v.Extend(u);
        results.push_back(std::move(v));
      }
    }
    return results;
  }
  if (pattern.IsApplication()) {
    const Term& pf = pattern.function();
    if (pf.IsParameter()) return FlexRigid(pf.name(), pattern.arguments(), concrete, scope);
    if (!concrete.IsApplication()) return {};
    const auto pa = pattern.arguments();
    const auto ca = concrete.arguments();
    if (pa.size() != ca.size()) return {};
    std::vector<Unifier> unifiers = NdUnify(pf, concrete.function(), scope);
    for (size_t i = 0; i < pa.size(); ++i) {
      std::vector<Unifier> next;
      for (const Unifier& u : unifiers) {
        for (Unifier& nu : NdUnify(ApplyUnifier(pa[i], u), ca[i], scope)) {
          nu.Extend(u);
          next.push_back(std::move(nu));
        }
      }
      unifiers = std::move(next);
    }
    return unifiers;
  }
  if (pattern == concrete) return {Unifier()};
  return {};
}

namespace {

Term ElaborateIn(const Term& t, const Scope& scope) {
  switch (t.kind()) {
    case TermKind::kAtom:
      return t;
    case TermKind::kDeclaration:
      return Term::Declaration(t.name(), ElaborateIn(t.dtype(), scope));
    case TermKind::kPatternDeclaration:
      return Term::PatternDeclaration(ElaborateIn(t.pattern(), scope),
                                      ElaborateIn(t.dtype(), scope));
    case TermKind::kArrow:
    case TermKind::kLambda: {
      Scope inner = scope;
      std::vector<Term> ins;
      for (const Term& in : t.inputs()) {
        if (in.IsDeclaration()) {
          ins.push_back(Term::Declaration(in.name(), ElaborateIn(in.dtype(), inner)));
          inner.Bind(Term::Atom(in.name()), in.dtype());
        } else {
          // Earlier inputs are in scope: [('n : nat) -> (= 'n 'n) -> ...].
          ins.push_back(ElaborateIn(in, inner));
        }
      }
      const Term out = ElaborateIn(t.output(), inner);
      return t.IsArrow() ? Term::Arrow(std::move(ins), out) : Term::Lambda(std::move(ins), out);
    }
    case TermKind::kApplication: {
      const auto args = t.arguments();
      if (t.IsEquality()) {
        if (args.size() != 2) throw KernelError(KernelErrorKind::kMalformedEquality, t.ToString());
        return Term::Application(t.function(), {GetType(args[0], scope), args[0], args[1]});
      }
      std::vector<Term> out;
      for (const Term& a : args) out.push_back(ElaborateIn(a, scope));
      return Term::Application(ElaborateIn(t.function(), scope), std::move(out));
    }
  }
  return t;
}

}  // namespace

Term Elaborate(const Term& t, const Context& ctx) { return ElaborateIn(t, Scope(ctx)); }

}  // namespace lf::kernel
