#include "model/tokenizer.h"

#include "core/error.h"

namespace lf::model {

std::string ClipForModel(std::string_view s) {
  if (s.size() <= kMaxChars) return std::string(s);
  std::string out(kCutMarker);
  out.append(s.substr(s.size() - kMaxChars));
  return out;
}

void CheckModelChars(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0 || c >= kVocabSize) {
      throw InputError("model input has a non-ASCII or NUL character (code " + std::to_string(c) +
                       ") at offset " + std::to_string(i));
    }
  }
}

std::vector<int64_t> EncodeForInference(std::string_view s) {
  const std::string clipped = ClipForModel(s);
  CheckModelChars(clipped);
  std::vector<int64_t> ids;
  ids.reserve(clipped.size() + 2);
  ids.push_back(kBos);
  for (char c : clipped) ids.push_back(static_cast<unsigned char>(c));
  return ids;
}

std::vector<int64_t> EncodeForTraining(std::string_view s) {
  std::vector<int64_t> ids = EncodeForInference(s);
  ids.push_back(kEos);
  return ids;
}

std::string StateQuery(std::string_view state) {
  std::string q = "S: ";
  q.append(state);
  q.append("\n???");
  return q;
}

std::string StateActionQuery(std::string_view state, std::string_view action) {
  std::string q = "S: ";
  q.append(state);
  q.append("\nA: ");
  q.append(action);
  q.append("\n???");
  return q;
}

}  // namespace lf::model
