#include "app/run_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/version.h"
#include "io/shard_files.h"
#include "io/shard_reader.h"

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

std::string Hex(uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

std::vector<PublishedFile> Files(const json::Value* array) {
  std::vector<PublishedFile> out;
  if (array == nullptr) return out;
  if (!array->is_array()) throw InputError(array->where, "expected an array of files");
  for (const json::Value& v : array->items()) {
    const json::Value* name = v.Find("file");
    const json::Value* bytes = v.Find("bytes");
    const json::Value* sum = v.Find("fnv1a64");
    if (!v.is_object() || name == nullptr || !name->is_string() || bytes == nullptr ||
        bytes->type() != json::Value::Type::kNumber || bytes->number() < 0 || sum == nullptr ||
        !sum->is_string() || sum->str().size() != 16 ||
        sum->str().find_first_not_of("0123456789abcdef") != std::string::npos)
      throw InputError(v.where, "expected {\"file\": NAME, \"bytes\": N, \"fnv1a64\": HEX16}");
    out.push_back({name->str(), static_cast<uint64_t>(bytes->number()),
                   std::stoull(sum->str(), nullptr, 16)});
  }
  return out;
}

std::string JsonFiles(const std::vector<PublishedFile>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i)
    out += (i ? ",\n    " : "\n    ") + std::string("{\"file\": ") + json::Quote(files[i].name) +
           ", \"bytes\": " + std::to_string(files[i].bytes) + ", \"fnv1a64\": \"" +
           Hex(files[i].fnv1a64) + "\"}";
  return out + (files.empty() ? "]" : "\n  ]");
}

// Size and checksum of a file as it is now.
PublishedFile Describe(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourceLocation{path}, "cannot read");
  PublishedFile f{fs::path(path).filename().string(), 0, Fnv1a64(nullptr, 0)};
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<size_t>(in.gcount());
    f.bytes += n;
    f.fnv1a64 = Fnv1a64(buffer.data(), n, f.fnv1a64);
  }
  return f;
}

}  // namespace

RunDirLock::RunDirLock(const std::string& dir) {
  const std::string path = dir + "/lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw InputError(SourceLocation{dir},
                     std::string("cannot create the run lock: ") + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    std::string holder;
    char buffer[256];
    const ssize_t n = ::pread(fd_, buffer, sizeof buffer - 1, 0);
    if (n > 0) holder.assign(buffer, static_cast<size_t>(n));
    while (!holder.empty() && holder.back() == '\n') holder.pop_back();
    ::close(fd_);
    if (err == EWOULDBLOCK)
      throw InputError(SourceLocation{dir}, "is in use by another lemmaforge run (" +
                                                (holder.empty() ? "pid unknown" : holder) +
                                                "); two runs must not share a run directory");
    throw InputError(SourceLocation{dir}, std::string("cannot lock: ") + std::strerror(err));
  }
  char host[256] = "unknown";
  ::gethostname(host, sizeof host - 1);
  const std::string holder =
      std::string("host ") + host + ", pid " + std::to_string(::getpid()) + "\n";
  // Only a diagnostic for the next process's message: a failed write is harmless.
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd_, holder.data(), holder.size(), 0);
  }
}

RunDirLock::~RunDirLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

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

std::unique_ptr<RunDirLock> CreateRunDirectory(const std::string& dir,
                                               const std::string& config_text) {
  std::error_code ec;
  fs::create_directories(dir + "/checkpoints", ec);
  if (!ec) fs::create_directories(ShardDirectory(dir), ec);
  if (ec) throw InputError(SourceLocation{dir}, "cannot create the run directory: " + ec.message());
  // Locked before the check, so two fresh runs given one directory cannot both pass it.
  auto lock = std::make_unique<RunDirLock>(dir);
  if (fs::exists(dir + "/state.json"))
    throw InputError(SourceLocation{dir}, "holds a run already; continue it with --resume " + dir);
  WriteFileAtomically(dir + "/config.cfg",
                      std::string("# Resolved configuration of this run (lemmaforge ") +
                          GitRevision() + ").\n" + config_text);
  return lock;
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
  state.shards = Files(root.Find("shards"));
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
          ",\n  \"shards\": " + JsonFiles(state.shards) + "\n}\n");
}

std::string CheckpointName(int iteration) {
  char name[40];
  std::snprintf(name, sizeof name, "checkpoints/it%06d.ckpt", iteration);
  return name;
}

std::string CheckpointPath(const std::string& dir, int iteration) {
  return dir + "/" + CheckpointName(iteration);
}

void SaveGoalProof(const std::string& dir, const std::string& name, const std::string& script) {
  std::error_code ec;
  fs::create_directories(dir + "/goal-proofs", ec);
  if (ec) throw InputError(SourceLocation{dir}, "cannot create goal-proofs/: " + ec.message());
  WriteFileAtomically(dir + "/goal-proofs/" + name + ".p", script + "\n");
}

std::string ShardDirectory(const std::string& dir) { return dir + "/shards"; }

std::string TracePath(const std::string& dir, int iteration, int rank) {
  char name[48];
  std::snprintf(name, sizeof name, "it%06d_r%d.h5", iteration, rank);
  return dir + "/traces/" + name;
}

std::vector<io::TrainingExample> StoredTrainingExamples(const std::string& dir,
                                                        std::optional<int> iteration,
                                                        std::optional<int> rank) {
  std::vector<io::TrainingExample> out;
  const std::vector<io::ShardFile> shards = iteration
                                                ? io::ListShards(ShardDirectory(dir), *iteration)
                                                : io::ListShards(ShardDirectory(dir));
  for (const io::ShardFile& f : shards) {
    if (rank && f.rank != *rank) continue;
    for (io::TrainingExample& e : io::ShardReader(f.path).ReadTrainingExamples())
      out.push_back(std::move(e));
  }
  return out;
}

std::vector<PublishedFile> DescribeShards(const std::string& dir, int iteration) {
  std::vector<PublishedFile> out;
  for (const io::ShardFile& shard : io::ListShards(ShardDirectory(dir), iteration))
    out.push_back(Describe(shard.path));
  return out;
}

void VerifyShards(const std::string& dir, const RunState& state) {
  for (const PublishedFile& expected : state.shards) {
    const std::string path = ShardDirectory(dir) + "/" + expected.name;
    const SourceLocation where{path};
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
      throw InputError(where, "missing: state.json lists it as a shard of a completed iteration");
    const PublishedFile found = Describe(path);
    if (found.bytes != expected.bytes)
      throw InputError(where, "truncated or overwritten: " + std::to_string(found.bytes) +
                                  " bytes, state.json recorded " + std::to_string(expected.bytes));
    if (found.fnv1a64 != expected.fnv1a64)
      throw InputError(where, "corrupt: its checksum differs from the one state.json recorded");
  }
}

int DiscardIncompleteIterations(const std::string& dir, int completed) {
  int removed = 0;
  for (const io::ShardFile& shard : io::ListShards(ShardDirectory(dir))) {
    if (shard.iteration >= completed) removed += fs::remove(shard.path) ? 1 : 0;
  }
  std::error_code traces_error;
  for (const auto& entry : fs::directory_iterator(dir + "/traces", traces_error)) {
    int iteration = 0;
    if (std::sscanf(entry.path().filename().c_str(), "it%d_r", &iteration) == 1 &&
        iteration >= completed)
      removed += fs::remove(entry.path()) ? 1 : 0;
  }
  for (const std::string& sub : {ShardDirectory(dir), dir + "/checkpoints", dir + "/traces", dir}) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(sub, ec)) {
      if (entry.path().string().find(".tmp") != std::string::npos)
        removed += fs::remove(entry.path()) ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace lf::app
