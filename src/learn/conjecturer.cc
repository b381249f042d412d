#include "learn/conjecturer.h"

#include <algorithm>
#include <cmath>

#include "kernel/kernel_error.h"
#include "kernel/typing.h"

namespace lf::learn {
namespace {

std::string CommonPrefix(const std::vector<std::string>& cs) {
  std::string p = cs.front();
  for (const std::string& c : cs) {
    size_t k = 0;
    while (k < p.size() && k < c.size() && p[k] == c[k]) ++k;
    p.resize(k);
  }
  return p;
}

// Samples one of `chars` with probability ∝ exp(logp[c]), renormalised over them.
char SampleChar(const std::vector<char>& chars, const std::array<float, 128>& logp, Rng* rng) {
  double best = -INFINITY;
  for (char c : chars)
    best = std::max(best, static_cast<double>(logp[static_cast<unsigned char>(c) & 127]));
  std::vector<double> weights;
  double total = 0.0;
  for (char c : chars) {
    weights.push_back(std::exp(logp[static_cast<unsigned char>(c) & 127] - best));
    total += weights.back();
  }
  double u = rng->Uniform() * total;
  for (size_t i = 0; i < chars.size(); ++i) {
    if (u < weights[i]) return chars[i];
    u -= weights[i];
  }
  return chars.back();
}

}  // namespace

std::optional<std::string> SampleConjecture(const kernel::ConjectureGrammar& grammar,
                                            model::TransformerEvaluator* lm, Rng* rng,
                                            const ConjecturerParams& params) {
  std::string gen;
  model::DecodingSession session = lm->StartDecoding(params.prompt);
  auto extend = [&](const std::string& s) {
    if (s.empty()) return;
    gen += s;
    session.Append(s);
  };
  for (int it = 0; it < params.max_iterations; ++it) {
    const kernel::ConjectureGrammar::Completion completion = grammar.Complete(gen);
    if (completion.complete) return gen;
    std::vector<std::string> candidates = completion.next;
    while (!(candidates.size() == 1 && candidates[0].empty())) {
      if (candidates.empty()) break;
      const std::string prefix = CommonPrefix(candidates);
      extend(prefix);
      for (std::string& c : candidates) c.erase(0, prefix.size());
      if (std::find(candidates.begin(), candidates.end(), "") != candidates.end()) break;
      std::vector<char> firsts;
      for (const std::string& c : candidates)
        if (std::find(firsts.begin(), firsts.end(), c[0]) == firsts.end()) firsts.push_back(c[0]);
      const char ch = SampleChar(firsts, session.NextLogProbs(), rng);
      extend(std::string(1, ch));
      std::vector<std::string> kept;
      for (const std::string& c : candidates)
        if (c[0] == ch) kept.push_back(c.substr(1));
      candidates = std::move(kept);
    }
  }
  return std::nullopt;
}

std::vector<std::string> SampleNovelConjectures(const kernel::Theory& theory,
                                                model::TransformerEvaluator* lm, int n,
                                                const std::vector<std::string>& known, Rng* rng,
                                                const ConjecturerParams& params) {
  const kernel::ConjectureGrammar grammar(theory);
  const kernel::Context& ctx = theory.base().context();
  std::vector<kernel::Term> seen;
  std::vector<std::string> seen_strings;
  for (const std::string& k : known) {
    try {
      seen.push_back(kernel::Contract(kernel::ParseTerm(k)));
    } catch (const InputError&) {
    }
    seen_strings.push_back(k);
  }
  std::vector<std::string> accepted;
  const int attempts = n * params.max_attempts_per_conjecture;
  for (int a = 0; a < attempts && static_cast<int>(accepted.size()) < n; ++a) {
    const std::optional<std::string> raw = SampleConjecture(grammar, lm, rng, params);
    if (!raw) continue;
    kernel::Term statement;
    try {
      statement = kernel::Contract(kernel::ParseTerm(*raw));
      if (kernel::GetType(statement, ctx) != kernel::Context::PropConstant()) continue;
      theory.RootState(statement);  // every subterm must be well typed
    } catch (const InputError&) {
      continue;
    } catch (const kernel::KernelError&) {
      continue;
    }
    const std::string text = statement.ToString();
    if (std::find(seen_strings.begin(), seen_strings.end(), *raw) != seen_strings.end()) continue;
    if (std::find(seen_strings.begin(), seen_strings.end(), text) != seen_strings.end()) continue;
    bool duplicate = false;
    for (const kernel::Term& s : seen)
      duplicate = duplicate || kernel::AlphaEquivalent(s, statement);
    if (duplicate) continue;
    seen.push_back(statement);
    seen_strings.push_back(text);
    accepted.push_back(text);
  }
  return accepted;
}

}  // namespace lf::learn
