// libFuzzer target: arbitrary bytes as a run configuration file (configs/*.cfg).
// The text is parsed by ParseConfigText and, if it parses, handled exactly as
// `lemmaforge run --config FILE` does (ParseRunArguments): every entry is
// stored into the real options of [run], [model], [learn], [search] and [mpi]
// (Boost.Program_options conversion, range checks, notifiers) and the resolved
// configuration is rendered. Must end normally or in an InputError -- never a
// crash, another exception, a leak or a hang.
//
// One more property: the resolved configuration is what a run directory
// records in config.cfg and what `--resume` reads back, so reading it again
// must succeed and resolve to the same text.
//
// ParseRunArguments reads its file by path; the input goes into a memfd named
// by /proc/self/fd/N (a regular file, nothing left on disk). Its notifiers load
// the theory and goal sets a config names; shipped names resolve through the
// configs/ directory of the source tree (app::ConfigsDirectory).
//
// Build and run: scripts/fuzz-smoke.sh [SECONDS] (clang, -DLF_FUZZ=ON).

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/config_file.h"
#include "app/run_config.h"
#include "core/error.h"

namespace {

// A memory file holding the config text; its path is "/proc/self/fd/N".
class MemoryFile {
 public:
  explicit MemoryFile(const char* name) : fd_(memfd_create(name, 0)) {
    if (fd_ < 0) Die("memfd_create failed");
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& Write(const std::string& text) {
    if (ftruncate(fd_, 0) != 0) Die("ftruncate failed");
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = pwrite(fd_, text.data() + done, text.size() - done, done);
      if (n <= 0) Die("pwrite failed");
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  [[noreturn]] static void Die(const char* what) {
    std::fprintf(stderr, "config_fuzz: %s\n", what);
    std::abort();
  }
  int fd_;
  std::string path_;
};

lf::app::RunConfig Run(const std::string& path) {
  std::string arg0 = "run", arg1 = "--config", arg2 = path;
  char* argv[] = {arg0.data(), arg1.data(), arg2.data(), nullptr};
  return *lf::app::ParseRunArguments(3, argv);  // nullopt only after --help
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static MemoryFile input("fuzz.cfg"), resolved("resolved.cfg");
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string recorded;
  try {
    lf::app::ParseConfigText(text, "fuzz.cfg");
    recorded = Run(input.Write(text)).text;
  } catch (const lf::InputError&) {
    return 0;
  }
  // Accepted: the recorded configuration must read back to itself (--resume).
  std::string again;
  try {
    again = Run(resolved.Write(recorded)).text;
  } catch (const lf::InputError& e) {
    std::fprintf(stderr, "resolved configuration does not read back: %s\n--- resolved:\n%s",
                 e.what(), recorded.c_str());
    std::abort();
  }
  if (again != recorded) {
    std::fprintf(stderr,
                 "resolved configuration changes when read back\n--- first:\n%s--- then:\n%s",
                 recorded.c_str(), again.c_str());
    std::abort();
  }
  return 0;
}
