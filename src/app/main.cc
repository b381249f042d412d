// lemmaforge: one command line, many subcommands. See `lemmaforge --help`.
// Built twice (app/model_binary.h): as the front binary `lemmaforge`, which
// hands the commands that need LibTorch to `lemmaforge-model`, and as
// `lemmaforge-model` (LF_MODEL_BINARY), which runs every command itself.

#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "app/commands.h"
#include "core/check.h"
#include "core/error.h"
#include "core/version.h"
#ifdef LF_MODEL_BINARY
#include "model/blas_kernels.h"
#else
#include "app/model_binary.h"
#endif

namespace {

struct Subcommand {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

constexpr Subcommand kSubcommands[] = {
    {"run", LF_MODEL_ONLY(lf::app::CmdRun),
     "the self-improvement job: conjecture, prove, learn (mpirun -np N)"},
    {"e2e", LF_MODEL_ONLY(lf::app::CmdE2e),
     "BAIT's end-to-end loop: search problems, train policy and critic, evaluate"},
    {"check", lf::app::CmdCheck, "check the proof scripts in Peano files"},
    {"check-goals", lf::app::CmdCheckGoals, "check the solutions of a goal-set JSON file"},
    {"actions", lf::app::CmdActions, "print a proof state's string and its actions"},
    {"prove", lf::app::CmdProve, "search for a proof of one goal and print the checked script"},
    {"conjecture", LF_MODEL_ONLY(lf::app::CmdConjecture),
     "sample novel conjectures from a model checkpoint"},
    {"eval", lf::app::CmdEval, "search every problem of a goal set or problem list; solved K/N"},
    {"bench", lf::app::CmdBench, "run a benchmark and print `name: value` figures"},
    {"inspect", lf::app::CmdInspect,
     "show what lemmaforge HDF5 files (shards, metrics.h5, traces) hold"},
    {"export", lf::app::CmdExport, "write the tables of an HDF5 file as CSV (traces: JSON Lines)"},
    {"view", lf::app::CmdView, "draw proof traces (prove/eval --trace) as HTML pages"},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "lemmaforge %s: goal-oriented, self-improving theorem proving\n\n"
               "usage: lemmaforge SUBCOMMAND [options]   (SUBCOMMAND --help for its options)\n\n",
               lf::GitRevision());
  for (const auto& c : kSubcommands) std::fprintf(out, "  %-12s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
#ifdef LF_MODEL_BINARY
  lf::model::ReexecWithCpuEnvironment(argv);
#else
  if (lf::app::NeedsModelBinary(argc, argv)) lf::app::ExecModelBinary(argv);
#endif
  // Past a file-size limit (ulimit -f, a batch system's quota) write(2) then
  // fails with EFBIG and the run stops with a WriteError, resumable, instead of
  // the process dying of SIGXFSZ halfway through a file.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc < 2) {
    PrintUsage(stderr);
    return lf::kExitBadInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return lf::kExitOk;
  }
  if (name == "--version") {
    std::printf("lemmaforge %s\n", lf::GitRevision());
    return lf::kExitOk;
  }
  for (const auto& c : kSubcommands) {
    if (name != c.name) continue;
    try {
      LF_CHECK(c.run != nullptr);  // NeedsModelBinary sent it to lemmaforge-model
      return c.run(argc - 1, argv + 1);
    } catch (const lf::InputError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return lf::kExitBadInput;
    } catch (const lf::WriteError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return lf::kExitWriteFailed;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "lemmaforge %s: error: %s\n", c.name, e.what());
      return lf::kExitFailure;
    }
  }
  std::fprintf(stderr, "error: unknown subcommand '%s'\n\n", name.c_str());
  PrintUsage(stderr);
  return lf::kExitBadInput;
}
