#!/usr/bin/env bash
# ASan + UBSan build of every module that does not need LibTorch (core, kernel,
# io, mpi, search) and of their tests, in build-sanitize/, then runs those tests.
# Any AddressSanitizer report or undefined behaviour aborts the test that hit it
# (-fno-sanitize-recover), so a clean run means no report. Called by
# scripts/test.sh (CI); docs/reliability.md says what it covers.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLF_SANITIZE=ON -DLF_BUILD_TESTS=ON \
  -DLF_WERROR=ON >/dev/null
cmake --build build-sanitize -j"$(nproc)"
# Leak checking is off: Open MPI and HDF5 keep process-lifetime allocations
# that LeakSanitizer reports at exit. Every other ASan check stays on.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
ctest --test-dir build-sanitize --output-on-failure --timeout 900 -j"$(nproc)"
