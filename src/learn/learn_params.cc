#include "learn/learn_params.h"

#include <array>
#include <boost/program_options.hpp>
#include <sstream>
#include <utility>

#include "core/error.h"
#include "core/range_check.h"

namespace lf::learn {
namespace po = boost::program_options;
namespace {

constexpr std::array<std::pair<GoalMode, const char*>, 2> kGoalModes{
    {{GoalMode::kAlpha, "alpha"}, {GoalMode::kMu, "mu"}}};
constexpr std::array<std::pair<AlphaSchedule, const char*>, 6> kSchedules{
    {{AlphaSchedule::kConstant, "constant"},
     {AlphaSchedule::kLinear, "linear"},
     {AlphaSchedule::kQuadratic, "quadratic"},
     {AlphaSchedule::kCubic, "cubic"},
     {AlphaSchedule::kCos, "cos"},
     {AlphaSchedule::kRatio, "ratio"}}};
constexpr std::array<std::pair<MuCounter, const char*>, 2> kCounters{
    {{MuCounter::kGlobalStep, "global"}, {MuCounter::kActiveSteps, "active"}}};

template <typename E, size_t N>
E ParseEnum(const std::array<std::pair<E, const char*>, N>& table, const std::string& name,
            const char* what) {
  std::string valid;
  for (const auto& [value, text] : table) {
    if (name == text) return value;
    valid += valid.empty() ? text : std::string(", ") + text;
  }
  throw InputError(std::string("unknown ") + what + " '" + name + "' (valid: " + valid + ")");
}

template <typename E, size_t N>
const char* EnumName(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "?";
}

}  // namespace

GoalMode ParseGoalMode(const std::string& n) { return ParseEnum(kGoalModes, n, "learn.goal_mode"); }
AlphaSchedule ParseAlphaSchedule(const std::string& n) {
  return ParseEnum(kSchedules, n, "learn.alpha_schedule");
}
MuCounter ParseMuCounter(const std::string& n) {
  return ParseEnum(kCounters, n, "learn.mu_counter");
}
const char* Name(GoalMode v) { return EnumName(kGoalModes, v); }
const char* Name(AlphaSchedule v) { return EnumName(kSchedules, v); }
const char* Name(MuCounter v) { return EnumName(kCounters, v); }

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
  // Enum options parse through strings; the notifier stores the parsed value.
  auto goal_mode = [p](const std::string& s) { p->goal_mode = ParseGoalMode(s); };
  auto schedule = [p](const std::string& s) { p->alpha_schedule = ParseAlphaSchedule(s); };
  auto counter = [p](const std::string& s) { p->mu_counter = ParseMuCounter(s); };
  options.add_options()(
      "learn.lr", po::value(&p->lr)->default_value(p->lr)->notifier(InRange("learn.lr", 0.0, 1.0)),
      "AdamW learning rate")("learn.beta1",
                             po::value(&p->beta1)->default_value(p->beta1)->notifier(
                                 InRange("learn.beta1", 0.0, 0.999999)),
                             "AdamW beta1")("learn.beta2",
                                            po::value(&p->beta2)->default_value(p->beta2)->notifier(
                                                InRange("learn.beta2", 0.0, 0.999999)),
                                            "AdamW beta2")(
      "learn.eps",
      po::value(&p->eps)->default_value(p->eps)->notifier(InRange("learn.eps", 0.0, 1.0)),
      "AdamW epsilon")("learn.weight_decay",
                       po::value(&p->weight_decay)
                           ->default_value(p->weight_decay)
                           ->notifier(InRange("learn.weight_decay", 0.0, 10.0)),
                       "AdamW decoupled weight decay")(
      "learn.batch_chars",
      po::value(&p->batch_chars)
          ->default_value(p->batch_chars)
          ->notifier(InRange("learn.batch_chars", 1, 1 << 24)),
      "batch size in characters")("learn.max_example_chars",
                                  po::value(&p->max_example_chars)
                                      ->default_value(p->max_example_chars)
                                      ->notifier(InRange("learn.max_example_chars", 1, 1 << 16)),
                                  "cap on max_len in the batch-size rule")(
      "learn.train_iterations",
      po::value(&p->train_iterations)
          ->default_value(p->train_iterations)
          ->notifier(InRange("learn.train_iterations", 1, 1 << 30)),
      "steps per iteration")("learn.total_iterations",
                             po::value(&p->total_iterations)
                                 ->default_value(p->total_iterations)
                                 ->notifier(InRange("learn.total_iterations", 1, 1 << 20)),
                             "iterations in the run")(
      "learn.mask_prompt", po::value(&p->mask_prompt)->default_value(p->mask_prompt),
      "train only on answers (label/EOS; text after Conj:(x) )")(
      "learn.skip_conj_prefix_loss",
      po::value(&p->skip_conj_prefix_loss)->default_value(p->skip_conj_prefix_loss),
      "mask the Conj:(x) prefix of training strings")(
      "learn.seed", po::value(&p->seed)->default_value(p->seed), "batch sampling/dropout seed")(
      "learn.goal_mode",
      po::value<std::string>()->default_value(Name(p->goal_mode))->notifier(goal_mode),
      "progress loss mixing: alpha | mu")(
      "learn.alpha",
      po::value(&p->alpha)->default_value(p->alpha)->notifier(InRange("learn.alpha", 0.0, 1e6)),
      "progress loss weight alpha")(
      "learn.alpha_schedule",
      po::value<std::string>()->default_value(Name(p->alpha_schedule))->notifier(schedule),
      "constant | linear | quadratic | cubic | cos | ratio")(
      "learn.normalize_loss", po::value(&p->normalize_loss)->default_value(p->normalize_loss),
      "loss = (1-a) train + a progress (else train + a progress)")(
      "learn.mu", po::value(&p->mu)->default_value(p->mu)->notifier(InRange("learn.mu", 0.0, 1e6)),
      "mu mode: progress weight per Conj string")(
      "learn.threshold",
      po::value(&p->threshold)
          ->default_value(p->threshold)
          ->notifier(InRange("learn.threshold", 0.0, 1.0)),
      "mu mode: ratio_proven threshold")(
      "learn.margin",
      po::value(&p->margin)->default_value(p->margin)->notifier(InRange("learn.margin", 0.0, 1.0)),
      "mu mode: margin below threshold")(
      "learn.mu_warmup", po::value(&p->mu_warmup)->default_value(p->mu_warmup),
      "mu mode: linear warm-up of mu")("learn.mu_warmup_steps",
                                       po::value(&p->mu_warmup_steps)
                                           ->default_value(p->mu_warmup_steps)
                                           ->notifier(InRange("learn.mu_warmup_steps", 1, 1 << 30)),
                                       "mu warm-up length")(
      "learn.mu_counter",
      po::value<std::string>()->default_value(Name(p->mu_counter))->notifier(counter),
      "mu warm-up counter: global (v5a) | active (v5b)");
}

}  // namespace lf::learn
