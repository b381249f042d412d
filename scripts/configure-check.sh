#!/usr/bin/env bash
# Configures the checking build in build-check/ (clang, ASan + UBSan, the
# libFuzzer targets; see CMakeLists.txt), used by scripts/sanitize.sh and
# scripts/fuzz-smoke.sh. Warnings are policed by the main GCC build (-Werror
# in CI), not here.
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang CXX=clang++ cmake -S . -B build-check -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLF_SANITIZE=ON -DLF_FUZZ=ON -DLF_BUILD_TESTS=ON >/dev/null
