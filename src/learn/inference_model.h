#pragma once
// Loading a checkpoint for inference (prove/eval/conjecture --model CKPT).
//
// The architecture is read from the checkpoint itself, so any checkpoint that
// lemmaforge wrote can be loaded without repeating its model options. The
// weights are loaded bit-exactly; the optimizer state is read and dropped.
// Intra-op threads are configured from `threads` (0: cores / ranks_per_node).
// Errors (missing, truncated, corrupt or foreign files, a model trained on a
// theory other than `theory`) are InputErrors naming the file.

#include <memory>
#include <string>

#include "model/transformer_evaluator.h"

namespace lf::learn {

std::unique_ptr<model::TransformerEvaluator> LoadInferenceModel(const std::string& checkpoint,
                                                                const std::string& theory,
                                                                int threads = 0);

}  // namespace lf::learn
