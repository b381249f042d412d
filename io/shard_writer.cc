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
#include "io/graph_rows.h"
#include "io/row_table.h"
#include "io/shard_files.h"

namespace lf::io {

// One open .tmp shard, its tables and their row writers.
struct ShardWriter::OpenShard {
  std::string final_path;
  std::string tmp_path;
  Where where;
  H5Id file;
  int64_t records = 0;

  // Declared in the order the tables are created (members initialise in
  // order; kShardTables lists the same order). Each row writer declares its
  // table's columns, so every column exists even in an empty table.
  TableWriter attempts, graphs, nodes, edges, examples, conjectures;
  // The root attributes come after the tables and before their columns, the
  // order shards have always been written in (the same file, byte for byte).
  bool described;
  RowWriter<ProofAttempt> attempt_rows{attempts};
  RowWriter<SearchGraph, GraphSpan> graph_rows{graphs};
  RowWriter<GraphRef, SearchNode> node_rows{nodes};
  RowWriter<GraphRef, SearchEdge> edge_rows{edges};
  RowWriter<TrainingExample> example_rows{examples};
  RowWriter<Conjecture> conjecture_rows{conjectures};
  int64_t next_node = 0;
  int64_t next_edge = 0;

  OpenShard(const std::string& final_name, const ShardWriterParams& params)
      : final_path((std::filesystem::path(params.dir) / final_name).string()),
        tmp_path(final_path + ".tmp"),
        where{tmp_path, /*writing=*/true},
        file(CreateFile(tmp_path, where)),
        attempts(Table<ProofAttempt>(params)),
        graphs(Table<SearchGraph>(params)),
        nodes(Table<SearchNode>(params)),
        edges(Table<SearchEdge>(params)),
        examples(Table<TrainingExample>(params)),
        conjectures(Table<Conjecture>(params)),
        described(Describe(params)) {}

  static H5Id CreateFile(const std::string& path, const Where& where) {
    InitHdf5();
    return H5Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, where,
                "cannot create shard");
  }

  // Writes the root attributes.
  bool Describe(const ShardWriterParams& params) const {
    const hid_t root = file.get();
    WriteStringAttribute(root, "kind", kShardKind, where);
    WriteIntAttribute(root, "schema_version", kSchemaVersion, where);
    WriteStringAttribute(root, "config", params.config, where);
    WriteStringAttribute(root, "created_by", std::string("lemmaforge ") + GitRevision(), where);
    WriteIntAttribute(root, "rank", params.rank, where);
    WriteIntAttribute(root, "iteration", params.iteration, where);
    return true;
  }

  template <typename Row>
  TableWriter Table(const ShardWriterParams& params) const {
    return TableWriter(file.get(), Schema<Row>::kTable, false, params.table, where);
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
  s.attempt_rows.Push(r);
  s.attempts.EndRow();
  AfterAdd();
}

void ShardWriter::Add(const SearchGraph& r) {
  OpenShard& s = Shard();
  const GraphRef graph{static_cast<int64_t>(s.graphs.rows())};
  const GraphSpan span = SpanOf(r, s.next_node, s.next_edge);
  s.graph_rows.Push(r, span);
  s.graphs.EndRow();
  for (const SearchNode& n : r.nodes) {
    s.node_rows.Push(graph, n);
    s.nodes.EndRow();
  }
  for (const SearchEdge& e : r.edges) {
    s.edge_rows.Push(graph, e);
    s.edges.EndRow();
  }
  s.next_node += span.num_nodes;
  s.next_edge += span.num_edges;
  AfterAdd();
}

void ShardWriter::Add(const TrainingExample& r) {
  OpenShard& s = Shard();
  s.example_rows.Push(r);
  s.examples.EndRow();
  AfterAdd();
}

void ShardWriter::Add(const Conjecture& r) {
  OpenShard& s = Shard();
  s.conjecture_rows.Push(r);
  s.conjectures.EndRow();
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
