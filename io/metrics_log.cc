#include "io/metrics_log.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>
#include <tuple>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/version.h"
#include "io/row_table.h"
#include "io/shard_reader.h"

namespace lf::io {
namespace {

// Metrics tables are small; modest chunks keep a short log small on disk.
constexpr TableOptions kMetricsTable{.chunk_rows = 1024, .deflate_level = 4};

// Appends rows to the table of their Schema (created if absent; every column
// declared even when there is no row).
template <typename Row>
void AppendRows(hid_t file, const std::vector<Row>& rows, const Where& where) {
  TableWriter t(file, Schema<Row>::kTable, /*append=*/true, kMetricsTable, where);
  const RowWriter<Row> writer(t);
  for (const Row& r : rows) {
    writer.Push(r);
    t.EndRow();
  }
  t.Close();
}

template <typename Row>
std::vector<Row> ReadTable(hid_t file, const Where& where) {
  return ReadRows<Row>(TableReader(file, Schema<Row>::kTable, where));
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
      file = H5Id(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, where,
                  "cannot create metrics log");
      WriteStringAttribute(file.get(), "kind", kMetricsKind, where);
      WriteIntAttribute(file.get(), "schema_version", kSchemaVersion, where);
    }
    WriteStringAttribute(file.get(), "config", config_, where);
    WriteStringAttribute(file.get(), "created_by", std::string("lemmaforge ") + GitRevision(),
                         where);
    // Every table always exists, even before the first iteration ends.
    AppendRows(file.get(), steps_, where);
    AppendRows(file.get(), iterations_, where);
    AppendRows(file.get(), eval_, where);
    AppendRows(file.get(), online_, where);
    file.Close(where, "cannot close metrics log");
    PublishFile(tmp, path_);
  } catch (...) {
    std::filesystem::remove(tmp, error);
    throw;
  }
  steps_.clear();
  iterations_.clear();
  eval_.clear();
  online_.clear();
}

MetricsReader::MetricsReader(const std::string& path)
    : where_{path, false}, file_(OpenLemmaforgeFile(path, kMetricsKind, &schema_version_)) {
  config_ = ReadStringAttribute(file_.get(), "config", where_);
}

uint64_t MetricsReader::rows(const std::string& table) const {
  return TableReader(file_.get(), table, where_).rows();
}

std::vector<StepMetrics> MetricsReader::ReadSteps() const {
  return ReadTable<StepMetrics>(file_.get(), where_);
}

std::vector<IterationMetrics> MetricsReader::ReadIterations() const {
  return ReadTable<IterationMetrics>(file_.get(), where_);
}

std::vector<EvalMetrics> MetricsReader::ReadEval() const {
  return ReadTable<EvalMetrics>(file_.get(), where_);
}

std::vector<OnlineMetrics> MetricsReader::ReadOnline() const {
  return ReadTable<OnlineMetrics>(file_.get(), where_);
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

std::vector<OnlineMetrics> LatestByIndex(std::vector<OnlineMetrics> rows) {
  return KeepLast(std::move(rows), [](const OnlineMetrics& r) { return r.learner_step; });
}

}  // namespace lf::io
