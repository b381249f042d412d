#pragma once
// Hash combination (boost::hash_combine's mixing, 64-bit constant).
// Hashes are used for lookup only: results never depend on hash-map iteration
// order (every enumeration in lemmaforge follows insertion order).

#include <cstddef>
#include <cstdint>

namespace lf {

inline uint64_t HashCombine(uint64_t seed, uint64_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

}  // namespace lf
