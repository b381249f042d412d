// `lemmaforge bench model`: fp32 GEMM rate, model scoring and training
// efficiency relative to it, and the cost of prefix-shared node scoring.
//
// FLOP counts are analytic and count only useful work of a causal model:
// per token and layer 24 d^2 (QKV, output projection, 4d MLP), plus
// 2 d T^2 per sequence of T tokens for attention (QK^T and AV, causal half);
// training counts 3x the forward FLOPs plus the tied output head. Scoring
// reads one hidden state per query, so the inference path skips most of the
// last layer for the other tokens: scoring_vs_gemm_peak is the rate of the
// full model's work, not of the arithmetic actually done.
//
// Prefix sharing is measured on a synthetic node (a ~200-character state and
// 20 short actions) and on real nat-add nodes (breadth-first from the goals of
// configs/goals/nat-add.json and nat-add-hard.json, as the search sees them:
// state strings and their filtered action lists).
//
// scoring_queries_per_s_loaded and loaded_vs_unloaded_scoring repeat the
// scoring while another process spins on one of this process's CPUs
// (busy_core.h): a shared node.
//
// --save_checkpoint PATH writes the freshly initialised model as a checkpoint
// (e.g. for `lemmaforge bench search --model PATH`).

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include "app/busy_core.h"
#include "app/commands.h"
#include "app/configs_dir.h"
#include "core/error.h"
#include "core/rng.h"
#include "core/timer.h"
#include "kernel/theory.h"
#include "learn/trainer.h"
#include "model/blas_kernels.h"
#include "model/model_params.h"
#include "model/tokenizer.h"
#include "model/torch_threads.h"
#include "model/transformer_evaluator.h"
#include "search/goal_node.h"

namespace lf::app {
namespace {
namespace po = boost::program_options;

// Median wall time of `repeats` calls of fn after one warm-up call.
template <typename Fn>
double MedianSeconds(int repeats, Fn fn) {
  fn();
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    Timer timer;
    fn();
    t.push_back(timer.Seconds());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Useful forward FLOPs of sequences with the given token counts.
double ForwardFlops(const model::ModelParams& p, const std::vector<int64_t>& lengths) {
  const double d = p.d_model;
  double flops = 0.0;
  for (int64_t t : lengths) flops += p.n_layer * (24.0 * d * d * t + 2.0 * d * t * t);
  return flops;
}

// A state string of about n characters in the kernel's format.
std::string StateOfLength(Rng& rng, size_t n) {
  std::string s = "G=1\nState: { x : nat, x0 : (= (+ z x) x)";
  while (s.size() + 40 < n) {
    s += ", p" + std::to_string(rng.Below(100)) + " : (= (+ z (s x)) (s (+ z x)))";
  }
  s += " }\nGoal: (= (+ z (s x)) (s x))\n";
  return s;
}

std::vector<std::string> TwentyActions() {
  return {"intro.",
          "c eq_refl",
          "c eq_symm",
          "c rewrite",
          "c +_z",
          "c +_s",
          "a nat_ind",
          "a eq_symm",
          "a rewrite",
          "=> (= (+ z z) z).",
          "=> (= (+ z (s x)) (s (+ z x))).",
          "=> (= x x).",
          "=> (= (s x) (s x)).",
          "c x0",
          "a x0",
          "=> (= (+ z x) x).",
          "=> (= (s (+ z x)) (s x)).",
          "c p",
          "=> (= z z).",
          "a +_s"};
}

// Up to n nodes with at least one action, breadth-first from the nat-add goals
// (a_zero_add, a_succ_add), as (state, actions) queries.
std::vector<search::NodeQuery> NatAddNodes(size_t n) {
  const auto theory = LoadTheory("nat-add");
  std::deque<search::GoalNode> queue;
  for (const char* goal : {"[('a0 : nat) -> (= (+ z 'a0) 'a0)]",
                           "[('a0 : nat) -> ('a1 : nat) -> (= (+ (s 'a0) 'a1) (s (+ 'a0 'a1)))]"}) {
    queue.emplace_back(std::vector<kernel::ProofState>{theory->RootState(goal)});
  }
  std::vector<search::NodeQuery> nodes;
  while (!queue.empty() && nodes.size() < n) {
    search::GoalNode node = std::move(queue.front());
    queue.pop_front();
    if (node.IsTerminal()) continue;
    search::GoalNode::Expansion e = node.Expand();
    if (!e.actions.empty()) nodes.push_back({node.ToString(), e.actions, true});
    for (auto& child : e.children) queue.push_back(std::move(child));
  }
  return nodes;
}

}  // namespace

int BenchModel(int argc, char** argv) {
  model::ModelParams mp = model::DefaultModelParams();
  mp.dropout = 0.0;  // the training figure measures the model's FLOPs, not dropout masks
  int queries = 64, state_chars = 200, train_steps = 2, gemm_n = 1024, real_nodes = 100;
  std::string save_checkpoint;
  po::options_description options("lemmaforge bench model");
  options.add_options()("help,h", "show options")(
      "queries", po::value(&queries)->default_value(queries), "scoring batch size (states)")(
      "state_chars", po::value(&state_chars)->default_value(state_chars), "state length")(
      "train_steps", po::value(&train_steps)->default_value(train_steps), "timed training steps")(
      "gemm_n", po::value(&gemm_n)->default_value(gemm_n), "GEMM size n (n x n x n)")(
      "real_nodes", po::value(&real_nodes)->default_value(real_nodes),
      "real nat-add nodes for the prefix-sharing figure")(
      "save_checkpoint", po::value(&save_checkpoint),
      "also write the freshly initialised model to this checkpoint file");
  model::AddModelOptions(options, &mp);
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help")) {
      std::printf("%s\n", (std::ostringstream() << options).str().c_str());
      return kExitOk;
    }
    po::notify(vm);
    model::ValidateModelParams(mp);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitBadInput;
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  const int threads = model::ConfigureTorchThreads(mp);
  const char* wait_policy = std::getenv("OMP_WAIT_POLICY");
  std::printf("threads: %d (%s)\nomp_wait_policy: %s\nmodel: %s params=%lld\nblas_core: %s\n",
              threads, model::ResolveThreadBudget(mp).source,
              wait_policy != nullptr ? wait_policy : "(unset)", mp.ArchitectureString().c_str(),
              static_cast<long long>(model::ParameterCount(mp)), model::BlasCoreName().c_str());

  // The GEMM rate is measured before and after each phase and the best is
  // the reference of both ratios (printed at the end): on a shared machine a
  // single measurement taken during a burst of load would inflate them.
  double gemm = model::GemmGflops(gemm_n);

  // Scoring: `queries` state-value queries of ~state_chars characters.
  learn::Trainer trainer(mp, learn::LearnParams{});
  if (!save_checkpoint.empty()) trainer.Save(save_checkpoint, /*theory=*/"");  // untrained: any theory
  model::TransformerEvaluator evaluator(trainer.model());
  Rng rng(1);
  std::vector<search::NodeQuery> nodes;
  std::vector<int64_t> lengths;
  for (int i = 0; i < queries; ++i) {
    nodes.push_back({StateOfLength(rng, state_chars), {}, true});
    lengths.push_back(static_cast<int64_t>(model::StateQuery(nodes.back().state).size()) + 1);
  }
  const double score_s = MedianSeconds(3, [&] { evaluator.Score(nodes); });
  const double score_flops = ForwardFlops(mp, lengths);
  int64_t score_tokens = 0;
  for (auto t : lengths) score_tokens += t;
  std::printf("scoring_queries_per_s: %.1f\nscoring_tokens_per_s: %.0f\nscoring_gflops: %.1f\n",
              queries / score_s, score_tokens / score_s, score_flops / score_s / 1e9);
  // The same with another process spinning on one of this process's CPUs:
  // the ideal on 2 cores is 0.5 (or 1 with one thread); spinning OpenMP
  // workers once made it 0.08.
  double loaded_s = 0.0;
  {
    const BusyCore busy;
    loaded_s = MedianSeconds(3, [&] { evaluator.Score(nodes); });
  }
  std::printf("scoring_queries_per_s_loaded: %.1f\nloaded_vs_unloaded_scoring: %.3f\n",
              queries / loaded_s, score_s / loaded_s);
  gemm = std::max(gemm, model::GemmGflops(gemm_n));

  // Prefix sharing: one node, its state value and 20 actions, vs the state alone.
  search::NodeQuery node{StateOfLength(rng, state_chars), TwentyActions(), true};
  search::NodeQuery state_only{node.state, {}, true};
  const double t_state = MedianSeconds(9, [&] { evaluator.Score(std::span(&state_only, 1)); });
  const double t_node = MedianSeconds(9, [&] { evaluator.Score(std::span(&node, 1)); });
  std::vector<std::string> full = {model::StateQuery(node.state)};
  for (const auto& a : node.actions) full.push_back(model::StateActionQuery(node.state, a));
  const double t_unshared = MedianSeconds(3, [&] { evaluator.ScoreStrings(full); });
  int64_t suffix_tokens = 3;
  for (const auto& a : node.actions) suffix_tokens += static_cast<int64_t>(a.size()) + 4;
  const int64_t prefix_tokens = static_cast<int64_t>(node.state.size()) + 8;
  std::printf("node_state_chars: %zu\nnode_suffix_tokens: %lld\n", node.state.size(),
              static_cast<long long>(suffix_tokens));
  std::printf("prefix_sharing_token_ratio: %.3f\n",
              static_cast<double>(prefix_tokens + suffix_tokens) / prefix_tokens);
  std::printf("prefix_sharing_cost_ratio: %.3f\n", t_node / t_state);
  std::printf("unshared_cost_ratio: %.3f\n", t_unshared / t_state);

  // The same ratio over real nodes: sum of node costs / sum of state-only costs.
  const std::vector<search::NodeQuery> real = NatAddNodes(static_cast<size_t>(real_nodes));
  double real_node_s = 0.0, real_state_s = 0.0;
  int64_t real_prefix = 0, real_suffix = 0, real_actions = 0;
  for (const search::NodeQuery& q : real) {
    const search::NodeQuery alone{q.state, {}, true};
    real_state_s += MedianSeconds(5, [&] { evaluator.Score(std::span(&alone, 1)); });
    real_node_s += MedianSeconds(5, [&] { evaluator.Score(std::span(&q, 1)); });
    real_prefix += static_cast<int64_t>(q.state.size()) + 8;
    real_suffix += 3;
    for (const auto& a : q.actions) real_suffix += static_cast<int64_t>(a.size()) + 4;
    real_actions += static_cast<int64_t>(q.actions.size());
  }
  if (!real.empty()) {
    const double count = static_cast<double>(real.size());
    std::printf("real_nodes: %zu\nreal_mean_state_chars: %.1f\nreal_mean_actions: %.2f\n",
                real.size(), (real_prefix - 8 * count) / count, real_actions / count);
    std::printf("prefix_sharing_token_ratio{nodes=nat-add}: %.3f\n",
                static_cast<double>(real_prefix + real_suffix) / real_prefix);
    std::printf("prefix_sharing_cost_ratio{nodes=nat-add}: %.3f\n", real_node_s / real_state_s);
  }

  // Training: default batches (10,000 characters) of ~state_chars strings.
  std::vector<std::string> examples;
  for (int i = 0; i < 64; ++i) {
    examples.push_back(model::StateActionQuery(StateOfLength(rng, state_chars - 30), "intro.") +
                       "Y");
  }
  std::vector<int64_t> train_lengths;
  int64_t tokens = 0;
  double step_flops = 0.0;
  const double train_s = MedianSeconds(train_steps, [&] {
    const auto r = trainer.TrainIteration(examples, {}, {}, 0, std::nullopt, {}, 1);
    tokens = r.steps[0].tokens;
    const int64_t per_string = tokens / r.steps[0].batch_strings;
    train_lengths.assign(r.steps[0].batch_strings, per_string);
    step_flops = 3.0 * (ForwardFlops(mp, train_lengths) +
                        2.0 * mp.d_model * model::kVocabSize * static_cast<double>(tokens));
  });
  std::printf("training_tokens_per_s: %.0f\ntraining_gflops: %.1f\n", tokens / train_s,
              step_flops / train_s / 1e9);
  gemm = std::max(gemm, model::GemmGflops(gemm_n));
  std::printf("gemm_gflops: %.1f\n", gemm);
  std::printf("scoring_vs_gemm_peak: %.3f\n", score_flops / score_s / 1e9 / gemm);
  std::printf("training_vs_gemm_peak: %.3f\n", step_flops / train_s / 1e9 / gemm);
  return kExitOk;
}

}  // namespace lf::app
