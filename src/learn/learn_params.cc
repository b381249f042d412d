#include "learn/learn_params.h"

#include <sstream>

#include "core/error.h"
#include "core/options.h"

namespace lf::learn {
namespace po = boost::program_options;
namespace {

constexpr EnumNames<GoalMode, 2> kGoalModes{{{{GoalMode::kAlpha, "alpha"}, {GoalMode::kMu, "mu"}}}};
constexpr EnumNames<AlphaSchedule, 6> kSchedules{{{{AlphaSchedule::kConstant, "constant"},
                                                   {AlphaSchedule::kLinear, "linear"},
                                                   {AlphaSchedule::kQuadratic, "quadratic"},
                                                   {AlphaSchedule::kCubic, "cubic"},
                                                   {AlphaSchedule::kCos, "cos"},
                                                   {AlphaSchedule::kRatio, "ratio"}}}};
constexpr EnumNames<MuCounter, 2> kCounters{
    {{{MuCounter::kGlobalStep, "global"}, {MuCounter::kActiveSteps, "active"}}}};

template <typename E, size_t N>
E ParseEnum(const EnumNames<E, N>& names, const std::string& name, const char* what) {
  if (const auto value = names.Parse(name)) return *value;
  throw InputError(std::string("unknown ") + what + " '" + name + "' (valid: " + names.List(", ") +
                   ")");
}

}  // namespace

GoalMode ParseGoalMode(const std::string& n) { return ParseEnum(kGoalModes, n, "learn.goal_mode"); }
AlphaSchedule ParseAlphaSchedule(const std::string& n) {
  return ParseEnum(kSchedules, n, "learn.alpha_schedule");
}
MuCounter ParseMuCounter(const std::string& n) {
  return ParseEnum(kCounters, n, "learn.mu_counter");
}
const char* Name(GoalMode v) { return kGoalModes.Name(v); }
const char* Name(AlphaSchedule v) { return kSchedules.Name(v); }
const char* Name(MuCounter v) { return kCounters.Name(v); }

std::string LearnParams::ToString() const {
  std::ostringstream out;
  out.precision(17);
  out << "lr=" << lr << " beta1=" << beta1 << " beta2=" << beta2 << " eps=" << eps
      << " weight_decay=" << weight_decay << " batch_chars=" << batch_chars
      << " max_example_chars=" << max_example_chars << " train_iterations=" << train_iterations
      << " total_iterations=" << total_iterations << " mask_prompt=" << mask_prompt
      << " skip_conj_prefix_loss=" << skip_conj_prefix_loss << " seed=" << seed
      << " goal_mode=" << Name(goal_mode) << " alpha=" << alpha
      << " alpha_schedule=" << Name(alpha_schedule) << " normalize_loss=" << normalize_loss
      << " mu=" << mu << " threshold=" << threshold << " margin=" << margin
      << " mu_warmup=" << mu_warmup << " mu_warmup_steps=" << mu_warmup_steps
      << " mu_counter=" << Name(mu_counter);
  return out.str();
}

void AddLearnOptions(po::options_description& options, LearnParams* p) {
  const OptionBinder option(options, "learn.");
  option("lr", p->lr, Range(0.0, 1.0), "AdamW learning rate");
  option("beta1", p->beta1, Range(0.0, 0.999999), "AdamW beta1");
  option("beta2", p->beta2, Range(0.0, 0.999999), "AdamW beta2");
  option("eps", p->eps, Range(0.0, 1.0), "AdamW epsilon");
  option("weight_decay", p->weight_decay, Range(0.0, 10.0), "AdamW decoupled weight decay");
  option("batch_chars", p->batch_chars, Range(1, 1 << 24), "batch size in characters");
  option("max_example_chars", p->max_example_chars, Range(1, 1 << 16),
         "cap on max_len in the batch-size rule");
  option("train_iterations", p->train_iterations, Range(1, 1 << 30), "steps per iteration");
  option("total_iterations", p->total_iterations, Range(1, 1 << 20), "iterations in the run");
  option("mask_prompt", p->mask_prompt, "train only on answers (label/EOS; text after Conj:(x) )");
  option("skip_conj_prefix_loss", p->skip_conj_prefix_loss,
         "mask the Conj:(x) prefix of training strings");
  option("seed", p->seed, "batch sampling/dropout seed");
  option("goal_mode", p->goal_mode, ParseGoalMode, "progress loss mixing: alpha | mu");
  option("alpha", p->alpha, Range(0.0, 1e6), "progress loss weight alpha");
  option("alpha_schedule", p->alpha_schedule, ParseAlphaSchedule,
         "constant | linear | quadratic | cubic | cos | ratio");
  option("normalize_loss", p->normalize_loss,
         "loss = (1-a) train + a progress (else train + a progress)");
  option("mu", p->mu, Range(0.0, 1e6), "mu mode: progress weight per Conj string");
  option("threshold", p->threshold, Range(0.0, 1.0), "mu mode: ratio_proven threshold");
  option("margin", p->margin, Range(0.0, 1.0), "mu mode: margin below threshold");
  option("mu_warmup", p->mu_warmup, "mu mode: linear warm-up of mu");
  option("mu_warmup_steps", p->mu_warmup_steps, Range(1, 1 << 30), "mu warm-up length");
  option("mu_counter", p->mu_counter, ParseMuCounter,
         "mu warm-up counter: global (v5a) | active (v5b)");
}

}  // namespace lf::learn
