#include "learn/inference_model.h"

#include "core/error.h"
#include "learn/checkpoint.h"
#include "learn/learn_params.h"
#include "learn/trainer.h"
#include "model/model_params.h"
#include "model/torch_threads.h"

namespace lf::learn {

std::unique_ptr<model::TransformerEvaluator> LoadInferenceModel(const std::string& checkpoint,
                                                                const std::string& theory,
                                                                int threads) {
  model::ModelParams params;
  try {
    params = model::ParseArchitectureString(ReadCheckpointHeader(checkpoint).model_config);
  } catch (const InputError& e) {
    if (!e.where().file.empty()) throw;
    throw InputError(SourceLocation{checkpoint}, e.message());
  }
  params.num_threads = threads;
  params.dropout = 0.0;
  model::ConfigureTorchThreads(params);
  Trainer trainer(params, LearnParams{});
  trainer.Load(checkpoint, theory);
  return std::make_unique<model::TransformerEvaluator>(trainer.model());
}

}  // namespace lf::learn
