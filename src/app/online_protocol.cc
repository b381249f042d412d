#include "app/online_protocol.h"

#include <cstring>

#include "core/bytes.h"
#include "core/check.h"

namespace lf::app::online {

std::string Encode(const Report& report) {
  ByteWriter w;
  w.Put<uint8_t>(static_cast<uint8_t>(report.kind));
  w.Put<uint8_t>(static_cast<uint8_t>(report.purpose));
  w.Put<int32_t>(report.goal);
  w.PutString(report.result);
  w.PutStrings(report.refuted);
  return w.Take();
}

Report DecodeReport(const std::string& bytes) {
  ByteReader r(bytes);
  Report report;
  report.kind = static_cast<Report::Kind>(r.Get<uint8_t>());
  report.purpose = static_cast<ProvePurpose>(r.Get<uint8_t>());
  report.goal = r.Get<int32_t>();
  report.result = r.GetString();
  report.refuted = r.GetStrings();
  LF_CHECK(r.done());
  return report;
}

std::string EncodeWeights(int64_t version, std::span<const float> weights) {
  std::string bytes(sizeof(version) + weights.size_bytes(), '\0');
  std::memcpy(bytes.data(), &version, sizeof(version));
  std::memcpy(bytes.data() + sizeof(version), weights.data(), weights.size_bytes());
  return bytes;
}

int64_t DecodeWeights(const std::string& bytes, std::span<float> weights) {
  // Every rank builds its model from the same configuration: a size mismatch is a bug.
  LF_CHECK_EQ(bytes.size(), sizeof(int64_t) + weights.size_bytes());
  int64_t version = 0;
  std::memcpy(&version, bytes.data(), sizeof(version));
  std::memcpy(weights.data(), bytes.data() + sizeof(version), weights.size_bytes());
  return version;
}

std::string EncodeInt(int32_t value) {
  ByteWriter w;
  w.Put<int32_t>(value);
  return w.Take();
}

int32_t DecodeInt(const std::string& bytes) {
  ByteReader r(bytes);
  const int32_t value = r.Get<int32_t>();
  LF_CHECK(r.done());
  return value;
}

}  // namespace lf::app::online
