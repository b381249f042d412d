#include "core/error.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace lf {

std::string SourceLocation::ToString() const {
  std::string s = file;
  if (line > 0) {
    s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
  }
  return s;
}

namespace {
std::string Format(const SourceLocation& where, const std::string& message) {
  std::string prefix = where.ToString();
  return (prefix.empty() ? "" : prefix + ": ") + "error: " + message;
}
}  // namespace

InputError::InputError(const SourceLocation& where, const std::string& message)
    : std::runtime_error(Format(where, message)), where_(where), message_(message) {}

SourceLocation LocationInText(const std::string& text, size_t offset, const std::string& file) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return SourceLocation{file, line, col};
}

std::string ReadFileOrThrow(const std::string& path) {
  // Only regular files are input: a directory would read as empty (and pass as
  // an empty theory or problem list), and opening a FIFO or reading a device
  // such as /dev/zero never ends. stat() follows symbolic links.
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(SourceLocation{path},
                     std::string("cannot read file: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    throw InputError(SourceLocation{path},
                     S_ISDIR(info.st_mode) ? "is a directory, not a file"
                                           : "is not a regular file (a device, FIFO or socket)");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(SourceLocation{path},
                     std::string("cannot read file: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(SourceLocation{path}, "read failed");
  return buffer.str();
}

}  // namespace lf
