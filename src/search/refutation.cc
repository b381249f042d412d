#include "search/refutation.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>

#include "core/check.h"
#include "kernel/syntax.h"

namespace lf::search {
namespace {

using kernel::Term;

// Sorts of values. A nat or group value is a uint64_t: the number for nat, the
// element's index for a group (0 is the identity in every group). A prop value
// is a STRUCTURE (see Token), not a truth value: Machine::Truth decides it,
// Machine::Serialize spells it out where two of them are compared by `=`.
enum class Sort : uint8_t { kProp, kNat, kGroup };

// A prop value spelled out in prefix order: a tag, then its operands (nat and
// group values as themselves, props recursively). Each tag fixes what follows,
// so two spellings are equal exactly when the structures are.
enum Token : uint64_t {
  kTokAtom,         // then the atom's index (kAtomLabels)
  kTokFalse,        // the symbol `false`
  kTokNot,          // then P (an opaque `not`; a defined one unfolds to Imp)
  kTokAnd,          // then P, Q
  kTokOr,           // then P, Q
  kTokIff,          // then P, Q
  kTokImp,          // then P, Q: the non-dependent arrow [P -> Q]
  kTokEqNat,        // then a, b: two numbers
  kTokEqGroup,      // then a, b: two group elements
  kTokEqProp,       // then P, Q
  kTokForallGroup,  // then the body at each element of the group, in order
};

// The values a prop variable ranges over: opaque atoms, distinct from each
// other and from every other structure. Truth of atom k is k & 1. A variable
// that only occurs in truth positions ranges over the first two (its truth is
// all that matters there); one that occurs inside an `=` ranges over all four,
// so that two different propositions of the same truth exist ("'a1 = false'").
constexpr const char* kAtomLabels[] = {"false", "true", "false'", "true'"};
constexpr uint8_t kTruthAtoms = 2;
constexpr uint8_t kStructuralAtoms = 4;

enum class Op : uint8_t {
  kConst,
  kVariable,
  kSucc,
  kAdd,
  kMul,
  kGroupOp,
  kGroupInv,
  kNot,
  kAnd,
  kOr,
  kIff,
  kImplies,
  kEqual,
  kForall,
};

// An interpreted symbol: the type the theory must declare it with, its meaning.
struct TableEntry {
  const char* name;
  const char* dtype;
  Op op;
  int arity;
  Sort argument;  // the sort of every argument
  Sort result;
};

constexpr TableEntry kSymbolTable[] = {
    {"z", "nat", Op::kConst, 0, Sort::kNat, Sort::kNat},
    {"s", "[nat -> nat]", Op::kSucc, 1, Sort::kNat, Sort::kNat},
    {"+", "[nat -> nat -> nat]", Op::kAdd, 2, Sort::kNat, Sort::kNat},
    {"*", "[nat -> nat -> nat]", Op::kMul, 2, Sort::kNat, Sort::kNat},
    {"false", "prop", Op::kConst, 0, Sort::kProp, Sort::kProp},
    {"not", "[prop -> prop]", Op::kNot, 1, Sort::kProp, Sort::kProp},
    {"and", "[prop -> prop -> prop]", Op::kAnd, 2, Sort::kProp, Sort::kProp},
    {"or", "[prop -> prop -> prop]", Op::kOr, 2, Sort::kProp, Sort::kProp},
    {"iff", "[prop -> prop -> prop]", Op::kIff, 2, Sort::kProp, Sort::kProp},
    {"id", "G", Op::kConst, 0, Sort::kGroup, Sort::kGroup},
    {"op", "[G -> G -> G]", Op::kGroupOp, 2, Sort::kGroup, Sort::kGroup},
    {"inv", "[G -> G]", Op::kGroupInv, 1, Sort::kGroup, Sort::kGroup},
};

// Carrier types a theory may declare (`nat : type.`); prop is built in.
struct CarrierEntry {
  const char* name;
  Sort sort;
};
constexpr CarrierEntry kCarriers[] = {{"nat", Sort::kNat}, {"G", Sort::kGroup}};

constexpr char kEqualityType[] = "[('t : type) -> 't -> 't -> prop]";
// The one axiom accepted without evaluation: it holds in the naturals.
constexpr char kNatInduction[] =
    "[('p : [nat -> prop]) -> ('p z) -> [('n : nat) -> ('p 'n) -> ('p (s 'n))] -> "
    "[('n : nat) -> ('p 'n)]]";

// Bounds the tree a statement compiles to once definitions are unfolded.
constexpr size_t kMaxNodes = 1 << 16;

struct Group {
  std::string name;
  uint64_t order = 0;
  std::vector<uint8_t> table;  // table[a * order + b] = (op a b)
  std::vector<uint8_t> inverse;
  std::vector<std::string> labels;
};

// Z1, Z2, Z3, Z4, Z2xZ2: every abelian group of order <= 4.
std::vector<Group> SmallAbelianGroups() {
  std::vector<Group> groups;
  for (uint64_t n = 1; n <= 4; ++n) {
    Group g;
    g.name = "Z" + std::to_string(n);
    g.order = n;
    for (uint64_t a = 0; a < n; ++a) {
      for (uint64_t b = 0; b < n; ++b) g.table.push_back(static_cast<uint8_t>((a + b) % n));
      g.inverse.push_back(static_cast<uint8_t>((n - a) % n));
      g.labels.push_back(std::to_string(a));
    }
    groups.push_back(std::move(g));
  }
  Group klein;  // element 2x + y is (x,y); the operation is bitwise xor
  klein.name = "Z2xZ2";
  klein.order = 4;
  for (uint64_t a = 0; a < 4; ++a) {
    for (uint64_t b = 0; b < 4; ++b) klein.table.push_back(static_cast<uint8_t>(a ^ b));
    klein.inverse.push_back(static_cast<uint8_t>(a));
    klein.labels.push_back("(" + std::to_string(a >> 1) + "," + std::to_string(a & 1) + ")");
  }
  groups.push_back(std::move(klein));
  return groups;
}

// A finite "lasso" model of nat: 0..size-1 with s(x) = x + 1, except that
// s(size - 1) = loop, and + and * given by their defining recursions (x + 0 = x,
// x + s(y) = s(x + y); x * 0 = 0, x * s(y) = x + x * y) along 0, s(0), ...
// Every element is reachable from 0, so nat_ind holds; whether +_s and *_s
// hold at the wrap-around is checked with the theory's other axioms.
struct NatModel {
  std::string name;
  uint64_t size = 0;
  std::vector<uint8_t> succ, add, mul;  // add[x * size + y] = (+ x y)
};

// Bounds the lassos' size: their tables hold uint8_t values, and the models
// (n * (n + 1) / 2 of them) multiply the cost of every check.
constexpr uint64_t kMaxLassoSize = 8;

// Every lasso model with at most max_size elements, smallest first.
std::vector<NatModel> LassoNatModels(uint64_t max_size) {
  LF_CHECK_LE(max_size, kMaxLassoSize);
  std::vector<NatModel> models;
  for (uint64_t n = 1; n <= max_size; ++n) {
    for (uint64_t loop = 0; loop < n; ++loop) {
      NatModel m;
      m.name = "0.." + std::to_string(n - 1) + " with s " + std::to_string(n - 1) + " = " +
               std::to_string(loop);
      m.size = n;
      for (uint64_t x = 0; x < n; ++x)
        m.succ.push_back(static_cast<uint8_t>(x + 1 < n ? x + 1 : loop));
      m.add.resize(n * n);
      m.mul.resize(n * n);
      for (uint64_t x = 0; x < n; ++x) {
        m.add[x * n] = static_cast<uint8_t>(x);
        m.mul[x * n] = 0;
        for (uint64_t y = 1; y < n; ++y) {  // y = s(y - 1) below the wrap-around
          m.add[x * n + y] = m.succ[m.add[x * n + y - 1]];
          m.mul[x * n + y] = m.add[x * n + m.mul[x * n + y - 1]];
        }
      }
      models.push_back(std::move(m));
    }
  }
  return models;
}

// Thrown while compiling or evaluating when the model cannot decide; becomes
// kUnknown with this reason.
struct Unsupported {
  std::string reason;
};

struct Symbol {
  enum class Kind { kTable, kCarrier, kEquality, kDefinition };
  Kind kind = Kind::kTable;
  const TableEntry* entry = nullptr;  // kTable
  Sort carrier = Sort::kProp;         // kCarrier
  Term value;                         // kDefinition
};

using SymbolTable = std::unordered_map<std::string, Symbol>;

struct Node {
  Op op = Op::kConst;
  Sort sort = Sort::kProp;   // sort of the node's value
  Sort bound = Sort::kProp;  // kForall: sort of the bound variable; kEqual: of the sides
  uint8_t atoms = 0;         // kForall over prop: how many atoms the variable ranges over
  int a = -1;                // first operand; kForall: the body
  int b = -1;
  int slot = -1;  // kVariable, kForall
};

// A statement compiled against the symbol table; model independent.
struct Program {
  std::vector<Node> nodes;
  int root = -1;
  std::vector<std::string> slot_names;
  std::vector<Sort> slot_sorts;
  bool uses_group = false;
  bool uses_nat = false;
  // A prop quantifier whose variable occurs inside an `=`: its atoms are a
  // sample of the propositions, not all of them (see Compiler::Arrow).
  bool samples_prop = false;
};

// Which way truth flows from a subformula to the statement. Only matters for
// the quantifiers that sample an infinite domain: over nat (a prefix) and over
// a prop variable that occurs inside an `=` (four atoms).
enum class Polarity { kPositive, kNegative, kMixed };

Polarity Flip(Polarity p) {
  switch (p) {
    case Polarity::kPositive:
      return Polarity::kNegative;
    case Polarity::kNegative:
      return Polarity::kPositive;
    case Polarity::kMixed:
      return Polarity::kMixed;
  }
  return Polarity::kMixed;
}

// What a parameter name stands for while compiling: a quantified variable, a
// lambda argument (a term compiled where it is used, in the environment it was
// written in: substitution without capture), or a proof of a hypothesis.
struct Binding {
  enum class Kind { kVariable, kAlias, kProof };
  std::string name;
  Kind kind = Kind::kVariable;
  int slot = -1;
  Sort sort = Sort::kProp;
  Term term;
  const Binding* term_env = nullptr;
  const Binding* next = nullptr;
};

class Compiler {
 public:
  explicit Compiler(const SymbolTable& symbols) : symbols_(symbols) {}

  Program Compile(const Term& statement) {
    program_.root = Formula(statement, nullptr, Polarity::kPositive);
    return std::move(program_);
  }

 private:
  struct Typed {
    int node;
    Sort sort;
  };

  static const Binding* Find(const std::string& name, const Binding* env) {
    for (; env != nullptr; env = env->next)
      if (env->name == name) return env;
    return nullptr;
  }

  const Symbol* Lookup(const std::string& name) const {
    const auto it = symbols_.find(name);
    return it == symbols_.end() ? nullptr : &it->second;
  }

  const Binding* Bind(Binding b) {
    bindings_.push_back(std::move(b));  // a deque keeps earlier addresses valid
    return &bindings_.back();
  }

  int Add(const Node& n) {
    if (program_.nodes.size() >= kMaxNodes)
      throw Unsupported{"the statement is too large once definitions are unfolded"};
    if (n.sort == Sort::kGroup || (n.op == Op::kForall && n.bound == Sort::kGroup))
      program_.uses_group = true;
    if (n.sort == Sort::kNat || (n.op == Op::kForall && n.bound == Sort::kNat))
      program_.uses_nat = true;
    program_.nodes.push_back(n);
    return static_cast<int>(program_.nodes.size()) - 1;
  }

  int Formula(const Term& t, const Binding* env, Polarity pol) {
    const Typed v = Value(t, env, pol);
    if (v.sort != Sort::kProp) throw Unsupported{t.ToString() + " is not a proposition"};
    return v.node;
  }

  Typed Value(const Term& t, const Binding* env, Polarity pol) {
    switch (t.kind()) {
      case kernel::TermKind::kAtom:
        return Atom(t, env, pol);
      case kernel::TermKind::kApplication:
        return Apply(t.function(), env, t.arguments(), env, pol);
      case kernel::TermKind::kArrow:
        return {Arrow(t, 0, env, pol), Sort::kProp};
      case kernel::TermKind::kLambda:
        throw Unsupported{"a lambda used as a value"};
      case kernel::TermKind::kDeclaration:
      case kernel::TermKind::kPatternDeclaration:
        throw Unsupported{"a declaration used as a value"};
    }
    throw Unsupported{"unknown term kind"};
  }

  Typed Atom(const Term& t, const Binding* env, Polarity pol) {
    const std::string& name = t.name();
    if (const Binding* b = Find(name, env)) {
      switch (b->kind) {
        case Binding::Kind::kVariable: {
          // A prop variable inside an `=` is seen as a structure, not a truth.
          if (b->sort == Sort::kProp && eq_depth_ > 0) structural_[b->slot] = true;
          Node n;
          n.op = Op::kVariable;
          n.sort = b->sort;
          n.slot = b->slot;
          return {Add(n), b->sort};
        }
        case Binding::Kind::kAlias:
          return Value(b->term, b->term_env, pol);
        case Binding::Kind::kProof:
          throw Unsupported{"the proof " + name + " is used as a value"};
      }
    }
    if (t.IsParameter()) throw Unsupported{"free parameter " + name};
    if (name == "type" || name == "prop")
      throw Unsupported{"the type " + name + " used as a value"};
    const Symbol* symbol = Lookup(name);
    if (symbol == nullptr) throw Unsupported{"uninterpreted symbol '" + name + "'"};
    switch (symbol->kind) {
      case Symbol::Kind::kTable: {
        if (symbol->entry->arity != 0) throw Unsupported{"'" + name + "' without arguments"};
        Node n;
        n.op = Op::kConst;
        n.sort = symbol->entry->result;
        return {Add(n), n.sort};
      }
      case Symbol::Kind::kDefinition:
        return Value(symbol->value, nullptr, pol);
      case Symbol::Kind::kCarrier:
      case Symbol::Kind::kEquality:
        throw Unsupported{"'" + name + "' used as a value"};
    }
    throw Unsupported{"unknown symbol kind"};
  }

  // (head args...), where head and args may come from different environments
  // (the head of a lambda argument that is itself applied).
  Typed Apply(const Term& head, const Binding* head_env, std::span<const Term> args,
              const Binding* args_env, Polarity pol) {
    if (head.IsLambda()) return Beta(head, head_env, args, args_env, pol);
    if (head.IsApplication() && head_env == args_env) {
      // ((f a) b) evaluates to (f a b) in the kernel.
      std::vector<Term> all(head.arguments().begin(), head.arguments().end());
      all.insert(all.end(), args.begin(), args.end());
      return Apply(head.function(), head_env, all, args_env, pol);
    }
    if (!head.IsAtom()) throw Unsupported{"application of " + head.ToString()};
    const std::string& name = head.name();
    if (const Binding* b = Find(name, head_env)) {
      if (b->kind == Binding::Kind::kAlias) return Apply(b->term, b->term_env, args, args_env, pol);
      throw Unsupported{"the variable " + name + " is applied"};
    }
    if (head.IsParameter()) throw Unsupported{"free parameter " + name};
    const Symbol* symbol = Lookup(name);
    if (symbol == nullptr) throw Unsupported{"uninterpreted symbol '" + name + "'"};
    switch (symbol->kind) {
      case Symbol::Kind::kEquality:
        return Equality(args, args_env);
      case Symbol::Kind::kTable:
        return TableApply(*symbol->entry, args, args_env, pol);
      case Symbol::Kind::kDefinition:
        return Apply(symbol->value, nullptr, args, args_env, pol);
      case Symbol::Kind::kCarrier:
        throw Unsupported{"the type '" + name + "' is applied"};
    }
    throw Unsupported{"unknown symbol kind"};
  }

  Typed Beta(const Term& lambda, const Binding* lambda_env, std::span<const Term> args,
             const Binding* args_env, Polarity pol) {
    const auto params = lambda.parameters();
    if (params.size() != args.size())
      throw Unsupported{"a lambda of " + std::to_string(params.size()) + " parameters applied to " +
                        std::to_string(args.size()) + " arguments"};
    const Binding* env = lambda_env;
    for (size_t i = 0; i < params.size(); ++i) {
      if (!params[i].IsDeclaration()) throw Unsupported{"a lambda parameter that is not a name"};
      Binding b;
      b.name = params[i].name();
      b.kind = Binding::Kind::kAlias;
      b.term = args[i];
      b.term_env = args_env;
      b.next = env;
      env = Bind(std::move(b));
    }
    return Value(lambda.body(), env, pol);
  }

  // The sort named by a carrier type atom (`nat`, `G`, `prop`), if it is one.
  std::optional<Sort> CarrierOf(const Term& type, const Binding* env) const {
    if (!type.IsAtom()) return std::nullopt;
    const std::string& name = type.name();
    if (Find(name, env) != nullptr) return std::nullopt;  // e.g. ('a1 : 'a0), a hypothesis
    if (name == "prop") return Sort::kProp;
    if (name == "type") throw Unsupported{"a declaration of type `type`"};
    const Symbol* symbol = Lookup(name);
    if (symbol != nullptr && symbol->kind == Symbol::Kind::kCarrier) return symbol->carrier;
    return std::nullopt;
  }

  // [in_i -> ... -> out]: a quantifier for an input whose type is a carrier,
  // otherwise an implication from the input's proposition.
  int Arrow(const Term& arrow, size_t i, const Binding* env, Polarity pol) {
    const auto inputs = arrow.inputs();
    if (i == inputs.size()) return Formula(arrow.output(), env, pol);
    const Term& input = inputs[i];
    if (input.IsPatternDeclaration()) throw Unsupported{"a pattern declaration"};
    const bool named = input.IsDeclaration();
    const Term& type = named ? input.dtype() : input;
    if (const std::optional<Sort> carrier = CarrierOf(type, env)) {
      if (*carrier == Sort::kNat && pol != Polarity::kPositive)
        throw Unsupported{
            "a nat quantifier in a hypothesis or under not/iff/=: sampling it "
            "would not be sound"};
      // Inside an `=` a quantified proposition would be compared as a whole
      // function on all propositions, which the atoms do not determine.
      if (*carrier == Sort::kProp && eq_depth_ > 0)
        throw Unsupported{"a prop quantifier inside =: its value is not modelled"};
      const int slot = static_cast<int>(program_.slot_names.size());
      program_.slot_names.push_back(named ? input.name() : std::string("_"));
      program_.slot_sorts.push_back(*carrier);
      structural_.push_back(false);
      const Binding* inner = env;
      if (named) {
        Binding b;
        b.name = input.name();
        b.kind = Binding::Kind::kVariable;
        b.slot = slot;
        b.sort = *carrier;
        b.next = env;
        inner = Bind(std::move(b));
      }
      Node n;
      n.op = Op::kForall;
      n.sort = Sort::kProp;
      n.bound = *carrier;
      n.slot = slot;
      n.a = Arrow(arrow, i + 1, inner, pol);
      if (*carrier == Sort::kProp) {
        n.atoms = kTruthAtoms;
        if (structural_[slot]) {
          // The atoms are only a sample of the propositions here, which can
          // only make a positive formula look MORE true (as for nat).
          if (pol != Polarity::kPositive)
            throw Unsupported{
                "a prop quantifier whose variable occurs inside =, in a hypothesis or "
                "under not/iff/=: sampling it would not be sound"};
          n.atoms = kStructuralAtoms;
          program_.samples_prop = true;
        }
      }
      return Add(n);
    }
    Node n;
    n.op = Op::kImplies;
    n.sort = Sort::kProp;
    n.a = Formula(type, env, Flip(pol));
    const Binding* inner = env;
    if (named) {
      Binding b;
      b.name = input.name();
      b.kind = Binding::Kind::kProof;
      b.next = env;
      inner = Bind(std::move(b));
    }
    n.b = Arrow(arrow, i + 1, inner, pol);
    return Add(n);
  }

  // (= a b) or the elaborated (= T a b).
  Typed Equality(std::span<const Term> args, const Binding* env) {
    if (args.size() != 2 && args.size() != 3)
      throw Unsupported{"= applied to " + std::to_string(args.size()) + " arguments"};
    std::optional<Sort> declared;
    if (args.size() == 3) {
      declared = CarrierOf(args[0], env);
      if (!declared) throw Unsupported{"an equality at type " + args[0].ToString()};
      args = args.subspan(1);
    }
    ++eq_depth_;  // not restored on a throw: the compilation is abandoned then
    const Typed a = Value(args[0], env, Polarity::kMixed);
    const Typed b = Value(args[1], env, Polarity::kMixed);
    --eq_depth_;
    if (a.sort != b.sort || (declared && *declared != a.sort))
      throw Unsupported{"an equality between values of different types"};
    Node n;
    n.op = Op::kEqual;
    n.sort = Sort::kProp;
    n.bound = a.sort;
    n.a = a.node;
    n.b = b.node;
    return {Add(n), Sort::kProp};
  }

  Typed TableApply(const TableEntry& entry, std::span<const Term> args, const Binding* env,
                   Polarity pol) {
    if (static_cast<int>(args.size()) != entry.arity)
      throw Unsupported{std::string("'") + entry.name + "' applied to " +
                        std::to_string(args.size()) + " arguments"};
    const Polarity inner = entry.op == Op::kNot   ? Flip(pol)
                           : entry.op == Op::kIff ? Polarity::kMixed
                                                  : pol;
    Node n;
    n.op = entry.op;
    n.sort = entry.result;
    int* operands[] = {&n.a, &n.b};
    for (size_t i = 0; i < args.size(); ++i) {
      const Typed v = Value(args[i], env, inner);
      if (v.sort != entry.argument)
        throw Unsupported{std::string("an argument of '") + entry.name + "' of the wrong type"};
      *operands[i] = v.node;
    }
    return {Add(n), n.sort};
  }

  const SymbolTable& symbols_;
  Program program_;
  std::deque<Binding> bindings_;
  int eq_depth_ = 0;              // how many `=` the term being compiled is inside
  std::vector<bool> structural_;  // per slot: a prop variable seen inside an `=`
};

// One candidate model: the interpretation of every carrier.
struct Model {
  const NatModel* nat = nullptr;  // null: the standard naturals
  const Group* group = nullptr;   // null when the theory declares no G
  bool valid = true;              // satisfies every checked axiom
  std::string name() const {
    std::string n = nat != nullptr ? nat->name : "";
    if (group != nullptr) n += (n.empty() ? "" : ", ") + group->name;
    return n.empty() ? "standard" : n;
  }
};

// Evaluates a Program in one model.
class Machine {
 public:
  Machine(const Program& program, const Model& model, uint64_t max_nat)
      : program_(program),
        nat_(model.nat),
        group_(model.group),
        max_nat_(max_nat),
        slots_(program.slot_names.size(), 0) {}

  // How many values the quantifier n ranges over.
  uint64_t DomainSize(const Node& n) const {
    switch (n.bound) {
      case Sort::kProp:
        return n.atoms;
      case Sort::kNat:
        return nat_ != nullptr ? nat_->size : max_nat_ + 1;
      case Sort::kGroup:
        return group_ != nullptr ? group_->order : 0;
    }
    return 0;
  }

  // Assignments visited to evaluate node i (an upper bound), saturating at cap + 1.
  uint64_t Cost(int i, uint64_t cap) const {
    const Node& n = program_.nodes[i];
    if (n.op == Op::kForall) {
      const uint64_t body = std::max<uint64_t>(1, Cost(n.a, cap));
      const uint64_t size = DomainSize(n);
      return body > (cap + 1) / std::max<uint64_t>(size, 1) ? cap + 1 : size * body;
    }
    uint64_t total = 0;
    if (n.a >= 0) total += Cost(n.a, cap);
    if (n.b >= 0) total += Cost(n.b, cap);
    return std::min(total, cap + 1);
  }

  // The truth of the prop node i under the current assignment.
  bool Truth(int i) {
    const Node& n = program_.nodes[i];
    switch (n.op) {
      case Op::kConst:  // `false`, the one prop constant
        return false;
      case Op::kVariable:
        return (slots_[n.slot] & 1) != 0;
      case Op::kNot:
        return !Truth(n.a);
      case Op::kAnd:
        return Truth(n.a) && Truth(n.b);
      case Op::kOr:
        return Truth(n.a) || Truth(n.b);
      case Op::kIff:
        return Truth(n.a) == Truth(n.b);
      case Op::kImplies:
        return !Truth(n.a) || Truth(n.b);
      case Op::kEqual:
        if (n.bound != Sort::kProp) return Value(n.a) == Value(n.b);
        // Equal propositions are the same structure. Serialize never calls
        // Truth, so the two buffers are not in use here.
        lhs_.clear();
        rhs_.clear();
        Serialize(n.a, &lhs_);
        Serialize(n.b, &rhs_);
        return lhs_ == rhs_;
      case Op::kForall: {
        const uint64_t size = DomainSize(n);
        for (uint64_t v = 0; v < size; ++v) {
          slots_[n.slot] = v;
          if (!Truth(n.a)) return false;
        }
        return true;
      }
      default:
        break;
    }
    LF_CHECK(!"Truth of a non-prop node");
    return false;
  }

  // The value of the nat or group node i under the current assignment.
  uint64_t Value(int i) {
    const Node& n = program_.nodes[i];
    switch (n.op) {
      case Op::kConst:  // z and id
        return 0;
      case Op::kVariable:
        return slots_[n.slot];
      case Op::kSucc: {
        const uint64_t x = Value(n.a);
        if (nat_ != nullptr) return nat_->succ[x];
        if (x == UINT64_MAX) throw Unsupported{"nat overflow"};
        return x + 1;
      }
      case Op::kAdd: {
        if (nat_ != nullptr) return NatTable(nat_->add, n);
        uint64_t r;
        if (__builtin_add_overflow(Value(n.a), Value(n.b), &r)) throw Unsupported{"nat overflow"};
        return r;
      }
      case Op::kMul: {
        if (nat_ != nullptr) return NatTable(nat_->mul, n);
        uint64_t r;
        if (__builtin_mul_overflow(Value(n.a), Value(n.b), &r)) throw Unsupported{"nat overflow"};
        return r;
      }
      case Op::kGroupOp: {
        const uint64_t x = Value(n.a);
        return group_->table[x * group_->order + Value(n.b)];
      }
      case Op::kGroupInv:
        return group_->inverse[Value(n.a)];
      default:
        break;
    }
    LF_CHECK(!"Value of a prop node");
    return 0;
  }

  // Appends the structure of the prop node i (see Token) to out.
  void Serialize(int i, std::vector<uint64_t>* out) {
    const Node& n = program_.nodes[i];
    switch (n.op) {
      case Op::kConst:
        out->push_back(kTokFalse);
        return;
      case Op::kVariable:
        out->push_back(kTokAtom);
        out->push_back(slots_[n.slot]);
        return;
      case Op::kNot:
        out->push_back(kTokNot);
        Serialize(n.a, out);
        return;
      case Op::kAnd:
      case Op::kOr:
      case Op::kIff:
      case Op::kImplies:
        out->push_back(n.op == Op::kAnd   ? kTokAnd
                       : n.op == Op::kOr  ? kTokOr
                       : n.op == Op::kIff ? kTokIff
                                          : kTokImp);
        Serialize(n.a, out);
        Serialize(n.b, out);
        return;
      case Op::kEqual:
        if (n.bound == Sort::kProp) {
          out->push_back(kTokEqProp);
          Serialize(n.a, out);
          Serialize(n.b, out);
        } else {
          out->push_back(n.bound == Sort::kNat ? kTokEqNat : kTokEqGroup);
          out->push_back(Value(n.a));
          out->push_back(Value(n.b));
        }
        return;
      case Op::kForall: {
        // The compiler refuses nat and prop quantifiers inside `=`; over a
        // finite group the body at every element determines the function.
        LF_CHECK(n.bound == Sort::kGroup);
        out->push_back(kTokForallGroup);
        const uint64_t size = DomainSize(n);
        for (uint64_t v = 0; v < size; ++v) {
          slots_[n.slot] = v;
          Serialize(n.a, out);
        }
        return;
      }
      default:
        break;
    }
    LF_CHECK(!"Serialize of a non-prop node");
  }

  // Node i evaluates to false: appends the first falsifying assignment of the
  // quantifiers on the way to the failure ("'a0 = 1, 'a1 = 0").
  void Witness(int i, std::string* out) {
    const Node& n = program_.nodes[i];
    switch (n.op) {
      case Op::kForall: {
        const uint64_t size = DomainSize(n);
        for (uint64_t v = 0; v < size; ++v) {
          slots_[n.slot] = v;
          if (Truth(n.a)) continue;
          if (!out->empty()) *out += ", ";
          *out += program_.slot_names[n.slot] + " = " + Label(n.bound, v);
          Witness(n.a, out);
          return;
        }
        return;
      }
      case Op::kImplies:  // the hypothesis holds, the conclusion fails
        Witness(n.b, out);
        return;
      case Op::kAnd:
        Witness(Truth(n.a) ? n.b : n.a, out);
        return;
      default:
        return;
    }
  }

 private:
  // A binary operation of a lasso model: its table at node n's two operands.
  uint64_t NatTable(const std::vector<uint8_t>& table, const Node& n) {
    const uint64_t x = Value(n.a);
    return table[x * nat_->size + Value(n.b)];
  }

  std::string Label(Sort sort, uint64_t v) const {
    switch (sort) {
      case Sort::kProp:
        return kAtomLabels[v];
      case Sort::kNat:
        return std::to_string(v);
      case Sort::kGroup:
        return group_->labels[v];
    }
    return "?";
  }

  const Program& program_;
  const NatModel* nat_;
  const Group* group_;
  uint64_t max_nat_;
  std::vector<uint64_t> slots_;
  std::vector<uint64_t> lhs_, rhs_;  // the two sides of a prop equality (Truth)
};

Refutation Unknown(std::string reason) {
  Refutation r;
  r.verdict = Refutation::Verdict::kUnknown;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

const char* VerdictName(Refutation::Verdict verdict) {
  switch (verdict) {
    case Refutation::Verdict::kRefuted:
      return "refuted";
    case Refutation::Verdict::kConsistent:
      return "consistent";
    case Refutation::Verdict::kUnknown:
      return "unknown";
  }
  return "unknown";
}

struct Refuter::Impl {
  uint64_t max_nat = 0;
  uint64_t max_instances = 0;
  SymbolTable symbols;
  std::vector<std::string> interpreted;  // declaration order
  std::vector<NatModel> nats;            // owned: models point into it
  std::vector<Group> groups;             // owned: models point into it
  std::vector<Model> models;
  std::string disabled_reason;

  Impl(const kernel::Context& ctx, int max_nat_in, uint64_t max_instances_in)
      : max_nat(static_cast<uint64_t>(max_nat_in)), max_instances(max_instances_in) {
    LF_CHECK_GE(max_nat_in, 0);
    LF_CHECK_GE(max_instances_in, 1u);
    BuildSymbols(ctx);
    // The models: the standard naturals, then every lasso of at most max_nat
    // elements (at least 1, at most kMaxLassoSize), each with every small group
    // where the theory declares G.
    std::vector<const NatModel*> nat_choices = {nullptr};
    if (symbols.count("nat") != 0) {
      nats = LassoNatModels(std::clamp<uint64_t>(max_nat, 1, kMaxLassoSize));
      for (const NatModel& n : nats) nat_choices.push_back(&n);
    }
    std::vector<const Group*> group_choices = {nullptr};
    if (symbols.count("G") != 0) {
      groups = SmallAbelianGroups();
      group_choices.clear();
      for (const Group& g : groups) group_choices.push_back(&g);
    }
    for (const NatModel* n : nat_choices)
      for (const Group* g : group_choices) models.push_back(Model{n, g, true});
    CheckAxioms(ctx);
  }

  static bool IsOpaque(const kernel::Entry* e) { return e != nullptr && !e->def.value; }

  void BuildSymbols(const kernel::Context& ctx) {
    const Term type = Term::Atom("type");
    std::vector<bool> active(3, false);
    active[static_cast<int>(Sort::kProp)] = true;
    for (const CarrierEntry& c : kCarriers) {
      const kernel::Entry* e = ctx.Lookup(c.name);
      if (!IsOpaque(e) || e->def.dtype != type) continue;
      Symbol s;
      s.kind = Symbol::Kind::kCarrier;
      s.carrier = c.sort;
      symbols.emplace(c.name, s);
      active[static_cast<int>(c.sort)] = true;
    }
    for (const TableEntry& t : kSymbolTable) {
      const kernel::Entry* e = ctx.Lookup(t.name);
      if (!IsOpaque(e) || !active[static_cast<int>(t.argument)] ||
          !active[static_cast<int>(t.result)] ||
          !kernel::AlphaEquivalent(e->def.dtype, kernel::ParseTerm(t.dtype)))
        continue;
      Symbol s;
      s.kind = Symbol::Kind::kTable;
      s.entry = &t;
      symbols.emplace(t.name, s);
    }
    if (const kernel::Entry* e = ctx.Lookup("=");
        IsOpaque(e) && kernel::AlphaEquivalent(e->def.dtype, kernel::ParseTerm(kEqualityType))) {
      Symbol s;
      s.kind = Symbol::Kind::kEquality;
      symbols.emplace("=", s);
    }
    // Definitions mean their value (the kernel unfolds them), whatever their name.
    ctx.ForEach([&](const kernel::Entry& e) {
      const std::string& name = e.name.name();
      if (!e.def.value || name.find('@') != std::string::npos || name == "prop") return;
      Symbol s;
      s.kind = Symbol::Kind::kDefinition;
      s.value = e.def.value;
      symbols.insert_or_assign(name, s);
    });
    interpreted.push_back("prop");
    ctx.ForEach([&](const kernel::Entry& e) {
      const std::string& name = e.name.name();
      if (name != "prop" && symbols.count(name) != 0) interpreted.push_back(name);
    });
  }

  bool IsNatInduction(const Term& dtype) const {
    const auto z = symbols.find("z");
    const auto s = symbols.find("s");
    return z != symbols.end() && z->second.kind == Symbol::Kind::kTable && s != symbols.end() &&
           s->second.kind == Symbol::Kind::kTable &&
           kernel::AlphaEquivalent(dtype, kernel::ParseTerm(kNatInduction));
  }

  // Every axiom must hold in a model for refutations in it to mean anything;
  // one the model cannot evaluate disables the refuter.
  void CheckAxioms(const kernel::Context& ctx) {
    std::vector<std::pair<std::string, Term>> axioms;
    ctx.ForEach([&](const kernel::Entry& e) {
      const std::string& name = e.name.name();
      if (e.def.value || !e.is_prop || name.find('@') != std::string::npos) return;
      axioms.emplace_back(name, e.def.dtype);
    });
    for (const auto& [name, dtype] : axioms) {
      std::optional<Program> program;
      try {
        program = Compiler(symbols).Compile(dtype);
      } catch (const Unsupported& u) {
        if (IsNatInduction(dtype)) continue;
        disabled_reason = "axiom '" + name + "' cannot be checked in the model: " + u.reason;
        return;
      }
      // Its atoms are a sample of the propositions: the axiom could fail at a
      // structure they miss, e.g. [('p : prop) -> (not (= 'p (= z z)))].
      if (program->samples_prop) {
        disabled_reason = "axiom '" + name +
                          "' quantifies over propositions that occur inside =: the model "
                          "cannot check it";
        return;
      }
      for (Model& model : models) {
        if (!model.valid) continue;
        Machine machine(*program, model, max_nat);
        if (machine.Cost(program->root, max_instances) > max_instances) {
          disabled_reason = "axiom '" + name + "' has too many instances to check";
          return;
        }
        try {
          if (!machine.Truth(program->root)) model.valid = false;
        } catch (const Unsupported& u) {
          disabled_reason = "axiom '" + name + "' cannot be checked in the model: " + u.reason;
          return;
        }
      }
    }
  }

  Refutation Check(const Term& statement) const {
    if (!disabled_reason.empty()) return Unknown(disabled_reason);
    Program program;
    try {
      program = Compiler(symbols).Compile(statement);
    } catch (const Unsupported& u) {
      return Unknown(u.reason);
    }
    // Models that differ only in a carrier the statement does not use give it
    // the same value: the first of each kind stands for the rest.
    std::vector<const Model*> candidates;
    std::vector<std::pair<const NatModel*, const Group*>> seen;
    for (const Model& m : models) {
      if (!m.valid) continue;
      const std::pair<const NatModel*, const Group*> kind = {
          program.uses_nat ? m.nat : nullptr, program.uses_group ? m.group : nullptr};
      if (std::find(seen.begin(), seen.end(), kind) != seen.end()) continue;
      seen.push_back(kind);
      candidates.push_back(&m);
    }
    if (candidates.empty()) return Unknown("no candidate model satisfies the theory's axioms");
    for (const Model* m : candidates) {
      if (Machine(program, *m, max_nat).Cost(program.root, max_instances) > max_instances)
        return Unknown("more than " + std::to_string(max_instances) + " assignments to try");
    }
    // A counterexample in any model is a real one, even where another model
    // could not decide (an overflow in the standard naturals).
    std::optional<std::string> undecided;
    for (const Model* m : candidates) {
      Machine machine(program, *m, max_nat);
      try {
        if (machine.Truth(program.root)) continue;
        Refutation r;
        r.verdict = Refutation::Verdict::kRefuted;
        machine.Witness(program.root, &r.counterexample);
        if (r.counterexample.empty()) r.counterexample = "false as stated";
        if (program.uses_group || (program.uses_nat && m->nat != nullptr))
          r.counterexample += " in " + m->name();
        return r;
      } catch (const Unsupported& u) {
        if (!undecided) undecided = u.reason;
      }
    }
    if (undecided) return Unknown(*undecided);
    Refutation r;
    r.verdict = Refutation::Verdict::kConsistent;
    return r;
  }
};

Refuter::Refuter(const kernel::Theory& theory, int max_nat, uint64_t max_instances)
    : Refuter(theory.base().context(), max_nat, max_instances) {}

Refuter::Refuter(const kernel::Context& context, int max_nat, uint64_t max_instances)
    : impl_(std::make_unique<Impl>(context, max_nat, max_instances)) {}

Refuter::~Refuter() = default;
Refuter::Refuter(Refuter&&) noexcept = default;
Refuter& Refuter::operator=(Refuter&&) noexcept = default;

Refutation Refuter::Check(const std::string& statement) const {
  return impl_->Check(kernel::ParseTerm(statement, "statement"));
}

Refutation Refuter::Check(const kernel::Term& statement) const { return impl_->Check(statement); }

const std::string& Refuter::disabled_reason() const { return impl_->disabled_reason; }

std::vector<std::string> Refuter::InterpretedSymbols() const { return impl_->interpreted; }

std::vector<std::string> Refuter::Models() const {
  std::vector<std::string> names;
  for (const Model& m : impl_->models)
    if (m.valid) names.push_back(m.name());
  return names;
}

}  // namespace lf::search
