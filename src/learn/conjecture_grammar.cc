#include "learn/conjecture_grammar.h"

#include <algorithm>

namespace lf::learn {

using kernel::Entry;
using kernel::Term;
using kernel::Theory;

ConjectureGrammar::ConjectureGrammar(const Theory& theory) {
  theory.base().context().ForEach([&](const Entry& e) {
    const std::string& name = e.name.name();
    if (name.find('@') != std::string::npos) return;
    const Term& dtype = e.def.dtype;
    if (dtype.IsArrow()) {
      Arrow a;
      a.name = name;
      a.output = dtype.output().ToString();
      for (const Term& in : dtype.inputs()) {
        if (in.IsDeclaration()) {
          a.inputs.emplace_back(in.name(), in.dtype().ToString());
        } else {
          a.inputs.emplace_back("", in.ToString());
        }
      }
      arrows_.push_back(std::move(a));
    } else {
      atoms_.push_back(Atom{e.def.value ? e.def.value.ToString() : name, dtype.ToString()});
    }
  });
}

namespace {

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t pos = s->find(from); pos != std::string::npos; pos = s->find(from, pos + to.size()))
    s->replace(pos, from.size(), to);
}

}  // namespace

// One completion query: a non-deterministic parser over the prefix's tokens.
// Each parse function returns every (position, declarations) it can end at;
// reaching the end of the tokens where a token is required records that token
// as a possible continuation.
class GrammarRun {
 public:
  GrammarRun(const ConjectureGrammar& g, const std::string& prefix) : g_(g), prefix_(prefix) {
    for (size_t i = 0; i < prefix.size();) {
      const char c = prefix[i];
      if (c == ' ' || c == '\t' || c == '\n') {
        ++i;
      } else if (std::string_view("()[]{}:").find(c) != std::string_view::npos) {
        tokens_.push_back({std::string(1, c), i, i + 1});
        ++i;
      } else {
        size_t j = i;
        while (j < prefix.size() &&
               std::string_view(" \t\n()[]{}:").find(prefix[j]) == std::string_view::npos)
          ++j;
        tokens_.push_back({prefix.substr(i, j - i), i, j});
        i = j;
      }
    }
  }

  ConjectureGrammar::Completion Run() {
    ConjectureGrammar::Completion out;
    for (const Cursor& c : Prop(Cursor{0, {}})) out.complete |= (c.pos == tokens_.size());
    for (const std::string& t : expected_) {
      const char last = prefix_.empty() ? '[' : prefix_.back();
      const bool glue = last == '[' || last == '(' || last == ' ' || t[0] == ')' || t[0] == ']' ||
                        t.back() == ' ';
      const std::string spaced = glue ? t : " " + t;
      if (std::find(out.next.begin(), out.next.end(), spaced) == out.next.end())
        out.next.push_back(spaced);
    }
    return out;
  }

 private:
  using Env = std::vector<std::pair<std::string, std::string>>;
  struct Token {
    std::string text;
    size_t begin, end;
  };
  struct Cursor {
    size_t pos;
    Env env;
  };
  using Cursors = std::vector<Cursor>;

  bool AtEnd(const Cursor& c) const { return c.pos >= tokens_.size(); }
  void Expect(const std::string& token) {
    if (std::find(expected_.begin(), expected_.end(), token) == expected_.end())
      expected_.push_back(token);
  }

  // `token` as the next token; `completion` is how it is offered.
  Cursors Literal(const Cursor& c, const std::string& token, const std::string& completion) {
    if (AtEnd(c)) {
      Expect(completion);
      return {};
    }
    if (tokens_[c.pos].text != token) return {};
    return {Cursor{c.pos + 1, c.env}};
  }

  Cursors Prop(const Cursor& c) {
    Cursors out = Value(c, "prop");
    for (Cursor& x : ArrowTerm(c)) out.push_back(std::move(x));
    return out;
  }

  Cursors ArrowTerm(const Cursor& c) {
    Cursors out;
    for (const Cursor& open : Literal(c, "[", "["))
      for (const Cursor& d : Decl(open)) ArrowRest(d, &out);
    return out;
  }

  // After a declaration: " -> " then another declaration or the conclusion and "]".
  void ArrowRest(const Cursor& c, Cursors* out) {
    for (const Cursor& arrow : Literal(c, "->", " -> ")) {
      for (const Cursor& d : Decl(arrow)) ArrowRest(d, out);
      for (const Cursor& v : Value(arrow, "prop"))
        for (Cursor& close : Literal(v, "]", "]")) out->push_back(std::move(close));
    }
  }

  Cursors Decl(const Cursor& c) {
    Cursors out;
    const std::string name = "'a" + std::to_string(c.env.size());
    for (const Cursor& open : Literal(c, "(", "("))
      for (const Cursor& n : Literal(open, name, name))
        for (const Cursor& colon : Literal(n, ":", " : ")) {
          for (const std::string type : {"type", "prop"}) {
            for (const Cursor& v : Value(colon, type)) {
              for (Cursor close : Literal(v, ")", ")")) {
                close.env.emplace_back(name, Text(colon.pos, v.pos));
                out.push_back(std::move(close));
              }
            }
          }
        }
    return out;
  }

  Cursors Value(const Cursor& c, const std::string& type) {
    Cursors out = AtomOf(c, type);
    for (Cursor& x : AppOf(c, type)) out.push_back(std::move(x));
    return out;
  }

  Cursors AtomOf(const Cursor& c, const std::string& type) {
    std::vector<std::string> candidates;
    for (const auto& a : g_.atoms_)
      if (a.type == type) candidates.push_back(a.text);
    for (const auto& [name, t] : c.env)
      if (t == type) candidates.push_back(name);
    if (AtEnd(c)) {
      for (const auto& cand : candidates) Expect(cand);
      return {};
    }
    for (const auto& cand : candidates)
      if (tokens_[c.pos].text == cand) return {Cursor{c.pos + 1, c.env}};
    return {};
  }

  Cursors AppOf(const Cursor& c, const std::string& type) {
    std::vector<const ConjectureGrammar::Arrow*> heads;
    for (const auto& a : g_.arrows_)
      if (a.output == type) heads.push_back(&a);
    if (heads.empty()) return {};
    Cursors out;
    for (const Cursor& open : Literal(c, "(", "(")) {
      if (AtEnd(open)) {
        for (const auto* h : heads) Expect(h->name);
        continue;
      }
      for (const auto* h : heads) {
        if (tokens_[open.pos].text != h->name) continue;
        for (const Cursor& args : Args(Cursor{open.pos + 1, open.env}, *h, 0, h->inputs))
          for (Cursor& close : Literal(args, ")", ")")) out.push_back(std::move(close));
      }
    }
    return out;
  }

  Cursors Args(const Cursor& c, const ConjectureGrammar::Arrow& f, size_t i,
               std::vector<std::pair<std::string, std::string>> inputs) {
    if (i == inputs.size()) return {c};
    Cursors out;
    for (const Cursor& v : Value(c, inputs[i].second)) {
      auto next = inputs;
      if (!inputs[i].first.empty()) {
        const std::string printed = Text(c.pos, v.pos);
        for (size_t j = i + 1; j < next.size(); ++j)
          ReplaceAll(&next[j].second, inputs[i].first, printed);
      }
      for (Cursor& x : Args(v, f, i + 1, next)) out.push_back(std::move(x));
    }
    return out;
  }

  // The prefix text of tokens [from, to).
  std::string Text(size_t from, size_t to) const {
    if (from >= to) return "";
    return prefix_.substr(tokens_[from].begin, tokens_[to - 1].end - tokens_[from].begin);
  }

  const ConjectureGrammar& g_;
  const std::string& prefix_;
  std::vector<Token> tokens_;
  std::vector<std::string> expected_;
};

ConjectureGrammar::Completion ConjectureGrammar::Complete(const std::string& prefix) const {
  return GrammarRun(*this, prefix).Run();
}

}  // namespace lf::learn
