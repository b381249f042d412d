#include "model/model_params.h"

#include <sstream>

#include "core/error.h"
#include "core/options.h"

namespace lf::model {
namespace po = boost::program_options;

std::string ModelParams::ArchitectureString() const {
  std::ostringstream out;
  out << "n_layer=" << n_layer << " n_head=" << n_head << " d_model=" << d_model
      << " n_positions=" << n_positions;
  return out.str();
}

ModelParams ParseArchitectureString(const std::string& text) {
  ModelParams p;
  std::istringstream in(text);
  std::string field;
  int seen = 0;
  while (in >> field) {
    const size_t eq = field.find('=');
    if (eq == std::string::npos) throw InputError("malformed model architecture '" + text + "'");
    const std::string key = field.substr(0, eq);
    int value = 0;
    try {
      value = std::stoi(field.substr(eq + 1));
    } catch (const std::exception&) {
      throw InputError("malformed model architecture '" + text + "'");
    }
    if (key == "n_layer")
      p.n_layer = value;
    else if (key == "n_head")
      p.n_head = value;
    else if (key == "d_model")
      p.d_model = value;
    else if (key == "n_positions")
      p.n_positions = value;
    else
      throw InputError("unknown field '" + key + "' in model architecture '" + text + "'");
    ++seen;
  }
  if (seen != 4) throw InputError("incomplete model architecture '" + text + "'");
  ValidateModelParams(p);
  return p;
}

ModelParams DefaultModelParams() { return ModelParams{}; }

ModelParams ReferenceModelParams() {
  ModelParams p;
  p.n_layer = 8;
  p.n_head = 8;
  p.d_model = 512;
  p.n_positions = 1024;
  return p;
}

ModelParams TinyModelParams() {
  ModelParams p;
  p.n_layer = 2;
  p.n_head = 2;
  p.d_model = 64;
  p.n_positions = 512;
  p.dropout = 0.0;
  return p;
}

int64_t ParameterCount(const ModelParams& p) {
  const int64_t d = p.d_model;
  return p.n_layer * (12 * d * d + 13 * d) + 128 * d + int64_t{p.n_positions} * d + 2 * d;
}

void ValidateModelParams(const ModelParams& p) {
  if (p.n_layer < 1) throw InputError("model.n_layer must be >= 1");
  if (p.n_head < 1 || p.d_model < 1 || p.d_model % p.n_head != 0) {
    throw InputError("model.n_head must divide model.d_model (got n_head=" +
                     std::to_string(p.n_head) + ", d_model=" + std::to_string(p.d_model) + ")");
  }
  // Every query fits: at most "[...] " + 490 characters, plus BOS and EOS (tokenizer.h).
  if (p.n_positions < 498) throw InputError("model.n_positions must be >= 498 (the longest query)");
  if (p.dropout < 0.0 || p.dropout >= 1.0) throw InputError("model.dropout must be in [0, 1)");
  if (p.num_threads < 0) throw InputError("model.num_threads must be >= 0");
  if (p.ranks_per_node < 1) throw InputError("model.ranks_per_node must be >= 1");
  if (p.max_batch_tokens < 512) throw InputError("model.max_batch_tokens must be >= 512");
}

void AddModelOptions(po::options_description& options, ModelParams* p) {
  const OptionBinder option(options, "model.");
  option("n_layer", p->n_layer, Range(1, 64), "transformer blocks");
  option("n_head", p->n_head, Range(1, 64), "attention heads (divides d_model)");
  option("d_model", p->d_model, Range(8, 8192), "residual width d (MLP is 4d)");
  option("n_positions", p->n_positions, Range(8, 8192), "learned positions (>= 500 needed)");
  option("dropout", p->dropout, Range(0.0, 0.99), "dropout in training mode");
  option("init_seed", p->init_seed, "seed of the random initialisation");
  option("num_threads", p->num_threads, Range(0, 1024),
         "LibTorch intra-op threads (0 = OMP_NUM_THREADS, SLURM_CPUS_PER_TASK or the usable CPUs "
         "/ ranks on the node)");
  option("ranks_per_node", p->ranks_per_node, Range(1, 4096), "ranks sharing one node");
  option("max_batch_tokens", p->max_batch_tokens, Range(512, 1 << 22),
         "most tokens in one inference forward pass");
}

}  // namespace lf::model
