#include "app/goal_set.h"

#include <sstream>

#include "core/json.h"
#include "kernel/syntax.h"
#include "kernel/term.h"

namespace lf::app {
namespace {

GoalSet FromJson(const std::string& text, const std::string& path) {
  const json::Value doc = json::Parse(text, path);
  const json::Value* goals = doc.is_object() ? doc.Find("goals") : nullptr;
  if (goals == nullptr || !goals->is_array())
    throw InputError(doc.where, "expected an object with a \"goals\" array");
  GoalSet set;
  for (const json::Value& g : goals->items()) {
    if (!g.is_object()) throw InputError(g.where, "each goal must be an object");
    Goal goal;
    goal.where = g.where;
    const json::Value* name = g.Find("name");
    const json::Value* theorem = g.Find("theorem");
    const json::Value* solution = g.Find("solution");
    if (name && !name->is_string()) throw InputError(name->where, "\"name\" must be a string");
    if (!theorem || !theorem->is_string())
      throw InputError(g.where, "each goal needs a \"theorem\" string");
    goal.name = name ? name->str() : "goal" + std::to_string(set.goals.size());
    goal.theorem = theorem->str();
    if (solution) {
      if (!solution->is_array()) throw InputError(solution->where, "\"solution\" must be an array");
      for (const json::Value& line : solution->items()) {
        if (!line.is_string()) throw InputError(line.where, "solution entries must be strings");
        goal.solution.push_back(line.str());
      }
    }
    set.goals.push_back(std::move(goal));
  }
  return set;
}

GoalSet FromLines(const std::string& text, const std::string& path) {
  GoalSet set;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const size_t dot = line.find(". ", first);
    if (dot == std::string::npos)
      throw InputError(SourceLocation{path, line_no, static_cast<int>(first) + 1},
                       "expected '<id>. <statement>'");
    Goal g;
    g.name = line.substr(first, dot - first);
    g.theorem = line.substr(dot + 2);
    g.where = SourceLocation{path, line_no, static_cast<int>(dot) + 3};
    set.goals.push_back(std::move(g));
  }
  return set;
}

}  // namespace

GoalSet ParseGoalSet(const std::string& text, const std::string& file) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') return FromJson(text, file);
  return FromLines(text, file);
}

GoalSet ReadGoalSet(const std::string& path) { return ParseGoalSet(ReadFileOrThrow(path), path); }

kernel::ProofState GoalRootState(const kernel::Theory& theory, const Goal& goal,
                                 const std::string& kind) {
  try {
    return theory.RootState(goal.theorem, goal.where.ToString());
  } catch (const InputError& e) {
    throw InputError(goal.where, kind + " '" + goal.name + "': " + e.message());
  }
}

kernel::CheckVerdict CheckGoalSolution(const kernel::Theory& theory, const Goal& goal,
                                       const std::string& file) {
  std::string script;
  for (const std::string& line : goal.solution) script += line + "\n";
  const std::string where = file + " (goal '" + goal.name + "')";
  const auto items = kernel::ParseFile(script, where);
  if (items.size() != 1 || items[0].kind != kernel::SourceItem::Kind::kProof ||
      !items[0].proof.statement)
    throw InputError(goal.where, "goal '" + goal.name + "': the solution must be one theorem script");
  const kernel::Term statement = kernel::ParseTerm(goal.theorem, where);
  if (!kernel::AlphaEquivalent(statement, *items[0].proof.statement))
    throw InputError(goal.where, "goal '" + goal.name + "': the script proves " +
                                     items[0].proof.statement->ToString() + ", not the theorem");
  return kernel::CheckProof(theory.base(), items[0].proof);
}

}  // namespace lf::app
