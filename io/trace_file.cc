#include "io/trace_file.h"

#include <cstdio>
#include <filesystem>
#include <utility>

#include "core/atomic_file.h"
#include "core/check.h"
#include "core/version.h"
#include "io/graph_rows.h"
#include "io/row_table.h"
#include "io/shard_reader.h"

namespace lf::io {

// The temporary file, its tables and their row writers.
struct TraceWriter::OpenFile {
  std::string tmp_path;
  Where where;
  H5Id file;
  bool described;
  // Members initialise in declaration order: the tables in kTraceTables' order.
  TableWriter attempts, nodes, edges;
  RowWriter<ProofAttempt, Trace, GraphSpan> attempt_rows{attempts};
  RowWriter<AttemptRef, SearchNode, TraceNode> node_rows{nodes};
  RowWriter<AttemptRef, SearchEdge, TraceEdge> edge_rows{edges};
  int64_t next_node = 0;
  int64_t next_edge = 0;

  OpenFile(std::string tmp, const std::string& config, const TableOptions& table)
      : tmp_path(std::move(tmp)),
        where{tmp_path, /*writing=*/true},
        file(Create(tmp_path, where)),
        described(Describe(config)),
        attempts(file.get(), Schema<Trace>::kTable, false, table, where),
        nodes(file.get(), Schema<TraceNode>::kTable, false, table, where),
        edges(file.get(), Schema<TraceEdge>::kTable, false, table, where) {}

  static H5Id Create(const std::string& path, const Where& where) {
    InitHdf5();
    return H5Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, where,
                "cannot create trace file");
  }

  bool Describe(const std::string& config) const {
    WriteStringAttribute(file.get(), "kind", kTraceKind, where);
    WriteIntAttribute(file.get(), "schema_version", kSchemaVersion, where);
    WriteStringAttribute(file.get(), "config", config, where);
    WriteStringAttribute(file.get(), "created_by", std::string("lemmaforge ") + GitRevision(),
                         where);
    return true;
  }

  // Tables first, then the file (TableWriter::Close says why).
  void Close() {
    for (TableWriter* table : {&attempts, &nodes, &edges}) table->Close();
    file.Close(where, "cannot close trace file");
  }
};

TraceWriter::TraceWriter(std::string path, const std::string& config, const TableOptions& table)
    : path_(std::move(path)) {
  const std::string tmp = TemporaryPath(path_);
  try {
    file_ = std::make_unique<OpenFile>(tmp, config, table);
  } catch (...) {
    std::remove(tmp.c_str());  // a file whose attributes or tables failed
    throw;
  }
}

TraceWriter::~TraceWriter() {
  if (!file_) return;
  // Not published: nothing keeps a name. The HDF5 handles close before the
  // file is removed.
  const std::string tmp = file_->tmp_path;
  file_.reset();
  std::remove(tmp.c_str());
}

int64_t TraceWriter::Add(const Trace& trace) {
  LF_CHECK(file_ != nullptr);
  OpenFile& f = *file_;
  const AttemptRef ref{static_cast<int64_t>(f.attempts.rows())};
  const GraphSpan span = SpanOf(trace, f.next_node, f.next_edge);
  f.attempt_rows.Push(trace, trace, span);
  f.attempts.EndRow();
  for (const TraceNode& n : trace.nodes) {
    f.node_rows.Push(ref, n, n);
    f.nodes.EndRow();
  }
  for (const TraceEdge& e : trace.edges) {
    f.edge_rows.Push(ref, e, e);
    f.edges.EndRow();
  }
  f.next_node += span.num_nodes;
  f.next_edge += span.num_edges;
  return ref.attempt;
}

void TraceWriter::Publish() {
  LF_CHECK(file_ != nullptr);
  file_->Close();
  const std::string tmp = file_->tmp_path;
  file_.reset();
  PublishFile(tmp, path_);  // removes tmp itself on failure
}

TraceReader::TraceReader(const std::string& path)
    : where_{path, false}, file_(OpenLemmaforgeFile(path, kTraceKind, &schema_version_)) {
  config_ = ReadStringAttribute(file_.get(), "config", where_);
  created_by_ = ReadStringAttribute(file_.get(), "created_by", where_);
}

uint64_t TraceReader::rows(const std::string& table) const {
  return TableReader(file_.get(), table, where_).rows();
}

namespace {

// The rows of a table whose columns are Base's, then Own's (Own derives from
// Base and lists only its own columns).
template <typename Base, typename Own>
std::vector<Own> ReadExtended(const TableReader& table) {
  std::vector<Own> rows = ReadRows<Own>(table);
  std::vector<Base> base = ReadRows<Base>(table);
  for (size_t i = 0; i < rows.size(); ++i) static_cast<Base&>(rows[i]) = std::move(base[i]);
  return rows;
}

}  // namespace

std::vector<Trace> TraceReader::ReadTraces() const {
  const TableReader attempts(file_.get(), Schema<Trace>::kTable, where_);
  std::vector<Trace> traces = ReadExtended<ProofAttempt, Trace>(attempts);
  const auto nodes = ReadExtended<SearchNode, TraceNode>(
      TableReader(file_.get(), Schema<TraceNode>::kTable, where_));
  const auto edges = ReadExtended<SearchEdge, TraceEdge>(
      TableReader(file_.get(), Schema<TraceEdge>::kTable, where_));
  AttachGraphRows(&traces, ReadRows<GraphSpan>(attempts), nodes, edges, where_,
                  Schema<Trace>::kTable);
  // Each node is expanded at most once, so an attempt numbers fewer
  // expansions than it has nodes.
  for (size_t i = 0; i < traces.size(); ++i) {
    const auto num_nodes = static_cast<int64_t>(traces[i].nodes.size());
    for (const TraceNode& n : traces[i].nodes) {
      if (n.expansion_order < -1 || n.expansion_order >= num_nodes) {
        ThrowH5(where_, "/attempts row " + std::to_string(i) + ": expansion_order " +
                            std::to_string(n.expansion_order) + " out of range");
      }
    }
  }
  return traces;
}

}  // namespace lf::io
