#!/usr/bin/env bash
# Shared settings for lemmaforge's Slurm scripts. Source it; do not run it.
set -euo pipefail

LF_ROOT=${LF_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
LF_BIN=${LF_BIN:-$LF_ROOT/build/bin/lemmaforge}
if [[ ! -x $LF_BIN ]]; then
  echo "error: $LF_BIN not found; build first (bash scripts/run-main.sh)" >&2
  exit 2
fi
# One OpenMP/BLAS thread pool per rank, sized by Slurm's CPU allocation.
export OMP_NUM_THREADS=${SLURM_CPUS_PER_TASK:-1}
export OPENBLAS_NUM_THREADS=$OMP_NUM_THREADS
