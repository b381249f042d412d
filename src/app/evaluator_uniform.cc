// MakeEvaluator of the front binary, which has no LibTorch (evaluator_factory.h).

#include "app/evaluator_factory.h"
#include "core/check.h"
#include "search/uniform.h"

namespace lf::app {

std::unique_ptr<search::Evaluator> MakeEvaluator(const std::string& checkpoint,
                                                 const std::string& /*theory*/,
                                                 int /*threads*/) {
  // main() hands every command line naming a checkpoint to lemmaforge-model.
  LF_CHECK(checkpoint.empty());
  return std::make_unique<search::UniformEvaluator>();
}

}  // namespace lf::app
