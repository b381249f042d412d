#include "mpi/work_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "core/rng.h"
#include "mpi/mpi_test_env.h"
#include "mpi/roles.h"

namespace lf::mpi {
namespace {

using testing::TestEnvironment;

// A task is "index:milliseconds"; its result is "done index by generator rank".
std::string RunTask(const std::string& task, int generator) {
  const size_t colon = task.find(':');
  const int ms = std::stoi(task.substr(colon + 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return "done " + task.substr(0, colon) + " by " + std::to_string(generator);
}

// Uneven durations: mostly short, some 10x longer.
std::vector<std::string> MakeTasks(int n) {
  Rng rng(7);
  std::vector<std::string> tasks;
  for (int i = 0; i < n; ++i) {
    const int ms = rng.Below(5) == 0 ? 20 : static_cast<int>(rng.Below(3));
    tasks.push_back(std::to_string(i) + ":" + std::to_string(ms));
  }
  return tasks;
}

// Generator loop holding up to `hold` tasks at once, as a rank running several
// searches does: it takes whatever has arrived (TryNext) before working on the
// oldest task, and blocks (Next) only with nothing in hand.
void ServeGenerator(const Communicator& dispatch, int hold) {
  WorkClient client(dispatch);
  std::deque<WorkClient::Item> held;
  while (true) {
    std::optional<WorkClient::Item> item;
    if (static_cast<int>(held.size()) < hold)
      item = held.empty() ? client.Next() : client.TryNext();
    if (item && item->is_stop()) break;
    if (item) {
      EXPECT_TRUE(item->is_task());
      held.push_back(std::move(*item));
      continue;
    }
    client.Complete(held.front().task_id, RunTask(held.front().task, dispatch.rank()));
    held.pop_front();
  }
  // After the stop, finish what is held; the coordinator waits for it.
  for (const auto& h : held) client.Complete(h.task_id, RunTask(h.task, dispatch.rank()));
}

void RunQueue(const CommBundle& bundle, int n_tasks, int max_in_flight, int hold) {
  const Communicator& dispatch = bundle.dispatch();
  if (!dispatch.valid()) return;  // learners other than the root sit this out
  if (dispatch.rank() != 0) {
    ServeGenerator(dispatch, hold);
    return;
  }
  WorkCoordinator coordinator(dispatch, max_in_flight,
                              [](const std::string& task) { return RunTask(task, 0); });
  const auto tasks = MakeTasks(n_tasks);
  for (const auto& t : tasks) coordinator.Submit(t);
  std::set<uint64_t> seen;
  std::set<int> generators;
  while (auto result = coordinator.WaitResult()) {
    EXPECT_TRUE(seen.insert(result->task_id).second) << "duplicate " << result->task_id;
    const std::string& task = tasks[result->task_id];
    EXPECT_EQ(result->bytes, "done " + task.substr(0, task.find(':')) + " by " +
                                 std::to_string(result->generator));
    generators.insert(result->generator);
  }
  EXPECT_EQ(seen.size(), tasks.size());
  EXPECT_EQ(coordinator.outstanding(), 0u);
  const ShutdownReport report = coordinator.Shutdown();
  EXPECT_TRUE(report.late_results.empty());
  const int n_generators = std::max(1, dispatch.size() - 1);
  ASSERT_EQ(static_cast<int>(report.generators.size()), n_generators);
  uint64_t total = 0;
  for (const auto& g : report.generators) total += g.tasks;
  EXPECT_EQ(total, tasks.size());
  // Every generator got work: the first round alone hands each one a task.
  EXPECT_EQ(static_cast<int>(generators.size()), n_generators);
}

TEST(WorkQueueTest, UnevenTasksAllComeBackOnce) {
  const CommBundle bundle(TestEnvironment(),
                          RoleLayout::FromSpec("1", TestEnvironment().world().size()));
  RunQueue(bundle, 60, /*max_in_flight=*/2, /*hold=*/1);
}

TEST(WorkQueueTest, GeneratorsHoldingSeveralTasks) {
  const CommBundle bundle(TestEnvironment(),
                          RoleLayout::FromSpec("1", TestEnvironment().world().size()));
  RunQueue(bundle, 40, /*max_in_flight=*/3, /*hold=*/3);
}

TEST(WorkQueueTest, SingleSlotAndTwoLearners) {
  const int world = TestEnvironment().world().size();
  const CommBundle bundle(TestEnvironment(), RoleLayout::FromSpec(world > 2 ? "2" : "1", world));
  RunQueue(bundle, 25, /*max_in_flight=*/1, /*hold=*/1);
}

// Shutdown while tasks are queued and in flight: queued ones are dropped, held
// ones finish and come back as late results.
TEST(WorkQueueTest, ShutdownDrainsTasksInFlight) {
  const CommBundle bundle(TestEnvironment(),
                          RoleLayout::FromSpec("1", TestEnvironment().world().size()));
  const Communicator& dispatch = bundle.dispatch();
  if (!dispatch.valid()) return;
  if (dispatch.rank() != 0) {
    ServeGenerator(dispatch, 1);
    return;
  }
  WorkCoordinator coordinator(dispatch, 2, [](const std::string& t) { return RunTask(t, 0); });
  for (int i = 0; i < 50; ++i) coordinator.Submit(std::to_string(i) + ":5");
  const ShutdownReport report = coordinator.Shutdown();
  uint64_t done = 0;
  for (const auto& g : report.generators) done += g.tasks;
  EXPECT_EQ(report.late_results.size(), done);
  EXPECT_LE(done, static_cast<uint64_t>(2 * (dispatch.size() - 1)));
  EXPECT_EQ(coordinator.outstanding(), 0u);
}

// Alone and without a local handler (the run's root: it runs every task as
// its own, several in flight), the caller may complete all its own tasks at once
// while more are queued; polling then hands back what arrived and leaves the
// queued tasks to the caller, instead of trying to run one itself.
TEST(WorkQueueTest, AloneWithoutHandlerTheCallerTakesEveryTask) {
  const CommBundle bundle(TestEnvironment(),
                          RoleLayout::FromSpec("1", TestEnvironment().world().size()));
  const Communicator& dispatch = bundle.dispatch();
  if (!dispatch.valid() || dispatch.size() != 1) return;  // np 1 and the singleton
  WorkCoordinator coordinator(dispatch, 6);
  for (int i = 0; i < 8; ++i) coordinator.Submit(std::to_string(i) + ":0");
  std::set<uint64_t> returned;
  while (coordinator.outstanding() > 0) {
    std::vector<WorkCoordinator::OwnTask> held;
    while (held.size() < 4) {
      std::optional<WorkCoordinator::OwnTask> own = coordinator.TakeOwnTask();
      if (!own) break;
      held.push_back(std::move(*own));
    }
    for (const auto& own : held) coordinator.CompleteOwn(own.task_id, RunTask(own.task, 0));
    // Poll past the arrived results: the queued ones stay queued.
    for (int k = 0; k < 6; ++k) {
      if (std::optional<TaskResult> r = coordinator.PollResult()) {
        EXPECT_TRUE(returned.insert(r->task_id).second);
      }
    }
  }
  EXPECT_EQ(returned.size(), 8u);
}

}  // namespace
}  // namespace lf::mpi
