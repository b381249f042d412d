#include "model/torch_threads.h"

#include <ATen/Parallel.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "model/model_params.h"

namespace lf::model {
namespace {

// A positive count in environment variable `name`, or 0 when unset or not one.
int PositiveFromEnvironment(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  int value = 0;
  const char* end = text + std::strlen(text);
  const auto [stop, ec] = std::from_chars(text, end, value);
  return ec == std::errc() && stop == end && value > 0 ? value : 0;
}

}  // namespace

ThreadBudget ResolveThreadBudget(const ModelParams& params) {
  if (params.num_threads > 0) return {params.num_threads, "model.num_threads"};
  if (const int n = PositiveFromEnvironment("OMP_NUM_THREADS")) return {n, "OMP_NUM_THREADS"};
  if (const int n = PositiveFromEnvironment("SLURM_CPUS_PER_TASK"))
    return {n, "SLURM_CPUS_PER_TASK"};
  const int online = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
  cpu_set_t mask;
  CPU_ZERO(&mask);
  const int usable = sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : online;
  if (usable < online) return {std::max(1, usable), "affinity mask"};
  return {std::max(1, usable / std::max(1, params.ranks_per_node)), "cores / ranks on the node"};
}

int ResolveThreadCount(const ModelParams& params) { return ResolveThreadBudget(params).threads; }

int ConfigureTorchThreads(const ModelParams& params) {
  const int n = ResolveThreadCount(params);
  at::set_num_threads(n);
  return n;
}

}  // namespace lf::model
