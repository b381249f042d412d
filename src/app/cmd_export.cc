// `lemmaforge export FILE.h5 --csv DIR`: writes every table of a shard or metrics
// log as plain CSV (RFC 4180 quoting, a header row, doubles with 17 significant
// digits so values round-trip) into DIR, one file per table.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
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
  CsvFile& Field(int32_t value) { return Field(static_cast<int64_t>(value)); }
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

int64_t I(int8_t v) { return v; }

void ExportShard(const std::string& path, const std::filesystem::path& dir) {
  const io::ShardReader shard(path);
  {
    CsvFile csv(dir / "proof_attempts.csv",
                {"theorem", "algorithm", "success", "proof", "proof_logprob", "expansions",
                 "seconds", "iteration", "rank"});
    for (const auto& a : shard.ReadProofAttempts()) {
      csv.Field(a.theorem).Field(a.algorithm).Field(int64_t{a.success}).Field(a.proof);
      csv.Field(a.proof_logprob).Field(a.expansions).Field(a.seconds).Field(a.iteration);
      csv.Field(a.rank).EndRow();
    }
  }
  {
    CsvFile graphs(dir / "search_graphs.csv",
                   {"graph", "theorem", "iteration", "rank", "num_nodes", "num_edges"});
    CsvFile nodes(dir / "search_nodes.csv",
                  {"graph", "node", "state", "visits", "value", "status"});
    CsvFile edges(dir / "search_edges.csv", {"graph", "parent", "child", "action", "prior"});
    int64_t g = 0;
    for (const auto& graph : shard.ReadSearchGraphs()) {
      graphs.Field(g).Field(graph.theorem).Field(graph.iteration).Field(graph.rank);
      graphs.Field(static_cast<int64_t>(graph.nodes.size()));
      graphs.Field(static_cast<int64_t>(graph.edges.size())).EndRow();
      int64_t k = 0;
      for (const auto& n : graph.nodes) {
        nodes.Field(g).Field(k++).Field(n.state).Field(n.visits).Field(n.value);
        nodes.Field(I(static_cast<int8_t>(n.status))).EndRow();
      }
      for (const auto& e : graph.edges) {
        edges.Field(g).Field(e.parent).Field(e.child).Field(e.action).Field(e.prior).EndRow();
      }
      ++g;
    }
  }
  {
    CsvFile csv(dir / "training_examples.csv", {"text", "kind", "iteration"});
    for (const auto& x : shard.ReadTrainingExamples()) {
      csv.Field(x.text).Field(I(static_cast<int8_t>(x.kind))).Field(x.iteration).EndRow();
    }
  }
  CsvFile csv(dir / "conjectures.csv", {"statement", "outcome", "bucket", "iteration"});
  for (const auto& c : shard.ReadConjectures()) {
    csv.Field(c.statement).Field(I(static_cast<int8_t>(c.outcome)));
    csv.Field(I(static_cast<int8_t>(c.bucket))).Field(c.iteration).EndRow();
  }
}

void ExportMetrics(const std::string& path, const std::filesystem::path& dir) {
  const io::MetricsReader metrics(path);
  {
    CsvFile csv(dir / "steps.csv", {"global_step", "iteration", "loss", "train_loss",
                                    "progress_loss", "alpha", "mu", "wall_time"});
    for (const auto& s : metrics.ReadSteps()) {
      csv.Field(s.global_step).Field(s.iteration).Field(s.loss).Field(s.train_loss);
      csv.Field(s.progress_loss).Field(s.alpha).Field(s.mu).Field(s.wall_time).EndRow();
    }
  }
  CsvFile csv(
      dir / "iterations.csv",
      {"iteration", "n_conjectures", "n_proven", "ratio_proven", "final_goals_proven", "val_loss",
       "mean_hard_logprob", "threshold_hard", "threshold_easy", "threshold_triv", "n_hindsight",
       "n_examples", "prove_seconds", "conjecture_seconds", "label_seconds", "train_seconds",
       "communication_seconds", "wall_time", "n_refuted"});
  for (const auto& r : metrics.ReadIterations()) {
    csv.Field(r.iteration).Field(r.n_conjectures).Field(r.n_proven).Field(r.ratio_proven);
    csv.Field(r.final_goals_proven).Field(r.val_loss).Field(r.mean_hard_logprob);
    for (const double t : r.thresholds) csv.Field(t);
    csv.Field(r.n_hindsight).Field(r.n_examples).Field(r.prove_seconds);
    csv.Field(r.conjecture_seconds).Field(r.label_seconds).Field(r.train_seconds);
    csv.Field(r.communication_seconds).Field(r.wall_time).Field(r.n_refuted).EndRow();
  }
  CsvFile eval(dir / "eval.csv",
               {"iteration", "split", "evaluator", "algorithm", "budget", "solved", "attempted",
                "pass_at_1", "expansions", "seconds", "wall_time"});
  for (const auto& r : metrics.ReadEval()) {
    eval.Field(r.iteration).Field(r.split).Field(r.evaluator).Field(r.algorithm).Field(r.budget);
    eval.Field(r.solved).Field(r.attempted).Field(r.pass_at_1).Field(r.expansions);
    eval.Field(r.seconds).Field(r.wall_time).EndRow();
  }
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
