#!/usr/bin/env bash
# expect_exit.sh CODE PATTERN COMMAND...: runs COMMAND (an mpirun line) with a
# 60 s timeout and passes if it exits with CODE (or any non-zero code for "nonzero")
# and its output matches the grep pattern PATTERN. A hang fails as a timeout.
set -u
want=$1 pattern=$2
shift 2
output=$(timeout 60 "$@" 2>&1)
code=$?
echo "$output"
echo "exit code: $code"
if [ "$code" -eq 124 ]; then echo "FAIL: timed out (hang)"; exit 1; fi
if [ "$want" = nonzero ]; then
  [ "$code" -ne 0 ] || { echo "FAIL: expected a non-zero exit"; exit 1; }
else
  [ "$code" -eq "$want" ] || { echo "FAIL: expected exit code $want"; exit 1; }
fi
grep -q -- "$pattern" <<<"$output" || { echo "FAIL: output lacks '$pattern'"; exit 1; }
echo PASS
