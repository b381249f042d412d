// `lemmaforge export FILE.h5 --csv DIR`: writes every table of a shard or metrics
// log as plain CSV (RFC 4180 quoting, a header row, doubles with 17 significant
// digits so values round-trip) into DIR, one file per table.

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "core/error.h"
#include "io/metrics_log.h"
#include "io/shard_reader.h"

namespace lf::app {
namespace {

namespace po = boost::program_options;

// One CSV file, written row by row.
class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, const std::vector<std::string>& header)
      : path_(path.string()), out_(path) {
    if (!out_) throw InputError(SourceLocation{path_}, "cannot create file");
    for (const auto& name : header) Field(name);
    EndRow();
  }
  ~CsvFile() { out_.flush(); }

  CsvFile& Field(const std::string& text) {
    Separator();
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
      out_ << text;
    } else {
      out_ << '"';
      for (const char c : text) out_ << (c == '"' ? "\"\"" : std::string(1, c));
      out_ << '"';
    }
    return *this;
  }
  CsvFile& Field(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.17g", value);
    return Field(std::string(buffer));
  }
  CsvFile& Field(int64_t value) { return Field(std::to_string(value)); }
  // int32 columns, bools and int8 enum codes print as integers.
  template <typename T>
  requires std::is_integral_v<T> || std::is_enum_v<T> CsvFile& Field(T value) {
    return Field(static_cast<int64_t>(value));
  }
  template <typename T, size_t N>
  CsvFile& Field(const std::array<T, N>& values) {
    for (const T& v : values) Field(v);
    return *this;
  }
  // Every column of a record, in its Schema's order.
  template <typename Row>
  CsvFile& Record(const Row& row) {
    io::ForEachColumn<Row>([&](const auto& column) { Field(row.*column.member); });
    return *this;
  }
  void EndRow() {
    out_ << "\r\n";
    first_ = true;
    if (!out_) throw InputError(SourceLocation{path_}, "write failed");
  }

 private:
  void Separator() {
    if (!first_) out_ << ',';
    first_ = false;
  }

  std::string path_;
  std::ofstream out_;
  bool first_ = true;
};

// The CSV header of a record's columns (an array column gives one per part:
// IterationMetrics::thresholds is threshold_hard, threshold_easy, threshold_triv).
// `before` and `after` name columns the caller writes around the record's.
template <typename Row>
std::vector<std::string> Header(std::vector<std::string> before = {},
                                const std::vector<std::string>& after = {}) {
  std::vector<std::string> header = std::move(before);
  io::ForEachColumn<Row>([&](const auto& column) {
    using Member = std::remove_cvref_t<decltype(std::declval<Row&>().*column.member)>;
    if constexpr (std::is_same_v<Member, std::array<double, 3>>) {
      header.insert(header.end(), io::kThresholdNames.begin(), io::kThresholdNames.end());
    } else {
      header.push_back(column.name);
    }
  });
  header.insert(header.end(), after.begin(), after.end());
  return header;
}

// DIR/<table>.csv, the table of Row's Schema.
template <typename Row>
std::filesystem::path CsvPath(const std::filesystem::path& dir) {
  return dir / (std::string(io::Schema<Row>::kTable) + ".csv");
}

// DIR/<table>.csv with one line per row.
template <typename Row>
void WriteTable(const std::filesystem::path& dir, const std::vector<Row>& rows) {
  CsvFile csv(CsvPath<Row>(dir), Header<Row>());
  for (const Row& row : rows) csv.Record(row).EndRow();
}

void ExportShard(const std::string& path, const std::filesystem::path& dir) {
  const io::ShardReader shard(path);
  WriteTable(dir, shard.ReadProofAttempts());
  {
    // A graph's nodes and edges are exported with their graph's row and, for
    // nodes, their index within it (the file's first_node/first_edge ranges
    // become these indices).
    CsvFile graphs(CsvPath<io::SearchGraph>(dir),
                   Header<io::SearchGraph>({"graph"}, {"num_nodes", "num_edges"}));
    CsvFile nodes(CsvPath<io::SearchNode>(dir), Header<io::SearchNode>({"graph", "node"}));
    CsvFile edges(CsvPath<io::SearchEdge>(dir), Header<io::SearchEdge>({"graph"}));
    int64_t g = 0;
    for (const auto& graph : shard.ReadSearchGraphs()) {
      graphs.Field(g).Record(graph).Field(graph.nodes.size()).Field(graph.edges.size()).EndRow();
      int64_t k = 0;
      for (const auto& n : graph.nodes) nodes.Field(g).Field(k++).Record(n).EndRow();
      for (const auto& e : graph.edges) edges.Field(g).Record(e).EndRow();
      ++g;
    }
  }
  WriteTable(dir, shard.ReadTrainingExamples());
  WriteTable(dir, shard.ReadConjectures());
}

void ExportMetrics(const std::string& path, const std::filesystem::path& dir) {
  const io::MetricsReader metrics(path);
  WriteTable(dir, metrics.ReadSteps());
  WriteTable(dir, metrics.ReadIterations());
  WriteTable(dir, metrics.ReadEval());
}

}  // namespace

int CmdExport(int argc, char** argv) {
  std::string file;
  std::string dir;
  po::options_description desc(
      "usage: lemmaforge export FILE.h5 --csv DIR\n\n"
      "Writes each table of a shard (proof_attempts, search_graphs, search_nodes,\n"
      "search_edges, training_examples, conjectures) or of metrics.h5 (steps,\n"
      "iterations, eval) to DIR/<table>.csv.\n\noptions");
  desc.add_options()("help,h", "print this help")("file", po::value(&file)->required(),
                                                  "the HDF5 file")(
      "csv", po::value(&dir)->required(), "output directory (created if missing)");
  po::positional_options_description positional;
  positional.add("file", 1);
  if (!ParseCommandLine(argc, argv, desc, &positional)) return kExitOk;

  const std::string kind = io::FileKind(file);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw InputError(SourceLocation{dir}, "cannot create directory: " + error.message());
  if (kind == io::kMetricsKind) {
    ExportMetrics(file, dir);
  } else {
    ExportShard(file, dir);
  }
  std::printf("wrote %s tables of %s to %s\n", kind.c_str(), file.c_str(), dir.c_str());
  return kExitOk;
}

}  // namespace lf::app
