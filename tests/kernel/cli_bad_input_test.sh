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
passes=0

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
    echo "ok: $what"; passes=$((passes + 1))
  fi
}

printf 'nat : type.\n\x00\x01\xfe\xff\x80 junk' >"$dir/garbage.p"
expect 2 "binary garbage" "garbage.p:2:1: error:" "$bin" check "$dir/garbage.p"

printf 'nat : type.\nz : nat.\nfo\x00o : nat.\n' >"$dir/nul.p"
expect 2 "NUL byte inside a name" "nul.p:3:1: error: expected a declaration" "$bin" check "$dir/nul.p"

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
  "$bin" check "$(dirname "$0")/../fuzz/corpus/parser/crash-redefinition.p"

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

# A name undeclared under a binder surfaces only once the goal is opened: it
# must still be malformed input with a position, not a kernel failure mid-search.
quantified="[('a0 : nat) -> (= (+ 'a0 'a9) 'a0)]"
expect 2 "undeclared under a binder (actions)" "error: ill-typed goal: ''a9' undeclared" \
  "$bin" actions --theory nat-add --goal "$quantified"
printf 'p1. (= z z)\np2. %s\n' "$quantified" >"$dir/problems.txt"
expect 2 "undeclared under a binder (eval)" "problems.txt:2:5: error: problem 'p2': ill-typed goal" \
  "$bin" eval --theory nat-add --problems "$dir/problems.txt" --budget 5
# check-goals checks every theorem, not only those with a solution.
printf '{"goals": [{"name": "ok", "theorem": "(= z z)"},\n {"name": "broken", "theorem": "(= (+ z z) "}]}' \
  >"$dir/broken.json"
expect 2 "broken theorem without solution" "broken.json:2:2: error: goal 'broken':" \
  "$bin" check-goals --theory nat-add --goals "$dir/broken.json"

# Boost's error text substitutes %placeholders% until none is left: option
# text that contains one once hung every command (found by the config fuzzer).
expect 2 "placeholder in a value" "argument \('%value%'\) for option '--budget' is invalid" \
  "$bin" prove --theory nat-add --goal "(= z z)" --budget '%value%'
expect 2 "placeholder in an option name" "unrecognised option" \
  "$bin" prove '--%canonical_option%=1'
expect 2 "placeholder in a run option" "for option '--run.eval_budget' is invalid" \
  "$bin" run --config "$(dirname "$0")/../../configs/smoke.cfg" --run.eval_budget=%value%
printf '[run]\neval_budget = 20%%value%%\n' >"$dir/placeholder.cfg"
expect 2 "placeholder in a config file" "placeholder.cfg:2:1: error: the argument \('20%value%'\)" \
  "$bin" run --config "$dir/placeholder.cfg"
# Command-line keys are not configuration keys ("resume = DIR" once resumed DIR).
printf 'resume = /tmp\n[run]\nn_conjectures = 4\n' >"$dir/resume-key.cfg"
expect 2 "resume in a config file" "resume-key.cfg:1:1: error: 'resume' is a command-line option" \
  "$bin" run --config "$dir/resume-key.cfg"
expect 2 "NaN percentile" "run.buckets: bad bucket 'hard:nan'" \
  "$bin" run --config "$(dirname "$0")/../../configs/smoke.cfg" --run.buckets=hard:nan,triv:100

# Random bytes: any verdict but a crash or a hang.
for i in 1 2 3 4 5 6 7 8; do
  head -c $((i * 700)) /dev/urandom >"$dir/random$i.p"
  timeout 30 "$bin" check "$dir/random$i.p" >/dev/null 2>&1
  code=$?
  if [[ $code -ge 124 || $code -eq 0 ]]; then
    echo "FAIL: random bytes #$i: exit $code"; failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
done
echo "random bytes: done"

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
