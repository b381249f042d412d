#include "io/shard_files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <tuple>

namespace lf::io {
namespace {

namespace fs = std::filesystem;

const std::regex& ShardPattern() {
  static const std::regex pattern(R"(it(\d{6,})_r(\d{5,})_([0-9a-f]{16})\.h5)");
  return pattern;
}

}  // namespace

std::string ShardFileName(int iteration, int rank, uint64_t random_id) {
  char name[64];
  std::snprintf(name, sizeof(name), "it%06d_r%05d_%016llx.h5", iteration, rank,
                static_cast<unsigned long long>(random_id));
  return name;
}

std::vector<ShardFile> ListShards(const std::string& dir) {
  std::vector<ShardFile> shards;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    std::smatch match;
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !std::regex_match(name, match, ShardPattern())) continue;
    shards.push_back({entry.path().string(), std::stoi(match[1]), std::stoi(match[2])});
  }
  std::sort(shards.begin(), shards.end(), [](const ShardFile& a, const ShardFile& b) {
    return std::tie(a.iteration, a.rank, a.path) < std::tie(b.iteration, b.rank, b.path);
  });
  return shards;
}

std::vector<ShardFile> ListShards(const std::string& dir, int iteration) {
  std::vector<ShardFile> shards = ListShards(dir);
  std::erase_if(shards, [&](const ShardFile& s) { return s.iteration != iteration; });
  return shards;
}

int RemoveStaleTemporaries(const std::string& dir, int rank) {
  char infix[16];
  std::snprintf(infix, sizeof(infix), "_r%05d_", rank);
  int removed = 0;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".h5.tmp") && name.find(infix) != std::string::npos &&
        fs::remove(entry.path(), error)) {
      ++removed;
    }
  }
  return removed;
}

}  // namespace lf::io
