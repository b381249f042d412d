// `lemmaforge export FILE.h5 --csv DIR`: writes every table of a shard, metrics
// log or trace file as plain CSV (RFC 4180 quoting, a header row, doubles with
// 17 significant digits so values round-trip) into DIR, one file per table.
// `lemmaforge export TRACE.h5 --jsonl FILE`: a trace file as JSON Lines, one
// object per attempt with its nodes and edges (docs/data-format.md).

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <type_traits>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "io/metrics_log.h"
#include "io/shard_reader.h"
#include "io/trace_file.h"

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

// The CSV header of the columns of Rows... (an array column gives one per part:
// IterationMetrics::thresholds is threshold_hard, threshold_easy, threshold_triv).
// `before` and `after` name columns the caller writes around the records'.
template <typename... Rows>
std::vector<std::string> Header(std::vector<std::string> before = {},
                                const std::vector<std::string>& after = {}) {
  std::vector<std::string> header = std::move(before);
  auto add = [&header]<typename Row>() {
    io::ForEachColumn<Row>([&](const auto& column) {
      using Member = std::remove_cvref_t<decltype(std::declval<Row&>().*column.member)>;
      if constexpr (std::is_same_v<Member, std::array<double, 3>>) {
        header.insert(header.end(), io::kThresholdNames.begin(), io::kThresholdNames.end());
      } else {
        header.push_back(column.name);
      }
    });
  };
  (add.template operator()<Rows>(), ...);
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

// A trace file's tables: attempts (with their id and sizes), nodes (with their
// attempt and index: the creation order), edges (with their attempt).
void ExportTraceCsv(const std::string& path, const std::filesystem::path& dir) {
  const io::TraceReader reader(path);
  CsvFile attempts(dir / "attempts.csv",
                   Header<io::ProofAttempt, io::Trace>({"attempt"}, {"num_nodes", "num_edges"}));
  CsvFile nodes(dir / "nodes.csv", Header<io::SearchNode, io::TraceNode>({"attempt", "node"}));
  CsvFile edges(dir / "edges.csv", Header<io::SearchEdge, io::TraceEdge>({"attempt"}));
  int64_t a = 0;
  for (const io::Trace& t : reader.ReadTraces()) {
    attempts.Field(a).Record<io::ProofAttempt>(t).Record<io::Trace>(t);
    attempts.Field(t.nodes.size()).Field(t.edges.size()).EndRow();
    int64_t k = 0;
    for (const auto& n : t.nodes) {
      nodes.Field(a).Field(k++).Record<io::SearchNode>(n).Record<io::TraceNode>(n).EndRow();
    }
    for (const auto& e : t.edges) {
      edges.Field(a).Record<io::SearchEdge>(e).Record<io::TraceEdge>(e).EndRow();
    }
    ++a;
  }
}

// A column value as JSON: strings quoted, bools true/false, enum codes and
// integers as numbers, NaN as null.
template <typename T>
std::string JsonValue(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return json::Quote(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "false";
  } else if constexpr (std::is_same_v<T, double>) {
    return json::Number(value);
  } else {
    return std::to_string(static_cast<int64_t>(value));
  }
}

// `, "column": value` for each column of Row.
template <typename Row>
void JsonFields(const Row& row, std::string* out) {
  io::ForEachColumn<Row>([&](const auto& column) {
    *out += ", " + json::Quote(column.name) + ": " + JsonValue(row.*column.member);
  });
}

// One line per attempt: {"attempt": ID, its columns, "nodes": [{"node": K,
// ...}], "edges": [{...}]}. FILE "-" is stdout; a file is published
// atomically.
void ExportTraceJsonl(const std::string& path, const std::string& file) {
  const io::TraceReader reader(path);
  const bool to_stdout = file == "-";
  const std::string tmp = to_stdout ? std::string() : TemporaryPath(file);
  std::ofstream stream;
  if (!to_stdout) {
    stream.open(tmp, std::ios::binary);
    if (!stream) throw WriteError(tmp + ": error: cannot create file");
  }
  std::ostream& out = to_stdout ? std::cout : stream;
  int64_t a = 0;
  for (const io::Trace& t : reader.ReadTraces()) {
    std::string line = "{\"attempt\": " + std::to_string(a++);
    JsonFields<io::ProofAttempt>(t, &line);
    JsonFields<io::Trace>(t, &line);
    line += ", \"nodes\": [";
    for (size_t k = 0; k < t.nodes.size(); ++k) {
      line += (k ? ", {\"node\": " : "{\"node\": ") + std::to_string(k);
      JsonFields<io::SearchNode>(t.nodes[k], &line);
      JsonFields<io::TraceNode>(t.nodes[k], &line);
      line += "}";
    }
    line += "], \"edges\": [";
    for (size_t k = 0; k < t.edges.size(); ++k) {
      std::string fields;
      JsonFields<io::SearchEdge>(t.edges[k], &fields);
      JsonFields<io::TraceEdge>(t.edges[k], &fields);
      line += (k ? ", {" : "{") + fields.substr(2) + "}";  // without the first ", "
    }
    out << line << "]}\n";
  }
  out.flush();
  if (to_stdout) return;
  stream.close();
  if (!stream) {
    std::remove(tmp.c_str());
    throw WriteError(tmp + ": error: write failed");
  }
  PublishFile(tmp, file);
}

void ExportMetrics(const std::string& path, const std::filesystem::path& dir) {
  const io::MetricsReader metrics(path);
  WriteTable(dir, metrics.ReadSteps());
  WriteTable(dir, metrics.ReadIterations());
  WriteTable(dir, metrics.ReadEval());
  WriteTable(dir, metrics.ReadOnline());
}

}  // namespace

int CmdExport(int argc, char** argv) {
  std::string file;
  std::string dir;
  std::string jsonl;
  po::options_description desc(
      "usage: lemmaforge export FILE.h5 --csv DIR\n"
      "       lemmaforge export TRACE.h5 --jsonl FILE   (FILE - : stdout)\n\n"
      "Writes each table of a shard (proof_attempts, search_graphs, search_nodes,\n"
      "search_edges, training_examples, conjectures), of metrics.h5 (steps,\n"
      "iterations, eval, online) or of a trace file (attempts, nodes, edges) to\n"
      "DIR/<table>.csv; or a trace file as JSON Lines, one attempt per line with its\n"
      "nodes and edges.\n\noptions");
  desc.add_options()("help,h", "print this help")("file", po::value(&file)->required(),
                                                  "the HDF5 file")(
      "csv", po::value(&dir), "output directory (created if missing)")(
      "jsonl", po::value(&jsonl), "output file for a trace file's JSON Lines (- for stdout)");
  po::positional_options_description positional;
  positional.add("file", 1);
  if (!ParseCommandLine(argc, argv, desc, &positional)) return kExitOk;
  if (dir.empty() == jsonl.empty()) throw InputError("give one of --csv DIR and --jsonl FILE");

  const std::string kind = io::FileKind(file);
  if (!jsonl.empty()) {
    if (kind != io::kTraceKind) {
      throw InputError(SourceLocation{file}, "--jsonl exports trace files (kind " +
                                                 std::string(io::kTraceKind) + "), not " + kind +
                                                 "; use --csv DIR");
    }
    ExportTraceJsonl(file, jsonl);
    if (jsonl != "-") std::printf("wrote the traces of %s to %s\n", file.c_str(), jsonl.c_str());
    return kExitOk;
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw InputError(SourceLocation{dir}, "cannot create directory: " + error.message());
  if (kind == io::kMetricsKind) {
    ExportMetrics(file, dir);
  } else if (kind == io::kTraceKind) {
    ExportTraceCsv(file, dir);
  } else {
    ExportShard(file, dir);
  }
  std::printf("wrote %s tables of %s to %s\n", kind.c_str(), file.c_str(), dir.c_str());
  return kExitOk;
}

}  // namespace lf::app
