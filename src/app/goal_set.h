#pragma once
// Goal sets: the reference JSON format {"goals": [{"name", "theorem", "solution": [...]}]}
// (spec peano.md §17) and the held-out problem format, lines "<id>. <statement>".

#include <string>
#include <vector>

#include "core/error.h"

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

}  // namespace lf::app
