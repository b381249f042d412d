// `lemmaforge prove`: one proof search on one goal, no MPI.
//
// stdout: the proof script (a `theorem t : GOAL { ... }` block that `lemmaforge
// check` accepts after the theory), printed only after the kernel's checker has
// accepted it. stderr: one summary line
//   result=proved|failed search=ALGO iterations=N expansions=N seconds=S
// With --trace FILE.h5, the search's trace (one attempt, problem "goal";
// io/trace_file.h) is written there, proved or not.
// Exit 0 proved, 1 not proved, 2 bad input, 4 the trace could not be written.

#include <boost/program_options.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/evaluator_factory.h"
#include "app/options.h"
#include "app/search_options.h"
#include "app/trace_record.h"
#include "core/error.h"
#include "io/trace_file.h"
#include "kernel/theory.h"
#include "search/algorithms.h"
#include "search/search_pool.h"

namespace lf::app {

int CmdProve(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, goal, algorithm = "mcts", model_path, trace_path;
  search::SearchParams params;
  const std::string algorithms = AlgorithmList();
  po::options_description desc(
      "usage: lemmaforge prove --theory T --goal STATEMENT --search ALGO --budget N\n"
      "                        [--seed S] [--timeout SECONDS] [--model CKPT] [--trace FILE.h5]\n\n"
      "Searches for a proof of STATEMENT, guided by the model in CKPT (else the uniform\n"
      "evaluator), and prints the proof script after the kernel's checker has accepted\n"
      "it. Exit 0 proved, 1 not, 2 bad input, 4 the trace could not be written");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "goal", po::value(&goal)->required(), "the statement to prove")(
      "search", po::value(&algorithm)->default_value(algorithm),
      ("search algorithm:" + algorithms).c_str())(
      "model", po::value(&model_path)->default_value(""),
      "checkpoint to search with (default: the uniform evaluator)")(
      "trace", po::value(&trace_path)->default_value(""),
      "write the search's proof trace to this HDF5 file (lemmaforge view draws it)");
  AddOptions(desc, &params);
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  const auto theory = LoadTheory(theory_name);
  auto search = search::MakeSearch(algorithm, params, theory, theory->RootState(goal, "--goal"));
  const std::unique_ptr<search::Evaluator> evaluator = MakeEvaluator(model_path, theory->name());
  const search::SearchRecord record = search::RunSearch(*search, *evaluator);
  if (!trace_path.empty()) {
    const std::string model = model_path.empty() ? "uniform" : model_path;
    io::TraceWriter writer(trace_path, CommandLineText(argc, argv));
    writer.Add(TraceOf(record, {.problem = "goal",
                                .statement = goal,
                                .policy_model = model,
                                .critic_model = model,
                                .budget = params.budget}));
    writer.Publish();
  }
  // Only a kernel::CheckedProof is printed: the script passed the checker in
  // Finish(), and nothing else can reach stdout as a proof.
  const bool proved = record.success();
  if (proved) {
    for (const std::string& line : record.proof->lines()) std::printf("%s\n", line.c_str());
  } else if (!record.check_error.empty()) {
    std::fprintf(stderr, "error: the proof found was rejected by the checker: %s\n",
                 record.check_error.c_str());
  }
  std::fflush(stdout);
  std::fprintf(stderr, "result=%s search=%s iterations=%d expansions=%d seconds=%.3f\n",
               proved ? "proved" : "failed", algorithm.c_str(), record.iterations,
               record.expansions, record.seconds);
  return proved ? kExitOk : kExitFailure;
}

}  // namespace lf::app
