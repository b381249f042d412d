#pragma once
// The prover's "game" (spec peano.md §11-12): a single-goal proof state, its
// finite action space, action execution, and the strings the model reads.
//
// Actions (ProofAction) and their strings:
//   Intro                        "intro."       offered when Eval(goal) is an arrow
//   Construct(p)                 "c p"          then SelectConstruction
//   Apply(p)                     "a p"          then SelectGoals
//   SelectConstruction(prop,T,v) "=> T."  when prop (an equality: reference quirk), else "=> v."
//   SelectGoals([g1..gk])        "=> g1; ...; gk."
// At the top level (last action not Construct/Apply) the actions are Intro (if
// applicable) and, per premise in order: Construct for #forward arrows, Apply
// for #backward ones, both (Apply first) for unannotated ones. Actions() is
// deduplicated with the reference's equality (props by type, terms by value).
//
// Execute returns the successor states: none when the goal is closed, several
// for SelectGoals (one per subgoal).
//
// State string of one goal (format_context / format_goal / format_action_prefix):
//   "State: { x : nat, p : nat= (s z) }" — names starting with x or p without '@',
//   "= value" appended to non-props with values (no space before '=');
//   "Goal: <goal>"; prefix "apply p" / "construct p" after a 2-step action's first half.
//
// Thread safety: ProofState is a value; copies share frozen context layers.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/derivation.h"
#include "kernel/term.h"

namespace lf::kernel {

struct ProofAction {
  enum class Kind { kIntro, kConstruct, kApply, kSelectConstruction, kSelectGoals };
  Kind kind = Kind::kIntro;
  std::string arrow;        // Construct, Apply
  bool is_prop = false;     // SelectConstruction: display/compare by type
  Term dtype;               // SelectConstruction
  Term value;               // SelectConstruction
  std::vector<Term> goals;  // SelectGoals

  static ProofAction Intro() { return Make(Kind::kIntro, ""); }
  static ProofAction Construct(const std::string& arrow) { return Make(Kind::kConstruct, arrow); }
  static ProofAction Apply(const std::string& arrow) { return Make(Kind::kApply, arrow); }

  std::string ToString() const;
  bool operator==(const ProofAction& other) const;

 private:
  static ProofAction Make(Kind kind, const std::string& arrow) {
    ProofAction a;
    a.kind = kind;
    a.arrow = arrow;
    return a;
  }
};

class ProofState {
 public:
  // A root state: `base` is the theory's loaded derivation (theory.h); the goal's
  // subterms are defined under a fresh "goal" name.
  ProofState(const Derivation& base, std::shared_ptr<const std::vector<std::string>> premises,
             const Term& goal);

  const Term& goal() const { return derivation_.context().goals.front(); }
  const Derivation& derivation() const { return derivation_; }
  const std::vector<std::string>& premises() const { return *premises_; }

  std::vector<ProofAction> Actions() const;
  std::vector<ProofState> Execute(const ProofAction& action) const;

  std::string FormatContext() const;
  std::string FormatGoal() const { return goal().ToString(); }
  std::string FormatActionPrefix() const;
  // Whether the context shows no x/p objects (hindsight uses it).
  bool IsContextEmpty() const;

  const std::optional<ProofAction>& last_action() const { return last_action_; }
  // The object created by the last action (intro or construction), if any.
  const std::string& last_construction() const { return last_construction_; }
  // dtype string of the last created object when it is a prop (reference last_proven_proposition).
  std::optional<std::string> LastProvenProposition() const;

 private:
  ProofState() = default;
  void SetGoal(const Term& goal);
  // A new object whose type is an arrow becomes usable as a premise.
  void AddPremiseIfArrow(const std::string& name, const Term& dtype);

  Derivation derivation_;
  std::shared_ptr<const std::vector<std::string>> premises_;
  std::optional<ProofAction> last_action_;
  std::string last_construction_;
};

// Result of an intro on a derivation: nullopt when the intro closed the goal.
struct IntroResult {
  std::string name;
  Term dtype;
  Term new_goal;
};
// Introduces the goal's first input as `name` (made fresh); throws KernelError if
// the goal is not an arrow. Shared by the prover and the checker.
std::optional<IntroResult> ExecuteIntro(Derivation* d, const Term& goal, const std::string& name);

// Goal lists for applying `arrow_type` (an Arrow) to `goal` (reference
// enumerate_apply_goals over every ndunify unifier). must_infer prunes branches
// that would leave an "infer" input open.
std::vector<std::vector<Term>> ApplyGoalOptions(const Derivation& d, const Term& arrow_type,
                                                const Term& goal,
                                                const std::vector<bool>& must_infer);

}  // namespace lf::kernel
