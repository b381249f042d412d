#pragma once
// Trainer: one model and one AdamW optimizer that persist across bootstrap
// iterations (minimo §4.1, §4.4), with the goal-conditioned loss (§4.5).
//
// Each step of iteration `it` (step k, global step i = it * train_iterations + k):
//   batch          = SampleBatch(examples)                 (character budget)
//   train_loss     = mean token cross-entropy of the batch
//   progress_loss  = mean token cross-entropy of {"Conj:(hard) " + g : goals}
//                    (0 without goals; in mu mode 0 while inactive)
//   alpha mode:    a = ScheduledAlpha(schedule, alpha, i, T, ratio_proven)
//                  loss = (1-a) train + a progress   (normalize_loss)
//                       = train + a progress          (otherwise)
//   mu mode:       mu_t = WarmedUpMu(mu, t, ...), t = i (v5a) or active steps (v5b)
//                  loss = train + mu_t * n_conj * progress, n_conj = #batch
//                  strings containing "Conj:"; active iff ratio_proven >= threshold - margin
//   AdamW step on loss.
// progress_loss is computed (without gradient) for the report even when its
// weight is 0, so the alpha = 0 baseline logs it too.
//
// Determinism: step k of a run samples its batch from lf::Rng(seed, k) and
// seeds dropout from (seed, k), so a run resumed from a checkpoint repeats the
// uninterrupted run exactly.
//
// Checkpoints (checkpoint.h) hold the weights, the AdamW state, the step
// counters and both configs. Not thread-safe; TransformerEvaluator may share
// the model between training calls, not during them.

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "learn/learn_params.h"
#include "learn/train_report.h"
#include "model/model_params.h"
#include "model/transformer.h"

namespace lf::learn {

class Trainer {
 public:
  Trainer(const model::ModelParams& model_params, const LearnParams& learn_params);

  // Runs `steps` gradient steps (default: learn_params.train_iterations) on
  // `examples` for bootstrap iteration `iteration`. goal_theorems are the
  // contracted goal statements (prefixed here with "Conj:(hard) ");
  // goal_solutions are flattened solution strings for val_loss. ratio_proven
  // is this iteration's proven fraction (needed by the ratio schedule and mu
  // mode; lf::InputError if missing there). on_step is called after every step.
  IterationReport TrainIteration(const std::vector<std::string>& examples,
                                 const std::vector<std::string>& goal_theorems,
                                 const std::vector<std::string>& goal_solutions, int iteration,
                                 std::optional<double> ratio_proven,
                                 const std::function<void(const StepReport&)>& on_step = {},
                                 int64_t steps = -1);

  // One gradient step with an explicit batch (the building block of TrainIteration).
  StepReport Step(const std::vector<std::string>& batch,
                  const std::vector<std::string>& goal_theorems, int iteration, int64_t step,
                  std::optional<double> ratio_proven);

  // Mean token cross-entropy of `strings` (eval mode, no gradient, no masking).
  double Loss(const std::vector<std::string>& strings);

  // Called after the backward pass and before the optimizer update of every
  // step: data-parallel learners replace the gradients with their mean across
  // learners here (mpi/allreduce.h on model::GetFlatGradients). Empty: none.
  void SetGradientHook(std::function<void(torch::nn::Module&)> hook) {
    gradient_hook_ = std::move(hook);
  }

  // Atomic save (tmp + rename) and bit-exact load; see checkpoint.h. `theory`
  // names the theory the model learns (kernel::Theory::name(), "" for none).
  void Save(const std::string& path, const std::string& theory);
  // Throws lf::InputError on a missing, corrupt or incompatible file (another
  // architecture, or a model of another theory); on error the trainer is unchanged.
  void Load(const std::string& path, const std::string& theory);

  model::Transformer& model() { return model_; }
  torch::optim::AdamW& optimizer() { return *optimizer_; }
  const model::ModelParams& model_params() const { return model_params_; }
  const LearnParams& learn_params() const { return learn_params_; }
  int64_t steps_done() const { return steps_done_; }
  int64_t mu_active_steps() const { return mu_active_steps_; }

 private:
  // Loss of an encoded batch in the current mode (train/eval) with gradient.
  torch::Tensor BatchLoss(const std::vector<std::string>& strings, bool mask, int64_t* tokens);
  std::unique_ptr<torch::optim::AdamW> MakeOptimizer();

  model::ModelParams model_params_;
  LearnParams learn_params_;
  model::Transformer model_;
  std::unique_ptr<torch::optim::AdamW> optimizer_;
  int64_t steps_done_ = 0;       // optimizer steps over the whole run
  int64_t mu_active_steps_ = 0;  // v5b warm-up counter
  std::function<void(torch::nn::Module&)> gradient_hook_;
};

// The progress strings "Conj:(hard) " + theorem.
std::vector<std::string> ProgressStrings(const std::vector<std::string>& goal_theorems);

}  // namespace lf::learn
