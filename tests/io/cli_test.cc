// `lemmaforge inspect` and `lemmaforge export` on files written by io/ (the binary
// is $LF_BINARY if set, else the one this test was built with). Trace files
// written by real searches: tests/app/view_cli_test.sh.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/json.h"
#include "io/io_test_util.h"
#include "io/metrics_log.h"
#include "io/shard_writer.h"
#include "io/trace_file.h"

namespace lf::io {
namespace {

using testing::TempDir;

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

const char* Binary() {
  const char* binary = std::getenv("LF_BINARY");
  return binary != nullptr ? binary : LF_BINARY_PATH;
}

CliRun Lemmaforge(const std::string& args) {
  const char* binary = Binary();
  CliRun run;
  FILE* pipe = popen((std::string(binary) + " " + args + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ShardWriter writer({.dir = dir_.path(),
                        .config = "[mpi]\nlearners = 2",
                        .rank = 1,
                        .iteration = 4,
                        .records_per_shard = 100,
                        .first_shard_min_fraction = 1.0,
                        .seed = 5,
                        .table = {}});
    for (int i = 0; i < 4; ++i) {
      writer.Add(ProofAttempt{.theorem = "t, \"quoted\"" + std::to_string(i),
                              .algorithm = "mcts",
                              .success = i < 3,
                              .proof = "p",
                              .proof_logprob = -1.0,
                              .expansions = 10,
                              .seconds = 0.5,
                              .iteration = 4,
                              .rank = 1});
    }
    shard_ = *writer.Flush();
    TraceWriter traces(dir_.file("traces.h5"), "lemmaforge prove --budget 5");
    Trace t;
    t.theorem = "(= z z)";
    t.algorithm = "bestfs";
    t.problem = "refl \"one\"";
    t.policy_model = t.critic_model = "uniform";
    t.outcome = NodeStatus::kFailed;
    t.budget = 5;
    t.nodes.resize(2);
    t.nodes[0].state = "G=1\nGoal: (= z z)";
    t.nodes[0].expansion_order = 0;
    t.nodes[1].kind = NodeKind::kTerminal;
    t.edges.push_back({});
    t.edges[0].child = 1;
    t.edges[0].action = "c eq_refl";
    t.edges[0].prior = 0.5;
    traces.Add(t);
    traces.Publish();
    MetricsLog log(dir_.file("metrics.h5"), "seed = 1");
    log.Append(StepMetrics{.global_step = 7, .iteration = 4, .loss = 0.25});
    log.Append(IterationMetrics{
        .iteration = 4, .n_conjectures = 10, .n_proven = 6, .thresholds = {-12, -5, -1}});
  }

  TempDir dir_;
  std::string shard_;
};

TEST_F(CliTest, InspectShowsKindRowsSuccessAndConfig) {
  const CliRun run = Lemmaforge("inspect " + shard_ + " " + dir_.file("metrics.h5"));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("kind: lemmaforge-shard"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("iteration 4: 3/4 proved"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("    learners = 2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("kind: lemmaforge-metrics"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("iteration 4: 6/10 proved"), std::string::npos) << run.output;
}

TEST_F(CliTest, InspectReportsABadFileAndGoesOn) {
  std::ofstream(dir_.file("bad.h5")) << "garbage";
  const CliRun run = Lemmaforge("inspect " + dir_.file("bad.h5") + " " + shard_);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find(dir_.file("bad.h5") + ": error: not an HDF5 file"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("kind: lemmaforge-shard"), std::string::npos) << run.output;
}

TEST_F(CliTest, ExportWritesCsv) {
  const std::string out = dir_.file("csv");
  CliRun run = Lemmaforge("export " + shard_ + " --csv " + out);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string attempts = ReadAll(out + "/proof_attempts.csv");
  EXPECT_EQ(attempts.substr(0, attempts.find('\r')),
            "theorem,algorithm,success,proof,proof_logprob,expansions,seconds,iteration,rank");
  EXPECT_NE(attempts.find("\"t, \"\"quoted\"\"0\",mcts,1,p,-1,10,0.5,4,1\r\n"), std::string::npos)
      << attempts;
  run = Lemmaforge("export " + dir_.file("metrics.h5") + " --csv " + out);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(ReadAll(out + "/iterations.csv").find("\r\n4,10,6,"), std::string::npos);
  EXPECT_NE(ReadAll(out + "/steps.csv").find("\r\n7,4,0.25,"), std::string::npos);
}

TEST_F(CliTest, InspectAndExportTraceFiles) {
  const std::string traces = dir_.file("traces.h5");
  CliRun run = Lemmaforge("inspect " + traces);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* line :
       {"kind: lemmaforge-trace", "    nodes     2", "outcomes: 0 proved, 1 failed, 0 open",
        "attempt 0: refl \"one\" failed by bestfs: 2 nodes, 1 edges",
        "lemmaforge prove --budget 5"}) {
    EXPECT_NE(run.output.find(line), std::string::npos) << line << "\n" << run.output;
  }

  run = Lemmaforge("export " + traces + " --jsonl -");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json::Value line = json::Parse(run.output, "stdout");  // one attempt: one line
  EXPECT_EQ(line.Find("attempt")->number(), 0);
  EXPECT_EQ(line.Find("problem")->str(), "refl \"one\"");
  EXPECT_EQ(line.Find("outcome")->number(), 2);
  EXPECT_EQ(line.Find("proof_logprob")->type(), json::Value::Type::kNull);  // NaN
  ASSERT_EQ(line.Find("nodes")->items().size(), 2u);
  EXPECT_EQ(line.Find("nodes")->items()[1].Find("node")->number(), 1);
  EXPECT_EQ(line.Find("nodes")->items()[1].Find("kind")->number(), 2);
  EXPECT_EQ(line.Find("nodes")->items()[0].Find("state")->str(), "G=1\nGoal: (= z z)");
  ASSERT_EQ(line.Find("edges")->items().size(), 1u);
  EXPECT_EQ(line.Find("edges")->items()[0].Find("action")->str(), "c eq_refl");
  EXPECT_EQ(line.Find("edges")->items()[0].Find("prior")->number(), 0.5);

  const std::string out = dir_.file("trace_csv");
  run = Lemmaforge("export " + traces + " --csv " + out);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string nodes = ReadAll(out + "/nodes.csv");
  EXPECT_EQ(nodes.substr(0, nodes.find('\r')),
            "attempt,node,state,visits,value,status,kind,critic,expansion_order,in_proof");
  EXPECT_NE(ReadAll(out + "/attempts.csv").find(",2,1\r\n"), std::string::npos);  // sizes
  EXPECT_NE(ReadAll(out + "/edges.csv").find("0,0,1,c eq_refl,0.5,0,0\r\n"), std::string::npos);

  // JSON Lines are for trace files only; a shard says so.
  run = Lemmaforge("export " + shard_ + " --jsonl -");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.output.find(shard_ + ": error: --jsonl exports trace files"), std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace lf::io
