// Model tests: tokeniser vector I, parameter counts, and that prefix-shared /
// KV-cached paths equal plain full forward passes.

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "model/cpu_kernels.h"
#include "model/flat_params.h"
#include "model/model_params.h"
#include "model/tokenizer.h"
#include "model/torch_threads.h"
#include "model/transformer.h"
#include "model/transformer_evaluator.h"

namespace lf::model {
namespace {

// A tiny model with large random weights, so outputs vary strongly between
// inputs and masking mistakes cannot hide behind P(Y) ~ 0.5.
Transformer SharpTinyModel(uint64_t seed) {
  ModelParams p = TinyModelParams();
  p.n_positions = 600;
  p.max_batch_tokens = 2048;  // several chunks in the batched tests
  Transformer m = MakeTransformer(p);
  Rng rng(seed);
  std::vector<float> w(FlatSize(*m));
  for (auto& x : w) x = static_cast<float>((rng.Uniform() - 0.5) * 0.6);
  SetFlatWeights(*m, w);
  return m;
}

std::string RandomText(Rng& rng, size_t n) {
  static const std::string kAlphabet = "abcxyz ()[]:'=+-0123456789\n";
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(kAlphabet[rng.Below(kAlphabet.size())]);
  return s;
}

// P(Y) at the last character of `query` by the reference (autograd) path: a
// plain causal pass over the whole string, independent of the inference path.
std::vector<double> ReferenceScores(TransformerEvaluator& evaluator,
                                    const std::vector<std::string>& queries) {
  torch::AutoGradMode grad(true);
  auto& m = evaluator.model();
  m->eval();
  std::vector<double> out;
  for (const auto& q : queries) {
    const auto ids = EncodeForInference(q);
    const int64_t t = static_cast<int64_t>(ids.size());
    auto hidden = m->ForwardHidden(torch::tensor(ids, torch::kInt64).view({1, 1, t}),
                                   torch::arange(t, torch::kInt64).view({1, 1, t}), KvCache{},
                                   CausalBias(t).view({1, 1, 1, t, t}), nullptr);
    out.push_back(torch::sigmoid(m->YesNoLogit(hidden[0][0][t - 1])).item<double>());
  }
  return out;
}

TEST(Tokenizer, TestVectorI) {
  const std::vector<int64_t> expected = {1,   83,  58, 32, 60, 115, 111, 108, 118,
                                         101, 100, 62, 10, 63, 63,  63,  89,  2};
  EXPECT_EQ(EncodeForTraining("S: <solved>\n???Y"), expected);
  const std::vector<int64_t> inference(expected.begin(), expected.end() - 2);
  EXPECT_EQ(EncodeForInference("S: <solved>\n???"), inference);
}

TEST(Tokenizer, ClipsLongStringsToMarkerPlusLast490) {
  std::string s(500, 'a');
  s += "tail";
  const std::string clipped = ClipForModel(s);
  EXPECT_EQ(clipped.size(), 6u + 490u);
  EXPECT_TRUE(clipped.starts_with("[...] "));
  EXPECT_TRUE(clipped.ends_with("tail"));
  EXPECT_EQ(ClipForModel(std::string(490, 'b')), std::string(490, 'b'));
  EXPECT_EQ(EncodeForTraining(s).size(), 498u);
}

TEST(Tokenizer, RejectsNonAscii) { EXPECT_THROW(EncodeForInference("caf\xc3\xa9"), InputError); }

TEST(Tokenizer, QueryFormats) {
  EXPECT_EQ(StateQuery("G=1"), "S: G=1\n???");
  EXPECT_EQ(StateActionQuery("G=1\n", "intro."), "S: G=1\n\nA: intro.\n???");
}

TEST(ModelParams, ReferenceParameterCount) {
  EXPECT_EQ(ParameterCount(ReferenceModelParams()), 25809920);
  Transformer reference = MakeTransformer(ReferenceModelParams());
  EXPECT_EQ(FlatSize(*reference), 25809920);
  Transformer small = MakeTransformer(DefaultModelParams());
  EXPECT_EQ(FlatSize(*small), ParameterCount(DefaultModelParams()));
}

TEST(ModelParams, OptionsAreRangeChecked) {
  namespace po = boost::program_options;
  ModelParams p;
  po::options_description options;
  AddModelOptions(options, &p);
  const char* good[] = {"x", "--model.n_layer=2", "--model.d_model=128"};
  po::variables_map vm;
  po::store(po::parse_command_line(3, good, options), vm);
  po::notify(vm);
  EXPECT_EQ(p.n_layer, 2);
  EXPECT_EQ(p.d_model, 128);
  const char* bad[] = {"x", "--model.dropout=1.5"};
  po::variables_map vm2;
  po::store(po::parse_command_line(2, bad, options), vm2);
  EXPECT_THROW(po::notify(vm2), InputError);
  ModelParams odd;
  odd.n_head = 3;
  EXPECT_THROW(ValidateModelParams(odd), InputError);
}

TEST(ModelParams, ThreadCountNeverOversubscribes) {
  ModelParams p;
  p.ranks_per_node = 1 << 20;
  EXPECT_EQ(ResolveThreadCount(p), 1);
  p.num_threads = 3;
  EXPECT_EQ(ResolveThreadCount(p), 3);
}

TEST(CpuKernels, MatchTorch) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(3);
  // GELU over a wide range, with a length that leaves a vector tail.
  auto x = torch::randn({4099}) * 6.0;
  auto gelu = x.clone();
  GeluTanhInPlace(gelu);
  EXPECT_TRUE(torch::allclose(gelu, torch::gelu(x, "tanh"), 1e-5, 1e-6));

  // Masked softmax over two parts with -inf entries.
  auto scores = torch::randn({37}) * 5.0;
  auto bias = torch::randn({37});
  bias[3] = -INFINITY;
  bias[30] = -INFINITY;
  auto row = scores.clone();
  SoftmaxWithBiasRow(row.data_ptr<float>(), 20, bias.data_ptr<float>(), 17,
                     bias.data_ptr<float>() + 20);
  EXPECT_TRUE(torch::allclose(row, torch::softmax(scores + bias, 0), 1e-5, 1e-7));
  EXPECT_EQ(row[3].item<float>(), 0.0f);
  // Open prefixes of the two parts: the rest is exactly 0.
  row = scores.clone();
  SoftmaxOpenRow(row.data_ptr<float>(), 20, 6, 17, 11);
  auto open = torch::full({37}, -INFINITY);
  open.narrow(0, 0, 6).zero_();
  open.narrow(0, 20, 11).zero_();
  EXPECT_TRUE(torch::allclose(row, torch::softmax(scores + open, 0), 1e-5, 0.0));

  // Row-major GEMM with transposes and leading dimensions beyond the width.
  auto a = torch::randn({7, 12}), b = torch::randn({9, 12}), c = torch::randn({7, 15});
  auto expected =
      c.narrow(1, 0, 9) * 0.5 + torch::mm(a.narrow(1, 0, 5), b.narrow(1, 0, 5).t()) * 2.0;
  Gemm(false, true, 7, 9, 5, 2.0f, a.data_ptr<float>(), 12, b.data_ptr<float>(), 12, 0.5f,
       c.data_ptr<float>(), 15);
  EXPECT_TRUE(torch::allclose(c.narrow(1, 0, 9), expected, 1e-5, 1e-5));
}

TEST(Transformer, InitialisationIsDeterministic) {
  Transformer a = MakeTransformer(TinyModelParams());
  Transformer b = MakeTransformer(TinyModelParams());
  EXPECT_EQ(GetFlatWeights(*a), GetFlatWeights(*b));
}

TEST(Scoring, PrefixSharedEqualsFullForward) {
  TransformerEvaluator evaluator(SharpTinyModel(7));
  Rng rng(11);
  std::vector<search::NodeQuery> nodes;
  for (int n = 0; n < 9; ++n) {
    search::NodeQuery q;
    q.state = RandomText(rng, 5 + rng.Below(120));
    const int actions = static_cast<int>(rng.Below(7));
    for (int j = 0; j < actions; ++j) q.actions.push_back(RandomText(rng, 1 + rng.Below(40)));
    q.want_state_value = n % 4 != 1;
    nodes.push_back(q);
  }
  // A state so long that its queries are clipped: scored without sharing.
  nodes.push_back({RandomText(rng, 485), {"intro.", "c +_z"}, true});
  nodes.push_back({RandomText(rng, 30), {}, true});

  const auto scores = evaluator.Score(nodes);
  ASSERT_EQ(scores.size(), nodes.size());
  double spread = 0.0;
  for (size_t n = 0; n < nodes.size(); ++n) {
    const auto& q = nodes[n];
    std::vector<std::string> strings;
    for (const auto& a : q.actions) strings.push_back(StateActionQuery(q.state, a));
    if (q.want_state_value) strings.push_back(StateQuery(q.state));
    const auto full = ReferenceScores(evaluator, strings);
    const auto unshared = evaluator.ScoreStrings(strings);
    for (size_t i = 0; i < strings.size(); ++i) EXPECT_NEAR(unshared[i], full[i], 1e-4);
    ASSERT_EQ(scores[n].action_values.size(), q.actions.size());
    for (size_t j = 0; j < q.actions.size(); ++j) {
      EXPECT_NEAR(scores[n].action_values[j], full[j], 1e-4) << "node " << n << " action " << j;
      spread = std::max(spread, std::abs(full[j] - 0.5));
    }
    if (q.want_state_value) {
      EXPECT_NEAR(scores[n].state_value, full.back(), 1e-4) << "node " << n;
    }
  }
  EXPECT_GT(spread, 0.05) << "weights too weak for a meaningful comparison";
}

// Runs ForwardHidden on the reference (autograd) path.
torch::Tensor ReferenceHidden(Transformer& m, const torch::Tensor& ids, const torch::Tensor& pos,
                              const KvCache& prefix, const torch::Tensor& bias, KvCache* own,
                              const torch::Tensor& readout = {}) {
  torch::AutoGradMode grad(true);
  return m->ForwardHidden(ids, pos, prefix, bias, own, readout).detach();
}

TEST(Transformer, InferencePathEqualsReferencePath) {
  Transformer m = SharpTinyModel(13);
  m->eval();
  Rng rng(17);
  // Enough entries for several inference groups; a prefix of p keys per entry.
  const int64_t b = 40, r = 2, s = 30, p = 11;
  auto prefix_ids = torch::randint(3, 128, {b, 1, p}, torch::kInt64);
  auto prefix_pos = torch::arange(p, torch::kInt64).expand({b, 1, p});
  auto causal = CausalBias(p).view({1, 1, 1, p, p});
  KvCache ref_cache, fast_cache;
  ReferenceHidden(m, prefix_ids, prefix_pos, KvCache{}, causal, &ref_cache);
  {
    torch::NoGradGuard no_grad;
    // n = 0 read-out tokens: the pass only fills the cache.
    auto none = m->ForwardHidden(prefix_ids, prefix_pos, KvCache{}, causal, &fast_cache,
                                 torch::empty({0}, torch::kInt64));
    EXPECT_EQ(none.size(0), 0);
  }
  for (size_t l = 0; l < ref_cache.keys.size(); ++l) {
    EXPECT_LT((ref_cache.keys[l] - fast_cache.keys[l]).abs().max().item<float>(), 1e-4);
    EXPECT_LT((ref_cache.values[l] - fast_cache.values[l]).abs().max().item<float>(), 1e-4);
  }
  // Rows against the cache with a random mask that always lets a token see itself.
  auto ids = torch::randint(3, 128, {b, r, s}, torch::kInt64);
  auto pos = torch::randint(0, 200, {b, r, s}, torch::kInt64);
  auto visible = torch::rand({b, 1, r, s, p + s}) < 0.6;
  visible.narrow(-1, p, s).logical_or_(torch::eye(s, torch::kBool));
  auto bias = torch::zeros(visible.sizes()).masked_fill(visible.logical_not(), -INFINITY);
  KvCache ref_own, fast_own;
  auto ref = ReferenceHidden(m, ids, pos, ref_cache, bias, &ref_own);
  torch::NoGradGuard no_grad;
  auto fast = m->ForwardHidden(ids, pos, ref_cache, bias, &fast_own);
  EXPECT_LT((ref - fast).abs().max().item<float>(), 1e-4);
  EXPECT_GT(ref.abs().max().item<float>(), 0.1);
  for (size_t l = 0; l < ref_own.keys.size(); ++l) {
    EXPECT_LT((ref_own.keys[l] - fast_own.keys[l]).abs().max().item<float>(), 1e-4);
    EXPECT_LT((ref_own.values[l] - fast_own.values[l]).abs().max().item<float>(), 1e-4);
  }
  // Reading out a few tokens (unsorted, across groups) skips the last layer's
  // work for the others but gives the same hidden states.
  std::vector<int64_t> picks;
  for (int i = 0; i < 25; ++i) picks.push_back(static_cast<int64_t>(rng.Below(b * r * s)));
  auto readout = torch::tensor(picks, torch::kInt64);
  auto some = m->ForwardHidden(ids, pos, ref_cache, bias, nullptr, readout);
  auto expected = ref.reshape({b * r * s, -1}).index_select(0, readout);
  EXPECT_LT((some - expected).abs().max().item<float>(), 1e-4);
}

TEST(Transformer, SegmentsEqualReferencePath) {
  Transformer m = SharpTinyModel(19);
  m->eval();
  Rng rng(23);
  // A cache of 3 entries of p keys; then ragged segments against it, some
  // longer than an attention query block, some with no prefix at all.
  const int64_t e = 3, p = 40;
  auto prefix_ids = torch::randint(3, 128, {e, 1, p}, torch::kInt64);
  KvCache cache;
  ReferenceHidden(m, prefix_ids, torch::arange(p, torch::kInt64).expand({e, 1, p}), KvCache{},
                  CausalBias(p).view({1, 1, 1, p, p}), &cache);
  std::vector<TokenSegment> segments;
  std::vector<int64_t> ids, pos, readout;
  for (int i = 0; i < 9; ++i) {
    const int64_t len = i == 4 ? 150 : 1 + static_cast<int64_t>(rng.Below(30));
    const int64_t entry = static_cast<int64_t>(rng.Below(e));
    const int64_t keys = i % 3 == 0 ? 0 : 1 + static_cast<int64_t>(rng.Below(p));
    segments.push_back({len, entry, keys});
    for (int64_t t = 0; t < len; ++t) {
      ids.push_back(3 + static_cast<int64_t>(rng.Below(125)));
      pos.push_back(keys + t);
    }
    readout.push_back(static_cast<int64_t>(ids.size()) - 1 - static_cast<int64_t>(rng.Below(len)));
  }
  KvCache own;
  auto fast =
      m->ForwardSegments(torch::tensor(ids, torch::kInt64), torch::tensor(pos, torch::kInt64),
                         segments, cache, &own, torch::tensor(readout, torch::kInt64));
  // Reference: each segment alone as one row against its cache entry, with
  // the prefix keys past prefix_keys masked.
  int64_t first = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const TokenSegment& seg = segments[i];
    const int64_t len = seg.length;
    KvCache entry;
    for (size_t l = 0; l < cache.keys.size(); ++l) {
      entry.keys.push_back(cache.keys[l].narrow(0, seg.prefix_entry, 1));
      entry.values.push_back(cache.values[l].narrow(0, seg.prefix_entry, 1));
    }
    auto bias = torch::cat({torch::zeros({len, p}), CausalBias(len)}, 1);
    bias.narrow(1, seg.prefix_keys, p - seg.prefix_keys).fill_(-INFINITY);
    KvCache ref_own;
    auto ref = ReferenceHidden(
        m,
        torch::tensor(std::vector<int64_t>(ids.begin() + first, ids.begin() + first + len))
            .view({1, 1, len}),
        torch::tensor(std::vector<int64_t>(pos.begin() + first, pos.begin() + first + len))
            .view({1, 1, len}),
        entry, bias.view({1, 1, 1, len, p + len}), &ref_own);
    const int64_t local = readout[i] - first;
    EXPECT_LT((fast[static_cast<int64_t>(i)] - ref[0][0][local]).abs().max().item<float>(), 1e-4)
        << "segment " << i;
    for (size_t l = 0; l < own.keys.size(); ++l) {
      auto k = own.keys[l][static_cast<int64_t>(i)].narrow(1, 0, len);
      EXPECT_LT((k - ref_own.keys[l][0]).abs().max().item<float>(), 1e-4);
    }
    first += len;
  }
}

TEST(Scoring, ChildStatesShareTheParentsPrefix) {
  // A search expanding a node asks for its actions, then for each child state;
  // children that share most of the parent's text are scored as segments of
  // the parent's prefix, and must equal full forward passes.
  TransformerEvaluator evaluator(SharpTinyModel(21));
  const std::string parent =
      "G=1\nState: { x : nat, x0 : (= (+ z x) x) }\nGoal: (= (+ z (s x)) (s x))\n";
  std::vector<search::NodeQuery> nodes = {
      {parent, {"c eq_refl", "c +_s", "=> (= x x)."}, true},
      {parent + "construct eq_refl", {}, true},
      {parent + "construct +_s", {}, true},
      {"G=1\nState: { x : nat, x0 : (= (+ z x) x), p : (= x x) }\nGoal: (= (+ z (s x)) (s x))\n",
       {},
       true},
      {"G=1\nState: {  }\nGoal: (= z z)\n", {}, true}};
  const auto scores = evaluator.Score(nodes);
  for (size_t n = 0; n < nodes.size(); ++n) {
    std::vector<std::string> strings = {StateQuery(nodes[n].state)};
    for (const auto& a : nodes[n].actions) strings.push_back(StateActionQuery(nodes[n].state, a));
    const auto full = ReferenceScores(evaluator, strings);
    EXPECT_NEAR(scores[n].state_value, full[0], 1e-4) << "node " << n;
    for (size_t j = 0; j < nodes[n].actions.size(); ++j) {
      EXPECT_NEAR(scores[n].action_values[j], full[1 + j], 1e-4) << "node " << n << " action " << j;
    }
  }
}

TEST(Scoring, SingleNodeEqualsBatched) {
  TransformerEvaluator evaluator(SharpTinyModel(3));
  std::vector<search::NodeQuery> nodes = {
      {"G=1\nState: {  }\nGoal: (= z z)\n", {"intro.", "c eq_refl"}, true}, {"<solved>", {}, true}};
  const auto batched = evaluator.Score(nodes);
  for (size_t n = 0; n < nodes.size(); ++n) {
    const auto single = evaluator.Score(std::span(&nodes[n], 1));
    EXPECT_NEAR(single[0].state_value, batched[n].state_value, 1e-5);
  }
}

TEST(Decoding, SessionEqualsFullForward) {
  TransformerEvaluator evaluator(SharpTinyModel(5));
  auto session = evaluator.StartDecoding("Conj:(hard) ");
  session.Append("[('a0 : ");
  session.Append("n");
  auto& model = evaluator.model();
  torch::NoGradGuard no_grad;
  model->eval();
  const auto ids = EncodeForInference("Conj:(hard) [('a0 : n");
  auto logits = model->Forward(torch::tensor(ids, torch::kInt64).view({1, -1}));
  auto expected = torch::log_softmax(logits[0][static_cast<int64_t>(ids.size()) - 1], -1);
  for (int c = 0; c < kVocabSize; ++c) {
    EXPECT_NEAR(session.NextLogProbs()[c], expected[c].item<float>(), 1e-4) << c;
  }
  EXPECT_EQ(session.text(), "Conj:(hard) [('a0 : n");
}

TEST(Decoding, GenerateMatchesLogProbAndIsDeterministic) {
  TransformerEvaluator evaluator(SharpTinyModel(9));
  std::vector<search::GenerationQuery> queries = {{"S: G=1\nA: ", 20, 0.0, '\n', 1},
                                                  {"x", 15, 1.0, '\n', 42},
                                                  {"longer prompt (= z z)", 25, 0.7, ')', 5}};
  const auto first = evaluator.Generate(queries);
  const auto again = evaluator.Generate(queries);
  ASSERT_EQ(first.size(), queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_EQ(first[i].text, again[i].text);
    EXPECT_EQ(first[i].logprob, again[i].logprob);
    EXPECT_LE(first[i].text.size(), static_cast<size_t>(queries[i].max_chars));
  }
  // The cached greedy decode equals the log-probability of its own text under
  // full forward passes, plus the stop decision when it stopped early.
  std::vector<search::ContinuationQuery> cont;
  for (size_t i = 0; i < queries.size(); ++i) cont.push_back({queries[i].prompt, first[i].text});
  const auto logprobs = evaluator.LogProb(cont);
  for (size_t i = 0; i < queries.size(); ++i) {
    EXPECT_LE(first[i].logprob, logprobs[i] + 1e-4);
    if (static_cast<int>(first[i].text.size()) == queries[i].max_chars) {
      EXPECT_NEAR(first[i].logprob, logprobs[i], 1e-3) << i;
    }
  }
  // Greedy: every step is the arg-max of the full forward pass.
  auto& model = evaluator.model();
  torch::NoGradGuard no_grad;
  model->eval();
  std::string text = queries[0].prompt;
  for (char c : first[0].text) {
    const auto ids = EncodeForInference(text);
    auto logits = model->Forward(torch::tensor(ids, torch::kInt64).view({1, -1}))[0].select(0, -1);
    logits.narrow(0, 0, 2).fill_(-1e30);  // PAD and BOS are never produced
    EXPECT_EQ(logits.argmax().item<int64_t>(), static_cast<unsigned char>(c));
    text.push_back(c);
  }
}

TEST(FlatParams, RoundTripAndGradients) {
  Transformer a = SharpTinyModel(1);
  Transformer b = MakeTransformer(a->params());
  SetFlatWeights(*b, GetFlatWeights(*a));
  EXPECT_EQ(GetFlatWeights(*a), GetFlatWeights(*b));
  std::vector<float> g(FlatSize(*b), 0.25f);
  SetFlatGradients(*b, g);
  std::vector<float> back(g.size());
  GetFlatGradients(*b, back);
  EXPECT_EQ(back, g);
}

}  // namespace
}  // namespace lf::model
