#!/usr/bin/env bash
# Installs what is missing, builds lemmaforge into build/, and runs the main job:
# the self-improvement loop of configs/default.cfg (nat-add pushed toward
# a_succ_add) under mpirun with one learner and one generator rank. Extra
# arguments are passed on (e.g. --learn.total_iterations=5). The run directory
# (runs/<timestamp>) holds checkpoints, HDF5 shards, metrics.h5 and the log.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLF_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)" --target lemmaforge

# Open MPI refuses root without these (CI and containers run as root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun --oversubscribe -np 2 build/bin/lemmaforge run --config configs/default.cfg "$@"
