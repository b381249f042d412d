#pragma once
// The front binary and lemmaforge-model (docs/architecture.md, "Two binaries").
//
// `lemmaforge` has no LibTorch, so the commands that need no model -- check,
// check-goals, actions, inspect, export, prove/eval/bench search with the
// uniform evaluator, bench kernel/data -- start in milliseconds. A command line
// that needs the model -- run, conjecture, bench model, or any `--model CKPT`
// -- is handed to `lemmaforge-model` (beside the front binary: the same
// commands, linked with LibTorch) by execv(2): same process (so mpirun and
// srun see no difference), same argv and environment, plus the thread
// settings below.
//
// OMP_WAIT_POLICY=PASSIVE, unless the user set it: OpenMP and OpenBLAS
// workers that wait then sleep instead of spinning. libgomp reads it once,
// when it loads, which is why it is set here, before the exec. A spinning
// worker that loses its core to another process made every model call up to
// 13x slower on a shared node (docs/performance.md).

namespace lf::app {

// Whether argv (the whole command line, argv[0] the binary) needs lemmaforge-model.
bool NeedsModelBinary(int argc, char** argv);

// Replaces this process with lemmaforge-model and the same arguments; on
// failure prints why and exits 1 (the installation is broken).
[[noreturn]] void ExecModelBinary(char** argv);

}  // namespace lf::app
