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

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/options.h"
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

}  // namespace

int BenchSearch(int argc, char** argv) {
  namespace po = boost::program_options;
  int budget = 200, pool_width = 256, pool_jobs = 256;
  std::string only;
  po::options_description desc(
      "usage: lemmaforge bench search [--budget N] [--pool K] [--jobs J] [--algo A]\n\n"
      "Expansions per second of each search algorithm with the uniform evaluator");
  desc.add_options()("help,h", "show this help")(
      "budget", po::value(&budget)->default_value(budget), "budget per search")(
      "pool", po::value(&pool_width)->default_value(pool_width), "searches in flight in the pool")(
      "jobs", po::value(&pool_jobs)->default_value(pool_jobs), "searches run through the pool")(
      "algo", po::value(&only), "run only this algorithm (default: all)");
  if (!ParseCommandLine(argc, argv, desc)) return kExitOk;
  if (budget <= 0 || pool_width <= 0 || pool_jobs <= 0)
    throw InputError("--budget, --pool and --jobs must be positive");

  std::vector<std::shared_ptr<const kernel::Theory>> theories;
  for (const BenchProblem& p : kProblems) theories.push_back(kernel::Theory::Load(p.theory));
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
      solved += r.success;
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
  return kExitOk;
}

}  // namespace lf::app
