#pragma once
// Character tokenisation and the exact query strings (minimo §4.2, §4.3).
//
// Tokens are ASCII codes (< 128) with three special ids: PAD = 0, BOS = 1,
// EOS = 2. A sequence is [BOS] + bytes(s), plus [EOS] when training; batches
// are right-padded with PAD.
//
// Any string longer than 490 characters is cut to "[...] " + its last 490
// characters before tokenisation, so inputs are at most 498 tokens.
//
// Test vector I (peano.md §21):
//   EncodeForTraining("S: <solved>\n???Y") =
//     [1, 83, 58, 32, 60, 115, 111, 108, 118, 101, 100, 62, 10, 63, 63, 63, 89, 2]
//
// Query formats (the label character follows "???" in training strings):
//   state value         "S: " + state + "\n???"
//   state-action value  "S: " + state + "\nA: " + action + "\n???"
//   conjecture          "Conj:(hard) " + statement
// All functions are pure and thread-safe.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lf::model {

inline constexpr int kVocabSize = 128;
inline constexpr int64_t kPad = 0;
inline constexpr int64_t kBos = 1;
inline constexpr int64_t kEos = 2;
inline constexpr int64_t kYes = 'Y';  // 89
inline constexpr int64_t kNo = 'N';   // 78
inline constexpr size_t kMaxChars = 490;
inline constexpr std::string_view kCutMarker = "[...] ";
inline constexpr std::string_view kConjecturePrompt = "Conj:(hard) ";

// s itself if it has at most 490 characters, else "[...] " + its last 490.
std::string ClipForModel(std::string_view s);

// [BOS] + bytes(ClipForModel(s)). Throws lf::InputError on a character >= 128
// or a NUL (which would read as PAD).
std::vector<int64_t> EncodeForInference(std::string_view s);
// EncodeForInference(s) + [EOS].
std::vector<int64_t> EncodeForTraining(std::string_view s);

// "S: " + state + "\n???" and "S: " + state + "\nA: " + action + "\n???".
std::string StateQuery(std::string_view state);
std::string StateActionQuery(std::string_view state, std::string_view action);

// Throws lf::InputError if s contains a character that is not a model token.
void CheckModelChars(std::string_view s);

}  // namespace lf::model
