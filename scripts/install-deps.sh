#!/usr/bin/env bash
# Installs lemmaforge's build and test dependencies from Debian 12 packages.
# Idempotent: only packages that are missing are installed; a machine that has
# them all makes no network call. Needs root (or sudo) when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libtorch-dev
  libopenblas0-openmp   # LibTorch is ~17x slower on Debian's reference BLAS
  libopenmpi-dev openmpi-bin
  libhdf5-dev hdf5-tools
  libboost-program-options-dev
  libgtest-dev
  clang libclang-rt-14-dev   # libFuzzer for scripts/fuzz-smoke.sh
  python3
  python3-h5py python3-matplotlib   # scripts/plot-runs.py (Debian's /usr/bin/python3)
  slurm-wlm munge                   # slurm/*.sbatch; tests/slurm starts its own daemons
  chromium                          # tests/app/view_browser_test.py renders `lemmaforge view` pages
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
