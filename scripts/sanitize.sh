#!/usr/bin/env bash
# The checking build, in build-check/ (clang): every module that does not need
# LibTorch (core, kernel, io, mpi, search) and their tests, compiled once with
# ASan + UBSan and libFuzzer's coverage hooks, plus the libFuzzer targets that
# scripts/fuzz-smoke.sh runs. Builds it all, then runs those tests. Any
# AddressSanitizer report or undefined behaviour aborts the test that hit it
# (-fno-sanitize-recover), so a clean run means no report. Called by
# scripts/test.sh (CI); docs/reliability.md says what it covers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/configure-check.sh
cmake --build build-check -j"$(nproc)"
# Leak checking is off: Open MPI and HDF5 keep process-lifetime allocations
# that LeakSanitizer reports at exit. Every other ASan check stays on.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
ctest --test-dir build-check --output-on-failure --timeout 900 -j"$(nproc)"
