#pragma once
// What training reports, step by step and per iteration (learn/trainer.h,
// learn/replica.h); plain data, without LibTorch.

#include <cstdint>
#include <vector>

namespace lf::learn {

// What one gradient step reports (the per-step HDF5 row of minimo §5.5).
struct StepReport {
  int iteration = 0;
  int64_t step = 0;         // within the iteration
  int64_t global_step = 0;  // iteration * train_iterations + step
  double loss = 0.0;
  double train_loss = 0.0;
  double progress_loss = 0.0;
  double alpha = 0.0;                // alpha mode: the scheduled alpha (0 in mu mode)
  double mu = 0.0;                   // mu mode: mu_t (0 in alpha mode)
  int n_conj = 0;                    // batch strings containing "Conj:"
  double ratio_conj_in_batch = 0.0;  // n_conj / batch_chars (v5 ratio_diff_problem_pairs)
  int64_t batch_strings = 0;
  int64_t tokens = 0;  // trained target tokens in the batch
};

struct IterationReport {
  std::vector<StepReport> steps;
  double val_loss = 0.0;  // LM loss on the goals' solution strings (0 without any)
};

}  // namespace lf::learn
