#include "learn/schedules.h"

#include <cmath>
#include <numbers>

namespace lf::learn {

int64_t GlobalStep(const LearnParams& p, int iteration, int64_t step) {
  return int64_t{iteration} * p.train_iterations + step;
}

int64_t ScheduleHorizon(const LearnParams& p) {
  return int64_t{p.total_iterations} * p.train_iterations - 1;
}

std::optional<double> ScheduledAlpha(AlphaSchedule schedule, double alpha, int64_t i, int64_t t,
                                     std::optional<double> ratio_proven) {
  const double x = t > 0 ? static_cast<double>(i) / static_cast<double>(t) : 1.0;
  switch (schedule) {
    case AlphaSchedule::kConstant:
      return alpha;
    case AlphaSchedule::kLinear:
      return alpha * x;
    case AlphaSchedule::kQuadratic:
      return alpha * x * x;
    case AlphaSchedule::kCubic:
      return alpha * x * x * x;
    case AlphaSchedule::kCos:
      return alpha * (1.0 + std::cos(std::numbers::pi * (x - 1.0))) / 2.0;
    case AlphaSchedule::kRatio:
      if (!ratio_proven) return std::nullopt;
      return alpha * *ratio_proven;
  }
  return std::nullopt;
}

double WarmedUpMu(double mu, int64_t t, bool warmup, int64_t warmup_steps) {
  if (warmup && t < warmup_steps)
    return mu * static_cast<double>(t) / static_cast<double>(warmup_steps);
  return mu;
}

bool MuProgressActive(double ratio_proven, double threshold, double margin) {
  return ratio_proven >= threshold - margin;
}

}  // namespace lf::learn
