#!/usr/bin/env bash
# Shared settings for lemmaforge's Slurm scripts. Source it; do not run it.
#
# Slurm runs a *copy* of a batch script from slurmd's spool directory, so the
# scripts cannot find this file next to themselves. They find the repository
# as LF_ROOT if set, else SLURM_SUBMIT_DIR (the directory sbatch was called
# from: submit from the repository root), else the script's own directory's
# parent (a script run by hand, `bash slurm/run.sbatch ...`), and source
#   "$LF_ROOT/slurm/common.sh"
# with this block at their top:
#   LF_ROOT=${LF_ROOT:-${SLURM_SUBMIT_DIR:-$(cd "$(dirname "$0")/.." && pwd)}}
#   source "$LF_ROOT/slurm/common.sh" || exit 2
set -euo pipefail

LF_ROOT=${LF_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
LF_BIN=${LF_BIN:-$LF_ROOT/build/bin/lemmaforge}
if [[ ! -x $LF_BIN ]]; then
  echo "error: $LF_BIN not found; build first (bash scripts/run-main.sh) or set LF_BIN" >&2
  exit 2
fi
# One OpenMP/BLAS thread pool per rank, sized by Slurm's CPU allocation.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OPENBLAS_NUM_THREADS=$OMP_NUM_THREADS

# lf_srun ARGS...: runs `srun ARGS...` and returns its exit code, handing a
# SIGTERM of the batch shell (`#SBATCH --signal=B:TERM@120` before the time
# limit, `scancel --batch --signal=TERM JOB`) to the ranks as SIGTERM, so that
# they drain and exit 3 (resumable). srun itself must not get it: srun answers
# SIGTERM by sending SIGKILL to every task (src/srun/libsrun/srun_job.c).
# `scancel --signal=TERM JOB` (no --batch) reaches the ranks directly.
lf_srun() {
  local pid code term_sent=false
  trap 'if ! $term_sent; then
          term_sent=true
          echo "# SIGTERM: asking the ranks to stop (exit 3, resumable)"
          scancel --signal=TERM "$SLURM_JOB_ID" || true
        fi' TERM
  srun "$@" &
  pid=$!
  while :; do
    code=0
    wait "$pid" || code=$?
    # A status above 128 with srun still there: the trap interrupted `wait`.
    ((code > 128)) && kill -0 "$pid" 2>/dev/null && continue
    break
  done
  trap - TERM
  return "$code"
}
