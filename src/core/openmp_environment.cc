#include "core/openmp_environment.h"

#include <cstdlib>

namespace lf {

bool SetOpenMpEnvironment() {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return false;
  setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/1);
  return true;
}

void UnsetOpenMpEnvironment() { unsetenv("OMP_WAIT_POLICY"); }

}  // namespace lf
