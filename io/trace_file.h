#pragma once
// Proof trace files: one trace per proof attempt (io/records.h, "Proof
// traces"; docs/data-format.md shows the layout with h5py).
//
//   TraceWriter writer("out/traces.h5", config);
//   for (const Trace& t : traces) writer.Add(t);   // ids 0, 1, ... in Add order
//   writer.Publish();                              // the file appears, complete
//
//   const TraceReader reader("out/traces.h5");
//   std::vector<Trace> traces = reader.ReadTraces();   // traces[id]
//
// Publication: the writer writes `<path>.tmp.<pid>` and Publish() closes,
// fsyncs and renames it over `path` (core/atomic_file.h), so `path` is either
// absent, the previous complete file or the new complete one. A writer
// destroyed without Publish() (an exception, a stop) deletes its temporary
// file and publishes nothing. Write failures are lf::WriteError.
//
// Reading validates as io::ShardReader does (HDF5 file, kind
// "lemmaforge-trace", schema version, column lengths, enum ranges, spans and
// edges inside their attempt, expansion_order in [-1, nodes)); every problem is
// an lf::InputError "FILE: error: WHAT".
//
// Ownership: each object keeps its file open until destroyed (or published).
// Not thread-safe (HDF5 is not).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/h5_handle.h"
#include "io/h5_table.h"
#include "io/records.h"

namespace lf::io {

class TraceWriter {
 public:
  // Creates the temporary file with the root attributes and the three tables.
  // `config` is stored verbatim (what produced the traces).
  TraceWriter(std::string path, const std::string& config, const TableOptions& table = {});
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  // Appends one attempt; returns its id (its row in /attempts). Edges must
  // point at nodes of the trace (checked).
  int64_t Add(const Trace& trace);
  // Publishes the file (see above). Call at most once; nothing can be added after.
  void Publish();

 private:
  struct OpenFile;  // the temporary file and its tables (trace_file.cc)

  std::string path_;
  std::unique_ptr<OpenFile> file_;
};

class TraceReader {
 public:
  explicit TraceReader(const std::string& path);

  int schema_version() const { return schema_version_; }
  const std::string& config() const { return config_; }
  const std::string& created_by() const { return created_by_; }
  // Rows of a table (kTraceTables: "attempts", "nodes", "edges").
  uint64_t rows(const std::string& table) const;

  // Every trace, in id order, with its nodes and edges.
  std::vector<Trace> ReadTraces() const;

 private:
  Where where_;
  int schema_version_ = 0;  // before file_: set while file_ is initialised
  H5Id file_;
  std::string config_;
  std::string created_by_;
};

}  // namespace lf::io
