// libFuzzer target: arbitrary bytes as a Peano file. Parsing, loading the
// declarations and checking every proof must end in a verdict or an
// InputError -- never a crash, an uncaught exception or a hang.
//
// Build and run: scripts/fuzz-smoke.sh [SECONDS] (clang, -DLF_FUZZ=ON).

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "kernel/checker.h"
#include "kernel/syntax.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto items = lf::kernel::ParseFile(text, "fuzz.p");
    lf::kernel::CheckItems(items);
  } catch (const lf::InputError&) {
  }
  return 0;
}
