#pragma once
// Dynamic work queue: the learner root hands out tasks, generators return results
// (minimo §5.4's Celery teacher/worker, BAIT §8's master/worker queue, on MPI).
//
// Tasks and results are opaque byte strings ("prove THEOREM with ALGORITHM and
// BUDGET", a serialised proof attempt); the queue never looks inside them. Each task
// gets a 64-bit id from Submit(); its result comes back with the same id, in
// completion order (not submission order).
//
// Scheduling. The coordinator keeps up to `max_in_flight` tasks at every generator
// (sent but not yet answered). A new task goes to the generator with the fewest in
// flight (lowest dispatch rank on ties), as soon as a result frees a slot. With
// max_in_flight >= 2 a generator always has its next task in hand when it finishes
// one, so message latency is hidden, and tasks of very different durations still
// keep every generator busy: a slow task only delays the tasks queued behind it on
// that one generator (at most max_in_flight - 1 of them). A generator may also run
// its in-flight tasks concurrently (several search trees per rank).
//
// Shutdown. Shutdown() drops the tasks not yet sent, sends a stop marker to every
// generator, and waits until each has finished the tasks it already holds and
// acknowledged; the results that arrive meanwhile are returned (so a SIGTERM'd job
// can still write them to its shard). Shutting down therefore takes at most
// max_in_flight task durations.
//
// One rank. If the dispatch communicator has one member (a one-rank job), the
// coordinator runs each task itself through the `local_handler` given to it, inside
// WaitResult(), and no WorkClient exists.
//
// Thread safety: neither class is thread-safe; use each from the rank's MPI thread
// (MPI_THREAD_FUNNELED). Both wait by polling with a short sleep (20 us growing to
// 1 ms) rather than spinning, so oversubscribed ranks leave the cores to the work.

#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <vector>

#include "mpi/communicator.h"
#include "mpi/stream.h"

namespace lf::mpi {

// A finished task, as the coordinator sees it.
struct TaskResult {
  uint64_t task_id = 0;
  int generator = 0;  // dispatch rank that ran it (0 in a one-rank job)
  std::string bytes;
};

// What a generator reported when it stopped.
struct GeneratorStats {
  int generator = 0;          // dispatch rank
  double busy_seconds = 0.0;  // time with at least one task handed out and not completed
  uint64_t tasks = 0;         // tasks completed
};

struct ShutdownReport {
  std::vector<TaskResult> late_results;  // results that arrived during Shutdown()
  std::vector<GeneratorStats> generators;
};

// Lives on dispatch rank 0 (the learner root).
class WorkCoordinator {
 public:
  // Runs one task in-process; used only when `dispatch` has a single member.
  using LocalHandler = std::function<std::string(const std::string& task)>;

  // `dispatch` must outlive the coordinator. max_in_flight >= 1. A one-rank
  // coordinator without a local_handler relies on its caller to run every task
  // through TakeOwnTask().
  WorkCoordinator(const Communicator& dispatch, int max_in_flight,
                  LocalHandler local_handler = nullptr);
  // Shuts down if Shutdown() was not called (and no exception is unwinding).
  ~WorkCoordinator();
  WorkCoordinator(const WorkCoordinator&) = delete;
  WorkCoordinator& operator=(const WorkCoordinator&) = delete;

  // Queues a task and returns its id (0, 1, 2, ...); sends it at once if a
  // generator has a free slot.
  uint64_t Submit(std::string task);

  // Blocks until a result arrives; nullopt when no task is queued or in flight
  // (tasks taken with TakeOwnTask() and not completed yet do not count).
  std::optional<TaskResult> WaitResult();
  // Non-blocking: a result if one has arrived, otherwise nullopt. Sends queued tasks.
  // In a one-rank job nothing runs elsewhere, so it runs one queued task first --
  // except while own tasks are in progress, or without a local_handler: the
  // caller is then doing the work.
  std::optional<TaskResult> PollResult();

  // Tasks submitted whose results have not been returned yet.
  uint64_t outstanding() const { return submitted_ - returned_; }

  // Work for the coordinator's own rank, so that it proves too instead of only
  // waiting: takes a task that no generator has been sent yet (nullopt if none
  // is queued). Its result must be handed back with CompleteOwn(), after which
  // it is returned by PollResult()/WaitResult() like any other.
  struct OwnTask {
    uint64_t task_id = 0;
    std::string task;
  };
  std::optional<OwnTask> TakeOwnTask();
  void CompleteOwn(uint64_t task_id, std::string result);

  // See the file comment. Idempotent; Submit() after Shutdown() is a bug.
  ShutdownReport Shutdown();

 private:
  struct Pending {
    uint64_t id;
    std::string bytes;
  };

  bool local() const { return dispatch_.size() == 1; }
  // Sends queued tasks to generators with free slots.
  void Dispatch();
  // Receives every result that has arrived; true if any did.
  bool ReceiveArrived();
  std::optional<TaskResult> TakeArrived();
  void RunLocally();

  const Communicator& dispatch_;
  int max_in_flight_;
  LocalHandler local_handler_;
  uint64_t submitted_ = 0;
  uint64_t returned_ = 0;
  bool shut_down_ = false;
  int uncaught_at_start_ = 0;
  std::deque<Pending> pending_;         // submitted, not sent
  std::vector<int> in_flight_;          // per dispatch rank; [0] unused
  std::vector<uint64_t> results_seen_;  // per dispatch rank
  std::deque<TaskResult> arrived_;      // received, not yet returned
  Outbox sends_;  // nonblocking sends still in progress
  double local_busy_seconds_ = 0.0;
  uint64_t local_tasks_ = 0;
  uint64_t own_in_progress_ = 0;  // TakeOwnTask() not yet completed
};

// One generator's view of the queue (dispatch ranks 1..n-1).
class WorkClient {
 public:
  struct Item {
    enum class Kind { kTask, kStop };
    Kind kind = Kind::kStop;
    uint64_t task_id = 0;  // kTask
    std::string task;      // kTask: the bytes given to Submit()
    bool is_task() const { return kind == Kind::kTask; }
    bool is_stop() const { return kind == Kind::kStop; }
  };

  explicit WorkClient(const Communicator& dispatch);
  ~WorkClient();
  WorkClient(const WorkClient&) = delete;
  WorkClient& operator=(const WorkClient&) = delete;

  // Blocks until the next task or stop. After a stop every call returns
  // stop again. Items come in the order the coordinator sent them. A generator may
  // call Next() several times before completing (up to max_in_flight tasks); after
  // a stop it still completes the tasks it holds, and the coordinator's Shutdown()
  // returns once the last of them is completed.
  Item Next();
  // Like Next() but never blocks: nullopt if nothing has arrived yet. A generator
  // running several tasks at once polls with this between steps of its searches.
  std::optional<Item> TryNext();

  // Returns the result of a task obtained from Next(). Does not block.
  void Complete(uint64_t task_id, std::string result);

 private:
  // Moves every message that has arrived into inbox_; with `block`, waits for one.
  void Receive(bool block);
  // Pops the next inbox item and does its bookkeeping.
  Item Take();
  // Sends the stop acknowledgement (busy time, tasks completed) and waits for our sends.
  void Acknowledge();

  const Communicator& dispatch_;
  std::deque<Item> inbox_;
  Outbox sends_;
  bool stop_received_ = false;
  bool acknowledged_ = false;
  int holding_ = 0;  // tasks handed out by Next() and not completed
  double busy_since_ = 0.0;
  double busy_seconds_ = 0.0;
  uint64_t completed_ = 0;
};

}  // namespace lf::mpi
