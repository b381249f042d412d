#pragma once
// The messages of online mode (run_online.h) between the learner root (job
// rank 0) and the actors (the generator ranks), on the job communicator
// through mpi/stream.h. Both ends run the same binary, so the layout carries
// no version of its own.
//
//   tag          direction        body
//   kWeights     root -> actor    i64 version (learner step), then fp32 weights
//   kRoll        root -> actor    i32 segment: publish your shards of it
//   kStop        root -> actor    u8 exit code: stop searching, acknowledge, exit
//   kReport      actor -> root    one finished search or a batch of refuted samples
//   kRolled      actor -> root    i32 segment: its shards are published
//   kStopAck     actor -> root    (empty) the actor's last message
//
// An actor reads the root's messages with any tag, so it sees them in send
// order: weights and rolls sent before a stop arrive before it. The root
// reads reports until every actor's kStopAck has come, so every report an
// actor sent is received before the job ends.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "app/run_messages.h"

namespace lf::app::online {

enum Tag : int {
  kTagWeights = 801,
  kTagRoll = 802,
  kTagStop = 803,
  kTagReport = 804,
  kTagRolled = 805,
  kTagStopAck = 806,
};

// What an actor reports.
struct Report {
  enum class Kind : uint8_t { kSearch = 0, kRefuted = 1 };
  Kind kind = Kind::kSearch;
  ProvePurpose purpose = ProvePurpose::kConjecture;  // kSearch: what the search was for
  int32_t goal = -1;                 // kSearch: index of the final goal it targeted, else -1
  std::string result;                // kSearch: the encoded ProveResult (run_messages.h)
  std::vector<std::string> refuted;  // kRefuted: sampled, novel, refuted statements
};

std::string Encode(const Report& report);
Report DecodeReport(const std::string& bytes);

std::string EncodeWeights(int64_t version, std::span<const float> weights);
// Fills `weights` (which must have the sender's size: LF_CHECK) and returns
// the version.
int64_t DecodeWeights(const std::string& bytes, std::span<float> weights);

std::string EncodeInt(int32_t value);
int32_t DecodeInt(const std::string& bytes);

}  // namespace lf::app::online
