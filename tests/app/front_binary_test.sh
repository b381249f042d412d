#!/usr/bin/env bash
# The front binary (app/model_binary.h): commands that need no model never
# load LibTorch, the others are handed to lemmaforge-model, and start-up is
# milliseconds. Libraries are observed as the dynamic loader loads them
# (LD_DEBUG=libs), so a library opened at run time counts too.
set -uo pipefail
bin=$1
root="$(dirname "$0")/../.."
failures=0
passes=0
check() {  # check DESCRIPTION CONDITION-RESULT
  if [[ $2 == 0 ]]; then
    echo "ok: $1"; passes=$((passes + 1))
  else
    echo "FAIL: $1"; failures=$((failures + 1))
  fi
}
# loads_torch COMMAND...: exit 0 if the process (or what it execs) loads libtorch.
loads_torch() {
  local log
  log=$(LD_DEBUG=libs timeout 120 "$@" 2>&1 >/dev/null)
  grep -q "calling init: .*libtorch" <<<"$log"
}

! ldd "$bin" | grep -q libtorch; check "the front binary does not link LibTorch" $?
goal="[('a0 : nat) -> (= (+ z 'a0) 'a0)]"
! loads_torch "$bin" --version; check "--version loads no LibTorch" $?
! loads_torch "$bin" check "$root/configs/theories/nat-add.p"; check "check loads no LibTorch" $?
! loads_torch "$bin" actions --theory nat-add --goal "$goal"; check "actions loads no LibTorch" $?
! loads_torch "$bin" prove --theory nat-add --goal "$goal" --budget 50
check "prove (uniform) loads no LibTorch" $?
! loads_torch "$bin" check-goals --theory nat-add --goals "$root/configs/goals/nat-add.json"
check "check-goals loads no LibTorch" $?
loads_torch "$bin" conjecture --help; check "conjecture runs in lemmaforge-model" $?
loads_torch "$bin" prove --theory nat-add --goal "$goal" --model /nonexistent.ckpt
check "prove --model runs in lemmaforge-model" $?
out=$("$bin" prove --theory nat-add --goal "$goal" --model /nonexistent.ckpt 2>&1)
code=$?
[[ $code == 2 ]] && grep -q "/nonexistent.ckpt: error: cannot read" <<<"$out"
check "its errors come back unchanged (exit $code)" $?

# Start-up: --version, best of 5, whole process.
best=$(for i in 1 2 3 4 5; do
  s=$(date +%s%N); "$bin" --version >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000))
done | sort -n | head -1)
((best < 200)); check "--version starts in ${best} ms (< 200 ms here; bench kernel reports it)" $?

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
