// MakeEvaluator of lemmaforge-model: checkpoints are loaded (evaluator_factory.h).

#include "app/evaluator_factory.h"
#include "learn/inference_model.h"
#include "search/uniform.h"

namespace lf::app {

std::unique_ptr<search::Evaluator> MakeEvaluator(const std::string& checkpoint,
                                                 const std::string& theory, int threads) {
  if (checkpoint.empty()) return std::make_unique<search::UniformEvaluator>();
  return learn::LoadInferenceModel(checkpoint, theory, threads);
}

}  // namespace lf::app
