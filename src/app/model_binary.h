#pragma once
// The front binary and lemmaforge-model (docs/architecture.md, "Two binaries").
//
// `lemmaforge` has no LibTorch, so the commands that need no model -- check,
// check-goals, actions, inspect, export, prove/eval/bench search with the
// uniform evaluator, bench kernel/data -- start in milliseconds. A command line
// that needs the model -- run, conjecture, bench model, or any `--model CKPT`
// -- is handed to `lemmaforge-model` (beside the front binary: the same
// commands, linked with LibTorch) by execv(2): same process (so mpirun and
// srun see no difference), same argv and environment, plus the OpenMP
// settings of core/openmp_environment.h, which must be set before the exec.

namespace lf::app {

// Whether argv (the whole command line, argv[0] the binary) needs lemmaforge-model.
bool NeedsModelBinary(int argc, char** argv);

// Replaces this process with lemmaforge-model and the same arguments; on
// failure prints why and exits 1 (the installation is broken).
[[noreturn]] void ExecModelBinary(char** argv);

}  // namespace lf::app
