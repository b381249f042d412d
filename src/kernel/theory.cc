#include "kernel/theory.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "kernel/kernel_error.h"

namespace lf::kernel {
namespace fs = std::filesystem;

namespace {

void LoadRecursive(const fs::path& path, std::set<std::string>* seen,
                   std::vector<SourceItem>* out) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  if (!seen->insert(canonical.string()).second) return;
  const std::string text = ReadFileOrThrow(path.string());
  for (SourceItem& item : ParseFile(text, path.string())) {
    if (item.kind == SourceItem::Kind::kImport) {
      const fs::path target = path.parent_path() / item.import_path;
      if (!fs::is_regular_file(target))
        throw InputError(item.where, "imported file not found: " + target.string());
      LoadRecursive(target, seen, out);
      continue;
    }
    out->push_back(std::move(item));
  }
}

}  // namespace

std::vector<SourceItem> LoadSourceFile(const std::string& path) {
  std::set<std::string> seen;
  std::vector<SourceItem> items;
  LoadRecursive(path, &seen, &items);
  return items;
}

Derivation Theory::BuildDerivation(const std::vector<SourceItem>& items) {
  // First the file's own context (a later definition of a name replaces the
  // earlier one in place), then the derivation incorporates it in that order.
  std::vector<std::pair<std::string, const DefinitionItem*>> order;
  std::vector<std::pair<std::string, DefinitionItem>> theorem_defs;
  auto annotations = std::make_shared<Annotations>();
  auto put = [&order](const std::string& name, const DefinitionItem* d) {
    for (auto& [n, existing] : order) {
      if (n == name) {
        existing = d;
        return;
      }
    }
    order.emplace_back(name, d);
  };
  theorem_defs.reserve(items.size());
  for (const SourceItem& item : items) {
    switch (item.kind) {
      case SourceItem::Kind::kDefinition:
        put(item.definition.name, &item.definition);
        break;
      case SourceItem::Kind::kProof:
        if (item.proof.statement) {
          theorem_defs.emplace_back(
              item.proof.name,
              DefinitionItem{item.proof.name, *item.proof.statement, {}, item.where});
          put(item.proof.name, &theorem_defs.back().second);
        }
        break;
      case SourceItem::Kind::kForward:
        annotations->forward.push_back({item.forward.arrow, item.forward.preconditions});
        break;
      case SourceItem::Kind::kBackward:
        annotations->backward.push_back({item.backward.arrow, item.backward.must_infer});
        break;
      case SourceItem::Kind::kImport:
        break;
    }
  }
  Derivation d;
  d.mutable_context().annotations = annotations;
  d.Define("prop", Definition{Context::TypeConstant(), Term()});
  for (const auto& [name, item] : order) {
    DefineDeclaration(&d, name, Definition{item->dtype, item->value ? *item->value : Term()},
                      item->where);
  }
  d.Seal();
  return d;
}

void Theory::DefineDeclaration(Derivation* d, const std::string& name, const Definition& def,
                               const SourceLocation& where) {
  try {
    d->Define(name, def);
  } catch (const KernelError& e) {  // boundary 3 of kernel_error.h: a declaration
    throw InputError(where, "in the declaration of '" + name + "': " + e.what());
  }
}

std::shared_ptr<const Theory> Theory::Load(const std::string& path_text) {
  auto theory = std::make_shared<Theory>();
  const fs::path path(path_text);
  fs::path premises_path = path;
  premises_path.replace_extension(".premises");
  theory->name_ = path.stem().string();
  theory->path_ = path.string();
  const std::vector<SourceItem> items = LoadSourceFile(path.string());
  theory->base_ = BuildDerivation(items);

  auto premises = std::make_shared<std::vector<std::string>>();
  const Context& ctx = theory->base_.context();
  if (fs::is_regular_file(premises_path)) {
    std::ifstream in(premises_path);
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      const size_t hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      std::istringstream words(line);
      std::string w;
      while (words >> w) {
        const bool builtin = w == "eq_refl" || w == "eq_symm" || w == "rewrite";
        if (!builtin && ctx.Lookup(w) == nullptr)
          throw InputError(SourceLocation{premises_path.string(), line_no},
                           "premise '" + w + "' is not declared in " + path.string());
        premises->push_back(w);
      }
    }
  } else {
    ctx.ForEach([&](const Entry& e) {
      const std::string& n = e.name.name();
      if (n.find('@') == std::string::npos && e.def.dtype.IsArrow() && n != "=")
        premises->push_back(n);
    });
  }
  theory->premises_ = std::move(premises);
  return theory;
}

ProofState Theory::RootState(const Term& goal) const { return ProofState(base_, premises_, goal); }

namespace {

// Opens `goal` on a scratch copy of `base` as the prover would: intro while it
// is an arrow, then the subterms of what remains are defined (ExecuteIntro).
// GetType of an arrow types its output only after evaluation, so a name that
// is undeclared under a binder -- [('a0 : nat) -> (= 'a0 'a9)] -- surfaces only
// here; checking it once at the boundary makes it an InputError instead of a
// KernelError in the middle of a search.
void OpenLikeTheProver(const Derivation& base, const Term& goal) {
  Derivation scratch = base;
  Term open = goal;
  while (Eval(open, scratch.context()).IsArrow()) {
    const std::optional<IntroResult> intro = ExecuteIntro(&scratch, open, "x");
    if (!intro) return;  // already inhabited
    open = intro->new_goal;
  }
  scratch.DefineGoalSubterms(Eval(open, scratch.context()));
}

}  // namespace

ProofState Theory::RootState(const std::string& goal_text, const std::string& what) const {
  const Term goal = ParseTerm(goal_text, what);
  try {
    const Term type = GetType(goal, base_.context());
    if (type != Context::PropConstant())
      throw InputError(SourceLocation{what}, "the goal is not a proposition: " + goal.ToString() +
                                                 " has type " + type.ToString());
    OpenLikeTheProver(base_, goal);
    return RootState(goal);
  } catch (const KernelError& e) {  // boundary 3 of kernel_error.h: a goal statement
    throw InputError(SourceLocation{what}, std::string("ill-typed goal: ") + e.what());
  }
}

}  // namespace lf::kernel
