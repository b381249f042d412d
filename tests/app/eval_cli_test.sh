#!/usr/bin/env bash
# `lemmaforge eval` end to end: a problem list with provable and unprovable
# statements, a goal-set JSON, and malformed problems.
set -uo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
check() {  # check DESCRIPTION CONDITION-RESULT
  if [[ $2 == 0 ]]; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi
}

cat >"$dir/problems.txt" <<'P'
# held-out format: <id>. <statement>
p1. (= (+ z z) z)
p2. [('a0 : nat) -> (= (+ z 'a0) 'a0)]
p3. (= z (s z))
P
out=$(timeout 120 "$bin" eval --theory nat-add --problems "$dir/problems.txt" --search mcts --budget 400 2>&1)
code=$?
check "problem list runs (exit $code)" $((code != 0))
grep -q "^p1 proved" <<<"$out"; check "p1 proved" $?
grep -q "^p2 proved" <<<"$out"; check "p2 proved (a_zero_add)" $?
grep -q "^p3 failed" <<<"$out"; check "p3 (false) not proved" $?
grep -q "^solved 2/3$" <<<"$out"; check "summary solved 2/3" $?

# Under mpirun the problems are split across ranks; rank 0 prints them in order.
out=$(timeout 120 mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" eval --theory nat-add \
      --problems "$dir/problems.txt" --search mcts --budget 400 2>&1)
grep -q "^p3 failed" <<<"$out"; check "mpirun -np 2: p3 failed" $?
[[ "$(grep -E '^p[0-9] ' <<<"$out" | cut -d' ' -f1 | tr '\n' ' ')" == "p1 p2 p3 " ]]
check "mpirun -np 2: every problem once, in order" $?
grep -q "^solved 2/3$" <<<"$out"; check "mpirun -np 2: solved 2/3" $?

out=$(timeout 120 "$bin" eval --theory nat-add --problems "$(dirname "$0")/../../configs/goals/nat-add.json" \
      --search bfs --budget 300 2>&1)
grep -q "^solved [01]/1$" <<<"$out"; check "goal-set JSON accepted" $?

printf 'p1. (= (+ z q) z)\n' >"$dir/bad.txt"
out=$(timeout 60 "$bin" eval --theory nat-add --problems "$dir/bad.txt" --search mcts --budget 10 2>&1)
code=$?
check "ill-typed problem gives exit 2 (exit $code)" $((code != 2))
grep -q "bad.txt:1:5: error:" <<<"$out"; check "ill-typed problem is located" $?

echo "$((11 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
