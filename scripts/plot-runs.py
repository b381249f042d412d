#!/usr/bin/python3
"""Plots lemmaforge runs side by side from their metrics.h5 files.

    scripts/plot-runs.py RUN_DIR... [-o sweep.png]

One panel each for progress_loss, train_loss, the ratio of proven conjectures,
the fraction of final goals proven and (when any run evaluated a held-out list)
held-out pass@1, against training iterations; one line per run. Lines are
labelled with the configuration keys whose values differ between the runs,
read from each metrics.h5's `config` attribute (docs/data-format.md); nothing
else of a run directory is read. A RUN_DIR holding sweep.json (a partitioned
sweep, `lemmaforge run --sweep`) stands for its partitions' directories; a path
to a metrics.h5 file is accepted too. A missing or corrupt metrics.h5 is
reported as `PATH: error: MESSAGE` with exit status 2.

Uses Debian's python3-h5py and python3-matplotlib (scripts/install-deps.sh),
hence /usr/bin/python3. docs/analysis.md explains the h5py access below.
"""

import argparse
import json
import os
import sys

try:
    import h5py
    import numpy as np
except ImportError as e:  # e.g. a python3 other than Debian's on PATH
    sys.exit(f"plot-runs.py: error: {e}: needs python3-h5py and python3-matplotlib "
             f"(scripts/install-deps.sh), run with /usr/bin/python3")

SCHEMA_VERSION = 4  # io::kSchemaVersion


class RunError(Exception):
    """A run that cannot be read; str() is `path: error: message`."""

    def __init__(self, path, message):
        super().__init__(f"{path}: error: {message}")


def strings(group):
    """Decodes a string column: a group with `chars` (uint8) and `ends` (uint64)."""
    chars = group["chars"][()].tobytes()
    ends = group["ends"][()].astype(np.int64)
    starts = np.concatenate(([0], ends[:-1]))
    return [chars[s:e].decode("utf-8") for s, e in zip(starts, ends)]


def table(f, name):
    """The first `rows` rows of every column of table `name` (None if absent)."""
    if name not in f:
        return None
    group = f[name]
    n = int(group.attrs["rows"])
    out = {}
    for column, item in group.items():
        out[column] = strings(item)[:n] if isinstance(item, h5py.Group) else item[:n]
    out["_rows"] = n
    return out


def latest(rows, key_columns):
    """Row positions keeping the last row for each key (restarts repeat indices)."""
    last = {}
    for k in range(rows["_rows"]):
        last[tuple(rows[c][k] for c in key_columns)] = k
    return sorted(last.values())


def parse_config(text):
    """`[section]` / `key = value` text -> {"section.key": "value"}."""
    config, section = {}, ""
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            config[f"{section}.{key}" if section else key] = value
    return config


def read_run(path):
    """Reads one run's metrics.h5 into plain arrays: {name, config, series...}."""
    metrics = path if path.endswith(".h5") else os.path.join(path, "metrics.h5")
    if not os.path.exists(metrics):
        raise RunError(metrics, "no such file (not a lemmaforge run directory?)")
    try:
        with h5py.File(metrics, "r") as f:
            kind = f.attrs.get("kind")
            if kind != "lemmaforge-metrics":
                raise RunError(metrics, f"not a lemmaforge metrics log (kind {kind!r})")
            version = int(f.attrs.get("schema_version", -1))
            if version != SCHEMA_VERSION:
                raise RunError(metrics, f"schema_version {version}, this script reads "
                                        f"{SCHEMA_VERSION}")
            config_text = f.attrs.get("config", "")
            steps, iterations, evals = table(f, "steps"), table(f, "iterations"), \
                table(f, "eval")
    except RunError:
        raise
    except (OSError, KeyError, ValueError, TypeError) as e:
        raise RunError(metrics, f"unreadable metrics log: {e}") from None
    if steps is None or iterations is None:
        raise RunError(metrics, "no /steps or /iterations table")

    run = {"name": os.path.basename(os.path.dirname(os.path.abspath(metrics))),
           "config": parse_config(config_text if isinstance(config_text, str)
                                  else config_text.decode("utf-8"))}
    # Losses: the mean over each iteration's gradient steps, plotted at the
    # number of training iterations completed once it ends (iteration i -> i+1).
    keep = latest(steps, ["global_step"])
    step_it = np.asarray(steps["iteration"])[keep]
    its = np.unique(step_it)
    run["loss_x"] = its + 1
    for column in ("progress_loss", "train_loss"):
        values = np.asarray(steps[column], dtype=float)[keep]
        run[column] = np.array([values[step_it == i].mean() for i in its])
    keep = latest(iterations, ["iteration"])
    run["it_x"] = np.asarray(iterations["iteration"])[keep] + 1
    for column in ("ratio_proven", "final_goals_proven"):
        run[column] = np.asarray(iterations[column], dtype=float)[keep]
    # Held-out pass@1: `iteration` already counts completed training iterations.
    run["eval"] = {}
    if evals is not None and evals["_rows"] > 0:
        keep = latest(evals, ["iteration", "split", "evaluator", "algorithm", "budget"])
        for evaluator in ("model", "uniform"):
            rows = [k for k in keep if evals["evaluator"][k] == evaluator]
            if rows:
                run["eval"][evaluator] = (np.asarray(evals["iteration"])[rows],
                                          np.asarray(evals["pass_at_1"], dtype=float)[rows])
    return run


def expand(path):
    """A sweep directory (with sweep.json) -> its partitions; anything else -> itself."""
    sweep = os.path.join(path, "sweep.json")
    if not os.path.isdir(path) or not os.path.exists(sweep):
        return [path]
    try:
        with open(sweep, encoding="utf-8") as f:
            labels = [run["label"] for run in json.load(f)["runs"]]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise RunError(sweep, f"unreadable sweep description: {e}") from None
    return [os.path.join(path, label) for label in labels]


def labels(runs):
    """Per run: the keys whose values differ between the runs, `key=value`.

    Keys are shortened to their last component unless that is ambiguous;
    run.dir always differs and is left out. With nothing differing (or a
    single run) the run directory's name is the label, and it is added where
    two runs would otherwise share a label.
    """
    keys = sorted({k for r in runs for k in r["config"]} - {"run.dir"})
    varying = [k for k in keys if len({r["config"].get(k) for r in runs}) > 1]
    short = [k.rsplit(".", 1)[-1] for k in varying]
    names = short if len(set(short)) == len(short) else varying
    if not varying:
        return [r["name"] for r in runs]
    out = [",".join(f"{n}={r['config'].get(k, '-')}" for n, k in zip(names, varying))
           for r in runs]
    # The same values twice (the same sweep run twice): the directory tells them apart.
    return [f"{o} ({r['name']})" if out.count(o) > 1 else o for o, r in zip(out, runs)]


def plot(runs, output):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("progress_loss", "loss_x", "progress_loss (mean per iteration)"),
              ("train_loss", "loss_x", "train_loss (mean per iteration)"),
              ("ratio_proven", "it_x", "ratio of proven conjectures"),
              ("final_goals_proven", "it_x", "final goals proven")]
    with_eval = any(r["eval"] for r in runs)
    count = len(panels) + with_eval
    cols = 3
    rows = (count + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.8 * rows), squeeze=False)
    axes = axes.ravel()
    names = labels(runs)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for p, (column, x, title) in enumerate(panels):
        ax = axes[p]
        for k, (run, name) in enumerate(zip(runs, names)):
            ax.plot(run[x], run[column], marker="o", color=colors[k % len(colors)], label=name)
        ax.set_title(title)
        ax.set_xlabel("training iterations completed")
        if column in ("ratio_proven", "final_goals_proven"):
            ax.set_ylim(-0.05, 1.05)
    if with_eval:
        ax = axes[len(panels)]
        for k, (run, name) in enumerate(zip(runs, names)):
            color = colors[k % len(colors)]
            if "model" in run["eval"]:
                ax.plot(*run["eval"]["model"], marker="o", color=color, label=name)
            if "uniform" in run["eval"]:
                ax.plot(*run["eval"]["uniform"], marker="x", linestyle="none", color=color,
                        label=f"{name} (uniform prover)")
        ax.set_title("held-out pass@1 (x: uniform prover)")
        ax.set_xlabel("training iterations completed")
        ax.set_ylim(-0.05, 1.05)
    for ax in axes[count:]:
        ax.set_visible(False)
    axes[0].legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(output, dpi=100)
    plt.close(fig)


def main(argv):
    parser = argparse.ArgumentParser(
        description="Plots lemmaforge runs (their metrics.h5) side by side.")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR",
                        help="run directory, sweep directory (sweep.json) or metrics.h5")
    parser.add_argument("-o", "--output", default="sweep.png", help="PNG to write")
    args = parser.parse_args(argv)
    try:
        paths = [p for arg in args.runs for p in expand(arg)]
        runs = [read_run(p) for p in paths]
    except RunError as e:
        print(e, file=sys.stderr)
        return 2
    plot(runs, args.output)
    print(f"{args.output}: {len(runs)} runs ({', '.join(labels(runs))})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
