#include "kernel/checker.h"

#include <exception>

#include "core/timer.h"
#include "kernel/kernel_error.h"
#include "kernel/proof_state.h"
#include "kernel/theory.h"

namespace lf::kernel {
namespace {

// A failed step: where and why.
struct StepFailure {
  SourceLocation where;
  std::string message;
};

std::string JoinTerms(const std::vector<Term>& ts) {
  std::string s;
  for (size_t i = 0; i < ts.size(); ++i) s += (i ? ", " : "") + ts[i].ToString();
  return s;
}

class ScriptChecker {
 public:
  // Runs `actions` on `d`; returns the failure, if any.
  std::optional<StepFailure> Run(Derivation* d, const std::vector<ScriptAction>& actions,
                                 const SourceLocation& block_where) {
    std::vector<Term> proven;
    for (size_t i = 0; i < actions.size(); ++i) {
      const ScriptAction& a = actions[i];
      try {
        switch (a.kind) {
          case ScriptAction::Kind::kHalt:
            i = actions.size();
            continue;
          case ScriptAction::Kind::kDefinition:
            d->Define(a.name, Definition{*a.type, a.value ? *a.value : Term()});
            break;
          case ScriptAction::Kind::kConstruct:
            if (auto f = Construct(d, a, &proven)) return f;
            break;
          case ScriptAction::Kind::kIntro:
            if (auto f = Intro(d, a)) return f;
            break;
          case ScriptAction::Kind::kCheckGoal: {
            const auto& goals = d->context().goals;
            if (goals.size() != 1)
              return StepFailure{a.where, std::to_string(goals.size()) + " open goals, expected 1"};
            if (!AreEquivalent(goals[0], *a.type, d->context()))
              return StepFailure{a.where, "the current goal is " + goals[0].ToString() + ", not " +
                                              a.type->ToString()};
            break;
          }
          case ScriptAction::Kind::kApply:
            if (auto f = Apply(d, actions, i)) return f;
            break;
          case ScriptAction::Kind::kProveGoal:
          case ScriptAction::Kind::kHave: {
            Derivation sub = *d;
            sub.mutable_context().goals = {*a.type};
            sub.DefineGoalSubterms(*a.type);
            if (auto f = Run(&sub, a.body, a.where)) return f;
            if (a.kind == ScriptAction::Kind::kProveGoal) {
              proven.push_back(*a.type);
            } else {
              d->Define(d->context().FreshName("_"), Definition{*a.type, Term()}, /*rename=*/true);
            }
            break;
          }
        }
      } catch (const KernelError& e) {  // boundary 2 of kernel_error.h: a failing step
        return StepFailure{a.where, e.what()};
      }
    }
    const auto& goals = d->context().goals;
    if (goals.size() > proven.size())
      return StepFailure{block_where,
                         "proof goal is still open: " + goals[proven.size()].ToString()};
    return std::nullopt;
  }

 private:
  std::optional<StepFailure> Construct(Derivation* d, const ScriptAction& a,
                                       std::vector<Term>* proven) {
    if (!d->context().Lookup(a.arrow) && a.arrow != "eq_refl" && a.arrow != "eq_symm" &&
        a.arrow != "rewrite")
      return StepFailure{a.where, "unknown arrow '" + a.arrow + "'"};
    // Defines the first result whose type (and value) is equivalent to the step's.
    // The results are tested as they are enumerated, and none after the first
    // decisive one (a match, or a test that threw); the enumeration still runs to
    // the end, as it decides the step when it throws and counts the candidates.
    const Context& ctx = d->context();
    std::optional<Definition> match;
    Term match_dtype;  // Eval(match->dtype)
    std::exception_ptr test_error;
    size_t candidates = 0;
    // Eval of the step's type and value, computed at their first use (the context
    // does not change while the results are tested).
    std::optional<Term> type_eval, value_eval;
    // AreEquivalent(x, y) with Eval(x) memoised in *x_eval. Eval(y) comes first, as
    // in AreEquivalent, so that the error reported for a result stays the same.
    auto equivalent = [&ctx](const Term& x, std::optional<Term>* x_eval, const Term& y) {
      const Term y_eval = Eval(y, ctx);
      if (!*x_eval) *x_eval = Eval(x, ctx);
      return AlphaEquivalent(**x_eval, y_eval);
    };
    d->ForEachApplicationResult(a.arrow, {}, [&](Definition&& r) {
      ++candidates;
      if (match || test_error) return;
      try {
        const Term dtype = Eval(r.dtype, ctx);
        if (a.type && !equivalent(*a.type, &type_eval, dtype)) return;
        if (a.value && !(r.value && equivalent(*a.value, &value_eval, r.value))) return;
        match = std::move(r);
        match_dtype = dtype;
      } catch (...) {
        test_error = std::current_exception();
      }
    });
    if (test_error) std::rethrow_exception(test_error);
    if (match) {
      d->Define(a.name.empty() ? d->context().FreshName("_") : a.name, *match, /*rename=*/true);
      const auto& goals = d->context().goals;
      if (goals.size() > proven->size() &&
          AreEquivalent(match_dtype, goals[proven->size()], d->context()))
        proven->push_back(match_dtype);
      return std::nullopt;
    }
    const Term& target = a.value ? *a.value : *a.type;
    return StepFailure{a.where, "'" + a.arrow + "' does not give " + target.ToString() + " (" +
                                    std::to_string(candidates) + " candidate results)"};
  }

  std::optional<StepFailure> Intro(Derivation* d, const ScriptAction& a) {
    auto& goals = d->mutable_context().goals;
    if (goals.size() != 1)
      return StepFailure{a.where, "can only intro when there is a single goal"};
    if (!Eval(goals[0], d->context()).IsArrow())
      return StepFailure{
          a.where, "can only intro when the goal is an arrow; the goal is " + goals[0].ToString()};
    const Term goal = goals[0];
    auto result = ExecuteIntro(d, goal, a.name);
    if (!result) {
      d->mutable_context().goals.clear();
      return std::nullopt;
    }
    if (!AreEquivalent(*a.type, result->dtype, d->context()))
      return StepFailure{a.where, "introduced object has type " + result->dtype.ToString() +
                                      ", not " + a.type->ToString()};
    d->mutable_context().goals = {result->new_goal};
    return std::nullopt;
  }

  std::optional<StepFailure> Apply(Derivation* d, const std::vector<ScriptAction>& actions,
                                   size_t i) {
    const ScriptAction& a = actions[i];
    const auto goals = d->context().goals;
    if (goals.size() != 1) return StepFailure{a.where, "can only apply on a single goal"};
    const Entry* e = d->context().Lookup(a.name);
    if (e == nullptr) return StepFailure{a.where, "no arrow '" + a.name + "' to apply"};
    if (!e->def.dtype.IsArrow()) return StepFailure{a.where, "'" + a.name + "' is not an arrow"};
    const auto options = ApplyGoalOptions(*d, e->def.dtype, goals[0], {});
    std::vector<Term> chosen;
    for (size_t j = i + 1; j < actions.size(); ++j) {
      if (actions[j].kind != ScriptAction::Kind::kProveGoal)
        return StepFailure{actions[j].where, "only 'goal { }' blocks may follow an apply"};
      chosen.push_back(*actions[j].type);
    }
    for (const auto& option : options) {
      if (option.size() != chosen.size()) continue;
      bool all = true;
      for (size_t k = 0; k < option.size() && all; ++k)
        all = AreEquivalent(option[k], chosen[k], d->context());
      if (all) {
        d->mutable_context().goals = chosen;
        return std::nullopt;
      }
    }
    std::string candidates;
    for (const auto& o : options) candidates += (candidates.empty() ? "" : " | ") + JoinTerms(o);
    return StepFailure{a.where, "the goal blocks after 'apply " + a.name +
                                    "' match none of its options: " +
                                    (candidates.empty() ? "(none)" : candidates)};
  }
};

}  // namespace

CheckVerdict CheckProof(const Derivation& scope, const ProofItem& proof) {
  Timer timer;
  CheckVerdict v;
  v.theorem = proof.name;
  v.where = proof.where;
  Derivation d = scope;
  std::optional<StepFailure> failure;
  try {
    if (proof.statement) {
      d.mutable_context().goals = {*proof.statement};
      d.DefineGoalSubterms(*proof.statement);
    }
    failure = ScriptChecker().Run(&d, proof.actions, proof.where);
  } catch (const KernelError& e) {  // boundary 2 of kernel_error.h: an ill-typed statement
    failure = StepFailure{proof.where, std::string("ill-typed statement: ") + e.what()};
  }
  v.ok = !failure.has_value();
  if (failure) {
    v.where = failure->where;
    v.message = failure->message;
  }
  v.seconds = timer.Seconds();
  return v;
}

CheckedProof::CheckedProof(Term statement, std::vector<std::string> lines)
    : statement_(std::move(statement)), lines_(std::move(lines)) {
  for (const std::string& line : lines_) text_ += (text_.empty() ? "" : "\n") + line;
}

ScriptCheck CheckScript(const Derivation& scope, const std::vector<std::string>& lines,
                        const std::string& file) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  ScriptCheck out;
  std::vector<SourceItem> items;
  try {
    items = ParseFile(text, file);
  } catch (const InputError& e) {
    out.verdict.message = e.what();
    return out;
  }
  if (items.size() != 1 || items[0].kind != SourceItem::Kind::kProof) {
    out.verdict.message = "the proof script is not one theorem";
    return out;
  }
  const ProofItem& proof = items[0].proof;
  if (!proof.statement) {
    out.verdict.theorem = proof.name;
    out.verdict.where = proof.where;
    out.verdict.message = "the proof script states no theorem";
    return out;
  }
  out.verdict = CheckProof(scope, proof);
  if (out.verdict.ok) out.proof = CheckedProof(*proof.statement, lines);
  return out;
}

std::vector<CheckVerdict> CheckItems(const std::vector<SourceItem>& items) {
  // Every declaration is checked once up front, so a file without theorems still
  // reports ill-typed or undeclared names.
  Theory::BuildDerivation(items);
  // The scope of theorem i is the declarations before it. It is grown one item at
  // a time; a redefinition (which must keep the old position) rebuilds it.
  Derivation scope = Theory::BuildDerivation({});
  std::vector<CheckVerdict> verdicts;
  for (size_t i = 0; i < items.size(); ++i) {
    const SourceItem& item = items[i];
    if (item.kind == SourceItem::Kind::kProof) verdicts.push_back(CheckProof(scope, item.proof));
    std::string name;
    Definition def;
    if (item.kind == SourceItem::Kind::kDefinition) {
      name = item.definition.name;
      def = Definition{item.definition.dtype,
                       item.definition.value ? *item.definition.value : Term()};
    } else if (item.kind == SourceItem::Kind::kProof && item.proof.statement) {
      name = item.proof.name;
      def = Definition{*item.proof.statement, Term()};
    } else {
      continue;
    }
    if (scope.context().Lookup(name) != nullptr) {
      scope = Theory::BuildDerivation(
          std::vector<SourceItem>(items.begin(), items.begin() + static_cast<long>(i) + 1));
    } else {
      // Fails only when a later redefinition made the whole file valid.
      Theory::DefineDeclaration(&scope, name, def, item.where);
      scope.Seal();
    }
  }
  return verdicts;
}

}  // namespace lf::kernel
