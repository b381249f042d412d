#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in the checking build (build-check/,
# scripts/configure-check.sh; scripts/sanitize.sh builds them too) and runs each
# for SECONDS/3 (default SECONDS 20; at least 5 s per target; inputs
# up to 4096 bytes, longer seeds are cut):
#   fuzz_parser  Peano theory/proof files   seeds: configs/theories/*.p,
#                                                  tests/fuzz/corpus/parser/
#   fuzz_goals   goal-set JSON / problem lists      tests/fuzz/corpus/goals/
#   fuzz_config  run configuration files           tests/fuzz/corpus/config/
# Each run starts from its seed corpus (copied to build-check/corpus/NAME, NAME =
# parser, goals, config) with a fixed seed (LF_FUZZ_SEED, default 1), so a CI
# run is reproducible. Exits non-zero if any target finds a crash, leak, UB,
# uncaught exception or timeout; the input is saved under
# build-check/artifacts/NAME/ as crash-*, leak-*, timeout-*, ... (replay:
# build-check/bin/fuzz_NAME FILE, with the UBSAN_OPTIONS below). Full logs:
# build-check/fuzz_NAME.log.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
per_target=$((seconds / 3))
((per_target >= 5)) || per_target=5
targets=(fuzz_parser fuzz_goals fuzz_config)

bash scripts/configure-check.sh
cmake --build build-check -j"$(nproc)" --target "${targets[@]}" >/dev/null

# Shipped theories and goal sets (fuzz_goals, fuzz_config) come from configs/.
export LF_CONFIG_DIR="$PWD/configs"
# UBSan only reports and goes on unless told to stop: make UB a finding.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
for target in "${targets[@]}"; do
  name=${target#fuzz_}
  corpus=build-check/corpus/$name
  artifacts=build-check/artifacts/$name
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  cp tests/fuzz/corpus/"$name"/* "$corpus"/
  if [[ $name == parser ]]; then
    cp configs/theories/*.p "$corpus"/
    if [[ -f ../shared/golden/natural_number_game.p ]]; then
      cp ../shared/golden/natural_number_game.p "$corpus"/
    fi
  fi
  log=build-check/$target.log
  if ./build-check/bin/"$target" "$corpus" -max_total_time="$per_target" -seed="${LF_FUZZ_SEED:-1}" \
      -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts"/ >"$log" 2>&1; then
    grep -E '^(Done|stat::(new_units_added|peak_rss_mb))' "$log" |
      sed "s/^/$target: /"
  else
    status=1
    echo "$target: FAILED (full log: $log; input saved under $artifacts/)"
    tail -n 40 "$log" | sed "s/^/$target: /"
  fi
done
exit "$status"
