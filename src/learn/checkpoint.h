#pragma once
// Checkpoint files: model weights + AdamW state + step counters + config.
//
// Layout (little-endian):
//   bytes 0..7    magic "LFCKPT01"
//   bytes 8..15   uint64 payload size n
//   bytes 16..23  uint64 FNV-1a 64 checksum of the payload
//   bytes 24..    payload: a torch::serialize archive with
//                   "model"        module parameters and buffers
//                   "optimizer"    AdamW state (step, exp_avg, exp_avg_sq per parameter)
//                   "steps_done", "mu_active_steps"   int64 scalars
//                   "model_config", "learn_config"    strings (ModelParams/LearnParams)
//                   "theory"       the theory the model learned (kernel::Theory::
//                                  name()); "" for a model of no theory (an
//                                  untrained benchmark model). Absent in files
//                                  written before it was recorded: read as "".
// Writing goes to "<path>.tmp.<pid>", is flushed with fsync and renamed over
// <path>, so readers see either the old or the new complete file. Loading
// checks magic, size and checksum before handing bytes to Torch, and checks
// that the architecture matches; every failure is an lf::InputError naming
// the file. A checkpoint of one theory is refused for another: its action
// vocabulary (premise names) and statements mean nothing there. Float tensors are stored verbatim, so a round trip is bit-exact.

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace lf::learn {

struct CheckpointState {
  int64_t steps_done = 0;
  int64_t mu_active_steps = 0;
  std::string model_config;  // ModelParams::ArchitectureString()
  std::string learn_config;  // LearnParams::ToString()
  std::string theory;        // see "theory" above
};

// What a checkpoint says about itself, read without loading the weights.
struct CheckpointHeader {
  std::string model_config;  // ModelParams::ArchitectureString()
  std::string theory;
};

void SaveCheckpoint(const std::string& path, torch::nn::Module& model,
                    torch::optim::Optimizer& optimizer, const CheckpointState& state);

// Loads into model and optimizer. expected_model_config must equal the
// stored one, and the stored theory must be `theory` (or ""). Loads into
// temporaries first, so on error nothing is changed.
CheckpointState LoadCheckpoint(const std::string& path, torch::nn::Module& model,
                               torch::optim::Optimizer& optimizer,
                               const std::string& expected_model_config,
                               const std::string& theory);

// The header fields of a checkpoint, after the same integrity checks as LoadCheckpoint.
CheckpointHeader ReadCheckpointHeader(const std::string& path);

}  // namespace lf::learn
