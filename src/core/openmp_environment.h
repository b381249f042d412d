#pragma once
// The OpenMP environment lemmaforge runs its model under, in one place.
//
// OMP_WAIT_POLICY=PASSIVE unless the user set it: waiting OpenMP (and
// OpenBLAS-openmp) workers sleep instead of spinning, so a worker that shares
// its core with another process does not burn the time slices the others wait
// for (docs/performance.md: 12x slower on a busy core with spinning workers).
// libgomp reads the variable once, when it loads, so it must be in the
// environment before the program that links it starts: the front binary sets
// it before it execs lemmaforge-model (app/model_binary.h), and
// lemmaforge-model started directly sets it and runs itself again
// (model/blas_kernels.h). A user's own value is kept.

namespace lf {

// Sets what is missing; returns whether the environment changed.
bool SetOpenMpEnvironment();

// Undoes what the last SetOpenMpEnvironment() that returned true set (after a
// failed exec, so the process goes on as it was started).
void UnsetOpenMpEnvironment();

}  // namespace lf
