#pragma once
// ByteWriter / ByteReader: a minimal binary encoding for messages between
// ranks of one job (both ends run the same binary, so there is no versioning
// and integers are in host byte order).
//
//   u8 / u32 / u64 / f64   raw bytes of the value
//   string                 u64 length, then the bytes
//   strings                u64 count, then each string
//
// A reader that runs past the end fails an LF_CHECK: a short message between
// two ranks of the same job is a bug, not bad input.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/check.h"

namespace lf {

class ByteWriter {
 public:
  template <typename T>
  void Put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    bytes_.append(s);
  }
  void PutStrings(const std::vector<std::string>& strings) {
    Put<uint64_t>(strings.size());
    for (const std::string& s : strings) PutString(s);
  }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  T Get() {
    static_assert(std::is_trivially_copyable_v<T>);
    LF_CHECK_LE(offset_ + sizeof(T), bytes_.size());
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }
  std::string GetString() {
    const auto n = Get<uint64_t>();
    LF_CHECK_LE(offset_ + n, bytes_.size());
    std::string s(bytes_.substr(offset_, n));
    offset_ += n;
    return s;
  }
  std::vector<std::string> GetStrings() {
    std::vector<std::string> strings(Get<uint64_t>());
    for (std::string& s : strings) s = GetString();
    return strings;
  }
  bool done() const { return offset_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t offset_ = 0;
};

}  // namespace lf
