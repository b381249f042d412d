// `lemmaforge actions`: a proof state's string and its available actions, as
// the model sees them (after the agent's eager and length filters).

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "core/json.h"
#include "kernel/goal_node.h"
#include "kernel/theory.h"

namespace lf::app {

int CmdActions(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, goal;
  std::vector<std::string> steps;
  bool json = false;
  po::options_description desc(
      "usage: lemmaforge actions --theory T --goal STATEMENT [--do ACTION]... [--json]\n\n"
      "Builds the root proof state, applies each --do action string in turn (exactly as\n"
      "printed; conjunctive nodes take a branch index 0, 1, ...), then prints the state\n"
      "string, a blank line, and every available action, one per line");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "goal", po::value(&goal)->required(), "goal statement, e.g. \"(= (+ z z) z)\"")(
      "do", po::value(&steps)->composing(), "action string to apply (repeatable)")(
      "json", po::bool_switch(&json), "print {\"state\": ..., \"actions\": [...]} instead");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  const auto theory = kernel::Theory::Load(theory_name);
  kernel::GoalNode node({theory->RootState(goal, "--goal")});
  for (size_t i = 0; i < steps.size(); ++i) {
    const kernel::GoalNode::Expansion children = node.Expand();
    size_t k = 0;
    while (k < children.actions.size() && children.actions[k] != steps[i]) ++k;
    if (k == children.actions.size()) {
      std::string available;
      for (const auto& a : children.actions) available += "\n  " + a;
      throw InputError("--do #" + std::to_string(i + 1) + ": no action '" + steps[i] +
                       "' here; available:" + (available.empty() ? " (none)" : available));
    }
    node = children.children[k];
  }
  const std::vector<std::string> actions =
      node.IsTerminal() ? std::vector<std::string>{} : node.Expand().actions;
  if (json) {
    std::string out = "{\"state\": " + json::Quote(node.ToString()) + ", \"actions\": [";
    for (size_t i = 0; i < actions.size(); ++i) out += (i ? ", " : "") + json::Quote(actions[i]);
    std::cout << out << "]}\n";
  } else {
    std::cout << node.ToString() << "\n\n";
    for (const auto& a : actions) std::cout << a << "\n";
  }
  return kExitOk;
}

}  // namespace lf::app
