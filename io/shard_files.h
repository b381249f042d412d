#pragma once
// Shard file names and the directory scan that lists complete shards
// (style.md rule 9; KataGo's tmp + rename publication).
//
// A shard is written as   DIR/it<ITER>_r<RANK>_<HEX>.h5.tmp
// and renamed, once closed and synced, to   DIR/it<ITER>_r<RANK>_<HEX>.h5
// ITER is the 6-digit iteration, RANK the 5-digit world rank, HEX 16 random hex
// digits, so writers never coordinate names and a name never repeats. rename(2)
// within one directory is atomic: a reader either sees no shard or a complete one,
// and a writer killed mid-shard leaves only a .tmp file, which ListShards ignores
// (and RemoveStaleTemporaries can delete when a run restarts).

#include <cstdint>
#include <string>
#include <vector>

namespace lf::io {

struct ShardFile {
  std::string path;
  int iteration = 0;
  int rank = 0;
};

// "it000003_r00002_0123456789abcdef.h5" (file name only).
std::string ShardFileName(int iteration, int rank, uint64_t random_id);

// The complete shards in `dir` (not recursive), sorted by iteration, rank, name.
// A missing directory has no shards. Files not named like shards are ignored.
std::vector<ShardFile> ListShards(const std::string& dir);
// The complete shards of one iteration.
std::vector<ShardFile> ListShards(const std::string& dir, int iteration);

// Deletes `*.h5.tmp` files of `rank` in `dir` (leftovers of a killed writer; call
// before a restarted rank writes again). Returns how many were removed.
int RemoveStaleTemporaries(const std::string& dir, int rank);

}  // namespace lf::io
