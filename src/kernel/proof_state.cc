#include "kernel/proof_state.h"

#include "core/check.h"
#include "kernel/kernel_error.h"

namespace lf::kernel {

std::string ProofAction::ToString() const {
  switch (kind) {
    case Kind::kIntro:
      return "intro.";
    case Kind::kConstruct:
      return "c " + arrow;
    case Kind::kApply:
      return "a " + arrow;
    case Kind::kSelectConstruction:
      return "=> " + (is_prop ? dtype : value).ToString() + ".";
    case Kind::kSelectGoals: {
      std::string s = "=> ";
      for (size_t i = 0; i < goals.size(); ++i) {
        if (i > 0) s += "; ";
        goals[i].AppendTo(&s);
      }
      return s + ".";
    }
  }
  return "";
}

bool ProofAction::operator==(const ProofAction& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kIntro:
      return true;
    case Kind::kConstruct:
    case Kind::kApply:
      return arrow == o.arrow;
    case Kind::kSelectConstruction:
      if (is_prop != o.is_prop) return false;
      return is_prop ? dtype == o.dtype : value == o.value;
    case Kind::kSelectGoals:
      return goals == o.goals;
  }
  return false;
}

ProofState::ProofState(const Derivation& base,
                       std::shared_ptr<const std::vector<std::string>> premises, const Term& goal)
    : derivation_(base), premises_(std::move(premises)) {
  derivation_.mutable_context().goals = {goal};
  derivation_.DefineGoalSubterms(goal);
  derivation_.Seal();
}

void ProofState::SetGoal(const Term& goal) { derivation_.mutable_context().goals = {goal}; }

void ProofState::AddPremiseIfArrow(const std::string& name, const Term& dtype) {
  if (!Eval(dtype, derivation_.context()).IsArrow()) return;
  auto premises = std::make_shared<std::vector<std::string>>(*premises_);
  premises->push_back(name);
  premises_ = std::move(premises);  // copy on write: premise lists are shared between states
}

std::optional<IntroResult> ExecuteIntro(Derivation* d, const Term& goal,
                                        const std::string& base_name) {
  const Term g = Eval(goal, d->context());
  if (!g.IsArrow()) throw KernelError(KernelErrorKind::kIntroOnNonArrow);
  const std::string name = d->context().FreshName(base_name);
  const Term atom = Term::Atom(name);
  const Term& first = g.inputs()[0];
  const Term dtype = first.IsDeclaration() ? first.dtype() : first;
  d->Define(name, Definition{dtype, Term()});
  std::vector<Term> rest(g.inputs().begin() + 1, g.inputs().end());
  Term out = g.output();
  if (first.IsDeclaration()) {
    for (Term& t : rest) t = Replace(t, first.name(), atom);
    out = Replace(out, first.name(), atom);
  }
  if (!rest.empty()) return IntroResult{name, dtype, Term::Arrow(std::move(rest), out)};
  d->DefineGoalSubterms(out);
  if (d->Inhabited(out) != nullptr) return std::nullopt;
  return IntroResult{name, dtype, out};
}

namespace {

void EnumerateApplyGoals(const Derivation& d, const Unifier& unifier, std::span<const Term> inputs,
                         const std::vector<bool>& must_infer, size_t index,
                         std::vector<Term>* current, std::vector<std::vector<Term>>* result) {
  if (index == inputs.size()) {
    result->push_back(*current);
    return;
  }
  const Term& input = inputs[index];
  if (input.IsDeclaration()) {
    if (unifier.Find(input.name()) != nullptr) {
      EnumerateApplyGoals(d, unifier, inputs, must_infer, index + 1, current, result);
      return;
    }
    Unifier u = unifier;
    const Term dtype = ApplyUnifier(input.dtype(), unifier);
    for (const Term& name : d.Inhabitants(dtype)) {
      u.Insert(input.name(), name);
      EnumerateApplyGoals(d, u, inputs, must_infer, index + 1, current, result);
    }
    return;
  }
  const Term goal = Eval(ApplyUnifier(input, unifier), d.context());
  if (HasFreeVariables(goal)) return;
  const bool open = !d.HasInhabitant(goal);
  if (open) {
    if (index < must_infer.size() && must_infer[index]) return;
    current->push_back(goal);
  }
  EnumerateApplyGoals(d, unifier, inputs, must_infer, index + 1, current, result);
  if (open) current->pop_back();
}

}  // namespace

std::vector<std::vector<Term>> ApplyGoalOptions(const Derivation& d, const Term& arrow_type,
                                                const Term& goal,
                                                const std::vector<bool>& must_infer) {
  LF_CHECK(arrow_type.IsArrow());
  Scope scope(d.context());
  std::vector<std::vector<Term>> options;
  for (const Unifier& u : NdUnify(arrow_type.output(), goal, &scope)) {
    std::vector<Term> current;
    EnumerateApplyGoals(d, u, arrow_type.inputs(), must_infer, 0, &current, &options);
  }
  return options;
}

std::vector<ProofAction> ProofState::Actions() const {
  std::vector<ProofAction> actions;
  const Context& ctx = derivation_.context();
  const auto& annotations = *ctx.annotations;
  const ProofAction::Kind last =
      last_action_ ? last_action_->kind : ProofAction::Kind::kSelectGoals;

  if (last == ProofAction::Kind::kApply) {
    const Entry* e = ctx.Lookup(last_action_->arrow);
    if (e == nullptr || !e->def.dtype.IsArrow()) return actions;
    const auto* backward = annotations.FindBackward(last_action_->arrow);
    const std::vector<bool> no_infer;
    for (auto& goals : ApplyGoalOptions(derivation_, e->def.dtype, goal(),
                                        backward ? backward->must_infer : no_infer)) {
      ProofAction a;
      a.kind = ProofAction::Kind::kSelectGoals;
      a.goals = std::move(goals);
      actions.push_back(std::move(a));
    }
  } else if (last == ProofAction::Kind::kConstruct) {
    const auto* forward = annotations.FindForward(last_action_->arrow);
    const std::vector<Term> none;
    for (Definition& d : derivation_.ApplicationResults(last_action_->arrow,
                                                        forward ? forward->preconditions : none)) {
      if (derivation_.IsRedundant(d.dtype, d.value)) continue;
      ProofAction a;
      a.kind = ProofAction::Kind::kSelectConstruction;
      a.is_prop = IsPropTerm(d.dtype, ctx);
      a.dtype = d.dtype;
      a.value = d.value;
      actions.push_back(std::move(a));
    }
  } else {
    if (Eval(goal(), ctx).IsArrow()) actions.push_back(ProofAction::Intro());
    for (const std::string& p : *premises_) {
      const bool fwd = annotations.FindForward(p) != nullptr;
      const bool bwd = annotations.FindBackward(p) != nullptr;
      const ProofAction construct = ProofAction::Construct(p);
      const ProofAction apply = ProofAction::Apply(p);
      if (fwd) actions.push_back(construct);
      if (bwd) actions.push_back(apply);
      if (!fwd && !bwd) {
        actions.push_back(apply);
        actions.push_back(construct);
      }
    }
  }
  // Deduplicate with ProofAction equality, keeping first occurrences.
  std::vector<ProofAction> unique;
  unique.reserve(actions.size());
  for (ProofAction& a : actions) {
    bool dup = false;
    for (const ProofAction& b : unique) {
      if (a == b) {
        dup = true;
        break;
      }
    }
    if (!dup) unique.push_back(std::move(a));
  }
  return unique;
}

std::vector<ProofState> ProofState::Execute(const ProofAction& action) const {
  ProofState next = *this;
  next.last_action_ = action;
  next.last_construction_.clear();
  switch (action.kind) {
    case ProofAction::Kind::kIntro: {
      auto result = ExecuteIntro(&next.derivation_, goal(), "x");
      if (!result) return {};
      next.SetGoal(result->new_goal);
      next.AddPremiseIfArrow(result->name, result->dtype);
      next.last_construction_ = result->name;
      next.derivation_.Seal();
      return {std::move(next)};
    }
    case ProofAction::Kind::kApply:
    case ProofAction::Kind::kConstruct:
      return {std::move(next)};
    case ProofAction::Kind::kSelectGoals: {
      std::vector<ProofState> states;
      for (const Term& g : action.goals) {
        ProofState s = next;
        s.SetGoal(g);
        s.derivation_.DefineGoalSubterms(g);
        s.derivation_.Seal();
        states.push_back(std::move(s));
      }
      return states;
    }
    case ProofAction::Kind::kSelectConstruction: {
      if (AreEquivalent(action.dtype, goal(), derivation_.context())) return {};
      const std::string name = next.derivation_.context().FreshName("p");
      next.derivation_.Define(name, Definition{action.dtype, action.value});
      next.AddPremiseIfArrow(name, action.dtype);
      next.last_construction_ = name;
      next.derivation_.Seal();
      return {std::move(next)};
    }
  }
  return {};
}

namespace {
bool ShownInContext(const std::string& name) {
  return (name[0] == 'x' || name[0] == 'p') && name.find('@') == std::string::npos &&
         name != "prop" && name != "type";
}
}  // namespace

std::string ProofState::FormatContext() const {
  std::string s = "{ ";
  bool first = true;
  derivation_.context().ForEach([&](const Entry& e) {
    const std::string& name = e.name.name();
    if (!ShownInContext(name)) return;
    if (!first) s += ", ";
    first = false;
    s += name;
    s += " : ";
    e.def.dtype.AppendTo(&s);
    if (!e.is_prop && e.def.value) {
      s += "= ";
      e.def.value.AppendTo(&s);
    }
  });
  return s + " }";
}

bool ProofState::IsContextEmpty() const {
  bool empty = true;
  derivation_.context().ForEach(
      [&](const Entry& e) { empty = empty && !ShownInContext(e.name.name()); });
  return empty;
}

std::string ProofState::FormatActionPrefix() const {
  if (!last_action_) return "";
  if (last_action_->kind == ProofAction::Kind::kApply) return "apply " + last_action_->arrow;
  if (last_action_->kind == ProofAction::Kind::kConstruct)
    return "construct " + last_action_->arrow;
  return "";
}

std::optional<std::string> ProofState::LastProvenProposition() const {
  if (last_construction_.empty()) return std::nullopt;
  const Entry* e = derivation_.context().Lookup(last_construction_);
  if (e == nullptr || !e->is_prop) return std::nullopt;
  return e->def.dtype.ToString();
}

}  // namespace lf::kernel
