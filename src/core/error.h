#pragma once
// User-facing errors (error tier (a) of docs/architecture.md).
//
// Anything a user can get wrong -- a malformed theory or goal file, a bad
// config value, a corrupt HDF5 file, an unknown action string -- is reported by
// throwing InputError. Its what() is the complete message in the compiler
// convention every editor understands:
//
//     FILE:LINE:COL: error: MESSAGE        (location known)
//     FILE: error: MESSAGE                 (only the file known)
//     error: MESSAGE                       (no file, e.g. a command-line value)
//
// Subcommands catch InputError at their top level, print what(), and exit with
// kExitBadInput (2). Exit codes stay below 128 so a shell never mistakes them
// for a signal.
//
// A file that cannot be written (disk full, quota, a file-size limit,
// permissions) is not the user's input being wrong: it is a WriteError, and the
// process exits with kExitWriteFailed (4). Everything lemmaforge publishes is
// written to a temporary name and renamed, so the failed write leaves the old
// file intact and a run resumable once space is freed (docs/reliability.md).

#include <stdexcept>
#include <string>

namespace lf {

// Process exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure =
    1;  // the input was fine, the answer is "no" (wrong proof, unproved goal)
inline constexpr int kExitBadInput = 2;     // unreadable or malformed input, bad options
inline constexpr int kExitInterrupted = 3;  // SIGTERM/SIGINT/SIGUSR1: state flushed, can resume
inline constexpr int kExitWriteFailed = 4;  // a file could not be written; run can resume

// A position in a text file. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col", "file:line", "file" or "" depending on what is known.
  std::string ToString() const;
};

class InputError : public std::runtime_error {
 public:
  InputError(const SourceLocation& where, const std::string& message);
  explicit InputError(const std::string& message) : InputError(SourceLocation{}, message) {}

  const SourceLocation& where() const { return where_; }
  // The message without the location prefix.
  const std::string& message() const { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// A failure to write or publish a file; what() is "FILE: error: MESSAGE".
class WriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The 1-based line and column of byte `offset` in `text`.
SourceLocation LocationInText(const std::string& text, size_t offset, const std::string& file);

// Reads a whole file; throws InputError("FILE: error: cannot read ...") on failure.
std::string ReadFileOrThrow(const std::string& path);

}  // namespace lf
