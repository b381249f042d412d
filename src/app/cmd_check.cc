// `lemmaforge check` and `lemmaforge check-goals`: the proof-script checker.

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/goal_set.h"
#include "app/options.h"
#include "kernel/checker.h"
#include "kernel/theory.h"
#include "kernel/typing.h"

namespace lf::app {

int CmdCheck(int argc, char** argv) {
  namespace po = boost::program_options;
  std::vector<std::string> files;
  bool verbose = false;
  po::options_description desc(
      "usage: lemmaforge check FILE.p...\n\n"
      "Checks every theorem's proof script, each in the scope of the declarations before\n"
      "it. Prints FILE:LINE:COL: error: MESSAGE per failure. Exit 0 if all hold, 1 if a\n"
      "proof is wrong or open, 2 if a file is unreadable or malformed");
  desc.add_options()("help,h", "show this help")("verbose,v", po::bool_switch(&verbose),
                                                 "print one line per theorem")(
      "file", po::value(&files)->required(), "Peano files to check");
  po::positional_options_description positional;
  positional.add("file", -1);
  if (!ParseCommandLine(argc, argv, desc, &positional)) return kExitOk;

  int checked = 0, failed = 0;
  bool malformed = false;
  for (const std::string& file : files) {
    std::vector<kernel::SourceItem> items;
    try {
      items = kernel::LoadSourceFile(file);
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      malformed = true;
      continue;
    }
    std::vector<kernel::CheckVerdict> verdicts;
    try {
      verdicts = kernel::CheckItems(items);
    } catch (const InputError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      malformed = true;
      continue;
    }
    for (const auto& v : verdicts) {
      ++checked;
      if (!v.ok) {
        ++failed;
        std::fprintf(stderr, "%s: error: %s: %s\n", v.where.ToString().c_str(), v.theorem.c_str(),
                     v.message.c_str());
      } else if (verbose) {
        std::printf("%s: ok (%.3f s)\n", v.theorem.c_str(), v.seconds);
      }
    }
  }
  std::printf("checked %d theorem%s: %d ok, %d failed\n", checked, checked == 1 ? "" : "s",
              checked - failed, failed);
  if (malformed) return kExitBadInput;
  return failed > 0 ? kExitFailure : kExitOk;
}

int CmdCheckGoals(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, goals_file;
  po::options_description desc(
      "usage: lemmaforge check-goals --theory T --goals FILE.json\n\n"
      "Checks every goal's `solution` as a proof script of its `theorem`");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "goals", po::value(&goals_file)->required(), "goal-set JSON file");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  const auto theory = LoadTheory(theory_name);
  const GoalSet goals = ReadGoalSet(goals_file);
  // Every theorem must be a statement of the theory, with or without a solution:
  // a run or an eval would otherwise meet the broken one only when it searches it.
  for (const Goal& g : goals.goals) GoalRootState(*theory, g, "goal");
  int failed = 0, checked = 0;
  for (const Goal& g : goals.goals) {
    if (g.solution.empty()) continue;
    ++checked;
    const kernel::CheckVerdict v = CheckGoalSolution(*theory, g, goals_file);
    if (!v.ok) {
      ++failed;
      std::fprintf(stderr, "%s: error: %s\n", v.where.ToString().c_str(), v.message.c_str());
    } else {
      std::printf("%s: ok\n", g.name.c_str());
    }
  }
  std::printf("checked %d solution%s: %d ok, %d failed\n", checked, checked == 1 ? "" : "s",
              checked - failed, failed);
  return failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace lf::app
