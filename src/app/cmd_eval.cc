// `lemmaforge eval`: runs a search on every problem of a goal set or held-out
// problem list and reports which were proved.

#include <boost/program_options.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/goal_set.h"
#include "app/options.h"
#include "app/search_options.h"
#include "core/error.h"
#include "core/range_check.h"
#include "kernel/theory.h"
#include "search/algorithms.h"
#include "search/proof_script.h"
#include "search/search_pool.h"

namespace lf::app {

int CmdEval(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, problems_file, algorithm = "mcts", model_path;
  int width = 64;
  search::SearchParams params;
  const std::string algorithms = AlgorithmList();
  po::options_description desc(
      "usage: lemmaforge eval --theory T --problems FILE --search ALGO --budget N\n\n"
      "FILE is a goal-set JSON file or a text file of '<id>. <statement>' lines. Prints\n"
      "one line per problem (id, proved or failed, expansions), then 'solved K/N'. Every\n"
      "proof counted as solved was accepted by the kernel's checker. Searches run\n"
      "--width at a time with their evaluator calls batched together. Exit 0 when the\n"
      "evaluation ran (whatever it solved), 2 on bad input");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "problems", po::value(&problems_file)->required(), "goal-set JSON or problem list")(
      "search", po::value(&algorithm)->default_value(algorithm),
      ("search algorithm:" + algorithms).c_str())(
      "width", po::value(&width)->default_value(width)->notifier(InRange("width", 1, 100000)),
      "searches in flight at once")("model", po::value(&model_path)->default_value(""),
                                    "checkpoint to search with (default: the uniform evaluator)");
  AddOptions(desc, &params);
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  const auto theory = kernel::Theory::Load(theory_name);
  const GoalSet problems = ReadGoalSet(problems_file);
  // Every statement is parsed and typed before any search starts.
  std::vector<kernel::ProofState> roots;
  for (const Goal& g : problems.goals) {
    try {
      roots.push_back(theory->RootState(g.theorem, g.where.ToString()));
    } catch (const InputError& e) {
      throw InputError(g.where, "problem '" + g.name + "': " + e.message());
    }
  }
  const std::unique_ptr<search::Evaluator> evaluator = MakeEvaluator(model_path);
  search::SearchPool pool(evaluator.get(), static_cast<size_t>(width));
  const auto records = pool.Run(roots.size(), [&](size_t i) {
    return search::MakeSearch(algorithm, params, theory, roots[i]);
  });
  int solved = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const bool proved =
        records[i].success && search::CheckProofScript(*theory, records[i].proof).ok;
    solved += proved;
    std::printf("%s %s expansions=%d\n", problems.goals[i].name.c_str(),
                proved ? "proved" : "failed", records[i].expansions);
  }
  std::printf("solved %d/%zu\n", solved, records.size());
  return kExitOk;
}

}  // namespace lf::app
