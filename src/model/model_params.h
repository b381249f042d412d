#pragma once
// Sizes and runtime settings of the character transformer (minimo §4.1).
//
// One plain struct, documented field by field (KataGo searchparams.h style),
// declared as options in exactly one place (AddModelOptions, lc0 Populate
// style: one line per option with its range and help, core/options.h), whose
// checks throw lf::InputError.
// Options are named "model.<field>" so a config file section [model] maps
// onto them.
//
// Presets:
//   DefaultModelParams()   the fast CPU model searches use here: 4 layers,
//                          d = 256, 4 heads, 512 positions (~3.3M parameters).
//   ReferenceModelParams() minimo's GPT-2 size: 8 layers, d = 512, 8 heads,
//                          1024 positions = 25,809,920 parameters.
//   TinyModelParams()      tests: 2 layers, d = 64, 2 heads, 512 positions.

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>

namespace lf::model {

struct ModelParams {
  // Number of transformer blocks.
  int n_layer = 4;
  // Number of attention heads; must divide d_model.
  int n_head = 4;
  // Residual stream width d. The MLP is 4d wide (GPT-2).
  int d_model = 256;
  // Learned absolute positions. Inputs are at most 498 tokens (490 kept
  // characters + "[...] " + BOS + EOS, see tokenizer.h), so >= 500 is needed.
  int n_positions = 512;
  // Dropout on embeddings, attention probabilities and residual branches
  // (active only in training mode).
  double dropout = 0.1;
  // Seed of the random initialisation (normal, std 0.02; residual output
  // projections std 0.02 / sqrt(2 * n_layer), as GPT-2).
  uint64_t init_seed = 0;
  // Intra-op threads for LibTorch; 0 = OMP_NUM_THREADS, SLURM_CPUS_PER_TASK,
  // or the CPUs this process may use, shared among ranks_per_node
  // (model/torch_threads.h).
  int num_threads = 0;
  // Ranks (processes) sharing this node; used only when num_threads = 0 and
  // the ranks are unbound, so that together they never oversubscribe the cores.
  int ranks_per_node = 1;
  // Inference batches are cut so one forward pass holds at most this many
  // tokens (minimo batches ~10,000 characters per forward).
  int max_batch_tokens = 16384;

  // "n_layer=4 n_head=4 ..." of the architecture fields (stored in checkpoints).
  std::string ArchitectureString() const;
};

// The inverse of ModelParams::ArchitectureString ("n_layer=4 n_head=4 d_model=256
// n_positions=512"): the default params with those four fields set. Throws
// InputError on a malformed string.
ModelParams ParseArchitectureString(const std::string& text);

ModelParams DefaultModelParams();
ModelParams ReferenceModelParams();
ModelParams TinyModelParams();

// Exact number of trainable parameters of a model with these sizes (vocab 128,
// tied embeddings): n_layer*(12 d^2 + 13 d) + 128 d + n_positions d + 2 d.
int64_t ParameterCount(const ModelParams& params);

// Throws lf::InputError naming the offending field if the sizes are invalid
// (e.g. n_head does not divide d_model).
void ValidateModelParams(const ModelParams& params);

// Registers "model.*" options bound to the fields of *params (which must
// outlive the parsing). Out-of-range values throw lf::InputError when the
// variables map is notified. Defaults are the current values of *params.
void AddModelOptions(boost::program_options::options_description& options, ModelParams* params);

}  // namespace lf::model
