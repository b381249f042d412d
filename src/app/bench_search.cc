// `lemmaforge bench search`: expansions per second of every search algorithm
// with the uniform evaluator on a fixed problem set, run one search at a time
// and as a pool of K searches in flight (one batched evaluator call per round).
//
// Prints, per algorithm:
//   search_expansions_per_s{algo=A}: N          single searches, one after another
//   search_expansions_per_s{algo=A,pool=K}: N   K searches in flight
//   search_solved{algo=A}: S/T                  problems proved in the single runs
//   search_pool_mean_batch{algo=A,pool=K}: B    queries per evaluator call in the pool
// With the uniform evaluator the model costs nothing, so these measure the
// search and kernel work per expansion (the forward prover counts steps).
//
// Then, for MCTS, the rate on the root goals of the reference's golden uniform
// runs at their budget (1000), one search at a time, per theory:
//   mcts_expansions_per_s{theory=T}: N
//   mcts_golden_same_expansions{theory=T}: K/N   searches that did exactly the
//                                                reference's expansions
//
// With --model CKPT it instead measures MCTS driven by that transformer
// checkpoint on one intra-op thread: --lm_jobs searches over the nat-add goals
// (those of configs/goals/nat-add.json and nat-add-hard.json, or --goals FILE),
// --lm_pool of them in flight, and prints
//   lm_mcts_expansions_per_s: N       expansions (model-scored nodes) per second
//   lm_mcts_expansions_per_s_loaded: N  the same while another process spins
//                                     on one of this process's CPUs (busy_core.h)
//   loaded_vs_unloaded_lm_mcts: R     their ratio
//   lm_mcts_mean_batch: B             queries per evaluator call
//   lm_mcts_solved: S/T
// (a freshly initialised default model for this comes from
// `lemmaforge bench model --save_checkpoint PATH`).

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "app/busy_core.h"
#include "app/commands.h"
#include "app/configs_dir.h"
#include "app/evaluator_factory.h"
#include "app/goal_set.h"
#include "app/options.h"
#include "core/error.h"
#include "core/json.h"
#include "core/timer.h"
#include "kernel/theory.h"
#include "search/algorithms.h"
#include "search/search_pool.h"
#include "search/uniform.h"

namespace lf::app {
namespace {

struct BenchProblem {
  const char* theory;
  const char* goal;
};

// Solvable and unsolvable goals of two theories (unsolved ones use the budget up).
const BenchProblem kProblems[] = {
    {"nat-add", "(= (+ (s z) (s z)) (s (s z)))"},
    {"nat-add", "[('a0 : nat) -> (= (+ z 'a0) 'a0)]"},
    {"nat-add", "[('a0 : nat) -> ('a1 : nat) -> (= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]"},
    {"propositional-logic", "[('a0 : prop) -> ['a0 -> 'a0]]"},
    {"propositional-logic", "[('a0 : prop) -> ('a1 : prop) -> [(and 'a0 'a1) -> (and 'a1 'a0)]]"},
};
constexpr size_t kNumProblems = sizeof(kProblems) / sizeof(kProblems[0]);

// The goals of configs/goals/nat-add.json (a_zero_add) and nat-add-hard.json
// (a_succ_add).
const char* const kNatAddGoals[] = {
    "[('a0 : nat) -> (= (+ z 'a0) 'a0)]",
    "[('a0 : nat) -> ('a1 : nat) -> (= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]",
};

// Forwards to a model and counts what it was asked (characters of the query
// strings as the model reads them, i.e. without prefix sharing).
class CountingEvaluator final : public search::Evaluator {
 public:
  explicit CountingEvaluator(search::Evaluator* model) : model_(model) {}

  std::vector<search::NodeScores> Score(std::span<const search::NodeQuery> queries) override {
    for (const search::NodeQuery& q : queries) {
      nodes_ += 1;
      state_queries_ += q.want_state_value;
      actions_ += static_cast<long long>(q.actions.size());
      chars_ += q.want_state_value ? static_cast<long long>(q.state.size()) + 8 : 0;
      for (const std::string& a : q.actions) {
        chars_ += static_cast<long long>(q.state.size() + a.size()) + 12;
      }
    }
    return model_->Score(queries);
  }
  std::vector<search::Generation> Generate(
      std::span<const search::GenerationQuery> queries) override {
    return model_->Generate(queries);
  }
  std::vector<double> LogProb(std::span<const search::ContinuationQuery> queries) override {
    return model_->LogProb(queries);
  }
  std::string Name() const override { return model_->Name(); }

  long long nodes_ = 0, state_queries_ = 0, actions_ = 0, chars_ = 0;

 private:
  search::Evaluator* model_;
};

// MCTS with the model in `checkpoint` on one intra-op thread (see the top).
void BenchModelSearch(const std::string& checkpoint, const std::string& goals_file, int budget,
                      int pool_width, int jobs) {
  const auto theory = LoadTheory("nat-add");
  std::vector<kernel::ProofState> roots;
  if (goals_file.empty()) {
    for (const char* goal : kNatAddGoals) roots.push_back(theory->RootState(goal));
  } else {
    for (const Goal& g : ReadGoalSet(goals_file).goals) {
      roots.push_back(GoalRootState(*theory, g, "goal"));
    }
  }
  if (roots.empty()) throw InputError("--goals: no goals in " + goals_file);
  const auto model = MakeEvaluator(checkpoint, theory->name(), /*threads=*/1);
  CountingEvaluator evaluator(model.get());
  search::SearchPool pool(&evaluator, static_cast<size_t>(pool_width));
  // The whole pool's work, timed; run once idle and once beside a busy core
  // (the figures below but the loaded rate are of the first run).
  const auto run_all = [&](double* seconds) {
    Timer timer;
    std::vector<search::SearchRecord> records =
        pool.Run(static_cast<size_t>(jobs), [&](size_t job) {
          search::SearchParams params;
          params.budget = budget;
          params.seed = job;
          return search::MakeSearch("mcts", params, theory, roots[job % roots.size()]);
        });
    *seconds = timer.Seconds();
    return records;
  };
  const auto expansions_of = [](const std::vector<search::SearchRecord>& records) {
    long long n = 0;
    for (const search::SearchRecord& r : records) n += r.expansions;
    return n;
  };
  double seconds = 0.0, loaded_seconds = 0.0;
  const std::vector<search::SearchRecord> records = run_all(&seconds);
  const search::PoolStats stats = pool.stats();
  // The model's work in the first run (the loaded run asks the same again).
  const long long state_queries = evaluator.state_queries_, actions = evaluator.actions_,
                  chars = evaluator.chars_;
  long long loaded_expansions = 0;
  {
    const BusyCore busy;  // another process spinning on one of our CPUs
    loaded_expansions = expansions_of(run_all(&loaded_seconds));
  }
  const long long expansions = expansions_of(records);
  int solved = 0;
  for (const search::SearchRecord& r : records) solved += r.success();
  const double unloaded = static_cast<double>(expansions) / seconds;
  const double loaded = static_cast<double>(loaded_expansions) / loaded_seconds;
  std::printf("lm_mcts_expansions_per_s: %.1f\n", unloaded);
  std::printf("lm_mcts_expansions_per_s_loaded: %.1f\nloaded_vs_unloaded_lm_mcts: %.3f\n", loaded,
              loaded / unloaded);
  std::printf("lm_mcts_mean_batch: %.1f\n",
              static_cast<double>(stats.queries) / std::max(1, stats.rounds));
  std::printf("lm_mcts_solved: %d/%d\n", solved, jobs);
  std::printf("lm_mcts_queries_per_expansion: %.2f state + %.2f state-action\n",
              static_cast<double>(state_queries) / expansions,
              static_cast<double>(actions) / expansions);
  std::printf("lm_mcts_unshared_chars_per_expansion: %.0f\n",
              static_cast<double>(chars) / expansions);
}

// Uniform MCTS on the root goals of the reference's golden runs
// (mcts-uniform.jsonl: theory, goal, budget, expansions), one search at a time,
// for the side-by-side with the reference. Prints per theory the rate and how
// many searches did exactly the reference's expansions (the same work).
void BenchGoldenMcts(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::printf("# mcts_expansions_per_s: no golden runs at %s (--golden FILE)\n", path.c_str());
    return;
  }
  struct PerTheory {
    long long expansions = 0;
    double seconds = 0.0;
    int same = 0, runs = 0;
  };
  std::vector<std::pair<std::string, PerTheory>> theories;  // in file order
  search::UniformEvaluator evaluator;
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty()) continue;
    const json::Value run = json::Parse(line, path + ":" + std::to_string(line_number));
    const json::Value* theory_name = run.Find("theory");
    const json::Value* goal = run.Find("goal");
    const json::Value* budget = run.Find("budget");
    const json::Value* reference = run.Find("expansions");
    if (theory_name == nullptr || !theory_name->is_string() || goal == nullptr ||
        !goal->is_string() || budget == nullptr || reference == nullptr)
      throw InputError(SourceLocation{path, line_number, 1},
                       "expected a golden MCTS run (theory, goal, budget, expansions)");
    const auto theory = LoadTheory(theory_name->str());
    search::SearchParams params;
    params.budget = static_cast<int>(budget->number());
    auto s = search::MakeSearch("mcts", params, theory, theory->RootState(goal->str()));
    Timer timer;
    const search::SearchRecord r = search::RunSearch(*s, evaluator);
    const double seconds = timer.Seconds();
    auto it = std::find_if(theories.begin(), theories.end(),
                           [&](const auto& t) { return t.first == theory_name->str(); });
    if (it == theories.end()) it = theories.insert(theories.end(), {theory_name->str(), {}});
    it->second.expansions += r.expansions;
    it->second.seconds += seconds;
    it->second.runs += 1;
    it->second.same += r.expansions == static_cast<long long>(reference->number());
  }
  for (const auto& [name, t] : theories) {
    std::printf("mcts_expansions_per_s{theory=%s}: %.0f\n", name.c_str(),
                static_cast<double>(t.expansions) / t.seconds);
    std::printf("mcts_golden_same_expansions{theory=%s}: %d/%d\n", name.c_str(), t.same, t.runs);
  }
}

}  // namespace

int BenchSearch(int argc, char** argv) {
  namespace po = boost::program_options;
  int budget = 200, pool_width = 256, pool_jobs = 256, lm_pool = 16, lm_jobs = 16;
  std::string only, checkpoint, goals_file, golden;
  po::options_description desc(
      "usage: lemmaforge bench search [--budget N] [--pool K] [--jobs J] [--algo A]\n"
      "       lemmaforge bench search --model CKPT [--budget N] [--lm_pool K] [--lm_jobs J]\n\n"
      "Expansions per second of each search algorithm with the uniform evaluator, or of\n"
      "MCTS with a transformer checkpoint on one intra-op thread");
  desc.add_options()("help,h", "show this help")(
      "budget", po::value(&budget)->default_value(budget), "budget per search")(
      "pool", po::value(&pool_width)->default_value(pool_width), "searches in flight in the pool")(
      "jobs", po::value(&pool_jobs)->default_value(pool_jobs), "searches run through the pool")(
      "algo", po::value(&only), "run only this algorithm (default: all)")(
      "model", po::value(&checkpoint), "measure MCTS with this checkpoint instead")(
      "goals", po::value(&goals_file),
      "nat-add goal set for --model (default: a_zero_add and a_succ_add)")(
      "lm_pool", po::value(&lm_pool)->default_value(lm_pool), "--model: searches in flight")(
      "lm_jobs", po::value(&lm_jobs)->default_value(lm_jobs), "--model: searches run")(
      "golden", po::value(&golden),
      "reference MCTS runs for mcts_expansions_per_s{theory=T} (default: "
      "../shared/golden/mcts-uniform.jsonl beside the source tree)");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;
  if (budget <= 0 || pool_width <= 0 || pool_jobs <= 0 || lm_pool <= 0 || lm_jobs <= 0)
    throw InputError("--budget, --pool, --jobs, --lm_pool and --lm_jobs must be positive");
  if (!checkpoint.empty()) {
    BenchModelSearch(checkpoint, goals_file, budget, lm_pool, lm_jobs);
    return kExitOk;
  }

  std::vector<std::shared_ptr<const kernel::Theory>> theories;
  for (const BenchProblem& p : kProblems) theories.push_back(LoadTheory(p.theory));
  search::UniformEvaluator evaluator;
  auto make = [&](const std::string& algorithm, size_t job) {
    search::SearchParams params;
    params.budget = budget;
    params.seed = job;
    const size_t i = job % kNumProblems;
    return search::MakeSearch(algorithm, params, theories[i],
                              theories[i]->RootState(kProblems[i].goal));
  };
  for (const std::string& algorithm : search::AlgorithmNames()) {
    if (!only.empty() && algorithm != only) continue;
    long long expansions = 0;
    int solved = 0;
    Timer timer;
    for (size_t i = 0; i < kNumProblems; ++i) {
      auto s = make(algorithm, i);
      const search::SearchRecord r = search::RunSearch(*s, evaluator);
      expansions += r.expansions;
      solved += r.success();
    }
    const double single_s = timer.Seconds();
    std::printf("search_expansions_per_s{algo=%s}: %.0f\n", algorithm.c_str(),
                static_cast<double>(expansions) / single_s);
    std::printf("search_solved{algo=%s}: %d/%zu\n", algorithm.c_str(), solved, kNumProblems);

    search::SearchPool pool(&evaluator, static_cast<size_t>(pool_width));
    timer.Reset();
    const std::vector<search::SearchRecord> records =
        pool.Run(static_cast<size_t>(pool_jobs), [&](size_t job) { return make(algorithm, job); });
    const double pool_s = timer.Seconds();
    expansions = 0;
    for (const search::SearchRecord& r : records) expansions += r.expansions;
    std::printf("search_expansions_per_s{algo=%s,pool=%d}: %.0f\n", algorithm.c_str(), pool_width,
                static_cast<double>(expansions) / pool_s);
    std::printf("search_pool_mean_batch{algo=%s,pool=%d}: %.1f\n", algorithm.c_str(), pool_width,
                static_cast<double>(pool.stats().queries) / std::max(1, pool.stats().rounds));
    std::fflush(stdout);
  }
  if (only.empty() || only == "mcts") {
    BenchGoldenMcts(golden.empty() ? ConfigsDirectory() + "/../../shared/golden/mcts-uniform.jsonl"
                                   : golden);
  }
  return kExitOk;
}

}  // namespace lf::app
