// `lemmaforge bench data`: the MPI and HDF5 data plane (issue 5). Run it under
// mpirun (e.g. `mpirun -np 4 lemmaforge bench data`); one rank also works.
//
//   weights_bcast_overhead    BroadcastWeights time / raw MPI_Bcast time, same bytes
//                             (25.8M fp32 by default), medians of --repeats runs
//   work_queue_busy_fraction  generator busy time / (generators x makespan) for tasks
//                             of uneven, log-uniform durations
//   shard_write_mb_s          uncompressed record bytes written per second, all ranks
//   shard_read_records_s      proof-attempt records read back per second, all ranks

#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "core/rng.h"
#include "core/timer.h"
#include "io/shard_reader.h"
#include "io/shard_writer.h"
#include "mpi/environment.h"
#include "mpi/fatal.h"
#include "mpi/roles.h"
#include "mpi/weights.h"
#include "mpi/work_queue.h"

namespace lf::app {
namespace {

namespace po = boost::program_options;

struct DataBenchParams {
  int64_t params = 25'800'000;    // floats in the broadcast buffer
  int repeats = 5;                // broadcast repetitions per method
  int tasks_per_generator = 100;  // work-queue tasks per generator
  double min_task_ms = 2.0;       // task durations: log-uniform in [min, max]
  double max_task_ms = 50.0;
  int max_in_flight = 2;      // work-queue slots per generator
  int64_t records = 200'000;  // proof attempts written and read per rank
  std::string dir;            // scratch directory for shards
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Time of one collective, from a barrier to a barrier (the slowest rank's time).
template <typename F>
double TimeCollective(const mpi::Communicator& comm, F run) {
  comm.Barrier();
  const Timer timer;
  run();
  comm.Barrier();
  return timer.Seconds();
}

double WeightsOverhead(const mpi::Communicator& dispatch, const DataBenchParams& p,
                       double* raw_seconds, double* ours_seconds) {
  std::vector<float> weights(static_cast<size_t>(p.params), 0.0f);
  if (dispatch.rank() == 0) {
    for (size_t i = 0; i < weights.size(); ++i) weights[i] = static_cast<float>(i % 1024);
  }
  const int bytes = static_cast<int>(weights.size() * sizeof(float));
  auto raw = [&] { MPI_Bcast(weights.data(), bytes, MPI_BYTE, 0, dispatch.get()); };
  auto ours = [&] { mpi::BroadcastWeights(dispatch, std::span<float>(weights), 1); };
  raw();  // warm up connections and registration caches for both
  ours();
  std::vector<double> raw_times, our_times;
  for (int r = 0; r < p.repeats; ++r) {
    // Alternate so that drift on a shared machine hits both methods alike.
    raw_times.push_back(TimeCollective(dispatch, raw));
    our_times.push_back(TimeCollective(dispatch, ours));
  }
  *raw_seconds = Median(raw_times);
  *ours_seconds = Median(our_times);
  return *ours_seconds / *raw_seconds;
}

std::string SleepTask(const std::string& task) {
  std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(std::stod(task)));
  return task;
}

// Returns the busy fraction on dispatch rank 0 (0 elsewhere).
double WorkQueueBusyFraction(const mpi::Communicator& dispatch, const DataBenchParams& p,
                             int64_t* tasks) {
  if (dispatch.rank() != 0) {
    mpi::WorkClient client(dispatch);
    while (true) {
      const auto item = client.Next();
      if (item.is_stop()) break;
      client.Complete(item.task_id, SleepTask(item.task));
    }
    return 0.0;
  }
  const int generators = std::max(1, dispatch.size() - 1);
  mpi::WorkCoordinator coordinator(dispatch, p.max_in_flight, SleepTask);
  Rng rng(12345);
  const double log_min = std::log(p.min_task_ms);
  const double log_max = std::log(p.max_task_ms);
  *tasks = static_cast<int64_t>(generators) * p.tasks_per_generator;
  const Timer makespan;
  for (int64_t i = 0; i < *tasks; ++i) {
    coordinator.Submit(std::to_string(std::exp(log_min + (log_max - log_min) * rng.Uniform())));
  }
  while (coordinator.WaitResult()) {
  }
  const double elapsed = makespan.Seconds();
  double busy = 0.0;
  for (const auto& g : coordinator.Shutdown().generators) busy += g.busy_seconds;
  return busy / (generators * elapsed);
}

io::ProofAttempt BenchAttempt(Rng* rng, int rank, int64_t i) {
  const std::string theorem =
      "(= (+ (s (s z)) n" + std::to_string(i) + ") (+ n" + std::to_string(i) + " (s (s z))))";
  std::string proof;
  const int steps = 3 + static_cast<int>(rng->Below(8));
  for (int k = 0; k < steps; ++k) proof += "show (= (+ x z) x) by rewrite +_z. ";
  return {theorem,
          "mcts",
          rng->Below(2) == 0,
          proof,
          -rng->Uniform() * 20,
          static_cast<int64_t>(rng->Below(1000)),
          rng->Uniform(),
          0,
          rank};
}

// Bytes of a record's fields as the columns hold them (before compression).
double RecordBytes(const io::ProofAttempt& a) {
  return static_cast<double>(a.theorem.size() + a.algorithm.size() + a.proof.size() +
                             3 * sizeof(uint64_t) /* string ends */ + 1 + 8 + 8 + 8 + 4 + 4);
}

void ShardRates(const mpi::Communicator& world, const DataBenchParams& p, double* write_mb_s,
                double* read_records_s) {
  const std::string dir = p.dir + "/r" + std::to_string(world.rank());
  std::filesystem::remove_all(dir);
  Rng rng(99 + static_cast<uint64_t>(world.rank()));
  std::vector<io::ProofAttempt> records;
  double bytes = 0.0;
  for (int64_t i = 0; i < p.records; ++i) {
    records.push_back(BenchAttempt(&rng, world.rank(), i));
    bytes += RecordBytes(records.back());
  }
  std::vector<std::string> shards;
  const double write_seconds = TimeCollective(world, [&] {
    io::ShardWriter writer({.dir = dir,
                            .config = "bench = data",
                            .rank = world.rank(),
                            .records_per_shard = 100'000,
                            .first_shard_min_fraction = 1.0,
                            .seed = 1,
                            .table = {}});
    for (const auto& r : records) writer.Add(r);
    writer.Flush();
    shards = writer.published();
  });
  int64_t read = 0;
  const double read_seconds = TimeCollective(world, [&] {
    for (const auto& shard : shards) {
      read += static_cast<int64_t>(io::ShardReader(shard).ReadProofAttempts().size());
    }
  });
  if (read != p.records) mpi::FatalOne("bench data: read back a different number of records");
  double total_bytes = 0.0;
  MPI_Reduce(&bytes, &total_bytes, 1, MPI_DOUBLE, MPI_SUM, 0, world.get());
  *write_mb_s = total_bytes / 1e6 / write_seconds;
  *read_records_s = static_cast<double>(p.records) * world.size() / read_seconds;
  std::filesystem::remove_all(dir);
}

int RunDataBench(const mpi::Environment& env, const DataBenchParams& p) {
  const mpi::CommBundle bundle(env, mpi::RoleLayout::FromSpec("1", env.world().size()));
  const bool root = bundle.IsLearnerRoot();
  if (root) std::printf("layout: %s\n", bundle.layout().ToString().c_str());

  if (bundle.dispatch().valid()) {
    double raw = 0.0, ours = 0.0;
    const double overhead = WeightsOverhead(bundle.dispatch(), p, &raw, &ours);
    int64_t tasks = 0;
    const double busy = WorkQueueBusyFraction(bundle.dispatch(), p, &tasks);
    if (root) {
      std::printf("weights_bytes: %lld\n", static_cast<long long>(p.params * 4));
      std::printf("weights_bcast_raw_s: %.4f\n", raw);
      std::printf("weights_bcast_s: %.4f\n", ours);
      std::printf("weights_bcast_overhead: %.3f\n", overhead);
      std::printf("work_queue_tasks: %lld\n", static_cast<long long>(tasks));
      std::printf("work_queue_busy_fraction: %.3f\n", busy);
      std::fflush(stdout);
    }
  }
  double write_mb_s = 0.0, read_records_s = 0.0;
  ShardRates(env.world(), p, &write_mb_s, &read_records_s);
  if (root) {
    std::printf("shard_write_mb_s: %.1f\n", write_mb_s);
    std::printf("shard_read_records_s: %.0f\n", read_records_s);
  }
  return kExitOk;
}

}  // namespace

int BenchData(int argc, char** argv) {
  DataBenchParams p;
  po::options_description desc(
      "usage: [mpirun -np N] lemmaforge bench data [options]\n\n"
      "Weight broadcast overhead, work-queue busy fraction and shard I/O rates.\n\noptions");
  desc.add_options()("help,h", "print this help")(
      "params", po::value(&p.params)->default_value(p.params), "floats in the weight buffer")(
      "repeats", po::value(&p.repeats)->default_value(p.repeats), "broadcasts per method")(
      "tasks-per-generator",
      po::value(&p.tasks_per_generator)->default_value(p.tasks_per_generator),
      "work-queue tasks per generator")(
      "min-task-ms", po::value(&p.min_task_ms)->default_value(p.min_task_ms), "shortest task")(
      "max-task-ms", po::value(&p.max_task_ms)->default_value(p.max_task_ms), "longest task")(
      "max-in-flight", po::value(&p.max_in_flight)->default_value(p.max_in_flight),
      "work-queue slots per generator")("records", po::value(&p.records)->default_value(p.records),
                                        "records per rank for shards")(
      "dir", po::value(&p.dir), "scratch directory (default: a fresh one under /tmp)");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;
  if (p.params < 1 || p.params * 4 > INT32_MAX || p.repeats < 1 || p.tasks_per_generator < 1 ||
      p.min_task_ms <= 0 || p.max_task_ms < p.min_task_ms || p.max_in_flight < 1 || p.records < 1) {
    throw InputError("bench data: an option is out of range (see --help)");
  }

  mpi::Environment env(nullptr, nullptr);
  if (p.dir.empty()) {
    // Rank 0's pid names the directory for everyone.
    long long pid = env.world().rank() == 0 ? static_cast<long long>(::getpid()) : 0;
    MPI_Bcast(&pid, 1, MPI_LONG_LONG, 0, env.world().get());
    p.dir =
        (std::filesystem::temp_directory_path() / ("lemmaforge-bench-data-" + std::to_string(pid)))
            .string();
  }
  const int status = mpi::RunGuarded([&] { return RunDataBench(env, p); });
  env.world().Barrier();
  if (env.world().rank() == 0) std::filesystem::remove_all(p.dir);
  return status;
}

}  // namespace lf::app
