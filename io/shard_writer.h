#pragma once
// Writes records (io/records.h) into HDF5 shards: one writer per rank, files
// published atomically (io/shard_files.h), fixed size, self-describing.
//
// Life of a shard: the first Add() creates DIR/<name>.h5.tmp with the root
// attributes (schema_version, config, rank, iteration, ...) and all six tables;
// records are buffered and appended chunk by chunk; when `records_per_shard`
// records have been added (or on Flush(), SetIteration() with a new iteration, or
// destruction) the file is closed, fsync'ed and renamed to DIR/<name>.h5.
//
// Shard size. Every shard holds records_per_shard records (a search graph counts as
// one) except the last of an iteration and the writer's first one, whose size is
// drawn uniformly from [first_shard_min_fraction, 1] x records_per_shard (KataGo's
// firstFileRandMinProp): ranks that start together do not all flush together.
//
// Crash safety. Killed at any point, a writer leaves at most one *.h5.tmp file and
// never a partial *.h5. If the writer is destroyed while an exception unwinds, the
// temporary file is deleted rather than published (its content may be
// inconsistent with what the caller believes was written).
//
// Ownership: owns the open shard. Move-less, not copyable. Not thread-safe: one
// writer per rank, used from one thread (HDF5 is not thread-safe either).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/h5_table.h"
#include "io/records.h"

namespace lf::io {

struct ShardWriterParams {
  std::string dir;                        // output directory (created if missing)
  std::string config;                     // resolved run configuration, stored verbatim
  int rank = 0;                           // MPI world rank of this writer
  int iteration = 0;                      // initial iteration (see SetIteration)
  int64_t records_per_shard = 100000;     // publish after this many records; >= 1
  double first_shard_min_fraction = 0.5;  // in (0, 1]; 1 disables the randomisation
  uint64_t seed = 0;                      // file names and first-shard size
  TableOptions table;                     // chunking and compression
};

class ShardWriter {
 public:
  explicit ShardWriter(ShardWriterParams params);
  // Publishes the open shard (or, during exception unwinding, deletes it).
  ~ShardWriter();
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  void Add(const ProofAttempt& record);
  void Add(const SearchGraph& record);
  void Add(const TrainingExample& record);
  void Add(const Conjecture& record);

  // Records added from now on belong to `iteration`; publishes the open shard
  // first if the iteration changes.
  void SetIteration(int iteration);

  // Publishes the open shard now; returns its path, or nullopt if nothing was open.
  std::optional<std::string> Flush();

  // Every shard published so far, in order.
  const std::vector<std::string>& published() const { return published_; }

 private:
  struct OpenShard;  // the .tmp file and its tables (shard_writer.cc)

  OpenShard& Shard();  // opens a shard if none is open
  void AfterAdd();

  ShardWriterParams params_;
  uint64_t rng_state_;
  int64_t shard_limit_;  // records allowed in the open / next shard
  int uncaught_at_start_;
  std::unique_ptr<OpenShard> shard_;
  std::vector<std::string> published_;
};

}  // namespace lf::io
