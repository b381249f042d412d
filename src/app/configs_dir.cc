#include "app/configs_dir.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/error.h"

namespace lf::app {
namespace fs = std::filesystem;
namespace {

std::string ExecutableDirectory() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : exe.parent_path().string();
}

}  // namespace

std::string ConfigsDirectory() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("LF_CONFIG_DIR")) candidates.emplace_back(env);
  if (const char* env = std::getenv("LF_THEORY_DIR"))
    candidates.push_back(fs::path(env).parent_path());
  const std::string exe = ExecutableDirectory();
  if (!exe.empty()) {
    candidates.push_back(fs::path(exe) / ".." / ".." / "configs");
    candidates.push_back(fs::path(exe) / ".." / "share" / "lemmaforge" / "configs");
  }
#ifdef LF_SOURCE_DIR
  candidates.push_back(fs::path(LF_SOURCE_DIR) / "configs");
#endif
  for (const fs::path& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c / "theories", ec)) return fs::weakly_canonical(c, ec).string();
  }
  return "";
}

std::vector<std::string> ShippedTheories() {
  std::vector<std::string> names;
  const std::string dir = ConfigsDirectory();
  if (dir.empty()) return names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "theories", ec)) {
    if (entry.path().extension() == ".p") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TheoryPath(const std::string& name_or_path) {
  const fs::path path(name_or_path);
  if (name_or_path.find('/') != std::string::npos || path.extension() == ".p") return name_or_path;
  const std::string dir = ConfigsDirectory();
  const fs::path shipped = fs::path(dir) / "theories" / (name_or_path + ".p");
  if (dir.empty() || !fs::is_regular_file(shipped)) {
    std::string known;
    for (const auto& n : ShippedTheories()) known += (known.empty() ? "" : ", ") + n;
    throw InputError("unknown theory '" + name_or_path + "' (shipped theories: " +
                     (known.empty() ? "none found; set LF_CONFIG_DIR" : known) + ")");
  }
  return shipped.string();
}

std::shared_ptr<const kernel::Theory> LoadTheory(const std::string& name_or_path) {
  return kernel::Theory::Load(TheoryPath(name_or_path));
}

}  // namespace lf::app
