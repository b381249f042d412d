#!/usr/bin/env bash
# The front binary (app/model_binary.h): commands that need no model never
# load LibTorch, the others are handed to lemmaforge-model, and start-up is
# milliseconds. Libraries are observed as the dynamic loader loads them
# (LD_DEBUG=libs), so a library opened at run time counts too.
set -uo pipefail
bin=$1
root="$(dirname "$0")/../.."
source "$(dirname "$0")/../check.sh"
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

# actions --jsonl: one reply line per request, each what `actions --json` says
# for the same query; a bad request gets an error line and the rest go on.
q="'"
intro="[(${q}a0 : nat) -> (= (+ z ${q}a0) ${q}a0)]"
requests=$(printf '{"goal": "(= (+ z z) z)"}\n{"goal": "%s", "path": ["intro."]}\n{"goal": "(= z q)"}\n{"goal": "(= z z)"}\n' "$intro")
replies=$("$bin" actions --theory nat-add --jsonl <<<"$requests")
code=$?
[[ $code == 2 ]]; check "--jsonl exits 2 after a malformed request (exit $code)" $?
[[ $(wc -l <<<"$replies") == 4 ]]; check "--jsonl answers every request" $?
[[ $(sed -n 1p <<<"$replies") == "$("$bin" actions --theory nat-add --goal "(= (+ z z) z)" --json)" ]]
check "--jsonl reply 1 is what actions --json prints" $?
[[ $(sed -n 2p <<<"$replies") == "$("$bin" actions --theory nat-add --goal "$intro" --do intro. --json)" ]]
check "--jsonl reply 2 follows its path" $?
grep -q '^{"error": "stdin:3: error: ill-typed goal: .q. undeclared"}$' <<<"$(sed -n 3p <<<"$replies")"
check "--jsonl reply 3 is an error naming its line" $?
[[ $(sed -n 4p <<<"$replies") == "$("$bin" actions --theory nat-add --goal "(= z z)" --json)" ]]
check "--jsonl goes on after an error" $?

# Start-up: --version, best of 5, whole process.
best=$(for i in 1 2 3 4 5; do
  s=$(date +%s%N); "$bin" --version >/dev/null; e=$(date +%s%N); echo $(((e - s) / 1000000))
done | sort -n | head -1)
((best < 200)); check "--version starts in ${best} ms (< 200 ms here; bench kernel reports it)" $?

finish
