#include "learn/trainer.h"

#include <algorithm>

#include "core/error.h"
#include "core/hash.h"
#include "core/rng.h"
#include "learn/batching.h"
#include "learn/checkpoint.h"
#include "learn/schedules.h"
#include "model/tokenizer.h"

namespace lf::learn {
namespace F = torch::nn::functional;

std::vector<std::string> ProgressStrings(const std::vector<std::string>& goal_theorems) {
  std::vector<std::string> out;
  for (const auto& g : goal_theorems) out.push_back(std::string(model::kConjecturePrompt) + g);
  return out;
}

Trainer::Trainer(const model::ModelParams& model_params, const LearnParams& learn_params)
    : model_params_(model_params),
      learn_params_(learn_params),
      model_(model::MakeTransformer(model_params)),
      optimizer_(MakeOptimizer()) {}

std::unique_ptr<torch::optim::AdamW> Trainer::MakeOptimizer() {
  const auto& p = learn_params_;
  return std::make_unique<torch::optim::AdamW>(model_->parameters(),
                                               torch::optim::AdamWOptions(p.lr)
                                                   .betas({p.beta1, p.beta2})
                                                   .eps(p.eps)
                                                   .weight_decay(p.weight_decay));
}

torch::Tensor Trainer::BatchLoss(const std::vector<std::string>& strings, bool mask,
                                 int64_t* tokens) {
  const auto enc = EncodeBatch(strings, mask && learn_params_.mask_prompt,
                               mask && learn_params_.skip_conj_prefix_loss);
  if (tokens != nullptr) *tokens = enc.tokens;
  auto logits = model_->Forward(enc.input);
  return F::cross_entropy(logits.reshape({-1, model::kVocabSize}), enc.target.reshape({-1}),
                          F::CrossEntropyFuncOptions().ignore_index(kIgnoreIndex));
}

StepReport Trainer::Step(const std::vector<std::string>& batch,
                         const std::vector<std::string>& goal_theorems, int iteration, int64_t step,
                         std::optional<double> ratio_proven) {
  const auto& p = learn_params_;
  StepReport r;
  r.iteration = iteration;
  r.step = step;
  r.global_step = GlobalStep(p, iteration, step);
  r.batch_strings = static_cast<int64_t>(batch.size());
  for (const auto& s : batch) r.n_conj += s.find("Conj:") != std::string::npos ? 1 : 0;
  r.ratio_conj_in_batch = static_cast<double>(r.n_conj) / p.batch_chars;

  // The weight of the progress term; 0 means "report only, no gradient".
  double weight = 0.0;
  bool progress_on = !goal_theorems.empty();
  if (p.goal_mode == GoalMode::kAlpha) {
    const auto a =
        ScheduledAlpha(p.alpha_schedule, p.alpha, r.global_step, ScheduleHorizon(p), ratio_proven);
    if (!a) throw InputError("learn.alpha_schedule=ratio needs the iteration's ratio_proven");
    r.alpha = *a;
    weight = r.alpha;
  } else {
    if (!ratio_proven) throw InputError("learn.goal_mode=mu needs the iteration's ratio_proven");
    progress_on = progress_on && MuProgressActive(*ratio_proven, p.threshold, p.margin);
    const int64_t t = p.mu_counter == MuCounter::kGlobalStep ? r.global_step : mu_active_steps_;
    r.mu = WarmedUpMu(p.mu, t, p.mu_warmup, p.mu_warmup_steps);
    weight = r.mu * r.n_conj;
    if (progress_on) ++mu_active_steps_;
  }

  // Dropout of step i draws from (seed, i): resumed runs repeat exactly.
  torch::manual_seed(HashCombine(p.seed, static_cast<uint64_t>(r.global_step)));
  model_->train();
  auto train_loss = BatchLoss(batch, /*mask=*/true, &r.tokens);
  torch::Tensor loss = train_loss;
  if (progress_on) {
    const auto goals = ProgressStrings(goal_theorems);
    if (weight != 0.0) {
      auto progress = BatchLoss(goals, /*mask=*/false, nullptr);
      r.progress_loss = progress.item<double>();
      const bool normalize = p.goal_mode == GoalMode::kAlpha && p.normalize_loss;
      loss = normalize ? (1.0 - weight) * train_loss + weight * progress
                       : train_loss + weight * progress;
    } else {
      torch::NoGradGuard no_grad;
      r.progress_loss = BatchLoss(goals, /*mask=*/false, nullptr).item<double>();
    }
  }
  optimizer_->zero_grad();
  loss.backward();
  if (gradient_hook_) gradient_hook_(*model_);
  optimizer_->step();
  ++steps_done_;
  r.train_loss = train_loss.item<double>();
  r.loss = loss.item<double>();
  return r;
}

IterationReport Trainer::TrainIteration(const std::vector<std::string>& examples,
                                        const std::vector<std::string>& goal_theorems,
                                        const std::vector<std::string>& goal_solutions,
                                        int iteration, std::optional<double> ratio_proven,
                                        const std::function<void(const StepReport&)>& on_step,
                                        int64_t steps) {
  if (examples.empty()) throw InputError("training needs at least one example");
  const auto& p = learn_params_;
  if (steps < 0) steps = p.train_iterations;
  IterationReport report;
  std::vector<std::string> batch;
  for (int64_t k = 0; k < steps; ++k) {
    Rng rng(
        HashCombine(p.seed ^ 0x5a4d504c45ULL, static_cast<uint64_t>(GlobalStep(p, iteration, k))));
    batch.clear();
    for (size_t i : SampleBatch(examples, p.batch_chars, p.max_example_chars, rng)) {
      batch.push_back(examples[i]);
    }
    report.steps.push_back(Step(batch, goal_theorems, iteration, k, ratio_proven));
    if (on_step) on_step(report.steps.back());
  }
  if (!goal_solutions.empty()) report.val_loss = Loss(goal_solutions);
  return report;
}

double Trainer::Loss(const std::vector<std::string>& strings) {
  if (strings.empty()) return 0.0;
  torch::NoGradGuard no_grad;
  model_->eval();
  // Chunks keep memory bounded; the mean is over all tokens, as one batch would give.
  constexpr size_t kChunk = 64;
  double total = 0.0;
  int64_t tokens = 0;
  for (size_t begin = 0; begin < strings.size(); begin += kChunk) {
    const std::vector<std::string> chunk(
        strings.begin() + begin, strings.begin() + std::min(strings.size(), begin + kChunk));
    int64_t n = 0;
    const double mean = BatchLoss(chunk, /*mask=*/false, &n).item<double>();
    total += mean * static_cast<double>(n);
    tokens += n;
  }
  return tokens > 0 ? total / static_cast<double>(tokens) : 0.0;
}

void Trainer::Save(const std::string& path, const std::string& theory) {
  SaveCheckpoint(path, *model_, *optimizer_,
                 {steps_done_, mu_active_steps_, model_params_.ArchitectureString(),
                  learn_params_.ToString(), theory});
}

void Trainer::Load(const std::string& path, const std::string& theory) {
  const auto state =
      LoadCheckpoint(path, *model_, *optimizer_, model_params_.ArchitectureString(), theory);
  steps_done_ = state.steps_done;
  mu_active_steps_ = state.mu_active_steps;
}

}  // namespace lf::learn
