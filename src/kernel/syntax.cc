#include "kernel/syntax.h"

#include <cstring>
#include <map>

namespace lf::kernel {
namespace {

bool IsAtomChar(char c) {
  // strchr finds the terminating '\0' too: without the first test a NUL byte
  // was a name character ("fo\0o : nat." declared a name with a NUL in it).
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c != '\0' && std::strchr("'_-+/*=!$^><", c) != nullptr);
}

// Recursive descent over the text; every error names the position it was found at.
class Parser {
 public:
  Parser(const std::string& text, std::string file) : text_(text), file_(std::move(file)) {}

  std::vector<SourceItem> File() {
    std::vector<SourceItem> items;
    SkipSpace();
    while (!AtEnd()) {
      items.push_back(Item());
      SkipSpace();
    }
    return items;
  }

  Term WholeTerm() {
    SkipSpace();
    Term t = ParseTermAny();
    SkipSpace();
    if (!AtEnd()) Fail("unexpected text after the term");
    return t;
  }

 private:
  static constexpr int kMaxDepth = 500;  // nesting limit: deep garbage must not overflow the stack

  [[noreturn]] void Fail(const std::string& message) const { throw InputError(Here(), message); }

  SourceLocation Here() const { return LocationAt(pos_); }

  SourceLocation LocationAt(size_t pos) const { return LocationInText(text_, pos, file_); }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  void SkipSpace() {
    while (!AtEnd()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        const size_t start = pos_;
        const size_t end = text_.find("*/", pos_ + 2);
        if (end == std::string::npos) {
          pos_ = start;
          Fail("unterminated comment");
        }
        pos_ = end + 2;
      } else {
        return;
      }
    }
  }

  void Expect(char c, const char* context) {
    SkipSpace();
    if (Peek() != c) {
      std::string got = AtEnd() ? "end of input" : std::string("'") + Peek() + "'";
      Fail(std::string("expected '") + c + "' " + context + ", found " + got);
    }
    ++pos_;
  }

  bool PeekAtom() {
    SkipSpace();
    return !AtEnd() && IsAtomChar(Peek());
  }

  std::string Atom(const char* what) {
    SkipSpace();
    const size_t start = pos_;
    while (!AtEnd() && IsAtomChar(text_[pos_])) ++pos_;
    if (start == pos_) {
      if (AtEnd()) Fail(std::string("expected ") + what + ", found end of input");
      const unsigned char c = static_cast<unsigned char>(Peek());
      if (c < 32 || c >= 127) Fail(std::string("expected ") + what + ", found byte 0x" + Hex(c));
      Fail(std::string("expected ") + what + ", found '" + Peek() + "'");
    }
    return text_.substr(start, pos_ - start);
  }

  static std::string Hex(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return std::string{digits[c >> 4], digits[c & 15]};
  }

  // The atom starting here, without consuming it.
  std::string PeekWord() {
    SkipSpace();
    size_t end = pos_;
    while (end < text_.size() && IsAtomChar(text_[end])) ++end;
    return text_.substr(pos_, end - pos_);
  }

  // Next non-space character after the atom starting here.
  char PeekAfterWord() {
    SkipSpace();
    const size_t saved = pos_;
    while (!AtEnd() && IsAtomChar(text_[pos_])) ++pos_;
    SkipSpace();
    const char c = Peek();
    pos_ = saved;
    return c;
  }

  void ExpectWord(const char* word) {
    const std::string w = Atom((std::string("'") + word + "'").c_str());
    if (w != word) {
      pos_ -= w.size();
      Fail(std::string("expected '") + word + "', found '" + w + "'");
    }
  }

  // --- terms -------------------------------------------------------------

  struct DepthGuard {
    explicit DepthGuard(Parser* p) : parser(p) {
      if (++parser->depth_ > kMaxDepth) parser->Fail("terms nested too deeply");
    }
    ~DepthGuard() { --parser->depth_; }
    Parser* parser;
  };

  Term MakeAtom(const std::string& name) {
    auto it = bound_.find(name);
    if (it != bound_.end() && it->second > 0) return Term::Atom("'" + name);
    return Term::Atom(name);
  }

  // term ::= lambda | application | atom | arrow
  Term ParseTermAny() { return ParseTermImpl(/*allow_lambda=*/true); }
  // type ::= application | atom | arrow
  Term ParseType() { return ParseTermImpl(/*allow_lambda=*/false); }

  Term ParseTermImpl(bool allow_lambda) {
    DepthGuard guard(this);
    SkipSpace();
    const char c = Peek();
    if (c == '(') {
      if (allow_lambda && LooksLikeLambda()) return ParseLambda();
      return ParseApplication();
    }
    if (c == '[') return ParseArrow();
    if (AtEnd() || IsAtomChar(c)) return MakeAtom(Atom("a term"));
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 32 || u >= 127) Fail("expected a term, found byte 0x" + Hex(u));
    Fail(std::string("expected a term, found '") + c + "'");
  }

  bool LooksLikeLambda() {
    const size_t saved = pos_;
    ++pos_;  // '('
    SkipSpace();
    bool yes = false;
    if (text_.compare(pos_, 6, "lambda") == 0) {
      pos_ += 6;
      SkipSpace();
      yes = Peek() == '(';
    }
    pos_ = saved;
    return yes;
  }

  Term ParseApplication() {
    Expect('(', "to open an application");
    Term f = ParseTermAny();
    std::vector<Term> args;
    SkipSpace();
    while (Peek() != ')') {
      if (AtEnd()) Fail("unbalanced '(': expected ')' before end of input");
      args.push_back(ParseTermAny());
      SkipSpace();
    }
    if (args.empty()) Fail("an application needs at least one argument");
    ++pos_;
    return Term::Application(f, std::move(args));
  }

  // A declaration "[let|axiom] NAME : type", returned as a Declaration term
  // (its name still as written; binders are renamed by the caller).
  Term ParseDeclaration() {
    std::string name = Atom("a name");
    if ((name == "let" || name == "axiom") && PeekAtom()) name = Atom("a name");
    Expect(':', "after the declared name");
    Term dtype = ParseType();
    Term atom = MakeAtom(name);
    return Term::Declaration(atom.name(), dtype);
  }

  // Renames an unquoted binder to 'name and opens its scope.
  Term Bind(const Term& decl, std::vector<std::string>* opened) {
    if (IsParameterName(decl.name())) return decl;
    opened->push_back(decl.name());
    ++bound_[decl.name()];
    return Term::Declaration("'" + decl.name(), decl.dtype());
  }

  void CloseScopes(const std::vector<std::string>& opened) {
    for (const auto& n : opened) --bound_[n];
  }

  Term ParseLambda() {
    Expect('(', "to open a lambda");
    ExpectWord("lambda");
    Expect('(', "to open the lambda's parameters");
    std::vector<Term> params;
    std::vector<std::string> opened;
    while (true) {
      params.push_back(Bind(ParseDeclaration(), &opened));
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      break;
    }
    Expect(')', "to close the lambda's parameters");
    Term body = ParseTermAny();
    Expect(')', "to close the lambda");
    CloseScopes(opened);
    return Term::Lambda(std::move(params), body);
  }

  // "(" NAME ":" — an arrow input that is a declaration.
  bool LooksLikeDeclaration() {
    const size_t saved = pos_;
    ++pos_;
    SkipSpace();
    size_t start = pos_;
    while (!AtEnd() && IsAtomChar(text_[pos_])) ++pos_;
    std::string word = text_.substr(start, pos_ - start);
    SkipSpace();
    if ((word == "let" || word == "axiom") && !AtEnd() && IsAtomChar(Peek())) {
      while (!AtEnd() && IsAtomChar(text_[pos_])) ++pos_;
      SkipSpace();
    }
    const bool yes = !word.empty() && Peek() == ':';
    pos_ = saved;
    return yes;
  }

  Term ParseArrow() {
    Expect('[', "to open an arrow");
    std::vector<Term> inputs;
    std::vector<std::string> opened;
    while (true) {
      SkipSpace();
      Term item;
      if (Peek() == '(' && LooksLikeDeclaration()) {
        ++pos_;
        item = Bind(ParseDeclaration(), &opened);
        Expect(')', "to close the declaration");
      } else {
        item = ParseType();
      }
      SkipSpace();
      if (text_.compare(pos_, 2, "->") == 0) {
        pos_ += 2;
        inputs.push_back(item);
        continue;
      }
      if (Peek() == ']') {
        if (inputs.empty()) Fail("an arrow needs at least one '->'");
        if (item.IsDeclaration()) Fail("an arrow's output cannot be a declaration");
        ++pos_;
        CloseScopes(opened);
        return Term::Arrow(std::move(inputs), item);
      }
      if (AtEnd()) Fail("unbalanced '[': expected ']' before end of input");
      Fail(std::string("expected '->' or ']' in an arrow, found '") + Peek() + "'");
    }
  }

  // --- items ---------------------------------------------------------------

  void ExpectPeriod(const char* what) { Expect('.', what); }

  SourceItem Item() {
    SkipSpace();
    SourceItem item;
    item.where = Here();
    if (Peek() == '#') {
      ++pos_;
      return Annotation(item);
    }
    const std::string word = PeekWord();
    if (word.empty()) {
      const unsigned char c = static_cast<unsigned char>(Peek());
      if (c < 32 || c >= 127) Fail("expected a declaration, found byte 0x" + Hex(c));
      Fail(std::string("expected a declaration, found '") + Peek() + "'");
    }
    const char after = PeekAfterWord();
    if (word == "import" && after == '"') {
      Atom("import");
      SkipSpace();
      ++pos_;
      const size_t end = text_.find('"', pos_);
      if (end == std::string::npos) Fail("unterminated string");
      item.kind = SourceItem::Kind::kImport;
      item.import_path = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      ExpectPeriod("after import");
      return item;
    }
    if (after == ':' || ((word == "let" || word == "axiom") && after != ':')) {
      item.kind = SourceItem::Kind::kDefinition;
      item.definition = Definition(item.where);
      return item;
    }
    if (word == "assume") {
      item.kind = SourceItem::Kind::kDefinition;
      item.definition = Assume(item.where);
      return item;
    }
    if (word == "theorem" || word == "lemma" || word == "corollary") {
      item.kind = SourceItem::Kind::kProof;
      item.proof = Proof(item.where, /*has_statement=*/true);
      return item;
    }
    if (word == "verify" || word == "example" || word == "test") {
      item.kind = SourceItem::Kind::kProof;
      item.proof = Proof(item.where, /*has_statement=*/false);
      return item;
    }
    if (word == "using") {
      Using();
      return Item();
    }
    Fail("expected a declaration 'NAME : TYPE.', found '" + word + "'");
  }

  DefinitionItem Definition(const SourceLocation& where) {
    DefinitionItem d;
    d.where = where;
    std::string name = Atom("a name");
    if ((name == "let" || name == "axiom") && PeekAtom()) name = Atom("a name");
    d.name = name;
    Expect(':', "after the declared name");
    d.dtype = ParseType();
    SkipSpace();
    if (Peek() == '=') {
      ++pos_;
      d.value = ParseTermAny();
    }
    ExpectPeriod("to end the declaration");
    return d;
  }

  DefinitionItem Assume(const SourceLocation& where) {
    const size_t start = pos_;
    Atom("assume");
    DefinitionItem d;
    d.where = where;
    d.name = "__pobj" + std::to_string(start);
    d.dtype = ParseType();
    ExpectPeriod("to end the assumption");
    return d;
  }

  SourceItem Annotation(SourceItem item) {
    const std::string kind = Atom("'forward' or 'backward'");
    if (kind == "forward") {
      item.kind = SourceItem::Kind::kForward;
      item.forward.arrow = Atom("an arrow name");
      SkipSpace();
      while (Peek() == '(') {
        ++pos_;
        Term pattern = ParseType();
        Expect(':', "in a forward precondition");
        Term dtype = ParseType();
        Expect(')', "to close the precondition");
        item.forward.preconditions.push_back(Term::PatternDeclaration(pattern, dtype));
        SkipSpace();
      }
    } else if (kind == "backward") {
      item.kind = SourceItem::Kind::kBackward;
      item.backward.arrow = Atom("an arrow name");
      while (PeekAtom()) {
        const std::string w = PeekWord();
        if (w == "infer") {
          item.backward.must_infer.push_back(true);
        } else if (w == "subgoal") {
          item.backward.must_infer.push_back(false);
        } else {
          Fail("expected 'infer', 'subgoal' or '.', found '" + w + "'");
        }
        Atom("infer");
      }
    } else {
      pos_ -= kind.size();
      Fail("unknown annotation '#" + kind + "' (expected #forward or #backward)");
    }
    ExpectPeriod("to end the annotation");
    return item;
  }

  void Using() {
    Atom("using");
    Atom("a name");
    SkipSpace();
    while (Peek() == ',') {
      ++pos_;
      Atom("a name");
      SkipSpace();
    }
    ExpectPeriod("to end 'using'");
  }

  ProofItem Proof(const SourceLocation& where, bool has_statement) {
    ProofItem p;
    p.where = where;
    Atom("a keyword");
    p.name = Atom("a theorem name");
    if (has_statement) {
      Expect(':', "after the theorem name");
      p.statement = ParseType();
    }
    Expect('{', "to open the proof");
    p.actions = Actions(/*verify=*/!has_statement);
    return p;
  }

  // Actions up to and including the closing '}'.
  std::vector<ScriptAction> Actions(bool verify) {
    DepthGuard guard(this);
    std::vector<ScriptAction> actions;
    while (true) {
      SkipSpace();
      if (AtEnd()) Fail("unbalanced '{': expected '}' before end of input");
      if (Peek() == '}') {
        ++pos_;
        return actions;
      }
      ScriptAction a;
      a.where = Here();
      const std::string word = PeekWord();
      if (verify && PeekAfterWord() == ':') {
        DefinitionItem d = Definition(a.where);
        a.kind = ScriptAction::Kind::kDefinition;
        a.name = d.name;
        a.type = d.dtype;
        a.value = d.value;
      } else if (word == "apply" && !verify) {
        Atom("apply");
        a.kind = ScriptAction::Kind::kApply;
        a.name = Atom("an arrow name");
        ExpectPeriod("after 'apply NAME'");
      } else if (word == "construct") {
        Atom("construct");
        a.kind = ScriptAction::Kind::kConstruct;
        a.name = Atom("a name");
        Expect(':', "after the constructed name");
        a.type = ParseType();
        Expect('=', "before the constructed value");
        a.value = ParseTermAny();
        ExpectWord("by");
        a.arrow = Atom("an arrow name");
        ExpectPeriod("to end 'construct'");
      } else if (word == "show") {
        Atom("show");
        a.kind = ScriptAction::Kind::kConstruct;
        a.type = ParseType();
        ExpectWord("by");
        a.arrow = Atom("an arrow name");
        ExpectPeriod("to end 'show'");
      } else if (word == "intro" && !verify) {
        Atom("intro");
        a.kind = ScriptAction::Kind::kIntro;
        a.name = Atom("a name");
        Expect(':', "after the introduced name");
        a.type = ParseType();
        ExpectPeriod("to end 'intro'");
      } else if (word == "current" && !verify) {
        Atom("current");
        ExpectWord("goal");
        a.kind = ScriptAction::Kind::kCheckGoal;
        Expect(':', "after 'current goal'");
        a.type = ParseTermAny();
        ExpectPeriod("to end 'current goal'");
      } else if ((word == "goal" || word == "have") && !verify) {
        Atom("goal");
        a.kind = word == "goal" ? ScriptAction::Kind::kProveGoal : ScriptAction::Kind::kHave;
        a.type = ParseTermAny();
        Expect('{', "to open the block");
        a.body = Actions(false);
      } else if (word == "halt" && !verify) {
        Atom("halt");
        a.kind = ScriptAction::Kind::kHalt;
        ExpectPeriod("after 'halt'");
      } else if (word == "using" && !verify) {
        Using();
        continue;
      } else {
        if (word.empty()) {
          const unsigned char c = static_cast<unsigned char>(Peek());
          if (c < 32 || c >= 127) Fail("expected a proof step, found byte 0x" + Hex(c));
          Fail(std::string("expected a proof step, found '") + Peek() + "'");
        }
        Fail("unknown proof step '" + word + "'");
      }
      actions.push_back(std::move(a));
    }
  }

  const std::string& text_;
  std::string file_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::map<std::string, int> bound_;
};

}  // namespace

std::vector<SourceItem> ParseFile(const std::string& text, const std::string& file_name) {
  Parser parser(text, file_name);
  return parser.File();
}

Term ParseTerm(const std::string& text, const std::string& what) {
  Parser parser(text, what);
  return parser.WholeTerm();
}

}  // namespace lf::kernel
