// `lemmaforge bench NAME [options]`: benchmarks that print `name: value` lines.
// Figures are ratios measured within one run where possible (shared machines
// are noisy); docs/performance.md records them with their commands.

#include <cstdio>
#include <string>

#include "app/commands.h"
#include "core/check.h"
#include "core/error.h"

namespace lf::app {
namespace {

struct Bench {
  const char* name;
  int (*run)(int, char**);
  const char* summary;
};

constexpr Bench kBenches[] = {
    {"kernel", BenchKernel, "breadth-first expansion rate; checker time on natural_number_game.p"},
    {"search", BenchSearch, "expansions/s of each search algorithm, single and pooled"},
    {"model", LF_MODEL_ONLY(BenchModel),
     "GEMM rate; transformer scoring/training efficiency; prefix sharing cost"},
    {"data", BenchData, "weight broadcast overhead, work-queue busy fraction, shard I/O (mpirun)"},
    {"online", LF_MODEL_ONLY(BenchOnline),
     "online mode vs the sync loop: examples trained per second, learner busy (mpirun)"},
};

void PrintBenchUsage(std::FILE* out) {
  std::fprintf(out, "usage: lemmaforge bench NAME [options]   (NAME --help for its options)\n\n");
  for (const auto& b : kBenches) std::fprintf(out, "  %-8s %s\n", b.name, b.summary);
}

}  // namespace

int CmdBench(int argc, char** argv) {
  if (argc < 2) {
    PrintBenchUsage(stderr);
    return kExitBadInput;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h") {
    PrintBenchUsage(stdout);
    return kExitOk;
  }
  for (const auto& b : kBenches) {
    if (name != b.name) continue;
    LF_CHECK(b.run != nullptr);  // the front binary handed it to lemmaforge-model
    return b.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "error: unknown benchmark '%s'\n\n", name.c_str());
  PrintBenchUsage(stderr);
  return kExitBadInput;
}

}  // namespace lf::app
