#include "io/shard_writer.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/check.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/version.h"
#include "io/shard_files.h"

namespace lf::io {

// One open .tmp shard with typed references to its columns.
struct ShardWriter::OpenShard {
  std::string final_path;
  std::string tmp_path;
  Where where;
  H5Id file;
  int64_t records = 0;

  // Declared in the order the tables are created (members initialise in order).
  TableWriter attempts, graphs, nodes, edges, examples, conjectures;
  int64_t next_node = 0;
  int64_t next_edge = 0;

  OpenShard(const std::string& final_name, const ShardWriterParams& params)
      : final_path((std::filesystem::path(params.dir) / final_name).string()),
        tmp_path(final_path + ".tmp"),
        where{tmp_path, /*writing=*/true},
        file(CreateFile(tmp_path, where)),
        attempts(file.get(), "proof_attempts", false, params.table, where),
        graphs(file.get(), "search_graphs", false, params.table, where),
        nodes(file.get(), "search_nodes", false, params.table, where),
        edges(file.get(), "search_edges", false, params.table, where),
        examples(file.get(), "training_examples", false, params.table, where),
        conjectures(file.get(), "conjectures", false, params.table, where) {
    const hid_t root = file.get();
    WriteStringAttribute(root, "kind", kShardKind, where);
    WriteIntAttribute(root, "schema_version", kSchemaVersion, where);
    WriteStringAttribute(root, "config", params.config, where);
    WriteStringAttribute(root, "created_by", std::string("lemmaforge ") + GitRevision(), where);
    WriteIntAttribute(root, "rank", params.rank, where);
    WriteIntAttribute(root, "iteration", params.iteration, where);
    DeclareColumns();
  }

  static H5Id CreateFile(const std::string& path, const Where& where) {
    InitHdf5();
    return H5Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, where,
                "cannot create shard");
  }

  // Every column exists even in an empty table, so readers need no special cases.
  void DeclareColumns() {
    attempts.String("theorem");
    attempts.String("algorithm");
    attempts.Numeric<int8_t>("success");
    attempts.String("proof");
    attempts.Numeric<double>("proof_logprob");
    attempts.Numeric<int64_t>("expansions");
    attempts.Numeric<double>("seconds");
    attempts.Numeric<int32_t>("iteration");
    attempts.Numeric<int32_t>("rank");
    graphs.String("theorem");
    graphs.Numeric<int32_t>("iteration");
    graphs.Numeric<int32_t>("rank");
    for (const char* name : {"first_node", "num_nodes", "first_edge", "num_edges"}) {
      graphs.Numeric<int64_t>(name);
    }
    nodes.Numeric<int64_t>("graph");
    nodes.String("state");
    nodes.Numeric<int64_t>("visits");
    nodes.Numeric<double>("value");
    nodes.Numeric<int8_t>("status");
    edges.Numeric<int64_t>("graph");
    edges.Numeric<int64_t>("parent");
    edges.Numeric<int64_t>("child");
    edges.String("action");
    edges.Numeric<double>("prior");
    examples.String("text");
    examples.Numeric<int8_t>("kind");
    examples.Numeric<int32_t>("iteration");
    conjectures.String("statement");
    conjectures.Numeric<int8_t>("outcome");
    conjectures.Numeric<int8_t>("bucket");
    conjectures.Numeric<int32_t>("iteration");
  }

  // Closes (tables first: see TableWriter::Close), syncs and renames; returns
  // the published path. On failure the temporary file is left for the caller.
  std::string Publish() {
    for (TableWriter* table : {&attempts, &graphs, &nodes, &edges, &examples, &conjectures}) {
      table->Close();
    }
    file.Close(where, "cannot close shard");
    PublishFile(tmp_path, final_path);
    return final_path;
  }
};

namespace {

// Records in the writer's first shard, drawn from [min_fraction, 1] x records_per_shard.
int64_t FirstShardLimit(const ShardWriterParams& params, Rng* rng) {
  if (params.first_shard_min_fraction >= 1.0) return params.records_per_shard;
  const double fraction =
      params.first_shard_min_fraction + (1.0 - params.first_shard_min_fraction) * rng->Uniform();
  return std::max<int64_t>(1,
                           std::llround(fraction * static_cast<double>(params.records_per_shard)));
}

}  // namespace

ShardWriter::ShardWriter(ShardWriterParams params)
    : params_(std::move(params)), uncaught_at_start_(std::uncaught_exceptions()) {
  LF_CHECK_GE(params_.records_per_shard, 1);
  LF_CHECK(params_.first_shard_min_fraction > 0.0 && params_.first_shard_min_fraction <= 1.0);
  // Mix the rank into the seed so ranks sharing a config seed still get distinct
  // names and first-shard sizes.
  Rng rng(params_.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(params_.rank + 1)));
  shard_limit_ = FirstShardLimit(params_, &rng);
  rng_state_ = rng.Next();
  std::error_code error;
  std::filesystem::create_directories(params_.dir, error);
  if (error) throw WriteError(params_.dir + ": error: cannot create directory: " + error.message());
}

ShardWriter::~ShardWriter() {
  if (!shard_) return;
  if (std::uncaught_exceptions() > uncaught_at_start_) {
    const std::string tmp = shard_->tmp_path;
    shard_.reset();
    std::remove(tmp.c_str());
    return;
  }
  try {
    Flush();
  } catch (const std::exception& e) {
    // A destructor must not throw; the data is lost, say so.
    std::fprintf(stderr, "%s\n", e.what());
  }
}

ShardWriter::OpenShard& ShardWriter::Shard() {
  if (!shard_) {
    Rng rng(rng_state_);
    const uint64_t id = rng.Next();
    rng_state_ = rng.Next();
    shard_ =
        std::make_unique<OpenShard>(ShardFileName(params_.iteration, params_.rank, id), params_);
  }
  return *shard_;
}

void ShardWriter::AfterAdd() {
  if (++shard_->records >= shard_limit_) Flush();
}

void ShardWriter::Add(const ProofAttempt& r) {
  OpenShard& s = Shard();
  TableWriter& t = s.attempts;
  t.String("theorem").Push(r.theorem);
  t.String("algorithm").Push(r.algorithm);
  t.Numeric<int8_t>("success").Push(r.success ? 1 : 0);
  t.String("proof").Push(r.proof);
  t.Numeric<double>("proof_logprob").Push(r.proof_logprob);
  t.Numeric<int64_t>("expansions").Push(r.expansions);
  t.Numeric<double>("seconds").Push(r.seconds);
  t.Numeric<int32_t>("iteration").Push(r.iteration);
  t.Numeric<int32_t>("rank").Push(r.rank);
  t.EndRow();
  AfterAdd();
}

void ShardWriter::Add(const SearchGraph& r) {
  OpenShard& s = Shard();
  const auto graph = static_cast<int64_t>(s.graphs.rows());
  for (const SearchEdge& e : r.edges) {
    LF_CHECK(e.parent >= 0 && e.parent < static_cast<int64_t>(r.nodes.size()));
    LF_CHECK(e.child >= 0 && e.child < static_cast<int64_t>(r.nodes.size()));
  }
  TableWriter& g = s.graphs;
  g.String("theorem").Push(r.theorem);
  g.Numeric<int32_t>("iteration").Push(r.iteration);
  g.Numeric<int32_t>("rank").Push(r.rank);
  g.Numeric<int64_t>("first_node").Push(s.next_node);
  g.Numeric<int64_t>("num_nodes").Push(static_cast<int64_t>(r.nodes.size()));
  g.Numeric<int64_t>("first_edge").Push(s.next_edge);
  g.Numeric<int64_t>("num_edges").Push(static_cast<int64_t>(r.edges.size()));
  g.EndRow();
  for (const SearchNode& n : r.nodes) {
    s.nodes.Numeric<int64_t>("graph").Push(graph);
    s.nodes.String("state").Push(n.state);
    s.nodes.Numeric<int64_t>("visits").Push(n.visits);
    s.nodes.Numeric<double>("value").Push(n.value);
    s.nodes.Numeric<int8_t>("status").Push(static_cast<int8_t>(n.status));
    s.nodes.EndRow();
  }
  for (const SearchEdge& e : r.edges) {
    s.edges.Numeric<int64_t>("graph").Push(graph);
    s.edges.Numeric<int64_t>("parent").Push(e.parent);
    s.edges.Numeric<int64_t>("child").Push(e.child);
    s.edges.String("action").Push(e.action);
    s.edges.Numeric<double>("prior").Push(e.prior);
    s.edges.EndRow();
  }
  s.next_node += static_cast<int64_t>(r.nodes.size());
  s.next_edge += static_cast<int64_t>(r.edges.size());
  AfterAdd();
}

void ShardWriter::Add(const TrainingExample& r) {
  TableWriter& t = Shard().examples;
  t.String("text").Push(r.text);
  t.Numeric<int8_t>("kind").Push(static_cast<int8_t>(r.kind));
  t.Numeric<int32_t>("iteration").Push(r.iteration);
  t.EndRow();
  AfterAdd();
}

void ShardWriter::Add(const Conjecture& r) {
  TableWriter& t = Shard().conjectures;
  t.String("statement").Push(r.statement);
  t.Numeric<int8_t>("outcome").Push(static_cast<int8_t>(r.outcome));
  t.Numeric<int8_t>("bucket").Push(static_cast<int8_t>(r.bucket));
  t.Numeric<int32_t>("iteration").Push(r.iteration);
  t.EndRow();
  AfterAdd();
}

void ShardWriter::SetIteration(int iteration) {
  if (iteration == params_.iteration) return;
  Flush();
  params_.iteration = iteration;
}

std::optional<std::string> ShardWriter::Flush() {
  if (!shard_) return std::nullopt;
  std::unique_ptr<OpenShard> shard = std::move(shard_);
  try {
    published_.push_back(shard->Publish());
  } catch (const WriteError&) {
    // Nothing half-written keeps a name: the records are lost and the caller
    // stops the run, whose interrupted iteration a resume redoes.
    const std::string tmp = shard->tmp_path;
    shard.reset();
    std::remove(tmp.c_str());
    throw;
  }
  shard_limit_ = params_.records_per_shard;
  return published_.back();
}

}  // namespace lf::io
