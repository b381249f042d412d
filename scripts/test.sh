#!/usr/bin/env bash
# Installs what is missing, builds lemmaforge into build/ and runs every test.
# This is the README's test command and exactly what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLF_WERROR=ON -DLF_BUILD_TESTS=ON
cmake --build build -j"$(nproc)"
# MPI tests run as root on CI machines with fewer cores than ranks.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1
ctest --test-dir build --output-on-failure --timeout 600 -j"$(nproc)"
# The checking build (docs/reliability.md): the modules without LibTorch with
# ASan + UBSan, their tests, then the libFuzzer targets (parser, goal sets,
# config files) for 30 s in all.
bash scripts/sanitize.sh
bash scripts/fuzz-smoke.sh 30
