#include "learn/replica.h"

#include "core/check.h"
#include "learn/conjecturer.h"
#include "learn/trainer.h"
#include "model/flat_params.h"
#include "model/transformer_evaluator.h"

namespace lf::learn {

struct Replica::State {
  std::unique_ptr<Trainer> trainer;  // learners only
  model::Transformer model{nullptr};
  std::unique_ptr<model::TransformerEvaluator> evaluator;
};

Replica::Replica(std::unique_ptr<State> state) : state_(std::move(state)) {
  state_->evaluator = std::make_unique<model::TransformerEvaluator>(state_->model);
}

Replica::~Replica() = default;

std::unique_ptr<Replica> Replica::ForLearner(const model::ModelParams& model,
                                             const LearnParams& learn) {
  auto state = std::make_unique<State>();
  state->trainer = std::make_unique<Trainer>(model, learn);
  state->model = state->trainer->model();
  return std::unique_ptr<Replica>(new Replica(std::move(state)));
}

std::unique_ptr<Replica> Replica::ForInference(const model::ModelParams& model) {
  model::ModelParams inference = model;
  inference.dropout = 0.0;
  auto state = std::make_unique<State>();
  state->model = model::MakeTransformer(inference);
  return std::unique_ptr<Replica>(new Replica(std::move(state)));
}

bool Replica::trains() const { return state_->trainer != nullptr; }

search::Evaluator* Replica::evaluator() { return state_->evaluator.get(); }

std::vector<std::string> Replica::SampleConjectures(
    const kernel::Theory& theory, int n, const std::vector<std::string>& known, Rng* rng,
    const ConjecturerParams& params, const std::function<bool(const std::string&)>& keep,
    std::vector<std::string>* rejected) {
  return SampleNovelConjectures(theory, state_->evaluator.get(), n, known, rng, params, keep,
                                rejected);
}

int64_t Replica::weight_count() const { return model::FlatSize(*state_->model); }

void Replica::GetWeights(std::span<float> out) const {
  torch::NoGradGuard no_grad;
  model::GetFlatWeights(*state_->model, out);
}

void Replica::SetWeights(std::span<const float> in) {
  torch::NoGradGuard no_grad;
  model::SetFlatWeights(*state_->model, in);
}

namespace {

// Installs `average_gradients` as the trainer's gradient hook for the lifetime
// of this object: the hook refers to the caller's frame, so it must not outlive
// the call, even when a step throws (an interrupted training unwinds through).
class ScopedGradientHook {
 public:
  ScopedGradientHook(Trainer& trainer, int64_t weights,
                     const std::function<void(std::span<float>)>& average_gradients)
      : trainer_(trainer) {
    if (!average_gradients) return;
    grads_.resize(static_cast<size_t>(weights));
    trainer.SetGradientHook([this, &average_gradients](torch::nn::Module& m) {
      model::GetFlatGradients(m, grads_);
      average_gradients(grads_);
      model::SetFlatGradients(m, grads_);
    });
  }
  ~ScopedGradientHook() { trainer_.SetGradientHook(nullptr); }
  ScopedGradientHook(const ScopedGradientHook&) = delete;
  ScopedGradientHook& operator=(const ScopedGradientHook&) = delete;

 private:
  Trainer& trainer_;
  std::vector<float> grads_;
};

}  // namespace

IterationReport Replica::TrainIteration(
    const std::vector<std::string>& examples, const std::vector<std::string>& goal_theorems,
    const std::vector<std::string>& goal_solutions, int iteration,
    std::optional<double> ratio_proven, const std::function<void(const StepReport&)>& on_step,
    const std::function<void(std::span<float>)>& average_gradients) {
  LF_CHECK(trains());
  Trainer& trainer = *state_->trainer;
  const ScopedGradientHook hook(trainer, weight_count(), average_gradients);
  return trainer.TrainIteration(examples, goal_theorems, goal_solutions, iteration, ratio_proven,
                                on_step);
}

StepReport Replica::TrainStep(const std::vector<std::string>& batch,
                              const std::vector<std::string>& goal_theorems, int64_t step,
                              std::optional<double> ratio_proven,
                              const std::function<void(std::span<float>)>& average_gradients) {
  LF_CHECK(trains());
  Trainer& trainer = *state_->trainer;
  const ScopedGradientHook hook(trainer, weight_count(), average_gradients);
  return trainer.Step(batch, goal_theorems, 0, step, ratio_proven);
}

int64_t Replica::steps_done() const {
  LF_CHECK(trains());
  return state_->trainer->steps_done();
}

double Replica::Loss(const std::vector<std::string>& strings) {
  LF_CHECK(trains());
  return state_->trainer->Loss(strings);
}

void Replica::Save(const std::string& path, const std::string& theory) {
  LF_CHECK(trains());
  state_->trainer->Save(path, theory);
}

void Replica::Load(const std::string& path, const std::string& theory) {
  LF_CHECK(trains());
  state_->trainer->Load(path, theory);
}

}  // namespace lf::learn
