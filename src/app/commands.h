#pragma once
// Subcommands of the single `lemmaforge` binary (KataGo MainCmds style).
//
// Each subcommand parses its own options (argv[0] is the subcommand name),
// prints its own --help, and returns a process exit code from core/error.h:
// 0 ok, 1 a "no" answer (wrong proof, unproved goal), 2 bad input. Subcommands
// catch lf::InputError themselves; main() is the last-resort boundary.
//
// The commands that need LibTorch are linked into lemmaforge-model only
// (LF_MODEL_BINARY; app/model_binary.h). In the front binary their table
// entries are LF_MODEL_ONLY(fn) = nullptr: main() hands such a command line to
// lemmaforge-model before any table is consulted.

#ifdef LF_MODEL_BINARY
#define LF_MODEL_ONLY(fn) (fn)
#else
#define LF_MODEL_ONLY(fn) nullptr
#endif

namespace lf::app {

int CmdCheck(int argc, char** argv);
int CmdCheckGoals(int argc, char** argv);
int CmdActions(int argc, char** argv);
int CmdBench(int argc, char** argv);
int CmdProve(int argc, char** argv);       // cmd_prove.cc
int CmdEval(int argc, char** argv);        // cmd_eval.cc
int CmdConjecture(int argc, char** argv);  // cmd_conjecture.cc (model binary)
int CmdInspect(int argc, char** argv);     // cmd_inspect.cc
int CmdExport(int argc, char** argv);      // cmd_export.cc
int CmdView(int argc, char** argv);        // cmd_view.cc
int CmdRun(int argc, char** argv);         // cmd_run.cc (model binary)
int CmdE2e(int argc, char** argv);         // cmd_run.cc (model binary)

// Benchmarks, dispatched by `lemmaforge bench NAME` (cmd_bench.cc).
int BenchKernel(int argc, char** argv);
int BenchSearch(int argc, char** argv);  // bench_search.cc
int BenchModel(int argc, char** argv);   // bench_model.cc (model binary)
int BenchData(int argc, char** argv);    // bench_data.cc
int BenchOnline(int argc, char** argv);  // bench_online.cc (model binary)

}  // namespace lf::app
