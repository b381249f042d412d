#pragma once
// Training settings (minimo §4.4) and the goal-conditioning extension (§4.5),
// documented field by field and declared as options in one place
// (AddLearnOptions: "learn.<field>", one line each with its range and help;
// core/options.h), whose checks throw lf::InputError.

#include <boost/program_options/options_description.hpp>
#include <cstdint>
#include <string>

namespace lf::learn {

// How the progress loss enters the total loss.
enum class GoalMode {
  kAlpha,  // loss = (1-a) train + a progress (normalize_loss) or train + a progress
  kMu,     // loss = train + mu_t * n_conj * progress, only when ratio_proven >= threshold - margin
};

// alpha(i) for global step i in [0, T], T = total_iterations * train_iterations - 1.
enum class AlphaSchedule { kConstant, kLinear, kQuadratic, kCubic, kCos, kRatio };

// Which counter drives the mu warm-up (fork v5a vs v5b).
enum class MuCounter {
  kGlobalStep,   // v5a: t = iteration * train_iterations + step
  kActiveSteps,  // v5b: t counts only the steps on which the progress loss was active
};

struct LearnParams {
  // AdamW (PyTorch defaults apart from lr): lr, betas, eps, decoupled weight decay.
  double lr = 1e-4;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.01;
  // Batch size in characters: examples are drawn with replacement until
  // max_len * (count + 1) > batch_chars, max_len = longest drawn, capped at
  // max_example_chars (minimo sample_batch).
  int batch_chars = 10000;
  int max_example_chars = 500;
  // Gradient steps per bootstrap iteration, and iterations in the run; they
  // define the schedule horizon T = total_iterations * train_iterations - 1.
  int train_iterations = 2000;
  int total_iterations = 5;
  // Loss masking (decision 10): mask_prompt trains only on the answer
  // (the label and EOS after "???"; for "Conj:(x) " strings everything after
  // the prefix). skip_conj_prefix_loss (fork v5) masks only "Conj:(x) ".
  bool mask_prompt = false;
  bool skip_conj_prefix_loss = false;
  // Seed of batch sampling and dropout. Step k of a run draws from streams
  // derived from (seed, k), so a resumed run repeats an uninterrupted one.
  uint64_t seed = 0;

  // Goal conditioning.
  GoalMode goal_mode = GoalMode::kAlpha;
  double alpha = 0.0;
  AlphaSchedule alpha_schedule = AlphaSchedule::kConstant;
  bool normalize_loss = true;
  double mu = 0.0;
  double threshold = 0.5;  // mu mode: progress active iff ratio_proven >= threshold - margin
  double margin = 0.1;
  bool mu_warmup = true;  // mu_t = mu * t / mu_warmup_steps while t < mu_warmup_steps
  int mu_warmup_steps = 100;
  MuCounter mu_counter = MuCounter::kGlobalStep;

  // "lr=0.0001 ..." of every field (stored in checkpoints and run dirs).
  std::string ToString() const;
};

// Parsing/printing of the enum option values ("alpha", "cubic", "global", ...);
// Parse* throw lf::InputError listing the valid names.
GoalMode ParseGoalMode(const std::string& name);
AlphaSchedule ParseAlphaSchedule(const std::string& name);
MuCounter ParseMuCounter(const std::string& name);
const char* Name(GoalMode mode);
const char* Name(AlphaSchedule schedule);
const char* Name(MuCounter counter);

// Registers "learn.*" options bound to *params (which must outlive parsing).
void AddLearnOptions(boost::program_options::options_description& options, LearnParams* params);

}  // namespace lf::learn
