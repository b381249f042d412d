#include "app/model_binary.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/error.h"
#include "core/openmp_environment.h"

namespace lf::app {

bool NeedsModelBinary(int argc, char** argv) {
  if (argc < 2) return false;
  const std::string command = argv[1];
  if (command == "run" || command == "e2e" || command == "conjecture") return true;
  if (command == "bench" && argc > 2 &&
      (std::strcmp(argv[2], "model") == 0 || std::strcmp(argv[2], "online") == 0))
    return true;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--model" || arg.rfind("--model=", 0) == 0) return true;
  }
  return false;
}

void ExecModelBinary(char** argv) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::string binary =
      ((error ? std::filesystem::path(argv[0]) : self).parent_path() / "lemmaforge-model").string();
  SetOpenMpEnvironment();
  execv(binary.c_str(), argv);
  std::fprintf(stderr, "%s: error: cannot run the model binary: %s\n", binary.c_str(),
               std::strerror(errno));
  std::exit(kExitFailure);
}

}  // namespace lf::app
