#pragma once
// The model one rank of a training job (`lemmaforge run`) holds, behind an
// interface without LibTorch: a learner's replica is the Trainer (model and
// optimizer), any other rank's an inference copy (no dropout). Weights and
// gradients cross this interface as flat fp32 spans (model/flat_params.h
// order), so the app exchanges them over MPI (mpi/weights.h, mpi/allreduce.h)
// without seeing a tensor; the searches see the model through
// search::Evaluator, the conjecturer through SampleConjectures.
//
// Not thread-safe; one replica per rank, used from its main thread (the
// evaluator serialises its own calls, model/transformer_evaluator.h).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/rng.h"
#include "kernel/theory.h"
#include "learn/conjecturer.h"
#include "learn/learn_params.h"
#include "learn/train_report.h"
#include "model/model_params.h"
#include "search/evaluator.h"

namespace lf::learn {

class Replica {
 public:
  // A learner's replica: trains with `learn`, seeded by learn.seed.
  static std::unique_ptr<Replica> ForLearner(const model::ModelParams& model,
                                             const LearnParams& learn);
  // Any other rank's: inference only, weights set by SetWeights.
  static std::unique_ptr<Replica> ForInference(const model::ModelParams& model);
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  bool trains() const;

  // The batched scorer the searches use (owned by the replica).
  search::Evaluator* evaluator();
  // learn::SampleNovelConjectures (conjecturer.h) with this model.
  std::vector<std::string> SampleConjectures(const kernel::Theory& theory, int n,
                                             const std::vector<std::string>& known, Rng* rng,
                                             const ConjecturerParams& params,
                                             const std::function<bool(const std::string&)>& keep,
                                             std::vector<std::string>* rejected);

  // Number of fp32 weights, and the weights as one flat buffer.
  int64_t weight_count() const;
  void GetWeights(std::span<float> out) const;
  void SetWeights(std::span<const float> in);

  // Learners only (LF_CHECK): Trainer::TrainIteration. `average_gradients`,
  // when set, is called after every backward pass with the flat gradients and
  // must leave their replacement (the learners' mean) in the span.
  IterationReport TrainIteration(const std::vector<std::string>& examples,
                                 const std::vector<std::string>& goal_theorems,
                                 const std::vector<std::string>& goal_solutions, int iteration,
                                 std::optional<double> ratio_proven,
                                 const std::function<void(const StepReport&)>& on_step,
                                 const std::function<void(std::span<float>)>& average_gradients);
  // Learners only: one gradient step on an explicit batch (Trainer::Step with
  // iteration 0, so the schedules advance by `step`: online mode, whose
  // LearnParams make the horizon its total steps). `average_gradients` as above.
  StepReport TrainStep(const std::vector<std::string>& batch,
                       const std::vector<std::string>& goal_theorems, int64_t step,
                       std::optional<double> ratio_proven,
                       const std::function<void(std::span<float>)>& average_gradients);
  // Learners only: optimizer steps taken so far (restored by Load).
  int64_t steps_done() const;
  // Learners only: Trainer::Loss, Save and Load (checkpoint.h).
  double Loss(const std::vector<std::string>& strings);
  void Save(const std::string& path, const std::string& theory);
  void Load(const std::string& path, const std::string& theory);

 private:
  struct State;
  explicit Replica(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace lf::learn
