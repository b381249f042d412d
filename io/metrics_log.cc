#include "io/metrics_log.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <tuple>
#include <type_traits>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/version.h"
#include "io/shard_reader.h"

namespace lf::io {
namespace {

// Metrics tables are small; modest chunks keep a short log small on disk.
constexpr TableOptions kMetricsTable{.chunk_rows = 1024, .deflate_level = 4};

// The columns of each table in file order, as (dataset name, member): the one
// list that both AppendRows and ReadRows follow (io/records.h documents them).
template <typename F>
void ForEachColumn(std::type_identity<StepMetrics>, F&& f) {
  f("global_step", &StepMetrics::global_step);
  f("iteration", &StepMetrics::iteration);
  f("loss", &StepMetrics::loss);
  f("train_loss", &StepMetrics::train_loss);
  f("progress_loss", &StepMetrics::progress_loss);
  f("alpha", &StepMetrics::alpha);
  f("mu", &StepMetrics::mu);
  f("wall_time", &StepMetrics::wall_time);
}

template <typename F>
void ForEachColumn(std::type_identity<IterationMetrics>, F&& f) {
  f("iteration", &IterationMetrics::iteration);
  f("n_conjectures", &IterationMetrics::n_conjectures);
  f("n_proven", &IterationMetrics::n_proven);
  f("ratio_proven", &IterationMetrics::ratio_proven);
  f("final_goals_proven", &IterationMetrics::final_goals_proven);
  f("val_loss", &IterationMetrics::val_loss);
  f("mean_hard_logprob", &IterationMetrics::mean_hard_logprob);
  f("thresholds", &IterationMetrics::thresholds);
  f("n_hindsight", &IterationMetrics::n_hindsight);
  f("n_examples", &IterationMetrics::n_examples);
  f("prove_seconds", &IterationMetrics::prove_seconds);
  f("conjecture_seconds", &IterationMetrics::conjecture_seconds);
  f("label_seconds", &IterationMetrics::label_seconds);
  f("train_seconds", &IterationMetrics::train_seconds);
  f("communication_seconds", &IterationMetrics::communication_seconds);
  f("wall_time", &IterationMetrics::wall_time);
  f("n_refuted", &IterationMetrics::n_refuted);
}

template <typename F>
void ForEachColumn(std::type_identity<EvalMetrics>, F&& f) {
  f("iteration", &EvalMetrics::iteration);
  f("split", &EvalMetrics::split);
  f("evaluator", &EvalMetrics::evaluator);
  f("algorithm", &EvalMetrics::algorithm);
  f("budget", &EvalMetrics::budget);
  f("solved", &EvalMetrics::solved);
  f("attempted", &EvalMetrics::attempted);
  f("pass_at_1", &EvalMetrics::pass_at_1);
  f("expansions", &EvalMetrics::expansions);
  f("seconds", &EvalMetrics::seconds);
  f("wall_time", &EvalMetrics::wall_time);
}

// A member's dataset element type and row width: scalars are one value per
// row, std::array<T, N> members N values (a rows x N dataset).
template <typename T>
struct ColumnShape {
  using Element = T;
  static constexpr uint64_t kWidth = 1;
};
template <typename T, size_t N>
struct ColumnShape<std::array<T, N>> {
  using Element = T;
  static constexpr uint64_t kWidth = N;
};

template <typename Row>
void AppendRows(hid_t file, const char* table, const std::vector<Row>& rows, const Where& where) {
  TableWriter t(file, table, /*append=*/true, kMetricsTable, where);
  // Declared up front so that an empty table still has every column.
  std::vector<std::function<void(const Row&)>> push_row;
  ForEachColumn(std::type_identity<Row>{}, [&](const char* name, auto member) {
    using Member = std::remove_cvref_t<decltype(std::declval<Row&>().*member)>;
    if constexpr (std::is_same_v<Member, std::string>) {
      auto& column = t.String(name);
      push_row.push_back([&column, member](const Row& r) { column.Push(r.*member); });
      return;
    }
    using Shape = ColumnShape<Member>;
    auto& column = t.Numeric<typename Shape::Element>(name, Shape::kWidth);
    push_row.push_back([&column, member](const Row& r) {
      if constexpr (Shape::kWidth == 1) {
        column.Push(r.*member);
      } else {
        column.Push(std::span<const typename Shape::Element>(r.*member));
      }
    });
  });
  for (const Row& r : rows) {
    for (const auto& push : push_row) push(r);
    t.EndRow();
  }
  t.Close();
}

template <typename Row>
std::vector<Row> ReadRows(hid_t file, const char* table, const Where& where) {
  const TableReader t(file, table, where);
  std::vector<Row> rows(t.rows());
  ForEachColumn(std::type_identity<Row>{}, [&](const char* name, auto member) {
    using Member = std::remove_cvref_t<decltype(std::declval<Row&>().*member)>;
    if constexpr (std::is_same_v<Member, std::string>) {
      std::vector<std::string> values = t.Strings(name);
      for (size_t i = 0; i < rows.size(); ++i) rows[i].*member = std::move(values[i]);
      return;
    }
    using Shape = ColumnShape<Member>;
    const auto values = t.Numeric<typename Shape::Element>(name, Shape::kWidth);
    for (size_t i = 0; i < rows.size(); ++i) {
      if constexpr (Shape::kWidth == 1) {
        rows[i].*member = values[i];
      } else {
        std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(Shape::kWidth * i), Shape::kWidth,
                    (rows[i].*member).begin());
      }
    }
  });
  return rows;
}

}  // namespace

MetricsLog::MetricsLog(std::string path, std::string config)
    : path_(std::move(path)), config_(std::move(config)) {}

MetricsLog::~MetricsLog() {
  try {
    Flush();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
  }
}

void MetricsLog::Flush() {
  InitHdf5();
  // The rows go into a copy that replaces the file only once complete: a full
  // disk or a crash mid-flush leaves the previous file as it was.
  const std::string tmp = TemporaryPath(path_);
  const Where where{tmp, /*writing=*/true};
  std::error_code error;
  try {
    H5Id file;
    if (std::filesystem::exists(path_, error)) {
      int version = 0;
      // Validates kind and schema (InputError on mismatch) before copying.
      OpenLemmaforgeFile(path_, kMetricsKind, &version);
      std::filesystem::copy_file(path_, tmp, std::filesystem::copy_options::overwrite_existing,
                                 error);
      if (error) throw WriteError(tmp + ": error: cannot copy the metrics log: " + error.message());
      file = H5Id(H5Fopen(tmp.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, where,
                  "cannot open metrics log for appending");
    } else {
      file = H5Id(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
                  where, "cannot create metrics log");
      WriteStringAttribute(file.get(), "kind", kMetricsKind, where);
      WriteIntAttribute(file.get(), "schema_version", kSchemaVersion, where);
    }
    WriteStringAttribute(file.get(), "config", config_, where);
    WriteStringAttribute(file.get(), "created_by", std::string("lemmaforge ") + GitRevision(),
                         where);
    // Every table always exists, even before the first iteration ends.
    AppendRows(file.get(), "steps", steps_, where);
    AppendRows(file.get(), "iterations", iterations_, where);
    AppendRows(file.get(), "eval", eval_, where);
    file.Close(where, "cannot close metrics log");
    PublishFile(tmp, path_);
  } catch (...) {
    std::filesystem::remove(tmp, error);
    throw;
  }
  steps_.clear();
  iterations_.clear();
  eval_.clear();
}

MetricsReader::MetricsReader(const std::string& path)
    : where_{path, false}, file_(OpenLemmaforgeFile(path, kMetricsKind, &schema_version_)) {
  config_ = ReadStringAttribute(file_.get(), "config", where_);
}

std::vector<StepMetrics> MetricsReader::ReadSteps() const {
  return ReadRows<StepMetrics>(file_.get(), "steps", where_);
}

std::vector<IterationMetrics> MetricsReader::ReadIterations() const {
  return ReadRows<IterationMetrics>(file_.get(), "iterations", where_);
}

std::vector<EvalMetrics> MetricsReader::ReadEval() const {
  return ReadRows<EvalMetrics>(file_.get(), "eval", where_);
}

namespace {

template <typename Row, typename Key>
std::vector<Row> KeepLast(std::vector<Row> rows, Key key) {
  std::map<decltype(key(rows.front())), Row> latest;
  for (Row& row : rows) latest.insert_or_assign(key(row), std::move(row));
  std::vector<Row> out;
  out.reserve(latest.size());
  for (auto& [index, row] : latest) out.push_back(std::move(row));
  return out;
}

}  // namespace

std::vector<StepMetrics> LatestByIndex(std::vector<StepMetrics> rows) {
  return KeepLast(std::move(rows), [](const StepMetrics& r) { return r.global_step; });
}

std::vector<IterationMetrics> LatestByIndex(std::vector<IterationMetrics> rows) {
  return KeepLast(std::move(rows), [](const IterationMetrics& r) { return r.iteration; });
}

std::vector<EvalMetrics> LatestByIndex(std::vector<EvalMetrics> rows) {
  return KeepLast(std::move(rows), [](const EvalMetrics& r) {
    return std::make_tuple(r.iteration, r.split, r.evaluator, r.algorithm, r.budget);
  });
}

}  // namespace lf::io
