#!/usr/bin/env python3
"""Draws N training strings from a run's shards into a base-data file for
online mode (online.base_examples: a JSON array of strings).

    scripts/make-base-examples.py RUN_DIR N OUT.json [--seed S]

Reads RUN_DIR/shards/*.h5 (/training_examples/text) with h5py; draws N of
them without replacement (random seed S, default 0), kept in file order.
"""
import argparse
import glob
import json
import os
import random
import sys

try:
    import h5py
except ImportError as e:
    sys.exit(f"make-base-examples.py: error: {e}: needs python3-h5py")


def shard_texts(path):
    with h5py.File(path, "r") as f:
        text = f["training_examples/text"]
        chars = text["chars"][()].tobytes()
        start = 0
        for end in text["ends"][()]:
            yield chars[start:end].decode("utf-8")
            start = int(end)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir")
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    shards = sorted(glob.glob(os.path.join(args.run_dir, "shards", "*.h5")))
    if not shards:
        sys.exit(f"{args.run_dir}: error: no shards (not a lemmaforge run directory?)")
    texts = [t for path in shards for t in shard_texts(path)]
    if args.n > len(texts):
        sys.exit(f"{args.run_dir}: error: {len(texts)} examples, fewer than {args.n}")
    keep = sorted(random.Random(args.seed).sample(range(len(texts)), args.n))
    with open(args.out, "w") as out:
        out.write("[\n" + ",\n".join(json.dumps(texts[i]) for i in keep) + "\n]\n")


if __name__ == "__main__":
    main()
