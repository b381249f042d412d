// `lemmaforge actions`: a proof state's string and its available actions, as
// the model sees them (after the agent's eager and length filters).
//
// --jsonl serves many queries from one process (tools that walk many states
// pay the start-up once): each line of standard input is a request
//   {"goal": STATEMENT, "path": [ACTION, ...]}      ("path" may be omitted)
// and gets one line on standard output, flushed at once:
//   {"state": STRING, "actions": [ACTION, ...]}    or
//   {"error": "stdin:LINE:COL: error: MESSAGE"}
// Blank lines are skipped. The exit code is 2 if any request was malformed.

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/options.h"
#include "core/json.h"
#include "kernel/theory.h"
#include "search/goal_node.h"

namespace lf::app {
namespace {

// The node reached from the root state of `goal` by applying `steps` in turn;
// `where` names the goal in errors. Throws InputError for an unknown action.
search::GoalNode Walk(const kernel::Theory& theory, const std::string& goal,
                      const std::vector<std::string>& steps, const std::string& where) {
  search::GoalNode node({theory.RootState(goal, where)});
  for (size_t i = 0; i < steps.size(); ++i) {
    const search::GoalNode::Expansion children = node.Expand();
    size_t k = 0;
    while (k < children.actions.size() && children.actions[k] != steps[i]) ++k;
    if (k == children.actions.size()) {
      std::string available;
      for (const auto& a : children.actions) available += "\n  " + a;
      throw InputError("step #" + std::to_string(i + 1) + ": no action '" + steps[i] +
                       "' here; available:" + (available.empty() ? " (none)" : available));
    }
    node = children.children[k];
  }
  return node;
}

std::vector<std::string> Actions(const search::GoalNode& node) {
  return node.IsTerminal() ? std::vector<std::string>{} : node.Expand().actions;
}

std::string JsonReply(const search::GoalNode& node) {
  const std::vector<std::string> actions = Actions(node);
  std::string out = "{\"state\": " + json::Quote(node.ToString()) + ", \"actions\": [";
  for (size_t i = 0; i < actions.size(); ++i) out += (i ? ", " : "") + json::Quote(actions[i]);
  return out + "]}";
}

// One --jsonl request (line `line_number` of stdin) -> its reply line.
std::string Answer(const kernel::Theory& theory, const std::string& line, int line_number) {
  const SourceLocation here{"stdin", line_number, 1};
  const json::Value request = json::Parse(line, "stdin");
  const json::Value* goal = request.Find("goal");
  if (!request.is_object() || goal == nullptr || !goal->is_string())
    throw InputError(here, "expected {\"goal\": STATEMENT, \"path\": [ACTION, ...]}");
  std::vector<std::string> steps;
  if (const json::Value* path = request.Find("path")) {
    if (!path->is_array()) throw InputError(here, "\"path\" must be an array of action strings");
    for (const json::Value& step : path->items()) {
      if (!step.is_string()) throw InputError(here, "\"path\" must be an array of action strings");
      steps.push_back(step.str());
    }
  }
  return JsonReply(Walk(theory, goal->str(), steps, "goal"));
}

int ServeJsonLines(const kernel::Theory& theory) {
  bool malformed = false;
  int line_number = 0;
  for (std::string line; std::getline(std::cin, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string reply;
    try {
      reply = Answer(theory, line, line_number);
    } catch (const InputError& e) {
      // Errors from parsing the line or the goal carry a column within it.
      const SourceLocation where{"stdin", line_number,
                                 e.where().file == "stdin" ? e.where().column : 0};
      reply = "{\"error\": " + json::Quote(InputError(where, e.message()).what()) + "}";
      malformed = true;
    }
    std::cout << reply << std::endl;  // flushed: the caller may wait for it
  }
  return malformed ? kExitBadInput : kExitOk;
}

}  // namespace

int CmdActions(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, goal;
  std::vector<std::string> steps;
  bool json = false, jsonl = false;
  po::options_description desc(
      "usage: lemmaforge actions --theory T --goal STATEMENT [--do ACTION]... [--json]\n"
      "       lemmaforge actions --theory T --jsonl < REQUESTS\n\n"
      "Builds the root proof state, applies each --do action string in turn (exactly as\n"
      "printed; conjunctive nodes take a branch index 0, 1, ...), then prints the state\n"
      "string, a blank line, and every available action, one per line. --jsonl answers\n"
      "one {\"goal\": ..., \"path\": [...]} request per line of standard input with one\n"
      "{\"state\": ..., \"actions\": [...]} (or {\"error\": ...}) line");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "goal", po::value(&goal), "goal statement, e.g. \"(= (+ z z) z)\"")(
      "do", po::value(&steps)->composing(), "action string to apply (repeatable)")(
      "json", po::bool_switch(&json), "print {\"state\": ..., \"actions\": [...]} instead")(
      "jsonl", po::bool_switch(&jsonl), "serve JSON-lines requests from standard input");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;
  if (jsonl == !goal.empty())
    throw InputError("actions: give exactly one of --goal STATEMENT and --jsonl (see --help)");

  const auto theory = LoadTheory(theory_name);
  if (jsonl) return ServeJsonLines(*theory);
  const search::GoalNode node = [&] {
    try {
      return Walk(*theory, goal, steps, "--goal");
    } catch (const InputError& e) {
      if (!e.where().file.empty()) throw;
      throw InputError("--do " + e.message());
    }
  }();
  if (json) {
    std::cout << JsonReply(node) << "\n";
  } else {
    std::cout << node.ToString() << "\n\n";
    for (const auto& a : Actions(node)) std::cout << a << "\n";
  }
  return kExitOk;
}

}  // namespace lf::app
