#include "app/run_dir.h"

#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/version.h"
#include "io/shard_files.h"

namespace lf::app {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> Strings(const json::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  if (!array->is_array()) throw InputError(array->where, "expected an array of strings");
  for (const json::Value& v : array->items()) {
    if (!v.is_string()) throw InputError(v.where, "expected a string");
    out.push_back(v.str());
  }
  return out;
}

std::string JsonArray(const std::vector<std::string>& strings) {
  std::string out = "[";
  for (size_t i = 0; i < strings.size(); ++i)
    out += (i ? ",\n    " : "\n    ") + json::Quote(strings[i]);
  return out + (strings.empty() ? "]" : "\n  ]");
}

}  // namespace

std::string FreshRunDirectory() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  std::string dir = std::string("runs/") + stamp;
  for (int n = 2; fs::exists(dir); ++n)
    dir = std::string("runs/") + stamp + "-" + std::to_string(n);
  return dir;
}

void CreateRunDirectory(const std::string& dir, const std::string& config_text) {
  if (fs::exists(dir + "/state.json"))
    throw InputError(SourceLocation{dir}, "holds a run already; continue it with --resume " + dir);
  std::error_code ec;
  fs::create_directories(dir + "/checkpoints", ec);
  if (!ec) fs::create_directories(ShardDirectory(dir), ec);
  if (ec) throw InputError(SourceLocation{dir}, "cannot create the run directory: " + ec.message());
  WriteFileAtomically(dir + "/config.cfg",
                      std::string("# Resolved configuration of this run (lemmaforge ") +
                          GitRevision() + ").\n" + config_text);
}

RunState LoadRunState(const std::string& dir) {
  const std::string path = dir + "/state.json";
  RunState state;
  if (!fs::exists(path)) return state;
  const json::Value root = json::Parse(ReadFileOrThrow(path), path);
  const json::Value* completed = root.Find("completed_iterations");
  if (!root.is_object() || completed == nullptr ||
      completed->type() != json::Value::Type::kNumber || completed->number() < 0)
    throw InputError(SourceLocation{path}, "not a lemmaforge run state (completed_iterations)");
  state.completed_iterations = static_cast<int>(completed->number());
  state.proven = Strings(root.Find("proven"));
  state.hindsight_seen = Strings(root.Find("hindsight_seen"));
  state.goals_proven = Strings(root.Find("goals_proven"));
  const json::Value* stopped = root.Find("stopped_goals_proven");
  state.stopped_goals_proven =
      stopped != nullptr && stopped->type() == json::Value::Type::kBool && stopped->boolean();
  return state;
}

void SaveRunState(const std::string& dir, const RunState& state) {
  WriteFileAtomically(
      dir + "/state.json",
      "{\n  \"completed_iterations\": " + std::to_string(state.completed_iterations) +
          ",\n  \"proven\": " + JsonArray(state.proven) +
          ",\n  \"hindsight_seen\": " + JsonArray(state.hindsight_seen) +
          ",\n  \"goals_proven\": " + JsonArray(state.goals_proven) +
          ",\n  \"stopped_goals_proven\": " + (state.stopped_goals_proven ? "true" : "false") +
          "\n}\n");
}

std::string CheckpointPath(const std::string& dir, int iteration) {
  char name[32];
  std::snprintf(name, sizeof name, "it%06d.ckpt", iteration);
  return dir + "/checkpoints/" + name;
}

void SaveGoalProof(const std::string& dir, const std::string& name, const std::string& script) {
  std::error_code ec;
  fs::create_directories(dir + "/goal-proofs", ec);
  if (ec) throw InputError(SourceLocation{dir}, "cannot create goal-proofs/: " + ec.message());
  WriteFileAtomically(dir + "/goal-proofs/" + name + ".p", script + "\n");
}

std::string ShardDirectory(const std::string& dir) { return dir + "/shards"; }

int DiscardIncompleteIterations(const std::string& dir, int completed) {
  int removed = 0;
  for (const io::ShardFile& shard : io::ListShards(ShardDirectory(dir))) {
    if (shard.iteration >= completed) removed += fs::remove(shard.path) ? 1 : 0;
  }
  for (const std::string& sub : {ShardDirectory(dir), dir + "/checkpoints", dir}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(sub, ec)) {
      if (entry.path().string().find(".tmp") != std::string::npos)
        removed += fs::remove(entry.path()) ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace lf::app
