#pragma once
// The evaluator a search command (prove, eval, bench search) searches with.
//
// Two implementations, one per binary (docs/architecture.md, "Two binaries"):
//   evaluator_model.cc    lemmaforge-model: the uniform evaluator, or the model
//                         of a checkpoint (learn/inference_model.h, LibTorch);
//   evaluator_uniform.cc  lemmaforge: the uniform evaluator only. A command
//                         line that names a checkpoint never gets here: main()
//                         hands it to lemmaforge-model (app/model_binary.h).

#include <memory>
#include <string>

#include "search/evaluator.h"

namespace lf::app {

// The model in `checkpoint` (with `threads` intra-op threads, 0 = the share of
// this rank), or the uniform evaluator when it is empty. Throws InputError for
// an unusable checkpoint or one of a theory other than `theory`.
std::unique_ptr<search::Evaluator> MakeEvaluator(const std::string& checkpoint,
                                                 const std::string& theory, int threads = 0);

}  // namespace lf::app
