#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "io/h5_table.h"
#include "io/io_test_util.h"
#include "io/records.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"
#include "io/shard_writer.h"

namespace lf::io {
namespace {

using testing::TempDir;

ShardWriterParams Params(const std::string& dir) {
  return {.dir = dir,
          .config = "[mpi]\nlearners = 1\n",
          .rank = 3,
          .iteration = 2,
          .records_per_shard = 1000,
          .first_shard_min_fraction = 1.0,
          .seed = 42,
          .table = {.chunk_rows = 8, .deflate_level = 4}};
}

ProofAttempt Attempt(int i) {
  const bool ok = i % 3 != 0;
  return {.theorem = "(= (+ z z) z) #" + std::to_string(i),
          .algorithm = i % 2 ? "mcts" : "htps",
          .success = ok,
          .proof = ok ? "show (= z z) by eq_refl. é" : "",
          .proof_logprob = ok ? -1.5 * i : std::nan(""),
          .expansions = 100 + i,
          .seconds = 0.25 * i,
          .iteration = 2,
          .rank = 3};
}

SearchGraph Graph(int i) {
  SearchGraph g;
  g.theorem = "thm" + std::to_string(i);
  g.iteration = 2;
  g.rank = 3;
  for (int k = 0; k <= i; ++k) {
    g.nodes.push_back(
        {"state " + std::to_string(k), k * 10, 0.5 / (k + 1), static_cast<NodeStatus>(k % 3)});
  }
  for (int k = 1; k <= i; ++k) g.edges.push_back({k - 1, k, "act" + std::to_string(k), 0.1 * k});
  return g;
}

void ExpectSameAttempt(const ProofAttempt& a, const ProofAttempt& b) {
  EXPECT_EQ(a.theorem, b.theorem);
  EXPECT_EQ(a.algorithm, b.algorithm);
  EXPECT_EQ(a.success, b.success);
  EXPECT_EQ(a.proof, b.proof);
  // NaN (failed attempts) compares unequal to itself.
  EXPECT_TRUE(a.proof_logprob == b.proof_logprob ||
              (std::isnan(a.proof_logprob) && std::isnan(b.proof_logprob)));
  EXPECT_EQ(a.expansions, b.expansions);
  EXPECT_EQ(a.seconds, b.seconds);
  EXPECT_EQ(a.iteration, b.iteration);
  EXPECT_EQ(a.rank, b.rank);
}

// Writes one shard holding every record type; returns its path.
std::string WriteMixedShard(const std::string& dir, int n) {
  ShardWriter writer(Params(dir));
  for (int i = 0; i < n; ++i) {
    writer.Add(Attempt(i));
    writer.Add(Graph(i % 5));
    writer.Add(
        TrainingExample{"Conj:(hard) x" + std::to_string(i), static_cast<ExampleKind>(i % 3), 2});
    writer.Add(Conjecture{"c" + std::to_string(i), static_cast<ConjectureOutcome>(i % 2),
                          static_cast<DifficultyBucket>(i % 4), 2});
  }
  return *writer.Flush();
}

TEST(ShardTest, RoundTripsEveryRecordType) {
  TempDir dir;
  const int n = 37;  // several chunks of 8 rows, plus a partial one
  const std::string path = WriteMixedShard(dir.path(), n);
  const ShardReader reader(path);
  EXPECT_EQ(reader.schema_version(), kSchemaVersion);
  EXPECT_EQ(reader.rank(), 3);
  EXPECT_EQ(reader.iteration(), 2);
  EXPECT_EQ(reader.config(), "[mpi]\nlearners = 1\n");
  EXPECT_EQ(reader.rows("proof_attempts"), static_cast<uint64_t>(n));

  const auto attempts = reader.ReadProofAttempts();
  ASSERT_EQ(attempts.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) ExpectSameAttempt(attempts[i], Attempt(i));

  const auto graphs = reader.ReadSearchGraphs();
  ASSERT_EQ(graphs.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) EXPECT_EQ(graphs[i], Graph(i % 5)) << i;

  const auto examples = reader.ReadTrainingExamples();
  ASSERT_EQ(examples.size(), static_cast<size_t>(n));
  EXPECT_EQ(examples[4].text, "Conj:(hard) x4");
  EXPECT_EQ(examples[4].kind, ExampleKind::kValue);

  const auto conjectures = reader.ReadConjectures();
  ASSERT_EQ(conjectures.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(conjectures[i],
              (Conjecture{"c" + std::to_string(i), static_cast<ConjectureOutcome>(i % 2),
                          static_cast<DifficultyBucket>(i % 4), 2}));
  }
}

TEST(ShardTest, EmptyTablesReadBackEmpty) {
  TempDir dir;
  std::string path;
  {
    ShardWriter writer(Params(dir.path()));
    writer.Add(Conjecture{"only", ConjectureOutcome::kProved, DifficultyBucket::kHard, 2});
    path = *writer.Flush();
  }
  const ShardReader reader(path);
  EXPECT_TRUE(reader.ReadProofAttempts().empty());
  EXPECT_TRUE(reader.ReadSearchGraphs().empty());
  EXPECT_EQ(reader.ReadConjectures().size(), 1u);
}

TEST(ShardTest, SplitsIntoFixedSizeShardsListedPerIteration) {
  TempDir dir;
  ShardWriterParams params = Params(dir.path());
  params.records_per_shard = 10;
  {
    ShardWriter writer(params);
    for (int i = 0; i < 25; ++i) writer.Add(Attempt(i));  // 10 + 10 + 5 (in the destructor)
    writer.SetIteration(3);
    writer.Add(Attempt(99));
    EXPECT_EQ(writer.published().size(), 3u);
  }
  const auto all = ListShards(dir.path());
  ASSERT_EQ(all.size(), 4u);
  const auto it2 = ListShards(dir.path(), 2);
  ASSERT_EQ(it2.size(), 3u);
  uint64_t rows = 0;
  for (const auto& shard : it2) {
    EXPECT_EQ(shard.rank, 3);
    rows += ShardReader(shard.path).rows("proof_attempts");
  }
  EXPECT_EQ(rows, 25u);
  EXPECT_EQ(ListShards(dir.path(), 3).size(), 1u);
  EXPECT_EQ(ShardReader(ListShards(dir.path(), 3)[0].path).iteration(), 3);
}

TEST(ShardTest, FirstShardSizeIsRandomisedWithinBounds) {
  TempDir dir;
  ShardWriterParams params = Params(dir.path());
  params.records_per_shard = 100;
  params.first_shard_min_fraction = 0.3;
  ShardWriter writer(params);
  int added = 0;
  while (writer.published().empty()) {
    writer.Add(Attempt(added));
    ++added;
  }
  EXPECT_GE(added, 30);
  EXPECT_LE(added, 100);
}

TEST(ShardTest, KilledWriterLeavesNoVisibleShard) {
  TempDir dir;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ShardWriter writer(Params(dir.path()));
    for (int i = 0; i < 500; ++i) writer.Add(Attempt(i));  // many chunks reach the file
    _exit(0);  // dies mid-shard: no destructor, no close, no rename
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_TRUE(ListShards(dir.path()).empty());
  int tmp_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_TRUE(entry.path().string().ends_with(".h5.tmp")) << entry.path();
    ++tmp_files;
  }
  EXPECT_EQ(tmp_files, 1);
  EXPECT_EQ(RemoveStaleTemporaries(dir.path(), 3), 1);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ShardTest, WriterUnwoundByAnExceptionPublishesNothing) {
  TempDir dir;
  try {
    ShardWriter writer(Params(dir.path()));
    writer.Add(Attempt(1));
    throw std::runtime_error("role failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

// Expects `path` to be rejected with an InputError naming it and saying `why`.
void ExpectRejected(const std::string& path, const std::string& why) {
  try {
    const ShardReader reader(path);
    reader.ReadProofAttempts();
    reader.ReadSearchGraphs();
    FAIL() << "accepted " << path;
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path + ": error: ", 0), 0u) << message;
    EXPECT_NE(message.find(why), std::string::npos) << message;
  }
}

TEST(ShardTest, SchemaMismatchIsAClearError) {
  TempDir dir;
  const std::string path = WriteMixedShard(dir.path(), 3);
  {
    const H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, {path, true},
                    "open");
    WriteIntAttribute(file.get(), "schema_version", kSchemaVersion + 1, {path, true});
  }
  ExpectRejected(path,
                 "schema version " + std::to_string(kSchemaVersion + 1) + " is not supported");
}

TEST(ShardTest, TruncatedFileIsAClearError) {
  TempDir dir;
  const std::string path = WriteMixedShard(dir.path(), 200);
  const auto size = std::filesystem::file_size(path);
  for (const double keep : {0.9, 0.5, 0.01}) {
    const std::string cut = dir.file("cut.h5");
    std::filesystem::copy_file(path, cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, static_cast<uintmax_t>(keep * static_cast<double>(size)));
    ExpectRejected(cut, "");
  }
}

TEST(ShardTest, GarbageAndMissingFilesAreClearErrors) {
  TempDir dir;
  const std::string garbage = dir.file("garbage.h5");
  std::ofstream(garbage) << "this is not HDF5 at all\n";
  ExpectRejected(garbage, "not an HDF5 file");
  ExpectRejected(dir.file("missing.h5"), "no such file");
}

TEST(ShardTest, CorruptColumnIsAClearError) {
  TempDir dir;
  const std::string path = WriteMixedShard(dir.path(), 3);
  {
    // Claim more rows than the columns hold.
    const H5Id file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, {path, true},
                    "open");
    const H5Id group(H5Gopen2(file.get(), "proof_attempts", H5P_DEFAULT), H5Gclose, {path, true},
                     "open");
    WriteIntAttribute(group.get(), "rows", 7, {path, true});
  }
  ExpectRejected(path, "expected 7");
}

TEST(ShardFilesTest, NamesParseAndTemporariesAreIgnored) {
  TempDir dir;
  EXPECT_EQ(ShardFileName(3, 12, 0xabcULL), "it000003_r00012_0000000000000abc.h5");
  std::ofstream(dir.file(ShardFileName(1, 0, 1))) << "";
  std::ofstream(dir.file(ShardFileName(1, 0, 2) + ".tmp")) << "";
  std::ofstream(dir.file("notes.txt")) << "";
  const auto shards = ListShards(dir.path());
  ASSERT_EQ(shards.size(), 1u);
  EXPECT_EQ(shards[0].iteration, 1);
  EXPECT_TRUE(ListShards(dir.file("no-such-dir")).empty());
}

}  // namespace
}  // namespace lf::io
