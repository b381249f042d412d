#include "io/shard_reader.h"

#include <filesystem>

#include "io/graph_rows.h"
#include "io/row_table.h"

namespace lf::io {
namespace {

H5Id OpenReadOnly(const std::string& path) {
  InitHdf5();
  const Where where{path, false};
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) ThrowH5(where, "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    ThrowH5(where, "not an HDF5 file (or its header is damaged)");
  }
  return H5Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, where,
              "cannot open HDF5 file (truncated or corrupt?)");
}

}  // namespace

std::string FileKind(const std::string& path) {
  const H5Id file = OpenReadOnly(path);
  return ReadStringAttribute(file.get(), "kind", Where{path, false});
}

H5Id OpenLemmaforgeFile(const std::string& path, const std::string& expected_kind,
                        int* schema_version) {
  const Where where{path, false};
  H5Id file = OpenReadOnly(path);
  if (!HasAttribute(file.get(), "kind")) {
    ThrowH5(where, "not a lemmaforge file (no 'kind' attribute)");
  }
  const std::string kind = ReadStringAttribute(file.get(), "kind", where);
  if (kind != expected_kind) {
    ThrowH5(where, "expected a " + expected_kind + " file, found kind '" + kind + "'");
  }
  const int64_t version = ReadIntAttribute(file.get(), "schema_version", where);
  if (version != kSchemaVersion) {
    ThrowH5(where, "schema version " + std::to_string(version) + " is not supported (this build " +
                       "reads version " + std::to_string(kSchemaVersion) + ")");
  }
  *schema_version = static_cast<int>(version);
  return file;
}

ShardReader::ShardReader(const std::string& path)
    : where_{path, false}, file_(OpenLemmaforgeFile(path, kShardKind, &schema_version_)) {
  rank_ = static_cast<int>(ReadIntAttribute(file_.get(), "rank", where_));
  iteration_ = static_cast<int>(ReadIntAttribute(file_.get(), "iteration", where_));
  config_ = ReadStringAttribute(file_.get(), "config", where_);
  created_by_ = ReadStringAttribute(file_.get(), "created_by", where_);
}

uint64_t ShardReader::rows(const std::string& table) const {
  return TableReader(file_.get(), table, where_).rows();
}

template <typename Row>
std::vector<Row> ShardReader::Read() const {
  return ReadRows<Row>(TableReader(file_.get(), Schema<Row>::kTable, where_));
}

std::vector<ProofAttempt> ShardReader::ReadProofAttempts() const { return Read<ProofAttempt>(); }

std::vector<SearchGraph> ShardReader::ReadSearchGraphs() const {
  const TableReader g(file_.get(), Schema<SearchGraph>::kTable, where_);
  std::vector<SearchGraph> graphs = ReadRows<SearchGraph>(g);
  AttachGraphRows(&graphs, ReadRows<GraphSpan>(g), Read<SearchNode>(), Read<SearchEdge>(), where_,
                  Schema<SearchGraph>::kTable);
  return graphs;
}

std::vector<TrainingExample> ShardReader::ReadTrainingExamples() const {
  return Read<TrainingExample>();
}

std::vector<Conjecture> ShardReader::ReadConjectures() const { return Read<Conjecture>(); }

}  // namespace lf::io
