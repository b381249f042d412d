#!/usr/bin/env bash
# Proof traces end to end: `prove --trace` and `eval --trace` (also under
# mpirun) write trace files, `inspect` and `export --jsonl` read them, and
# `view` draws them; the page's node count equals the trace's (read with
# h5py). Damaged files and bad arguments give exit 2 with "FILE: error:".
set -uo pipefail
bin=$1
py=/usr/bin/python3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
checks=0
check() {  # check DESCRIPTION STATUS (0 = passed)
  checks=$((checks + 1))
  if [[ $2 == 0 ]]; then echo "ok: $1"; else echo "FAIL: $1"; failures=$((failures + 1)); fi
}
# Node counts of every attempt of a trace file, read with h5py.
h5_nodes() {
  "$py" -c 'import h5py, sys
f = h5py.File(sys.argv[1], "r")
assert f.attrs["kind"] == "lemmaforge-trace"
a = f["attempts"]
print(" ".join(str(int(n)) for n in a["num_nodes"][: a.attrs["rows"]]))' "$1"
}

goal="[('a0 : nat) -> (= (+ z 'a0) 'a0)]"
out=$("$bin" prove --theory nat-add --goal "$goal" --search mcts --budget 400 \
      --trace "$dir/prove.h5" 2>&1)
check "prove --trace proves a_zero_add (exit $?)" $?
[[ -f $dir/prove.h5 && -z $(ls "$dir" | grep tmp) ]]
check "the trace file is published, no temporary left" $?
nodes=$(h5_nodes "$dir/prove.h5")
[[ $nodes =~ ^[0-9]+$ && $nodes -gt 10 ]]
check "h5py reads one attempt of $nodes nodes" $?

out=$("$bin" inspect "$dir/prove.h5" 2>&1)
grep -q "kind: lemmaforge-trace" <<<"$out" && grep -q "outcomes: 1 proved, 0 failed, 0 open" <<<"$out" &&
  grep -q "attempt 0: goal proved by mcts: $nodes nodes" <<<"$out"
check "inspect summarises the trace" $?

"$bin" export "$dir/prove.h5" --jsonl "$dir/prove.jsonl" >/dev/null
"$py" -c 'import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1
t = json.loads(lines[0])
assert len(t["nodes"]) == int(sys.argv[2]) and t["outcome"] == 1 and t["policy_model"] == "uniform"
assert t["nodes"][0]["node"] == 0 and t["nodes"][0]["expansion_order"] == 0
assert any(e["in_proof"] for e in t["edges"]) and t["proof"].startswith("theorem")' \
  "$dir/prove.jsonl" "$nodes"
check "export --jsonl writes the attempt with its nodes and edges" $?

out=$("$bin" view "$dir/prove.h5" --attempt 0 -o "$dir/prove.html" 2>&1)
check "view --attempt 0 -o FILE.html (exit $?)" $?
grep -q "data-node-count=\"$nodes\"" "$dir/prove.html"
check "the page's data-node-count is the trace's node count" $?
[[ $(grep -o '{"state": ' "$dir/prove.html" | wc -l) -eq $nodes ]]
check "the page embeds every node" $?
! grep -qE '(src|href)="(https?:)?//' "$dir/prove.html"
check "the page loads nothing from the network" $?

cat >"$dir/problems.txt" <<'P'
p1. (= (+ z z) z)
p2. [('a0 : nat) -> (= (+ z 'a0) 'a0)]
p3. (= z (s z))
P
"$bin" eval --theory nat-add --problems "$dir/problems.txt" --search mcts --budget 400 \
  --trace "$dir/eval.h5" >/dev/null 2>&1
check "eval --trace (exit $?)" $?
timeout 120 mpirun --allow-run-as-root --oversubscribe -np 2 "$bin" eval --theory nat-add \
  --problems "$dir/problems.txt" --search mcts --budget 400 --trace "$dir/eval2.h5" >/dev/null 2>&1
check "mpirun -np 2 eval --trace (exit $?)" $?
"$py" -c 'import h5py, sys
for path in sys.argv[1:]:
    f = h5py.File(path, "r")
    a = f["attempts"]
    n = a.attrs["rows"]
    chars, ends = a["problem"]["chars"][()].tobytes(), a["problem"]["ends"][()]
    names = [chars[s:e].decode() for s, e in zip([0] + list(ends[:-1]), ends)]
    assert names == ["p1", "p2", "p3"], names
    assert list(a["outcome"][:n]) [:2] == [1, 1] and a["outcome"][2] != 1
    assert list(a["rank"][:n]) == ([0, 0, 0] if path.endswith("eval.h5") else [0, 1, 0])' \
  "$dir/eval.h5" "$dir/eval2.h5"
check "eval traces hold p1 p2 p3 in order with their outcomes and ranks" $?
[[ "$(h5_nodes "$dir/eval.h5")" == "$(h5_nodes "$dir/eval2.h5")" ]]
check "one rank or two: the same graphs" $?

out=$("$bin" view "$dir/eval.h5" -o "$dir/site" 2>&1)
check "view -o DIR (exit $?)" $?
[[ -f $dir/site/index.html && -f $dir/site/attempt-0.html && -f $dir/site/attempt-2.html ]]
check "index.html and a page per attempt" $?
[[ $(grep -c '<tr data-attempt=' "$dir/site/index.html") -eq 3 ]] &&
  grep -q 'href="attempt-1.html"' "$dir/site/index.html"
check "the index lists the three attempts with links" $?
read -r -a counts <<<"$(h5_nodes "$dir/eval.h5")"
grep -q "data-node-count=\"${counts[2]}\"" "$dir/site/attempt-2.html"
check "attempt 2's page has its node count" $?

out=$("$bin" view "$dir/eval.h5" -o "$dir/one.html" 2>&1)
code=$?
[[ $code -eq 2 ]] && grep -q "holds 3 attempts: name one with --attempt ID" <<<"$out"
check "several attempts and -o FILE.html without --attempt: exit 2 ($code)" $?
out=$("$bin" view "$dir/eval.h5" --attempt 3 -o "$dir/one.html" 2>&1)
code=$?
[[ $code -eq 2 ]] && grep -q "eval.h5: error: no attempt 3 (the file holds 3)" <<<"$out"
check "no such attempt: exit 2 ($code)" $?

echo "garbage, not HDF5" >"$dir/garbage.h5"
out=$("$bin" view "$dir/garbage.h5" -o "$dir/g.html" 2>&1)
code=$?
[[ $code -eq 2 ]] && grep -q "^$dir/garbage.h5: error: not an HDF5 file" <<<"$out"
check "garbage trace file: exit 2 with a clear message ($code)" $?
head -c 3000 "$dir/eval.h5" >"$dir/cut.h5"
out=$("$bin" view "$dir/cut.h5" -o "$dir/c.html" 2>&1)
code=$?
[[ $code -eq 2 ]] && grep -q "^$dir/cut.h5: error: " <<<"$out"
check "truncated trace file: exit 2 with a clear message ($code)" $?
[[ ! -e $dir/g.html && ! -e $dir/c.html ]]
check "no page is written for a bad file" $?
out=$("$bin" prove --theory nat-add --goal "(= z z)" --budget 5 --trace "$dir/no/such/dir/t.h5" 2>&1)
code=$?
[[ $code -eq 4 ]] && grep -q "t.h5.tmp.[0-9]*: error: cannot create trace file" <<<"$out"
check "an unwritable trace path: exit 4 ($code)" $?

echo "$((checks - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
