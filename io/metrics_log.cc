#include "io/metrics_log.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <map>

#include "core/version.h"
#include "io/shard_reader.h"

namespace lf::io {
namespace {

// Metrics tables are small; modest chunks keep a short log small on disk.
constexpr TableOptions kMetricsTable{.chunk_rows = 1024, .deflate_level = 4};

void AppendSteps(hid_t file, const std::vector<StepMetrics>& rows, const Where& where) {
  TableWriter t(file, "steps", /*append=*/true, kMetricsTable, where);
  // Declared up front so that an empty table still has every column.
  auto& global_step = t.Numeric<int64_t>("global_step");
  auto& iteration = t.Numeric<int32_t>("iteration");
  auto& loss = t.Numeric<double>("loss");
  auto& train_loss = t.Numeric<double>("train_loss");
  auto& progress_loss = t.Numeric<double>("progress_loss");
  auto& alpha = t.Numeric<double>("alpha");
  auto& mu = t.Numeric<double>("mu");
  auto& wall_time = t.Numeric<double>("wall_time");
  for (const StepMetrics& r : rows) {
    global_step.Push(r.global_step);
    iteration.Push(r.iteration);
    loss.Push(r.loss);
    train_loss.Push(r.train_loss);
    progress_loss.Push(r.progress_loss);
    alpha.Push(r.alpha);
    mu.Push(r.mu);
    wall_time.Push(r.wall_time);
    t.EndRow();
  }
  t.Flush();
}

void AppendIterations(hid_t file, const std::vector<IterationMetrics>& rows, const Where& where) {
  TableWriter t(file, "iterations", /*append=*/true, kMetricsTable, where);
  auto& iteration = t.Numeric<int32_t>("iteration");
  auto& n_conjectures = t.Numeric<int64_t>("n_conjectures");
  auto& n_proven = t.Numeric<int64_t>("n_proven");
  auto& ratio_proven = t.Numeric<double>("ratio_proven");
  auto& final_goals_proven = t.Numeric<double>("final_goals_proven");
  auto& val_loss = t.Numeric<double>("val_loss");
  auto& mean_hard_logprob = t.Numeric<double>("mean_hard_logprob");
  auto& thresholds = t.Numeric<double>("thresholds", 3);
  auto& n_hindsight = t.Numeric<int64_t>("n_hindsight");
  auto& n_examples = t.Numeric<int64_t>("n_examples");
  auto& prove_seconds = t.Numeric<double>("prove_seconds");
  auto& conjecture_seconds = t.Numeric<double>("conjecture_seconds");
  auto& label_seconds = t.Numeric<double>("label_seconds");
  auto& train_seconds = t.Numeric<double>("train_seconds");
  auto& communication_seconds = t.Numeric<double>("communication_seconds");
  auto& wall_time = t.Numeric<double>("wall_time");
  for (const IterationMetrics& r : rows) {
    iteration.Push(r.iteration);
    n_conjectures.Push(r.n_conjectures);
    n_proven.Push(r.n_proven);
    ratio_proven.Push(r.ratio_proven);
    final_goals_proven.Push(r.final_goals_proven);
    val_loss.Push(r.val_loss);
    mean_hard_logprob.Push(r.mean_hard_logprob);
    thresholds.Push(std::span<const double>(r.thresholds));
    n_hindsight.Push(r.n_hindsight);
    n_examples.Push(r.n_examples);
    prove_seconds.Push(r.prove_seconds);
    conjecture_seconds.Push(r.conjecture_seconds);
    label_seconds.Push(r.label_seconds);
    train_seconds.Push(r.train_seconds);
    communication_seconds.Push(r.communication_seconds);
    wall_time.Push(r.wall_time);
    t.EndRow();
  }
  t.Flush();
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
  const Where where{path_, /*writing=*/true};
  H5Id file;
  std::error_code error;
  if (std::filesystem::exists(path_, error)) {
    int version = 0;
    // Validates kind and schema (InputError on mismatch), then reopens for writing.
    OpenLemmaforgeFile(path_, kMetricsKind, &version);
    file = H5Id(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose, where,
                "cannot open metrics log for appending");
  } else {
    file = H5Id(H5Fcreate(path_.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, where,
                "cannot create metrics log");
    WriteStringAttribute(file.get(), "kind", kMetricsKind, where);
    WriteIntAttribute(file.get(), "schema_version", kSchemaVersion, where);
  }
  WriteStringAttribute(file.get(), "config", config_, where);
  WriteStringAttribute(file.get(), "created_by", std::string("lemmaforge ") + GitRevision(), where);
  // Both tables always exist, even before the first iteration ends.
  AppendSteps(file.get(), steps_, where);
  AppendIterations(file.get(), iterations_, where);
  file.Close(where, "cannot close metrics log");
  steps_.clear();
  iterations_.clear();
}

MetricsReader::MetricsReader(const std::string& path)
    : where_{path, false}, file_(OpenLemmaforgeFile(path, kMetricsKind, &schema_version_)) {
  config_ = ReadStringAttribute(file_.get(), "config", where_);
}

std::vector<StepMetrics> MetricsReader::ReadSteps() const {
  const TableReader t(file_.get(), "steps", where_);
  const auto global_step = t.Numeric<int64_t>("global_step");
  const auto iteration = t.Numeric<int32_t>("iteration");
  const auto loss = t.Numeric<double>("loss");
  const auto train_loss = t.Numeric<double>("train_loss");
  const auto progress_loss = t.Numeric<double>("progress_loss");
  const auto alpha = t.Numeric<double>("alpha");
  const auto mu = t.Numeric<double>("mu");
  const auto wall_time = t.Numeric<double>("wall_time");
  std::vector<StepMetrics> rows(t.rows());
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i] = {global_step[i],   iteration[i], loss[i], train_loss[i],
               progress_loss[i], alpha[i],     mu[i],   wall_time[i]};
  }
  return rows;
}

std::vector<IterationMetrics> MetricsReader::ReadIterations() const {
  const TableReader t(file_.get(), "iterations", where_);
  const auto iteration = t.Numeric<int32_t>("iteration");
  const auto n_conjectures = t.Numeric<int64_t>("n_conjectures");
  const auto n_proven = t.Numeric<int64_t>("n_proven");
  const auto ratio_proven = t.Numeric<double>("ratio_proven");
  const auto final_goals_proven = t.Numeric<double>("final_goals_proven");
  const auto val_loss = t.Numeric<double>("val_loss");
  const auto mean_hard_logprob = t.Numeric<double>("mean_hard_logprob");
  const auto thresholds = t.Numeric<double>("thresholds", 3);
  const auto n_hindsight = t.Numeric<int64_t>("n_hindsight");
  const auto n_examples = t.Numeric<int64_t>("n_examples");
  const auto prove_seconds = t.Numeric<double>("prove_seconds");
  const auto conjecture_seconds = t.Numeric<double>("conjecture_seconds");
  const auto label_seconds = t.Numeric<double>("label_seconds");
  const auto train_seconds = t.Numeric<double>("train_seconds");
  const auto communication_seconds = t.Numeric<double>("communication_seconds");
  const auto wall_time = t.Numeric<double>("wall_time");
  std::vector<IterationMetrics> rows(t.rows());
  for (size_t i = 0; i < rows.size(); ++i) {
    IterationMetrics& r = rows[i];
    r = {iteration[i],          n_conjectures[i], n_proven[i],         ratio_proven[i],
         final_goals_proven[i], val_loss[i],      mean_hard_logprob[i]};
    std::copy_n(thresholds.begin() + static_cast<std::ptrdiff_t>(3 * i), 3, r.thresholds.begin());
    r.n_hindsight = n_hindsight[i];
    r.n_examples = n_examples[i];
    r.prove_seconds = prove_seconds[i];
    r.conjecture_seconds = conjecture_seconds[i];
    r.label_seconds = label_seconds[i];
    r.train_seconds = train_seconds[i];
    r.communication_seconds = communication_seconds[i];
    r.wall_time = wall_time[i];
  }
  return rows;
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

}  // namespace lf::io
