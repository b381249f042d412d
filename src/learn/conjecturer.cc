#include "learn/conjecturer.h"

#include <algorithm>
#include <cmath>

#include "kernel/kernel_error.h"
#include "kernel/typing.h"
#include "model/transformer_evaluator.h"

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

std::optional<std::string> SampleConjecture(const ConjectureGrammar& grammar,
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
    const ConjectureGrammar::Completion completion = grammar.Complete(gen);
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

NoveltyFilter::NoveltyFilter(const kernel::Theory& theory, const std::vector<std::string>& known)
    : theory_(theory) {
  for (const std::string& k : known) {
    try {
      seen_.push_back(kernel::Contract(kernel::ParseTerm(k)));
    } catch (const InputError&) {
    }
    seen_strings_.push_back(k);
  }
}

std::optional<std::string> NoveltyFilter::Accept(const std::string& candidate) {
  kernel::Term statement;
  try {
    statement = kernel::Contract(kernel::ParseTerm(candidate));
    const kernel::Context& ctx = theory_.base().context();
    if (kernel::GetType(statement, ctx) != kernel::Context::PropConstant()) return std::nullopt;
    theory_.RootState(statement);  // every subterm must be well typed
  } catch (const InputError&) {
    return std::nullopt;
  } catch (const kernel::KernelError&) {  // boundary 5 of kernel/kernel_error.h
    return std::nullopt;
  }
  std::string text = statement.ToString();
  for (const std::string* s : {&candidate, static_cast<const std::string*>(&text)}) {
    if (std::find(seen_strings_.begin(), seen_strings_.end(), *s) != seen_strings_.end())
      return std::nullopt;
  }
  for (const kernel::Term& s : seen_)
    if (kernel::AlphaEquivalent(s, statement)) return std::nullopt;
  seen_.push_back(statement);
  seen_strings_.push_back(text);
  return text;
}

bool NoveltyFilter::Seen(const std::string& statement) const {
  if (std::find(seen_strings_.begin(), seen_strings_.end(), statement) != seen_strings_.end())
    return true;
  kernel::Term term;
  try {
    term = kernel::Contract(kernel::ParseTerm(statement));
  } catch (const InputError&) {
    return false;
  }
  return std::any_of(seen_.begin(), seen_.end(),
                     [&](const kernel::Term& s) { return kernel::AlphaEquivalent(s, term); });
}

std::vector<std::string> SampleNovelConjectures(const kernel::Theory& theory,
                                                model::TransformerEvaluator* lm, int n,
                                                const std::vector<std::string>& known, Rng* rng,
                                                const ConjecturerParams& params,
                                                const std::function<bool(const std::string&)>& keep,
                                                std::vector<std::string>* rejected) {
  const ConjectureGrammar grammar(theory);
  NoveltyFilter filter(theory, known);
  std::vector<std::string> accepted;
  const int attempts = n * params.max_attempts_per_conjecture;
  for (int a = 0; a < attempts && static_cast<int>(accepted.size()) < n; ++a) {
    const std::optional<std::string> raw = SampleConjecture(grammar, lm, rng, params);
    if (!raw) continue;
    std::optional<std::string> text = filter.Accept(*raw);
    if (!text) continue;
    if (!keep || keep(*text)) {
      accepted.push_back(std::move(*text));
    } else if (rejected != nullptr) {
      rejected->push_back(std::move(*text));
    }
  }
  return accepted;
}

}  // namespace lf::learn
