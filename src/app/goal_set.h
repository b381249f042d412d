#pragma once
// Goal sets: the reference JSON format {"goals": [{"name", "theorem", "solution": [...]}]}
// (spec peano.md §17) and the held-out problem format, lines "<id>. <statement>".

#include <string>
#include <vector>

#include "core/error.h"
#include "kernel/checker.h"
#include "kernel/theory.h"

namespace lf::app {

struct Goal {
  std::string name;                   // free-form label (the id for problem lists)
  std::string theorem;                // statement, contracted form
  std::vector<std::string> solution;  // proof-script lines or training strings; may be empty
  SourceLocation where;               // where the goal was written
};

struct GoalSet {
  std::vector<Goal> goals;
};

// Reads a goal-set JSON file, or a text file of "<id>. <statement>" lines (chosen
// by content: a file starting with '{' is JSON). Throws InputError on malformed input.
GoalSet ReadGoalSet(const std::string& path);

// The same for text already in memory (ReadGoalSet reads the file and calls
// this; the fuzz target tests/fuzz/goals_fuzz.cc calls it directly); `file`
// names the text in error locations.
GoalSet ParseGoalSet(const std::string& text, const std::string& file);

// The root proof state of `goal` in `theory`. A statement that is not one of
// the theory's propositions is an InputError at the goal's place in its file,
// naming it: "FILE:L:C: error: KIND 'NAME': ..." (KIND "goal", "problem", ...).
kernel::ProofState GoalRootState(const kernel::Theory& theory, const Goal& goal,
                                 const std::string& kind);

// Checks the solution of `goal` (`check-goals`): it must be one theorem script
// stating the goal's theorem, else an InputError at the goal; the verdict is
// the kernel checker's. `file` names the goal set in the script's positions.
kernel::CheckVerdict CheckGoalSolution(const kernel::Theory& theory, const Goal& goal,
                                       const std::string& file);

}  // namespace lf::app
