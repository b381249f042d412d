// Sweeps (app/run_sweep.h): several runs of configs/smoke.cfg in one mpirun,
// each in a partition of its own, with resume, SIGUSR1 and errors that name
// their partition.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "app/run_dir.h"
#include "core/error.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "run_test_util.h"
#include "test_paths.h"

namespace lf::app {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

std::vector<std::string> FirstConjectures(const std::string& run) {
  std::vector<std::string> out;
  for (const io::ShardFile& f : io::ListShards(ShardDirectory(run), 0))
    for (const io::Conjecture& c : io::ShardReader(f.path).ReadConjectures())
      out.push_back(c.statement);
  return out;
}

// Two runs of two ranks each; each is the run its values make on its own.
TEST(SweepTest, PartitionsRunTheSweepsRunsSideBySide) {
  const std::string dir = TempDir("sweep");
  const std::string sweep = dir + "/sweep";
  const auto r = Shell(Mpirun(4) + " run --config " + Smoke() + " --run.dir " + sweep +
                       " --partition 2x2 --sweep learn.alpha=0,0.5");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("sweep of 2 runs in " + sweep + ", 2 partitions of 2 ranks"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[alpha=0.5] lemmaforge run: 2 ranks: 1 learner, 1 generator"),
            std::string::npos)
      << r.out;
  for (const char* alpha : {"0", "0.5"}) {
    const std::string run = sweep + "/alpha=" + alpha;
    SCOPED_TRACE(run);
    ExpectCompleteSmokeRun(run, 2, std::stod(alpha));
    EXPECT_NE(ReadText(run + "/config.cfg").find(std::string("\nalpha = ") + alpha + "\n"),
              std::string::npos);
  }
  EXPECT_NE(ReadText(sweep + "/sweep.json").find("\"overrides\": [\"--learn.alpha=0.5\"]"),
            std::string::npos);

  // Partition 1 conjectured what the same configuration does alone.
  const auto alone = Shell(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + dir +
                           "/alone --learn.alpha=0.5");
  ASSERT_EQ(alone.code, 0) << alone.out;
  EXPECT_EQ(FirstConjectures(dir + "/alone"), FirstConjectures(sweep + "/alpha=0.5"));
  fs::remove_all(dir);
}

// Two axes make four runs; without --partition the ranks are shared evenly.
TEST(SweepTest, SeveralAxesRunEveryCombination) {
  const std::string dir = TempDir("axes");
  const auto r = Shell(Mpirun(4) + " run --config " + Smoke() + " --run.dir " + dir +
                       "/sweep --sweep learn.alpha=0,0.5 --sweep learn.alpha_schedule=constant,cos");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("4 partitions of 1 rank"), std::string::npos) << r.out;
  for (const char* label : {"alpha=0,alpha_schedule=constant", "alpha=0,alpha_schedule=cos",
                            "alpha=0.5,alpha_schedule=constant", "alpha=0.5,alpha_schedule=cos"}) {
    SCOPED_TRACE(label);
    EXPECT_EQ(LoadRunState(dir + "/sweep/" + label).completed_iterations, 2);
  }
  fs::remove_all(dir);
}

// SIGUSR1 (what mpirun forwards) drains every partition; --resume RUN
// continues them all, and starts a run whose directory is missing.
TEST(SweepTest, AStoppedSweepResumesEveryRun) {
  const std::string dir = TempDir("sweep_stop");
  const std::string sweep = dir + "/sweep";
  const pid_t pid = SpawnShell(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + sweep +
                                   " --partition 2x1 --sweep learn.alpha=0,0.5",
                               dir + "/first.log");
  for (int i = 0; i < 600 && !(fs::exists(sweep + "/alpha=0/log.txt") &&
                               fs::exists(sweep + "/alpha=0.5/log.txt"));
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(pid, SIGUSR1);
  EXPECT_EQ(WaitExit(pid), kExitInterrupted) << ReadText(dir + "/first.log");
  EXPECT_LT(LoadRunState(sweep + "/alpha=0").completed_iterations, 2);
  EXPECT_LT(LoadRunState(sweep + "/alpha=0.5").completed_iterations, 2);
  // As if the second run had never started.
  fs::remove_all(sweep + "/alpha=0.5");

  const auto resumed = Shell(Mpirun(2) + " run --resume " + sweep);
  ASSERT_EQ(resumed.code, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("[alpha=0] resuming " + sweep + "/alpha=0"), std::string::npos)
      << resumed.out;
  ExpectCompleteSmokeRun(sweep + "/alpha=0", 1, 0.0);
  ExpectCompleteSmokeRun(sweep + "/alpha=0.5", 1, 0.5);
  EXPECT_NE(ReadText(sweep + "/alpha=0.5/config.cfg").find("\nalpha = 0.5\n"), std::string::npos);
  fs::remove_all(dir);
}

TEST(SweepTest, BadSweepsAreRejectedBeforeAnyWork) {
  const std::string dir = TempDir("sweep_bad");
  const std::string run = dir + "/sweep";
  const std::string base = Mpirun(2) + " run --config " + Smoke() + " --run.dir " + run;
  ExpectRejected(base + " --partition 3x1 --sweep learn.alpha=0,0.1,0.5",
                 "error: --partition 3x1 with 2 ranks: 3 x 1 ranks do not make the job's 2", run);
  ExpectRejected(base + " --partition 2x1", "--partition 2x1 needs --sweep", run);
  ExpectRejected(base + " --partition 2x1 --sweep learn.alpha=0,0.1,0.5",
                 "--partition 2x1 makes 2 partitions but --sweep gives 3 runs", run);
  ExpectRejected(base + " --sweep learn.alpha=0,0.1,0.5", "3 partitions cannot share 2 ranks",
                 run);
  ExpectRejected(base + " --sweep learn.alpha=0,0", "--sweep learn.alpha=0,0: value '0' is given twice",
                 run);
  ExpectRejected(base + " --sweep learn.alpha=0,", "an empty value", run);
  ExpectRejected(base + " --sweep run.dir=a,b", "each run's directory is RUN/<label>", run);
  ExpectRejected(base + " --sweep learn.alpha=0,-1",
                 "error: sweep run 'alpha=-1': --learn.alpha must be in [0", run);
  ExpectRejected(base + " --sweep learn.alfa=0,1", "sweep run 'alfa=0': unrecognised option", run);
  fs::remove_all(dir);
}

// A failure inside one partition ends the whole job and names the partition.
TEST(SweepTest, AnErrorInOnePartitionEndsTheJobNamingIt) {
  const std::string dir = TempDir("sweep_error");
  const std::string sweep = dir + "/sweep";
  fs::create_directories(sweep);
  std::ofstream(sweep + "/alpha=0.5") << "a file where the run's directory should go\n";
  const auto r = Shell(Mpirun(2) + " run --config " + Smoke() + " --run.dir " + sweep +
                       " --partition 2x1 --sweep learn.alpha=0,0.5");
  EXPECT_NE(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("rank 1 (partition 1, alpha=0.5): " + sweep +
                       "/alpha=0.5: error: cannot create the run directory"),
            std::string::npos)
      << r.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lf::app
