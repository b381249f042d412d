// Model tests: tokeniser vector I, parameter counts, and that prefix-shared /
// KV-cached paths equal plain full forward passes.

#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
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
    const auto full = evaluator.ScoreStrings(strings);
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
