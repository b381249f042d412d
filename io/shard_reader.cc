#include "io/shard_reader.h"

#include <filesystem>

#include "io/h5_table.h"

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

// Checks that an enum column only holds values in [0, max].
void CheckRange(const std::vector<int8_t>& values, int max, const Where& where,
                const std::string& what) {
  for (const int8_t v : values) {
    if (v < 0 || v > max) ThrowH5(where, what + ": value " + std::to_string(v) + " out of range");
  }
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

std::vector<ProofAttempt> ShardReader::ReadProofAttempts() const {
  const TableReader t(file_.get(), "proof_attempts", where_);
  const auto theorem = t.Strings("theorem");
  const auto algorithm = t.Strings("algorithm");
  const auto success = t.Numeric<int8_t>("success");
  const auto proof = t.Strings("proof");
  const auto logprob = t.Numeric<double>("proof_logprob");
  const auto expansions = t.Numeric<int64_t>("expansions");
  const auto seconds = t.Numeric<double>("seconds");
  const auto iteration = t.Numeric<int32_t>("iteration");
  const auto rank = t.Numeric<int32_t>("rank");
  CheckRange(success, 1, where_, "/proof_attempts/success");
  std::vector<ProofAttempt> records(t.rows());
  for (size_t i = 0; i < records.size(); ++i) {
    records[i] = {theorem[i],    algorithm[i], success[i] != 0, proof[i], logprob[i],
                  expansions[i], seconds[i],   iteration[i],    rank[i]};
  }
  return records;
}

std::vector<SearchGraph> ShardReader::ReadSearchGraphs() const {
  const TableReader g(file_.get(), "search_graphs", where_);
  const TableReader n(file_.get(), "search_nodes", where_);
  const TableReader e(file_.get(), "search_edges", where_);
  const auto theorem = g.Strings("theorem");
  const auto iteration = g.Numeric<int32_t>("iteration");
  const auto rank = g.Numeric<int32_t>("rank");
  const auto first_node = g.Numeric<int64_t>("first_node");
  const auto num_nodes = g.Numeric<int64_t>("num_nodes");
  const auto first_edge = g.Numeric<int64_t>("first_edge");
  const auto num_edges = g.Numeric<int64_t>("num_edges");
  const auto state = n.Strings("state");
  const auto visits = n.Numeric<int64_t>("visits");
  const auto value = n.Numeric<double>("value");
  const auto status = n.Numeric<int8_t>("status");
  const auto parent = e.Numeric<int64_t>("parent");
  const auto child = e.Numeric<int64_t>("child");
  const auto action = e.Strings("action");
  const auto prior = e.Numeric<double>("prior");
  CheckRange(status, 2, where_, "/search_nodes/status");
  // A range [first, first + count) must lie inside its table.
  auto in_table = [](int64_t first, int64_t count, uint64_t rows) {
    return first >= 0 && count >= 0 && static_cast<uint64_t>(first) <= rows &&
           static_cast<uint64_t>(count) <= rows - static_cast<uint64_t>(first);
  };
  std::vector<SearchGraph> graphs(g.rows());
  for (size_t i = 0; i < graphs.size(); ++i) {
    const std::string what = "/search_graphs row " + std::to_string(i);
    if (!in_table(first_node[i], num_nodes[i], n.rows()) ||
        !in_table(first_edge[i], num_edges[i], e.rows())) {
      ThrowH5(where_, what + ": node or edge range outside the tables");
    }
    SearchGraph& graph = graphs[i];
    graph.theorem = theorem[i];
    graph.iteration = iteration[i];
    graph.rank = rank[i];
    for (int64_t k = first_node[i]; k < first_node[i] + num_nodes[i]; ++k) {
      const auto j = static_cast<size_t>(k);
      graph.nodes.push_back({state[j], visits[j], value[j], static_cast<NodeStatus>(status[j])});
    }
    for (int64_t k = first_edge[i]; k < first_edge[i] + num_edges[i]; ++k) {
      const auto j = static_cast<size_t>(k);
      if (parent[j] < 0 || parent[j] >= num_nodes[i] || child[j] < 0 || child[j] >= num_nodes[i]) {
        ThrowH5(where_, what + ": edge " + std::to_string(k) + " points outside its graph");
      }
      graph.edges.push_back({parent[j], child[j], action[j], prior[j]});
    }
  }
  return graphs;
}

std::vector<TrainingExample> ShardReader::ReadTrainingExamples() const {
  const TableReader t(file_.get(), "training_examples", where_);
  const auto text = t.Strings("text");
  const auto kind = t.Numeric<int8_t>("kind");
  const auto iteration = t.Numeric<int32_t>("iteration");
  CheckRange(kind, 2, where_, "/training_examples/kind");
  std::vector<TrainingExample> records(t.rows());
  for (size_t i = 0; i < records.size(); ++i) {
    records[i] = {text[i], static_cast<ExampleKind>(kind[i]), iteration[i]};
  }
  return records;
}

std::vector<Conjecture> ShardReader::ReadConjectures() const {
  const TableReader t(file_.get(), "conjectures", where_);
  const auto statement = t.Strings("statement");
  const auto outcome = t.Numeric<int8_t>("outcome");
  const auto bucket = t.Numeric<int8_t>("bucket");
  const auto iteration = t.Numeric<int32_t>("iteration");
  CheckRange(outcome, static_cast<int>(ConjectureOutcome::kRefuted), where_,
             "/conjectures/outcome");
  CheckRange(bucket, 3, where_, "/conjectures/bucket");
  std::vector<Conjecture> records(t.rows());
  for (size_t i = 0; i < records.size(); ++i) {
    records[i] = {statement[i], static_cast<ConjectureOutcome>(outcome[i]),
                  static_cast<DifficultyBucket>(bucket[i]), iteration[i]};
  }
  return records;
}

}  // namespace lf::io
