#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace lf {
namespace {

[[noreturn]] void ThrowWrite(const std::string& path, const std::string& what, int err) {
  throw WriteError(path + ": error: " + what + ": " + std::strerror(err));
}

// Writes all bytes and fsyncs; throws WriteError naming the file on failure.
void WriteFileSynced(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) ThrowWrite(path, "cannot create", errno);
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ThrowWrite(path, "write failed", err);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ThrowWrite(path, "fsync failed", err);
  }
  if (::close(fd) != 0) ThrowWrite(path, "close failed", errno);
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::error_code ec;
  try {
    WriteFileSynced(tmp, bytes);
  } catch (const WriteError&) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw WriteError(path + ": error: cannot publish: " + ec.message());
  }
}

}  // namespace lf
