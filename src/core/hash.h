#pragma once
// Hash combination (boost::hash_combine's mixing, 64-bit constant) and the
// FNV-1a checksum of files lemmaforge publishes (checkpoints, shards listed in
// state.json). Results never depend on hash-map iteration order (every
// enumeration in lemmaforge follows insertion order).

#include <cstddef>
#include <cstdint>

namespace lf {

inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

// 64-bit FNV-1a of `n` bytes, continuing from `h` (pass the result of an
// earlier call to checksum a file chunk by chunk).
inline uint64_t Fnv1a64(const char* data, size_t n, uint64_t h = 0xcbf29ce484222325ULL) {
  for (size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace lf
