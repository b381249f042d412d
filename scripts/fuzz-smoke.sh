#!/usr/bin/env bash
# Builds the libFuzzer parser target with clang into build-fuzz/ and runs it for
# SECONDS (default 20) from a seed corpus of the shipped theories and the
# regression inputs in tests/fuzz/*.p (inputs that once crashed). The seed is
# fixed, so a CI run is reproducible. Exits non-zero if the fuzzer finds a
# crash, leak or timeout; the input is saved under build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DLF_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_parser >/dev/null
corpus=build-fuzz/corpus
mkdir -p "$corpus"
cp configs/theories/*.p tests/fuzz/*.p "$corpus"/
if [[ -f ../shared/golden/natural_number_game.p ]]; then cp ../shared/golden/natural_number_game.p "$corpus"/; fi
./build-fuzz/bin/fuzz_parser "$corpus" -max_total_time="$seconds" -seed=${LF_FUZZ_SEED:-1} -max_len=4096 \
  -artifact_prefix=build-fuzz/ -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 2>&1 | tail -n 12
