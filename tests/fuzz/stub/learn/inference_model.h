#pragma once
// Fuzz build only: stands in for src/learn/inference_model.h, which pulls in
// LibTorch (model/transformer_evaluator.h). tests/fuzz/CMakeLists.txt puts
// tests/fuzz/stub ahead of src/ on fuzz_config's include path, so that the real
// src/app/search_options.cc (the [search] option binding) compiles and links
// without Torch. Its MakeEvaluator is never reached by a fuzz input; the stand-in
// accepts any arguments (so it follows changes of the real signature) and throws.

#include <memory>

#include "core/error.h"
#include "search/evaluator.h"

namespace lf::learn {

template <typename... Args>
std::unique_ptr<search::Evaluator> LoadInferenceModel(const Args&...) {
  throw InputError("the fuzz build has no model (tests/fuzz/stub/learn/inference_model.h)");
}

}  // namespace lf::learn
