// `lemmaforge eval`: runs a search on every problem of a goal set or held-out
// problem list and reports which were proved. With --trace FILE.h5, rank 0
// also writes every search's trace there (attempt i = problem i;
// io/trace_file.h), gathering the other ranks' traces.

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/evaluator_factory.h"
#include "app/goal_set.h"
#include "app/options.h"
#include "app/search_options.h"
#include "app/trace_record.h"
#include "core/check.h"
#include "core/error.h"
#include "core/range_check.h"
#include "io/trace_bytes.h"
#include "io/trace_file.h"
#include "kernel/theory.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"
#include "mpi/gather.h"
#include "mpi/roles.h"
#include "search/algorithms.h"
#include "search/search_pool.h"

namespace lf::app {
namespace {

// Writes the traces rank r gathered (parts[r]) in problem order: rank r ran
// problems r, r + N, ... (N = parts.size()), as CmdEval splits them.
void WriteTraces(const std::string& path, const std::string& config,
                 const std::vector<std::string>& parts, size_t problems) {
  std::vector<io::Trace> traces(problems);
  for (size_t r = 0; r < parts.size(); ++r) {
    std::vector<io::Trace> mine = io::DecodeTraces(parts[r]);
    for (size_t k = 0; k < mine.size(); ++k) {
      const size_t problem = r + k * parts.size();
      LF_CHECK_LT(problem, problems);
      traces[problem] = std::move(mine[k]);
    }
  }
  io::TraceWriter writer(path, config);
  for (const io::Trace& t : traces) writer.Add(t);
  writer.Publish();
}

}  // namespace

int CmdEval(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, problems_file, algorithm = "mcts", model_path, trace_path;
  int width = 64;
  search::SearchParams params;
  const std::string algorithms = AlgorithmList();
  po::options_description desc(
      "usage: lemmaforge eval --theory T --problems FILE --search ALGO --budget N\n"
      "                       [--model CKPT] [--trace FILE.h5]\n\n"
      "FILE is a goal-set JSON file or a text file of '<id>. <statement>' lines. Prints\n"
      "one line per problem (id, proved or failed, expansions), then 'solved K/N'. Every\n"
      "proof counted as solved was accepted by the kernel's checker. Searches run\n"
      "--width at a time with their evaluator calls batched together; under mpirun the\n"
      "problems are split across the ranks (problem i on rank i mod N) and rank 0\n"
      "prints every line in problem order. Exit 0 when the evaluation ran (whatever it\n"
      "solved), 2 on bad input, 4 when the trace file could not be written");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "problems", po::value(&problems_file)->required(), "goal-set JSON or problem list")(
      "search", po::value(&algorithm)->default_value(algorithm),
      ("search algorithm:" + algorithms).c_str())(
      "width", po::value(&width)->default_value(width)->notifier(InRange("width", 1, 100000)),
      "searches in flight at once")("model", po::value(&model_path)->default_value(""),
                                    "checkpoint to search with (default: the uniform evaluator)")(
      "trace", po::value(&trace_path)->default_value(""),
      "write the proof trace of every problem to this HDF5 file (lemmaforge view draws it)");
  AddOptions(desc, &params);
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  mpi::Environment env(nullptr, nullptr);
  const mpi::CommBundle bundle(env, mpi::RoleLayout::FromSpec("1", env.world().size()));
  const mpi::Communicator& job = bundle.job();
  return mpi::RunGuarded([&] {
    const auto theory = LoadTheory(theory_name);
    const GoalSet problems = ReadGoalSet(problems_file);
    // Every statement is parsed and typed before any search starts (on every
    // rank, so a bad file stops them all alike).
    std::vector<kernel::ProofState> roots;
    for (const Goal& g : problems.goals) {
      try {
        roots.push_back(GoalRootState(*theory, g, "problem"));
      } catch (const InputError& e) {
        if (job.size() == 1) throw;
        mpi::BadInputAll(e);
      }
    }
    // This rank's share: problems rank, rank + N, ...
    std::vector<size_t> mine;
    for (size_t i = static_cast<size_t>(job.rank()); i < roots.size();
         i += static_cast<size_t>(job.size()))
      mine.push_back(i);
    const int threads = std::max(
        1u, std::thread::hardware_concurrency() / static_cast<unsigned>(bundle.ranks_on_node()));
    const std::unique_ptr<search::Evaluator> evaluator =
        MakeEvaluator(model_path, theory->name(), threads);
    search::SearchPool pool(evaluator.get(), static_cast<size_t>(width));
    const auto records = pool.Run(mine.size(), [&](size_t k) {
      return search::MakeSearch(algorithm, params, theory, roots[mine[k]]);
    });
    // One "index\tline" row per problem; rank 0 puts them back in order.
    std::string rows;
    for (size_t k = 0; k < records.size(); ++k) {
      const bool proved = records[k].success();  // holds a kernel::CheckedProof
      rows += std::to_string(mine[k]) + "\t" + problems.goals[mine[k]].name +
              (proved ? " proved" : " failed") +
              " expansions=" + std::to_string(records[k].expansions) + "\n";
    }
    const std::vector<std::string> gathered = mpi::GatherStrings(job, rows);
    if (!trace_path.empty()) {
      const std::string model = model_path.empty() ? "uniform" : model_path;
      std::vector<io::Trace> traces;
      for (size_t k = 0; k < records.size(); ++k) {
        const Goal& goal = problems.goals[mine[k]];
        traces.push_back(TraceOf(records[k], {.problem = goal.name,
                                              .statement = goal.theorem,
                                              .policy_model = model,
                                              .critic_model = model,
                                              .budget = params.budget,
                                              .rank = job.rank()}));
      }
      const std::vector<std::string> parts = mpi::GatherStrings(job, io::EncodeTraces(traces));
      if (job.is_root()) WriteTraces(trace_path, CommandLineText(argc, argv), parts, roots.size());
    }
    if (!job.is_root()) return kExitOk;
    std::vector<std::string> lines(roots.size());
    for (const std::string& part : gathered) {
      std::istringstream in(part);
      for (std::string row; std::getline(in, row);) {
        const size_t tab = row.find('\t');
        lines[std::stoul(row.substr(0, tab))] = row.substr(tab + 1);
      }
    }
    int solved = 0;
    for (const std::string& line : lines) {
      solved += line.find(" proved ") != std::string::npos ? 1 : 0;
      std::printf("%s\n", line.c_str());
    }
    std::printf("solved %d/%zu\n", solved, lines.size());
    return kExitOk;
  });
}

}  // namespace lf::app
