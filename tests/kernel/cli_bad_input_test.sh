#!/usr/bin/env bash
# Bad input through the real binary must give a clear "error:" message and an
# exit code of 1 (a "no" answer) or 2 (malformed input) -- never a crash
# (>= 128), a hang (timeout) or a silent success.
set -uo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
theory="$(dirname "$0")/../../configs/theories/nat-add.p"
failures=0

# expect CODE DESCRIPTION PATTERN -- command...
expect() {
  local want=$1 what=$2 pattern=$3
  shift 3
  local out code
  out=$(timeout 30 "$@" 2>&1)
  code=$?
  if [[ $code -ne $want ]]; then
    echo "FAIL: $what: exit $code, expected $want"; echo "$out" | head -5; failures=$((failures + 1))
  elif ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $what: output lacks /$pattern/"; echo "$out" | head -5; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}

printf 'nat : type.\n\x00\x01\xfe\xff\x80 junk' >"$dir/garbage.p"
expect 2 "binary garbage" "garbage.p:2:1: error:" "$bin" check "$dir/garbage.p"

printf 'nat : type.\ns : [nat -> nat.\n' >"$dir/unbalanced.p"
expect 2 "unbalanced brackets" "unbalanced.p:2:[0-9]+: error:" "$bin" check "$dir/unbalanced.p"

printf 'nat : type.\nf : [nat -> foo].\n' >"$dir/undeclared.p"
expect 2 "undeclared name" "undeclared.p:2:1: error:.*foo" "$bin" check "$dir/undeclared.p"

{ cat "$theory"; printf 'theorem t : (= (+ z z) z) {\n  show (= (+ z z) (s z)) by +_z.\n}\n'; } >"$dir/wrong.p"
expect 1 "wrong proof" "wrong.p:[0-9]+:3: error: t:" "$bin" check "$dir/wrong.p"

{ cat "$theory"; printf 'theorem t : (= (+ z z) z) {\n  show (= (+ z z) z) by +_z.\n}\n'; } >"$dir/right.p"
expect 0 "correct proof" "1 ok, 0 failed" "$bin" check "$dir/right.p"

# Found by the fuzzer: an ill-typed declaration that a later one of the same name replaces.
expect 2 "ill-typed then redefined" "crash-redefinition.p:16:1: error:.*'P' undeclared" \
  "$bin" check "$(dirname "$0")/../fuzz/crash-redefinition.p"

expect 2 "missing file" "error: cannot read" "$bin" check "$dir/nope.p"
expect 2 "goal not a proposition" "not a proposition" "$bin" actions --theory nat-add --goal "(+ z z)"
expect 2 "ill-typed goal" "error:.*undeclared" "$bin" actions --theory nat-add --goal "(= (+ z q) z)"
expect 2 "malformed goal" "error:" "$bin" actions --theory nat-add --goal "(= (+ z z) z"
expect 2 "unknown action" "no action 'c frobnicate'" "$bin" actions --theory nat-add --goal "(= z z)" --do "c frobnicate"
expect 2 "unknown theory" "unknown theory" "$bin" actions --theory nat-foo --goal "(= z z)"
expect 2 "unknown option" "error:" "$bin" check --frobnicate x.p

# Directories and special files are not input (they read as empty or never end).
mkdir "$dir/adir"
expect 2 "directory to check" "adir: error: is a directory" "$bin" check "$dir/adir"
expect 2 "directory as goals" "adir: error: is a directory" "$bin" check-goals --theory nat-add --goals "$dir/adir"
expect 2 "directory as problems" "adir: error: is a directory" "$bin" eval --theory nat-add --problems "$dir/adir"
expect 2 "directory as config" "adir: error: is a directory" "$bin" run --config "$dir/adir"
expect 2 "device to check" "/dev/zero: error: is not a regular file" "$bin" check /dev/zero
mkfifo "$dir/fifo"
expect 2 "FIFO to check" "fifo: error: is not a regular file" "$bin" check "$dir/fifo"

printf '{"goals": [{"name": "g", "theorem": 3' >"$dir/bad.json"
expect 2 "malformed goal file" "bad.json:1:[0-9]+: error:" "$bin" check-goals --theory nat-add --goals "$dir/bad.json"

# Random bytes: any verdict but a crash or a hang.
for i in 1 2 3 4 5 6 7 8; do
  head -c $((i * 700)) /dev/urandom >"$dir/random$i.p"
  timeout 30 "$bin" check "$dir/random$i.p" >/dev/null 2>&1
  code=$?
  if [[ $code -ge 124 || $code -eq 0 ]]; then
    echo "FAIL: random bytes #$i: exit $code"; failures=$((failures + 1))
  fi
done
echo "random bytes: done"

echo "$((21 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
