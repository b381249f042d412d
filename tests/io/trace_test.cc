// Trace files (io/trace_file.h): every column round-trips, publication is
// atomic, damaged files are clear errors; traces travel as bytes
// (io/trace_bytes.h).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.h"
#include "io/h5_table.h"
#include "io/io_test_util.h"
#include "io/records.h"
#include "io/shard_writer.h"
#include "io/trace_bytes.h"
#include "io/trace_file.h"

namespace lf::io {
namespace {

using testing::TempDir;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Attempt i: i + 2 nodes in a chain (every kind, status and a NaN critic),
// markup and non-ASCII text in its strings.
Trace MakeTrace(int i) {
  Trace t;
  t.theorem = "[('a0 : nat) -> (= (+ z 'a0) 'a0)] </script> é #" + std::to_string(i);
  t.algorithm = i % 2 ? "mcts" : "htps";
  t.success = i % 2 == 0;
  t.proof = t.success ? "theorem t : x {\n  intro a0 : nat.\n}" : "";
  t.proof_logprob = t.success ? -1.25 * i : kNaN;
  t.expansions = 10 + i;
  t.seconds = 0.5 * i;
  t.iteration = 4;
  t.rank = i % 3;
  t.problem = "p" + std::to_string(i);
  t.policy_model = "runs/x/checkpoints/it000003.ckpt";
  t.critic_model = "uniform";
  t.outcome = static_cast<NodeStatus>(i % 3);
  t.budget = 100;
  t.search_iterations = 7 * i;
  for (int k = 0; k < i + 2; ++k) {
    TraceNode n;
    n.state = "G=1\nState: { a0 : nat }\nGoal: (= z z) <b>" + std::to_string(k);
    n.visits = 3 * k;
    n.value = 0.25 * k;
    n.status = static_cast<NodeStatus>(k % 3);
    n.kind = static_cast<NodeKind>(k % 3);
    n.critic = k == 1 ? kNaN : 0.5 / (k + 1);
    n.expansion_order = k <= i ? k : -1;
    n.in_proof = k == 0;
    t.nodes.push_back(n);
  }
  for (int k = 1; k < i + 2; ++k) {
    TraceEdge e;
    e.parent = k - 1;
    e.child = k;
    e.action = "c +_s \"" + std::to_string(k) + "\"";
    e.prior = 1.0 / (k + 1);
    e.visits = k;
    e.in_proof = k == 1;
    t.edges.push_back(e);
  }
  return t;
}

// The trace with every NaN replaced by one number, so that == compares them
// (NaN is unequal to itself).
Trace Comparable(Trace t) {
  auto fix = [](double* x) {
    if (std::isnan(*x)) *x = 1e300;
  };
  fix(&t.proof_logprob);
  for (TraceNode& n : t.nodes) fix(&n.critic);
  return t;
}

std::vector<Trace> WriteTraces(const std::string& path, int count) {
  std::vector<Trace> traces;
  TraceWriter writer(path, "lemmaforge eval --theory nat-add",
                     {.chunk_rows = 2, .deflate_level = 4});
  for (int i = 0; i < count; ++i) {
    traces.push_back(MakeTrace(i));
    EXPECT_EQ(writer.Add(traces.back()), i);
  }
  writer.Publish();
  return traces;
}

TEST(TraceFileTest, RoundTripsEveryColumn) {
  TempDir dir;
  const std::string path = dir.file("traces.h5");
  const std::vector<Trace> written = WriteTraces(path, 5);
  const TraceReader reader(path);
  EXPECT_EQ(reader.schema_version(), kSchemaVersion);
  EXPECT_EQ(reader.config(), "lemmaforge eval --theory nat-add");
  EXPECT_EQ(reader.created_by().rfind("lemmaforge ", 0), 0u);
  EXPECT_EQ(reader.rows("attempts"), 5u);
  EXPECT_EQ(reader.rows("nodes"), 2u + 3 + 4 + 5 + 6);
  EXPECT_EQ(reader.rows("edges"), 1u + 2 + 3 + 4 + 5);
  const std::vector<Trace> read = reader.ReadTraces();
  ASSERT_EQ(read.size(), written.size());
  for (size_t i = 0; i < read.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(Comparable(read[i]) == Comparable(written[i]));
    EXPECT_TRUE(std::isnan(read[i].nodes[1].critic));
  }
  // Nothing but the published file is left.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(TraceFileTest, EmptyFileHasEveryTable) {
  TempDir dir;
  const std::string path = dir.file("empty.h5");
  WriteTraces(path, 0);
  const TraceReader reader(path);
  for (const char* table : kTraceTables) EXPECT_EQ(reader.rows(table), 0u) << table;
  EXPECT_TRUE(reader.ReadTraces().empty());
}

TEST(TraceFileTest, NothingIsPublishedWithoutPublish) {
  TempDir dir;
  const std::string path = dir.file("traces.h5");
  {
    TraceWriter writer(path, "");
    writer.Add(MakeTrace(1));
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  // An existing file stays as it was.
  WriteTraces(path, 2);
  {
    TraceWriter writer(path, "");
    writer.Add(MakeTrace(3));
  }
  EXPECT_EQ(TraceReader(path).ReadTraces().size(), 2u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

// Expects `path` to be rejected with an InputError naming it and saying `why`.
void ExpectRejected(const std::string& path, const std::string& why) {
  try {
    TraceReader(path).ReadTraces();
    FAIL() << "accepted " << path;
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path + ": error: ", 0), 0u) << message;
    EXPECT_NE(message.find(why), std::string::npos) << message;
  }
}

// Overwrites row `row` of a 1-D dataset of a written file.
template <typename T>
void Overwrite(const std::string& path, const std::string& dataset, hsize_t row, T value,
               hid_t memory_type) {
  const Where where{path, true};
  const H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, where, "open");
  const H5Id data(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), H5Dclose, where, "open");
  const H5Id space(H5Dget_space(data.get()), H5Sclose, where, "space");
  const hsize_t one = 1;
  H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &row, nullptr, &one, nullptr);
  const H5Id memory(H5Screate_simple(1, &one, nullptr), H5Sclose, where, "memory");
  ASSERT_GE(H5Dwrite(data.get(), memory_type, memory.get(), space.get(), H5P_DEFAULT, &value), 0);
}

TEST(TraceFileTest, DamagedFilesAreClearErrors) {
  TempDir dir;
  const std::string garbage = dir.file("garbage.h5");
  std::ofstream(garbage) << "not HDF5\n";
  ExpectRejected(garbage, "not an HDF5 file");
  ExpectRejected(dir.file("missing.h5"), "no such file");

  {
    ShardWriterParams params;
    params.dir = dir.path();
    ShardWriter shard(params);
    shard.Add(ProofAttempt{});
    const std::string shard_path = *shard.Flush();
    ExpectRejected(shard_path, "expected a lemmaforge-trace file, found kind 'lemmaforge-shard'");
  }

  const std::string good = dir.file("good.h5");
  WriteTraces(good, 3);
  auto damaged = [&](const std::string& name) {
    const std::string path = dir.file(name);
    std::filesystem::copy_file(good, path);
    return path;
  };
  const std::string order = damaged("order.h5");
  Overwrite<int64_t>(order, "nodes/expansion_order", 0, 99, H5T_NATIVE_INT64);
  ExpectRejected(order, "/attempts row 0: expansion_order 99 out of range");
  const std::string edge = damaged("edge.h5");
  Overwrite<int64_t>(edge, "edges/child", 1, 40, H5T_NATIVE_INT64);  // attempt 1's first edge
  ExpectRejected(edge, "/attempts row 1: edge 1 points outside its graph");
  const std::string span = damaged("span.h5");
  Overwrite<int64_t>(span, "attempts/num_nodes", 2, 1000, H5T_NATIVE_INT64);
  ExpectRejected(span, "/attempts row 2: node or edge range outside the tables");
  const std::string kind = damaged("kind.h5");
  Overwrite<int8_t>(kind, "nodes/kind", 0, 7, H5T_NATIVE_INT8);
  ExpectRejected(kind, "/nodes/kind: value 7 out of range");
  const std::string cut = damaged("cut.h5");
  std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
  ExpectRejected(cut, "");
}

TEST(TraceBytesTest, TracesTravelAsBytes) {
  std::vector<Trace> traces;
  for (int i = 0; i < 4; ++i) traces.push_back(MakeTrace(i));
  const std::vector<Trace> decoded = DecodeTraces(EncodeTraces(traces));
  ASSERT_EQ(decoded.size(), traces.size());
  for (size_t i = 0; i < traces.size(); ++i) {
    EXPECT_TRUE(Comparable(decoded[i]) == Comparable(traces[i])) << i;
  }
  EXPECT_TRUE(DecodeTraces(EncodeTraces({})).empty());
}

}  // namespace
}  // namespace lf::io
