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

// Writes all bytes and closes; throws WriteError naming the file on failure.
void WriteFile(const std::string& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
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
  if (::close(fd) != 0) ThrowWrite(path, "close failed", errno);
}

// fsync before rename: after a node crash the name must never point at data
// that did not reach the disk.
void SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) ThrowWrite(path, "cannot open to sync", errno);
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    ThrowWrite(path, "fsync failed", err);
  }
  ::close(fd);
}

}  // namespace

std::string TemporaryPath(const std::string& path) {
  return path + ".tmp." + std::to_string(::getpid());
}

void PublishFile(const std::string& tmp, const std::string& path) {
  std::error_code ec;
  try {
    SyncFile(tmp);
  } catch (const WriteError&) {
    std::filesystem::remove(tmp, ec);
    throw;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(tmp, ec);
    throw WriteError(tmp + ": error: cannot rename to " + path + ": " + why);
  }
}

void WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = TemporaryPath(path);
  try {
    WriteFile(tmp, bytes);
  } catch (const WriteError&) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  PublishFile(tmp, path);
}

}  // namespace lf
