#include "model/blas_kernels.h"

#include <torch/torch.h>

#include <dlfcn.h>
#include <strings.h>
#include <unistd.h>

#include <cstdlib>

#include "core/openmp_environment.h"
#include "core/timer.h"

namespace lf::model {

std::string BlasCoreName() {
  // Looked up at run time: the BLAS behind libblas.so.3 is a Debian
  // alternative and need not be OpenBLAS.
  using CoreNameFn = char* (*)();
  auto fn = reinterpret_cast<CoreNameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = fn != nullptr ? fn() : nullptr;
  return name != nullptr ? name : "";
}

namespace {

// The OpenBLAS kernel set to ask for, or nullptr to keep what it chose.
const char* BetterBlasCore() {
  if (std::getenv("OPENBLAS_CORETYPE") != nullptr) return nullptr;  // the user's choice, or done
  if (strcasecmp(BlasCoreName().c_str(), "Prescott") != 0) return nullptr;
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") ? "SkylakeX"
         : __builtin_cpu_supports("avx2")  ? "Haswell"
                                           : nullptr;  // an old CPU: Prescott is right
}

}  // namespace

void ReexecWithCpuEnvironment(char** argv) {
  const char* core = BetterBlasCore();
  const bool openmp = SetOpenMpEnvironment();
  if (!openmp && core == nullptr) return;
  if (core != nullptr) setenv("OPENBLAS_CORETYPE", core, 1);
  execv("/proc/self/exe", argv);
  // exec failed (no /proc): carry on with the defaults.
  if (openmp) UnsetOpenMpEnvironment();
  if (core != nullptr) unsetenv("OPENBLAS_CORETYPE");
}

double GemmGflops(int n) {
  torch::NoGradGuard no_grad;
  auto a = torch::randn({n, n}), b = torch::randn({n, n}), c = torch::empty({n, n});
  torch::mm_out(c, a, b);  // warm-up: first-touch pages, thread pool start
  double best = 1e30;
  for (int i = 0; i < 5; ++i) {
    Timer timer;
    torch::mm_out(c, a, b);
    best = std::min(best, timer.Seconds());
  }
  return 2.0 * n * n * n / best / 1e9;
}

}  // namespace lf::model
