#include "model/torch_threads.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <thread>

#include "model/model_params.h"

namespace lf::model {

int ResolveThreadCount(const ModelParams& params) {
  if (params.num_threads > 0) return params.num_threads;
  const int hardware = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1, hardware / std::max(1, params.ranks_per_node));
}

int ConfigureTorchThreads(const ModelParams& params) {
  const int n = ResolveThreadCount(params);
  at::set_num_threads(n);
  return n;
}

}  // namespace lf::model
