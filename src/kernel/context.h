#pragma once
// Context: the named definitions a proof state knows, in insertion order,
// plus the Derivation indexes the action space needs (spec peano.md §3, §8).
//
// Semantics reproduced from the reference:
//   - Define(name, def) appends `name` to the insertion order, or replaces the
//     definition of an existing name in place (its position is kept).
//   - Lookup returns the current definition; `type` is always defined (type : type)
//     but is not part of the insertion order; `prop : type` is its first entry.
//   - FreshName(P) tries P, P0, P1, ... against every defined name.
//   - existing_values maps a term to the first name registered for it;
//     inhabited_types holds every dtype some name was defined with.
//
// Representation (why): search clones a proof state for every child it creates,
// and the reference spends much of its time copying hash maps. Here a Context is
// a chain of frozen, shared layers plus one private layer for new definitions.
// Seal() freezes the private layer, after which copies are O(1). Chains longer
// than kMaxLayers are flattened into one layer, bounding lookup cost.
//
// Each entry caches values that only depend on earlier definitions: eval of its
// name, eval of its dtype, and the reference's Definition::is_prop / is_type /
// is_arrow. Redefining an existing name recomputes every cache (rare: only theory
// files and proof-script definitions do it).
//
// Thread safety: a const Context may be read from many threads; mutation
// (Define, Seal, index updates) needs exclusive access. Copies share frozen layers.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kernel/term.h"

namespace lf::kernel {

struct Definition {
  Term dtype;
  Term value;  // null for an opaque constant / hypothesis
};

struct Entry {
  Term name;  // the atom naming this entry
  Definition def;
  // Caches, filled by the Context (see header comment).
  Term eval_name;         // Eval(name): the value's normal form, or the name itself
  Term eval_dtype;        // Eval(dtype)
  bool is_prop = false;   // Definition::is_prop: type(dtype) == prop or dtype is (= ..)
  bool is_type = false;   // dtype == type
  bool is_arrow = false;  // Eval(dtype) is an arrow
};

struct Annotations;

class Context {
 public:
  Context();

  // The current definition of `name`, or nullptr. Pointers stay valid until the
  // next Define on this Context.
  const Entry* Lookup(const Term& name) const;
  const Entry* Lookup(const std::string& name) const { return Lookup(Term::Atom(name)); }
  bool Contains(const Term& name) const { return Lookup(name) != nullptr; }

  // Calls f(const Entry&) for every entry in insertion order.
  template <typename F>
  void ForEach(F&& f) const {
    std::vector<const Layer*> chain;
    for (const Layer* l = base_.get(); l != nullptr; l = l->parent.get()) chain.push_back(l);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it)
      for (const Entry& e : (*it)->entries) f(e);
    for (const Entry& e : local_.entries) f(e);
  }
  size_t size() const { return (base_ ? base_->total : 0) + local_.entries.size(); }

  // Adds or replaces a definition and fills its caches.
  void Define(const std::string& name, const Definition& def);

  std::string FreshName(const std::string& prefix) const;

  // existing_values: the first name registered for a term.
  const Term* ExistingValueName(const Term& value) const;
  void AddExistingValue(const Term& value, const Term& name);
  // inhabited_types: dtypes some name was defined with.
  bool IsInhabitedType(const Term& dtype) const;
  void AddInhabitedType(const Term& dtype);

  // Freezes the private layer so copies share it.
  void Seal();

  // Goals and annotations live with the context, as in the reference.
  std::vector<Term> goals;
  std::shared_ptr<const Annotations> annotations;

  static const Term& TypeConstant();
  static const Term& PropConstant();

 private:
  static constexpr int kMaxLayers = 6;

  // Name -> position in a layer's entries. Open addressing with linear probing,
  // at most half full: a lookup that misses (most do, as a name lives in one
  // layer of a chain that is searched from the top) usually reads one slot.
  class NameIndex {
   public:
    const size_t* Find(const Term& name) const {
      if (slots_.empty()) return nullptr;
      for (size_t i = Home(name); slots_[i].name; i = Next(i))
        if (slots_[i].name == name) return &slots_[i].position;
      return nullptr;
    }
    // `name` must not be in the index yet.
    void Insert(const Term& name, size_t position);
    void Clear() {
      slots_.clear();
      size_ = 0;
    }

   private:
    struct Slot {
      Term name;  // null: empty
      size_t position = 0;
    };
    size_t Home(const Term& name) const {
      return static_cast<size_t>((name.hash() * 0x9e3779b97f4a7c15ULL) >> shift_);
    }
    size_t Next(size_t i) const { return (i + 1) & (slots_.size() - 1); }

    std::vector<Slot> slots_;  // empty, or a power of two
    size_t size_ = 0;
    int shift_ = 0;  // 64 - log2(slots_.size())
  };

  struct Layer {
    std::shared_ptr<const Layer> parent;
    int depth = 0;     // layers in the chain ending here
    size_t total = 0;  // entries in the chain ending here
    std::vector<Entry> entries;
    NameIndex index;
    std::unordered_map<Term, Term, TermHash> existing_values;
    std::unordered_set<Term, TermHash> inhabited_types;
  };

  Entry MakeEntry(const Term& name, const Definition& def) const;
  void Flatten();
  void RecomputeCaches();

  std::shared_ptr<const Layer> base_;
  Layer local_;
};

// #forward / #backward annotations of a theory (shared, immutable after loading).
struct Annotations {
  struct Forward {
    std::string arrow;
    std::vector<Term> preconditions;
  };
  struct Backward {
    std::string arrow;
    std::vector<bool> must_infer;
  };
  std::vector<Forward> forward;
  std::vector<Backward> backward;

  const Forward* FindForward(const std::string& arrow) const;
  const Backward* FindBackward(const std::string& arrow) const;
};

}  // namespace lf::kernel
