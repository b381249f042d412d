#!/usr/bin/env bash
# scripts/plot-runs.py end to end: two smoke runs (configs/smoke.cfg on one
# rank, learn.alpha = 0 and 0.5), one PNG of both; the PNG has the expected
# size and is not blank, its legend names the swept key, and a missing or
# corrupt metrics.h5 is refused with exit 2 and `PATH: error: ...`.
# Usage: plot_runs_test.sh [LF_BINARY]; the source tree comes from LF_SOURCE_DIR.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../check.sh"
root=${LF_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
bin=${1:-${LF_BINARY:-$root/build/bin/lemmaforge}}
plot=$root/scripts/plot-runs.py
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for alpha in 0 0.5; do
  timeout 300 "$bin" run --config "$root/configs/smoke.cfg" --learn.alpha=$alpha \
    --run.dir "$dir/alpha$alpha" >"$dir/run$alpha.log" 2>&1
  code=$?
  check "smoke run with learn.alpha=$alpha (exit $code)" $code
  ((code == 0)) || tail -5 "$dir/run$alpha.log"
done

out=$("$plot" "$dir/alpha0" "$dir/alpha0.5" -o "$dir/sweep.png" 2>&1)
code=$?
echo "$out"
check "plot-runs.py renders two runs (exit $code)" $code
grep -q "2 runs (alpha=0, alpha=0.5)" <<<"$out"
check "runs labelled by the swept key (learn.alpha), read from metrics.h5" $?
# Size and content of the PNG: 1500x760 pixels at the script's 100 dpi (two
# rows of three panels), and far more than a handful of colours (a blank or
# axes-only figure has a few; lines, markers and anti-aliased text have many).
stats=$(/usr/bin/python3 - "$dir/sweep.png" <<'PY'
import sys
import matplotlib.image as mpimg
import numpy as np
img = mpimg.imread(sys.argv[1])
h, w = img.shape[:2]
flat = (img[..., :3].reshape(-1, 3) * 255).round().astype(np.uint8)
colours = len(np.unique(flat, axis=0))
# Pixels of the line colours: matplotlib's first two cycle colours (C0, C1).
def near(rgb):
    return int((np.abs(flat.astype(int) - np.array(rgb)).sum(axis=1) < 30).sum())
print(w, h, colours, near((31, 119, 180)), near((255, 127, 14)))
PY
)
read -r width height colours c0 c1 <<<"$stats"
echo "png: ${width}x$height, $colours colours, $c0 pixels of C0, $c1 of C1"
[[ $width == 1500 && $height == 760 ]]
check "PNG is 1500x760 (got ${width:-?}x${height:-?})" $?
((${colours:-0} >= 50))
check "PNG is not blank (${colours:-0} distinct colours)" $?
((${c0:-0} > 200 && ${c1:-0} > 200))
check "both runs' lines are drawn (${c0:-0} and ${c1:-0} pixels of their colours)" $?

# A sweep directory (sweep.json) stands for its partitions.
mkdir -p "$dir/sweep"
ln -s "$dir/alpha0" "$dir/sweep/alpha=0"
ln -s "$dir/alpha0.5" "$dir/sweep/alpha=0.5"
echo '{"runs": [{"label": "alpha=0"}, {"label": "alpha=0.5"}]}' >"$dir/sweep/sweep.json"
out=$("$plot" "$dir/sweep" -o "$dir/sweep2.png" 2>&1)
code=$?
[[ $code == 0 && -s $dir/sweep2.png ]] && grep -q "2 runs (alpha=0, alpha=0.5)" <<<"$out"
check "a directory with sweep.json expands to its partitions ($out)" $?

# Errors: exit 2 and `PATH: error: ...`, no PNG.
mkdir -p "$dir/empty"
out=$("$plot" "$dir/alpha0" "$dir/empty" -o "$dir/bad.png" 2>&1)
code=$?
[[ $code == 2 ]] && grep -q "^$dir/empty/metrics.h5: error: " <<<"$out" && [[ ! -e $dir/bad.png ]]
check "missing metrics.h5: exit 2, path named (exit $code: $out)" $?
cp -r "$dir/alpha0.5" "$dir/corrupt"
head -c 3000 "$dir/alpha0.5/metrics.h5" >"$dir/corrupt/metrics.h5"
out=$("$plot" "$dir/alpha0" "$dir/corrupt" -o "$dir/bad.png" 2>&1)
code=$?
[[ $code == 2 ]] && grep -q "^$dir/corrupt/metrics.h5: error: " <<<"$out" && [[ ! -e $dir/bad.png ]]
check "truncated metrics.h5: exit 2, path named (exit $code: $out)" $?
echo "not hdf5" >"$dir/corrupt/metrics.h5"
out=$("$plot" "$dir/corrupt" -o "$dir/bad.png" 2>&1)
code=$?
[[ $code == 2 ]] && grep -q "^$dir/corrupt/metrics.h5: error: " <<<"$out"
check "garbage metrics.h5: exit 2, path named (exit $code: $out)" $?

finish
