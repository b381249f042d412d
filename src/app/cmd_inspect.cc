// `lemmaforge inspect FILE.h5...`: what a shard, metrics log or trace file
// holds -- kind, schema, rows per table, per-iteration success counts (a trace
// file: outcomes and one line per attempt) and the stored config.
// Works on any number of files; a bad file is reported and the others still shown.

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
#include "app/trace_record.h"
#include "core/error.h"
#include "io/metrics_log.h"
#include "io/shard_reader.h"
#include "io/trace_file.h"

namespace lf::app {
namespace {

namespace po = boost::program_options;

void PrintConfig(const std::string& config) {
  std::printf("  config:%s\n", config.empty() ? " (empty)" : "");
  size_t begin = 0;
  while (begin < config.size()) {
    size_t end = config.find('\n', begin);
    if (end == std::string::npos) end = config.size();
    std::printf("    %s\n", config.substr(begin, end - begin).c_str());
    begin = end + 1;
  }
}

struct Tally {
  int64_t total = 0;
  int64_t proved = 0;
};

void PrintTallies(const char* title, const std::map<int, Tally>& tallies) {
  if (tallies.empty()) return;
  std::printf("  %s:\n", title);
  for (const auto& [iteration, t] : tallies) {
    std::printf("    iteration %d: %lld/%lld proved (%.1f%%)\n", iteration,
                static_cast<long long>(t.proved), static_cast<long long>(t.total),
                100.0 * static_cast<double>(t.proved) / static_cast<double>(t.total));
  }
}

void InspectShard(const std::string& path) {
  const io::ShardReader shard(path);
  std::printf(
      "%s\n  kind: %s\n  schema_version: %d\n  created_by: %s\n  rank: %d\n"
      "  iteration: %d\n  rows:\n",
      path.c_str(), io::kShardKind, shard.schema_version(), shard.created_by().c_str(),
      shard.rank(), shard.iteration());
  for (const char* table : io::kShardTables) {
    std::printf("    %-18s %llu\n", table, static_cast<unsigned long long>(shard.rows(table)));
  }
  std::map<int, Tally> attempts;
  for (const auto& a : shard.ReadProofAttempts()) {
    ++attempts[a.iteration].total;
    attempts[a.iteration].proved += a.success;
  }
  PrintTallies("proof attempts by iteration", attempts);
  std::map<int, Tally> conjectures;
  for (const auto& c : shard.ReadConjectures()) {
    ++conjectures[c.iteration].total;
    conjectures[c.iteration].proved += c.outcome == io::ConjectureOutcome::kProved;
  }
  PrintTallies("conjectures by iteration", conjectures);
  PrintConfig(shard.config());
}

void InspectMetrics(const std::string& path) {
  const io::MetricsReader metrics(path);
  const auto steps = metrics.ReadSteps();
  const auto iterations = metrics.ReadIterations();
  const auto eval = metrics.ReadEval();
  std::printf("%s\n  kind: %s\n  schema_version: %d\n  rows:\n", path.c_str(), io::kMetricsKind,
              metrics.schema_version());
  for (const char* table : io::kMetricsTables) {
    std::printf("    %-10s %llu\n", table, static_cast<unsigned long long>(metrics.rows(table)));
  }
  const auto latest_steps = io::LatestByIndex(steps);
  if (!latest_steps.empty()) {
    const auto& last = latest_steps.back();
    std::printf("  last step: global_step %lld, iteration %d, loss %.6g\n",
                static_cast<long long>(last.global_step), last.iteration, last.loss);
  }
  const auto latest = io::LatestByIndex(iterations);
  if (!latest.empty()) std::printf("  iterations (latest row per index):\n");
  for (const auto& r : latest) {
    std::printf(
        "    iteration %d: %lld/%lld proved (ratio %.3f), refuted %lld, final_goals_proven %.3g, "
        "val_loss %.4g, mean_hard_logprob %.4g, thresholds [%.4g, %.4g, %.4g], hindsight %lld, "
        "examples %lld, seconds: prove %.1f train %.1f\n",
        r.iteration, static_cast<long long>(r.n_proven), static_cast<long long>(r.n_conjectures),
        r.ratio_proven, static_cast<long long>(r.n_refuted), r.final_goals_proven, r.val_loss,
        r.mean_hard_logprob, r.thresholds[0], r.thresholds[1], r.thresholds[2],
        static_cast<long long>(r.n_hindsight), static_cast<long long>(r.n_examples),
        r.prove_seconds, r.train_seconds);
  }
  const auto latest_eval = io::LatestByIndex(eval);
  if (!latest_eval.empty())
    std::printf("  held-out evaluation (iteration = training iterations before it):\n");
  for (const auto& r : latest_eval) {
    std::printf(
        "    iteration %d, %s, %s %s budget %lld: %lld/%lld solved (pass@1 %.3f), "
        "expansions %lld, %.1f s\n",
        r.iteration, r.split.c_str(), r.evaluator.c_str(), r.algorithm.c_str(),
        static_cast<long long>(r.budget), static_cast<long long>(r.solved),
        static_cast<long long>(r.attempted), r.pass_at_1, static_cast<long long>(r.expansions),
        r.seconds);
  }
  const auto online = io::LatestByIndex(metrics.ReadOnline());
  if (!online.empty()) {
    const io::OnlineMetrics& r = online.back();
    std::printf(
        "  online (last row): learner_step %lld, examples %lld (generated %.2f), buffer %lld "
        "(fill %.2f), weight version %lld (lag %.1f), graphs %lld (%.2f/s), proofs %lld, "
        "learner busy %.2f, valid_fwd_proved %.3f\n",
        static_cast<long long>(r.learner_step), static_cast<long long>(r.examples_consumed),
        r.generated_fraction, static_cast<long long>(r.buffer_examples), r.buffer_fill,
        static_cast<long long>(r.weight_version), r.version_lag, static_cast<long long>(r.graphs),
        r.graphs_per_s, static_cast<long long>(r.proofs), r.learner_busy_fraction,
        r.valid_fwd_proved);
  }
  PrintConfig(metrics.config());
}

// Attempts listed one per line; `export --jsonl` has them all.
constexpr size_t kListedAttempts = 50;

void InspectTrace(const std::string& path) {
  const io::TraceReader reader(path);
  std::printf("%s\n  kind: %s\n  schema_version: %d\n  created_by: %s\n  rows:\n", path.c_str(),
              io::kTraceKind, reader.schema_version(), reader.created_by().c_str());
  for (const char* table : io::kTraceTables) {
    std::printf("    %-9s %llu\n", table, static_cast<unsigned long long>(reader.rows(table)));
  }
  const std::vector<io::Trace> traces = reader.ReadTraces();
  std::map<io::NodeStatus, int64_t> outcomes;
  for (const io::Trace& t : traces) ++outcomes[t.outcome];
  std::printf("  outcomes: %lld proved, %lld failed, %lld open\n",
              static_cast<long long>(outcomes[io::NodeStatus::kProved]),
              static_cast<long long>(outcomes[io::NodeStatus::kFailed]),
              static_cast<long long>(outcomes[io::NodeStatus::kOpen]));
  for (size_t id = 0; id < traces.size() && id < kListedAttempts; ++id) {
    const io::Trace& t = traces[id];
    std::printf(
        "  attempt %zu: %s %s by %s: %zu nodes, %zu edges, %lld expansions (budget %lld), "
        "%.3f s, policy %s, critic %s\n",
        id, t.problem.c_str(), OutcomeName(t.outcome), t.algorithm.c_str(), t.nodes.size(),
        t.edges.size(), static_cast<long long>(t.expansions), static_cast<long long>(t.budget),
        t.seconds, t.policy_model.c_str(), t.critic_model.c_str());
  }
  if (traces.size() > kListedAttempts) {
    std::printf("  ... %zu more attempts (lemmaforge export --jsonl lists them all)\n",
                traces.size() - kListedAttempts);
  }
  PrintConfig(reader.config());
}

}  // namespace

int CmdInspect(int argc, char** argv) {
  std::vector<std::string> files;
  po::options_description desc(
      "usage: lemmaforge inspect FILE.h5...\n\n"
      "Prints what lemmaforge HDF5 files hold: kind, schema version, rows per table,\n"
      "per-iteration success counts and the stored run configuration.\n\noptions");
  desc.add_options()("help,h", "print this help")("files", po::value(&files)->required(),
                                                  "HDF5 files (shards, metrics.h5 or trace files)");
  po::positional_options_description positional;
  positional.add("files", -1);
  if (!ParseCommandLine(argc, argv, desc, &positional)) return kExitOk;

  int status = kExitOk;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) std::printf("\n");
    try {
      const std::string kind = io::FileKind(files[i]);
      if (kind == io::kMetricsKind) {
        InspectMetrics(files[i]);
      } else if (kind == io::kTraceKind) {
        InspectTrace(files[i]);
      } else {
        InspectShard(files[i]);  // rejects unknown kinds with a clear message
      }
    } catch (const InputError& e) {
      std::fflush(stdout);
      std::fprintf(stderr, "%s\n", e.what());
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace lf::app
