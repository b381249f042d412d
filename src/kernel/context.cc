#include "kernel/context.h"

#include <algorithm>
#include <bit>

#include "kernel/typing.h"

namespace lf::kernel {

const Term& Context::TypeConstant() {
  static const Term* t = new Term(Term::Atom("type"));
  return *t;
}

const Term& Context::PropConstant() {
  static const Term* t = new Term(Term::Atom("prop"));
  return *t;
}

Context::Context() : annotations(std::make_shared<Annotations>()) {
  // `type : type` is defined but not in the insertion order; `prop : type` is.
  Define("prop", Definition{TypeConstant(), Term()});
}

const Entry* Context::Lookup(const Term& name) const {
  if (const size_t* i = local_.index.Find(name)) return &local_.entries[*i];
  for (const Layer* l = base_.get(); l != nullptr; l = l->parent.get()) {
    if (const size_t* i = l->index.Find(name)) return &l->entries[*i];
  }
  if (name == TypeConstant()) {
    static const Entry* type_entry = [] {
      auto* e = new Entry();
      e->name = TypeConstant();
      e->def = Definition{TypeConstant(), Term()};
      e->eval_name = TypeConstant();
      e->eval_dtype = TypeConstant();
      e->is_type = true;
      return e;
    }();
    return type_entry;
  }
  return nullptr;
}

Entry Context::MakeEntry(const Term& name, const Definition& def) const {
  Entry e;
  e.name = name;
  e.def = def;
  // Caches are computed against the definitions made so far; a value that
  // mentions its own name therefore does not loop (it evaluates to itself).
  e.eval_name = (def.value && !def.value.IsIntrinsicApplication()) ? Eval(def.value, *this) : name;
  e.eval_dtype = Eval(def.dtype, *this);
  e.is_type = def.dtype == TypeConstant();
  e.is_arrow = e.eval_dtype.IsArrow();
  // An ill-typed dtype is no prop (the reference would panic only if asked).
  e.is_prop = def.dtype.IsEquality() || HasPropType(def.dtype, *this);
  return e;
}

void Context::Define(const std::string& name_str, const Definition& def) {
  const Term name = Term::Atom(name_str);
  if (Contains(name) && name != TypeConstant()) {
    // Replacement keeps the position: rebuild one flat layer and every cache.
    Flatten();
    Layer& l = local_;
    l.entries[*l.index.Find(name)].def = def;
    RecomputeCaches();
    return;
  }
  if (name == TypeConstant()) return;  // `type` is fixed
  Entry e = MakeEntry(name, def);
  local_.index.Insert(name, local_.entries.size());
  local_.entries.push_back(std::move(e));
}

void Context::RecomputeCaches() {
  // Only called on a flat context (all entries in local_).
  std::vector<Entry> entries = std::move(local_.entries);
  local_.entries.clear();
  local_.index.Clear();
  for (const Entry& old : entries) {
    Entry e = MakeEntry(old.name, old.def);
    local_.index.Insert(old.name, local_.entries.size());
    local_.entries.push_back(std::move(e));
  }
}

std::string Context::FreshName(const std::string& prefix) const {
  if (!Contains(Term::Atom(prefix))) return prefix;
  for (int i = 0;; ++i) {
    std::string candidate = prefix + std::to_string(i);
    if (!Contains(Term::Atom(candidate))) return candidate;
  }
}

const Term* Context::ExistingValueName(const Term& value) const {
  if (auto it = local_.existing_values.find(value); it != local_.existing_values.end())
    return &it->second;
  for (const Layer* l = base_.get(); l != nullptr; l = l->parent.get()) {
    if (auto it = l->existing_values.find(value); it != l->existing_values.end())
      return &it->second;
  }
  return nullptr;
}

void Context::AddExistingValue(const Term& value, const Term& name) {
  if (ExistingValueName(value) == nullptr) local_.existing_values.emplace(value, name);
}

bool Context::IsInhabitedType(const Term& dtype) const {
  if (local_.inhabited_types.count(dtype)) return true;
  for (const Layer* l = base_.get(); l != nullptr; l = l->parent.get())
    if (l->inhabited_types.count(dtype)) return true;
  return false;
}

void Context::AddInhabitedType(const Term& dtype) {
  if (!IsInhabitedType(dtype)) local_.inhabited_types.insert(dtype);
}

void Context::Flatten() {
  if (!base_) return;
  std::vector<const Layer*> chain;
  for (const Layer* l = base_.get(); l != nullptr; l = l->parent.get()) chain.push_back(l);
  Layer flat;
  auto absorb = [&flat](const Layer& l) {
    for (const Entry& e : l.entries) {
      flat.index.Insert(e.name, flat.entries.size());
      flat.entries.push_back(e);
    }
    for (const auto& [k, v] : l.existing_values) flat.existing_values.emplace(k, v);
    for (const auto& k : l.inhabited_types) flat.inhabited_types.insert(k);
  };
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) absorb(**it);
  absorb(local_);
  base_.reset();
  local_ = std::move(flat);
}

void Context::Seal() {
  if (local_.entries.empty() && local_.existing_values.empty() && local_.inhabited_types.empty())
    return;
  if (base_ && base_->depth >= kMaxLayers) Flatten();
  auto layer = std::make_shared<Layer>(std::move(local_));
  layer->parent = base_;
  layer->depth = base_ ? base_->depth + 1 : 1;
  layer->total = (base_ ? base_->total : 0) + layer->entries.size();
  base_ = std::move(layer);
  local_ = Layer();
}

void Context::NameIndex::Insert(const Term& name, size_t position) {
  LF_DCHECK(Find(name) == nullptr);
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<Slot> old(std::max<size_t>(16, 2 * slots_.size()));
    old.swap(slots_);
    shift_ = 64 - std::countr_zero(slots_.size());
    size_ = 0;
    for (Slot& s : old)
      if (s.name) Insert(s.name, s.position);
  }
  size_t i = Home(name);
  while (slots_[i].name) i = Next(i);
  slots_[i] = Slot{name, position};
  ++size_;
}

const Annotations::Forward* Annotations::FindForward(const std::string& arrow) const {
  for (const auto& f : forward)
    if (f.arrow == arrow) return &f;
  return nullptr;
}

const Annotations::Backward* Annotations::FindBackward(const std::string& arrow) const {
  for (const auto& b : backward)
    if (b.arrow == arrow) return &b;
  return nullptr;
}

}  // namespace lf::kernel
