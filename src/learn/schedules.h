#pragma once
// Progress-loss weights of the goal-conditioning extension (minimo §4.5).
//
// alpha schedules (fork v3 get_alpha, with the cos bug fixed, decision 11):
//   T = total_iterations * train_iterations - 1,  i = iteration * train_iterations + step,
//   x = i / T  (x = 1 when T = 0)
//   constant   alpha
//   linear     alpha * x
//   quadratic  alpha * x^2
//   cubic      alpha * x^3
//   cos        alpha * (1 + cos(pi * (x - 1))) / 2
//   ratio      alpha * ratio_proven          (no value without ratio_proven)
// Test vector G (alpha 1, 2000 x 5, T = 9999): at i = 4999 linear 0.49995,
// quadratic 0.24995, cubic 0.12496, cos 0.49992; all 0 at i = 0 and 1 at i = T.
//
// mu variant (fork v5): loss = train + mu_t * n_conj * progress, where the
// progress term is active iff ratio_proven >= threshold - margin, and
//   mu_t = mu * t / warmup_steps  if warm-up is on and t < warmup_steps, else mu.
// Test vector H: mu 0.5, warm-up 100: t = 0, 50, 100 -> 0, 0.25, 0.5.
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>

#include "learn/learn_params.h"

namespace lf::learn {

// The global step i of (iteration, step) and the horizon T for params.
int64_t GlobalStep(const LearnParams& params, int iteration, int64_t step);
int64_t ScheduleHorizon(const LearnParams& params);

// alpha at global step i in [0, T]; nullopt only for kRatio without a ratio.
std::optional<double> ScheduledAlpha(AlphaSchedule schedule, double alpha, int64_t i, int64_t t,
                                     std::optional<double> ratio_proven);

// mu_t for counter value t.
double WarmedUpMu(double mu, int64_t t, bool warmup, int64_t warmup_steps);

// Whether the mu-mode progress loss is active for this iteration's ratio.
bool MuProgressActive(double ratio_proven, double threshold, double margin);

}  // namespace lf::learn
