#include "mpi/work_queue.h"

#include <algorithm>
#include <climits>
#include <exception>
#include <utility>

#include "core/backoff.h"
#include "core/check.h"
#include "mpi/environment.h"
#include "mpi/messages.h"
#include "mpi/stream.h"

namespace lf::mpi {

using internal::GetValue;
using internal::PutValue;

namespace {

// "u64 id, then bytes" bodies of kTask and kResult.
std::string WithId(uint64_t id, const std::string& bytes) {
  std::string body;
  body.reserve(sizeof(id) + bytes.size());
  PutValue(&body, id);
  body += bytes;
  return body;
}

}  // namespace

// ---------------------------------------------------------------- coordinator

WorkCoordinator::WorkCoordinator(const Communicator& dispatch, int max_in_flight,
                                 LocalHandler local_handler)
    : dispatch_(dispatch),
      max_in_flight_(max_in_flight),
      local_handler_(std::move(local_handler)),
      uncaught_at_start_(std::uncaught_exceptions()),
      sends_(dispatch) {
  LF_CHECK(dispatch_.valid());
  LF_CHECK_EQ(dispatch_.rank(), 0);
  LF_CHECK_GE(max_in_flight_, 1);
  in_flight_.assign(static_cast<size_t>(dispatch_.size()), 0);
  results_seen_.assign(static_cast<size_t>(dispatch_.size()), 0);
}

WorkCoordinator::~WorkCoordinator() {
  // While an exception unwinds, the job is about to be aborted (mpi::Environment);
  // waiting for generators now could block forever.
  if (!shut_down_ && std::uncaught_exceptions() == uncaught_at_start_) Shutdown();
}

uint64_t WorkCoordinator::Submit(std::string task) {
  LF_CHECK(!shut_down_);
  const uint64_t id = submitted_++;
  pending_.push_back({id, std::move(task)});
  if (!local()) Dispatch();
  return id;
}

void WorkCoordinator::Dispatch() {
  while (!pending_.empty()) {
    // The least loaded generator; min_element keeps the lowest rank on ties.
    const auto least = std::min_element(in_flight_.begin() + 1, in_flight_.end());
    if (*least >= max_in_flight_) break;
    const int generator = static_cast<int>(least - in_flight_.begin());
    sends_.Send(generator, internal::kTagTask,
         WithId(pending_.front().id, pending_.front().bytes));
    pending_.pop_front();
    ++*least;
  }
  sends_.Progress();
}

bool WorkCoordinator::ReceiveArrived() {
  bool any = false;
  while (auto message = TryReceive(dispatch_, MPI_ANY_SOURCE, internal::kTagResult)) {
    LF_CHECK_GE(message->body.size(), sizeof(uint64_t));
    size_t offset = 0;
    const auto id = GetValue<uint64_t>(message->body, &offset);
    --in_flight_[static_cast<size_t>(message->source)];
    ++results_seen_[static_cast<size_t>(message->source)];
    arrived_.push_back({id, message->source, message->body.substr(offset)});
    any = true;
  }
  return any;
}

std::optional<TaskResult> WorkCoordinator::TakeArrived() {
  if (arrived_.empty()) return std::nullopt;
  TaskResult result = std::move(arrived_.front());
  arrived_.pop_front();
  ++returned_;
  return result;
}

std::optional<TaskResult> WorkCoordinator::PollResult() {
  // Alone, nobody else makes progress: running one task is the only way forward,
  // unless the caller works through the tasks itself (TakeOwnTask) -- always
  // without a local handler: its own tasks may all have completed at once while
  // more are queued, and those are the caller's to take, not ours to run.
  if (local())
    return own_in_progress_ > 0 || local_handler_ == nullptr ? TakeArrived() : WaitResult();
  ReceiveArrived();
  Dispatch();
  return TakeArrived();
}

std::optional<TaskResult> WorkCoordinator::WaitResult() {
  // Results of own tasks only arrive through CompleteOwn(): never wait for them.
  if (outstanding() == own_in_progress_ && arrived_.empty()) return std::nullopt;
  if (local()) {
    if (arrived_.empty()) RunLocally();
    return TakeArrived();
  }
  Backoff backoff;
  Dispatch();
  while (arrived_.empty()) {
    if (ReceiveArrived()) {
      Dispatch();
    } else {
      backoff.Wait();
    }
  }
  return TakeArrived();
}

std::optional<WorkCoordinator::OwnTask> WorkCoordinator::TakeOwnTask() {
  if (pending_.empty()) return std::nullopt;
  OwnTask own{pending_.front().id, std::move(pending_.front().bytes)};
  pending_.pop_front();
  ++own_in_progress_;
  return own;
}

void WorkCoordinator::CompleteOwn(uint64_t task_id, std::string result) {
  LF_CHECK_GT(own_in_progress_, 0u);
  --own_in_progress_;
  arrived_.push_back({task_id, 0, std::move(result)});
}

void WorkCoordinator::RunLocally() {
  LF_CHECK(!pending_.empty());
  // Without a handler the caller must take every task itself (TakeOwnTask).
  LF_CHECK(local_handler_ != nullptr);
  Pending task = std::move(pending_.front());
  pending_.pop_front();
  const double start = MPI_Wtime();
  arrived_.push_back({task.id, 0, local_handler_(task.bytes)});
  local_busy_seconds_ += MPI_Wtime() - start;
  ++local_tasks_;
}

ShutdownReport WorkCoordinator::Shutdown() {
  ShutdownReport report;
  if (shut_down_) return report;
  shut_down_ = true;
  // Tasks never sent are dropped; their ids simply never come back.
  returned_ += pending_.size();
  pending_.clear();
  if (local()) {
    report.generators.push_back({0, local_busy_seconds_, local_tasks_});
  } else {
    const int n = dispatch_.size();
    for (int g = 1; g < n; ++g) sends_.Send(g, internal::kTagStop, std::string());
    // A generator acknowledges after sending its last result, but results and acks
    // use different tags, so the ack may be matched first: the ack states how many
    // results were sent and we wait until that many have arrived.
    std::vector<std::optional<GeneratorStats>> acks(static_cast<size_t>(n));
    int missing = n - 1;
    Backoff backoff;
    while (missing > 0) {
      bool progress = ReceiveArrived();
      while (auto message = TryReceive(dispatch_, MPI_ANY_SOURCE, internal::kTagStopAck)) {
        LF_CHECK_EQ(message->body.size(), sizeof(double) + sizeof(uint64_t));
        size_t offset = 0;
        GeneratorStats stats{message->source, 0.0, 0};
        stats.busy_seconds = GetValue<double>(message->body, &offset);
        stats.tasks = GetValue<uint64_t>(message->body, &offset);
        acks[static_cast<size_t>(message->source)] = stats;
        progress = true;
      }
      missing = 0;
      for (int g = 1; g < n; ++g) {
        const auto& ack = acks[static_cast<size_t>(g)];
        if (!ack || results_seen_[static_cast<size_t>(g)] < ack->tasks) ++missing;
      }
      if (!progress && missing > 0) backoff.Wait();
    }
    for (int g = 1; g < n; ++g) report.generators.push_back(*acks[static_cast<size_t>(g)]);
    sends_.Drain();
  }
  while (auto result = TakeArrived()) report.late_results.push_back(std::move(*result));
  return report;
}

// ---------------------------------------------------------------- generator

WorkClient::WorkClient(const Communicator& dispatch) : dispatch_(dispatch), sends_(dispatch) {
  LF_CHECK(dispatch_.valid());
  LF_CHECK_GT(dispatch_.rank(), 0);
}

WorkClient::~WorkClient() {
  // Results still being sent must not have their buffers freed under MPI. The
  // coordinator keeps receiving until our ack, so this wait ends (and after a stop
  // the list is already empty).
  if (Environment::Active()) sends_.Drain();
}

void WorkClient::Receive(bool block) {
  Backoff backoff;
  while (true) {
    bool any = false;
    // Any tag from the coordinator, so tasks and stop keep their order.
    while (auto message = TryReceive(dispatch_, 0, MPI_ANY_TAG)) {
      any = true;
      Item item;
      size_t offset = 0;
      switch (message->tag) {
        case internal::kTagTask:
          LF_CHECK_GE(message->body.size(), sizeof(uint64_t));
          item.kind = Item::Kind::kTask;
          item.task_id = GetValue<uint64_t>(message->body, &offset);
          item.task = message->body.substr(offset);
          break;
        case internal::kTagStop:
          item.kind = Item::Kind::kStop;
          break;
        default:
          LF_CHECK(false && "unexpected message tag on the dispatch communicator");
      }
      inbox_.push_back(std::move(item));
    }
    if (any || !block) return;
    backoff.Wait();
  }
}

WorkClient::Item WorkClient::Next() {
  if (stop_received_) return Item{};
  sends_.Progress();
  Receive(/*block=*/inbox_.empty());
  return Take();
}

std::optional<WorkClient::Item> WorkClient::TryNext() {
  if (stop_received_) return Item{};
  sends_.Progress();
  Receive(/*block=*/false);
  if (inbox_.empty()) return std::nullopt;
  return Take();
}

WorkClient::Item WorkClient::Take() {
  Item item = std::move(inbox_.front());
  inbox_.pop_front();
  if (item.is_task()) {
    if (holding_++ == 0) busy_since_ = MPI_Wtime();
  } else if (item.is_stop()) {
    stop_received_ = true;
    if (holding_ == 0) Acknowledge();
  }
  return item;
}

void WorkClient::Complete(uint64_t task_id, std::string result) {
  LF_CHECK_GT(holding_, 0);
  sends_.Send(0, internal::kTagResult, WithId(task_id, result));
  if (--holding_ == 0) busy_seconds_ += MPI_Wtime() - busy_since_;
  ++completed_;
  if (stop_received_ && holding_ == 0) {
    Acknowledge();
  } else {
    sends_.Progress();
  }
}

void WorkClient::Acknowledge() {
  // Every task handed out is complete and its result posted; the coordinator sends
  // nothing after the stop, so this is our last message.
  LF_CHECK(!acknowledged_);
  acknowledged_ = true;
  std::string body;
  PutValue(&body, busy_seconds_);
  PutValue(&body, completed_);
  sends_.Send(0, internal::kTagStopAck, std::move(body));
  sends_.Drain();
}

}  // namespace lf::mpi
