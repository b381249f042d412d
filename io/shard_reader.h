#pragma once
// Reads a published shard back (layout in io/records.h).
//
// The constructor opens the file and validates it before anything is read: it
// must be an HDF5 file (not truncated, not garbage), `kind` must be
// "lemmaforge-shard" and `schema_version` must equal kSchemaVersion. Each Read*()
// checks column lengths against the table's `rows`, string offsets, enum ranges
// and graph node/edge ranges. Every problem is reported as an lf::InputError
// "FILE: error: WHAT" -- a bad file never crashes the reader or returns garbage.
//
// Ownership: keeps the file open until destroyed. Not thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "io/h5_handle.h"
#include "io/records.h"

namespace lf::io {

class ShardReader {
 public:
  explicit ShardReader(const std::string& path);

  const std::string& path() const { return where_.file; }
  int schema_version() const { return schema_version_; }
  int rank() const { return rank_; }
  int iteration() const { return iteration_; }
  const std::string& config() const { return config_; }
  const std::string& created_by() const { return created_by_; }

  // Rows of a table ("proof_attempts", "search_graphs", "search_nodes",
  // "search_edges", "training_examples", "conjectures").
  uint64_t rows(const std::string& table) const;

  std::vector<ProofAttempt> ReadProofAttempts() const;
  std::vector<SearchGraph> ReadSearchGraphs() const;
  std::vector<TrainingExample> ReadTrainingExamples() const;
  std::vector<Conjecture> ReadConjectures() const;

 private:
  // Every row of Schema<Row>::kTable.
  template <typename Row>
  std::vector<Row> Read() const;

  Where where_;
  int schema_version_ = 0;  // before file_: set while file_ is initialised
  H5Id file_;
  int rank_ = 0;
  int iteration_ = 0;
  std::string config_;
  std::string created_by_;
};

// Opens `path` read-only and checks `kind` and `schema_version`; the building block
// of ShardReader and MetricsReader. Throws InputError naming `path`.
H5Id OpenLemmaforgeFile(const std::string& path, const std::string& expected_kind,
                        int* schema_version);

// The `kind` attribute of any lemmaforge HDF5 file (for `lemmaforge inspect`).
std::string FileKind(const std::string& path);

}  // namespace lf::io
