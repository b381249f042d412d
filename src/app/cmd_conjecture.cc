// `lemmaforge conjecture`: samples conjectures from a model, constrained by the
// theory's conjecture grammar (learn/conjecturer.h).

#include <boost/program_options.hpp>
#include <cstdio>
#include <string>

#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/options.h"
#include "core/error.h"
#include "core/range_check.h"
#include "core/rng.h"
#include "kernel/theory.h"
#include "learn/conjecturer.h"
#include "learn/inference_model.h"

namespace lf::app {

int CmdConjecture(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string theory_name, model_path;
  int n = 10;
  uint64_t seed = 0;
  learn::ConjecturerParams params;
  po::options_description desc(
      "usage: lemmaforge conjecture --theory T --model CKPT --n N [--seed S]\n\n"
      "Samples N novel conjectures (distinct up to alpha-equivalence, well typed) from\n"
      "the model, one character at a time within the conjecture grammar, and prints\n"
      "them contracted, one per line. Fewer are printed if the attempts run out");
  desc.add_options()("help,h", "show this help")("theory", po::value(&theory_name)->required(),
                                                 "shipped theory name or path to a .p file")(
      "model", po::value(&model_path)->required(), "checkpoint to sample from")(
      "n", po::value(&n)->default_value(n)->notifier(InRange("n", 1, 100000)),
      "number of conjectures")("seed", po::value(&seed)->default_value(seed), "sampling seed")(
      "prompt", po::value(&params.prompt)->default_value(params.prompt), "conditioning prompt");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;

  const auto theory = LoadTheory(theory_name);
  auto lm = learn::LoadInferenceModel(model_path, theory->name());
  Rng rng(seed);
  for (const std::string& c : learn::SampleNovelConjectures(*theory, lm.get(), n, {}, &rng, params))
    std::printf("%s\n", c.c_str());
  return kExitOk;
}

}  // namespace lf::app
