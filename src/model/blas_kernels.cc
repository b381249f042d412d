#include "model/blas_kernels.h"

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>

namespace lf::model {

std::string BlasCoreName() {
  // Looked up at run time: the BLAS behind libblas.so.3 is a Debian
  // alternative and need not be OpenBLAS.
  using CoreNameFn = char* (*)();
  auto fn = reinterpret_cast<CoreNameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = fn != nullptr ? fn() : nullptr;
  return name != nullptr ? name : "";
}

void ReexecWithCpuBlasKernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return;  // the user's choice, or done
  if (strcasecmp(BlasCoreName().c_str(), "Prescott") != 0) return;
  __builtin_cpu_init();
  const char* core = __builtin_cpu_supports("avx512f") ? "SkylakeX"
                     : __builtin_cpu_supports("avx2")  ? "Haswell"
                                                       : nullptr;
  if (core == nullptr) return;  // an old CPU: Prescott is right
  setenv("OPENBLAS_CORETYPE", core, 1);
  execv("/proc/self/exe", argv);
  // exec failed (no /proc): carry on with the fallback kernels.
  unsetenv("OPENBLAS_CORETYPE");
}

}  // namespace lf::model
