#include "core/json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lf::json {

const Value* Value::Find(const std::string& key) const {
  for (const auto& [k, v] : object_)
    if (k == key) return &v;
  return nullptr;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& file) : text_(text), file_(file) {}

  Value Document() {
    Value v = ParseValue(0);
    Skip();
    if (pos_ < text_.size()) Fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& msg) const { throw InputError(Here(), msg); }

  SourceLocation Here() const { return LocationInText(text_, pos_, file_); }

  void Skip() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\t' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool Consume(const char* word) {
    const size_t n = std::char_traits<char>::length(word);
    if (text_.compare(pos_, n, word) != 0) return false;
    pos_ += n;
    return true;
  }

  Value ParseValue(int depth) {
    if (depth > 256) Fail("JSON nested too deeply");
    Skip();
    Value v;
    v.where = Here();
    if (pos_ >= text_.size()) Fail("expected a JSON value, found end of input");
    const char c = text_[pos_];
    if (c == '{') {
      v.type_ = Value::Type::kObject;
      ++pos_;
      Skip();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return v;
      }
      while (true) {
        Skip();
        if (pos_ >= text_.size() || text_[pos_] != '"') Fail("expected a string key");
        std::string key = ParseString();
        Skip();
        if (pos_ >= text_.size() || text_[pos_] != ':') Fail("expected ':' after the key");
        ++pos_;
        Value member = ParseValue(depth + 1);
        v.object_.emplace_back(std::move(key), std::move(member));
        Skip();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '}') {
          ++pos_;
          return v;
        }
        Fail("expected ',' or '}' in an object");
      }
    }
    if (c == '[') {
      v.type_ = Value::Type::kArray;
      ++pos_;
      Skip();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return v;
      }
      while (true) {
        v.array_.push_back(ParseValue(depth + 1));
        Skip();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          return v;
        }
        Fail("expected ',' or ']' in an array");
      }
    }
    if (c == '"') {
      v.type_ = Value::Type::kString;
      v.string_ = ParseString();
      return v;
    }
    if (Consume("true")) {
      v.type_ = Value::Type::kBool;
      v.bool_ = true;
      return v;
    }
    if (Consume("false")) {
      v.type_ = Value::Type::kBool;
      return v;
    }
    if (Consume("null")) return v;
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char* begin = text_.c_str() + pos_;
      char* end = nullptr;
      v.number_ = std::strtod(begin, &end);
      if (end == begin) Fail("malformed number");
      pos_ += static_cast<size_t>(end - begin);
      v.type_ = Value::Type::kNumber;
      return v;
    }
    Fail(std::string("unexpected character '") + c + "'");
  }

  static void AppendUtf8(unsigned cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  unsigned Hex4() {
    if (pos_ + 4 > text_.size()) Fail("truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<unsigned>(h - 'A' + 10);
      else
        Fail("bad \\u escape");
    }
    return v;
  }

  std::string ParseString() {
    ++pos_;  // opening quote
    std::string s;
    while (true) {
      if (pos_ >= text_.size()) Fail("unterminated string");
      const char c = text_[pos_++];
      if (c == '"') return s;
      if (static_cast<unsigned char>(c) < 0x20) Fail("control character in a string");
      if (c != '\\') {
        s += c;
        continue;
      }
      if (pos_ >= text_.size()) Fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          s += '"';
          break;
        case '\\':
          s += '\\';
          break;
        case '/':
          s += '/';
          break;
        case 'b':
          s += '\b';
          break;
        case 'f':
          s += '\f';
          break;
        case 'n':
          s += '\n';
          break;
        case 'r':
          s += '\r';
          break;
        case 't':
          s += '\t';
          break;
        case 'u': {
          unsigned cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && text_.compare(pos_, 2, "\\u") == 0) {
            // A high surrogate combines only with a following low surrogate
            // (DC00-DFFF). Any other \u escape was once folded in too, decoding
            // "\uD800\u0041" as U+2441 and "\uDBFF\uFFFF" as a code point
            // above U+10FFFF; now the high surrogate stays alone, as when
            // nothing follows, and the next escape is read on its own.
            const size_t next = pos_;
            pos_ += 2;
            const unsigned lo = Hex4();
            if (lo >= 0xDC00 && lo < 0xE000)
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else
              pos_ = next;
          }
          AppendUtf8(cp, &s);
          break;
        }
        default:
          Fail(std::string("bad escape '\\") + e + "'");
      }
    }
  }

  const std::string& text_;
  std::string file_;
  size_t pos_ = 0;
};

Value Parse(const std::string& text, const std::string& file) {
  return Parser(text, file).Document();
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string Number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace lf::json
