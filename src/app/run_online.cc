#include "app/run_online.h"

#include "core/bytes.h"
#include "mpi/weights.h"

namespace lf::app {

OnlineLearnerGroup::OnlineLearnerGroup(JobContext& job) : job_(job) {
  if (job.bundle.learners().size() > 1)
    reduce_ = std::make_unique<mpi::GradientAllreduce>(job.bundle.learners());
}

OnlineLearnerGroup::~OnlineLearnerGroup() = default;

std::optional<learn::StepReport> OnlineLearnerGroup::Step(int64_t step,
                                                          const OnlineStepInput* input,
                                                          int* exit_code) {
  const mpi::Communicator& learners = job_.bundle.learners();
  OnlineStepInput received;
  if (learners.size() > 1) {
    std::string text;
    if (learners.is_root()) {
      ByteWriter w;
      w.Put<uint8_t>(input->stop ? 1 : 0);
      w.Put<int32_t>(input->exit_code);
      w.Put<double>(input->ratio_proven);
      w.Put<uint64_t>(input->batches.size());
      for (const std::vector<std::string>& batch : input->batches) w.PutStrings(batch);
      text = w.Take();
    }
    mpi::BroadcastString(learners, &text, static_cast<uint64_t>(step));
    if (!learners.is_root()) {
      ByteReader r(text);
      received.stop = r.Get<uint8_t>() != 0;
      received.exit_code = r.Get<int32_t>();
      received.ratio_proven = r.Get<double>();
      const uint64_t n = r.Get<uint64_t>();
      for (uint64_t i = 0; i < n; ++i) received.batches.push_back(r.GetStrings());
      input = &received;
    }
  }
  if (input->stop) {
    if (exit_code != nullptr) *exit_code = input->exit_code;
    return std::nullopt;
  }
  std::function<void(std::span<float>)> average;
  if (reduce_)
    average = [&](std::span<float> grads) { reduce_->Run(grads, mpi::Reduction::kMean); };
  return job_.model->TrainStep(input->batches.at(static_cast<size_t>(learners.rank())),
                               job_.goal_theorems, step, input->ratio_proven, average);
}

int RunOnline(JobContext& job) {
  if (job.bundle.IsLearnerRoot()) return RunOnlineRoot(job);
  if (!job.bundle.IsLearner()) return RunOnlineActor(job);
  // A learner other than the root: steps until the root says stop.
  OnlineLearnerGroup group(job);
  int exit_code = 0;
  for (int64_t step = job.model->steps_done(); group.Step(step, nullptr, &exit_code); ++step) {
  }
  return exit_code;
}

}  // namespace lf::app
