#!/usr/bin/env bash
# `lemmaforge bench model --save_checkpoint` and `bench search --model` end to
# end with a tiny model: the checkpoint is written, MCTS runs with it and
# prints its rate; without --model, bench search prints the uniform figures.
set -uo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
source "$(dirname "$0")/../check.sh"

tiny=(--model.n_layer=1 --model.d_model=32 --model.n_head=2)
out=$(timeout 240 "$bin" bench model "${tiny[@]}" --queries 2 --state_chars 60 --train_steps 1 \
      --gemm_n 64 --real_nodes 2 --save_checkpoint "$dir/tiny.ckpt" 2>&1)
code=$?
check "bench model runs (exit $code)" $((code != 0))
grep -q "^prefix_sharing_cost_ratio{nodes=nat-add}: " <<<"$out"; check "real-node ratio printed" $?
[[ -s $dir/tiny.ckpt ]]; check "checkpoint written" $?
# OpenBLAS's generic Prescott kernels on a CPU with AVX2 mean the re-exec with
# OPENBLAS_CORETYPE (model/blas_kernels.h) did not happen; a user's own
# OPENBLAS_CORETYPE is left alone.
core=$(sed -n 's/^blas_core: //p' <<<"$out")
if grep -qw avx2 /proc/cpuinfo; then
  [[ -n $core && $core != Prescott ]]; check "OpenBLAS kernels match the CPU (blas_core: $core)" $?
fi
out=$(OPENBLAS_CORETYPE=Prescott timeout 240 "$bin" bench model "${tiny[@]}" --queries 1 \
      --state_chars 60 --train_steps 1 --gemm_n 64 --real_nodes 0 2>&1)
grep -qx "blas_core: Prescott" <<<"$out"; check "OPENBLAS_CORETYPE set by the user is kept" $?

out=$(timeout 240 "$bin" bench search --model "$dir/tiny.ckpt" --budget 5 --lm_jobs 2 --lm_pool 2 2>&1)
code=$?
check "bench search --model runs (exit $code)" $((code != 0))
grep -Eq "^lm_mcts_expansions_per_s: [0-9.]+$" <<<"$out"; check "lm_mcts_expansions_per_s printed" $?
grep -q "^lm_mcts_solved: [0-9]*/2$" <<<"$out"; check "lm_mcts_solved printed" $?
grep -Eq "^loaded_vs_unloaded_lm_mcts: [0-9.]+$" <<<"$out"; check "loaded MCTS figure printed" $?

# Threads on a shared machine (model/torch_threads.h, model/blas_kernels.h):
# waiting OpenMP workers sleep unless the user says otherwise, and a process
# spinning on one of the two cores must not collapse scoring (spinning workers
# once made it 13x slower; 0.5 is the ideal on 2 cores, 1 on one thread).
small=(--model.n_layer=2 --model.d_model=128 --model.n_head=4)
out=$(timeout 300 "$bin" bench model "${small[@]}" --queries 16 --state_chars 200 --train_steps 1 \
      --gemm_n 256 --real_nodes 0 2>&1)
grep -qx "omp_wait_policy: PASSIVE" <<<"$out"; check "OpenMP workers sleep when they wait" $?
ratio=$(sed -n 's/^loaded_vs_unloaded_scoring: //p' <<<"$out")
[[ -n $ratio ]] && awk -v r="$ratio" 'BEGIN { exit !(r >= 0.25) }'
check "scoring with a busy core keeps >= 0.25 of its rate (got ${ratio:-nothing})" $?
out=$(OMP_WAIT_POLICY=ACTIVE timeout 240 "$bin" bench model "${tiny[@]}" --queries 1 \
      --state_chars 60 --train_steps 1 --gemm_n 64 --real_nodes 0 2>&1)
grep -qx "omp_wait_policy: ACTIVE" <<<"$out"; check "OMP_WAIT_POLICY set by the user is kept" $?

out=$(timeout 240 "$bin" bench search --algo bfs --budget 5 --jobs 2 --pool 2 2>&1)
grep -Eq "^search_expansions_per_s\{algo=bfs\}: [0-9]+$" <<<"$out"; check "uniform figures without --model" $?
! grep -q "lm_mcts" <<<"$out"; check "no model figures without --model" $?

finish
