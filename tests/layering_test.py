#!/usr/bin/env python3
"""The module layering, checked on every #include (docs/architecture.md).

  core <- kernel <- search <- model <- learn <- app;  io <- core;  mpi <- core

A file of a module may include its own module's headers and those of the
modules it depends on, directly or through the chain; nothing else. Outside
libraries have their one home:

  LibTorch (<torch/...>, <ATen/...>, <c10/...>)  model, learn
  HDF5 (<hdf5.h>, <H5...>)                       io
  MPI (<mpi.h>)                                  mpi, app

Usage: layering_test.py SOURCE_DIR. Prints every violation as
FILE:LINE: error: ..., then 'N passed, N failed' (one check per file), and
exits 1 on any violation.
"""

import os
import re
import sys

MODULE_DIRS = {
    "src/core": "core",
    "src/kernel": "kernel",
    "src/search": "search",
    "src/model": "model",
    "src/learn": "learn",
    "src/app": "app",
    "io": "io",
    "mpi": "mpi",
}
# The first path component of a project include names its module: "kernel/term.h".
INCLUDE_ROOTS = {"core", "kernel", "search", "model", "learn", "app", "io", "mpi"}
DEPENDS_ON = {
    "core": set(),
    "kernel": {"core"},
    "io": {"core"},
    "mpi": {"core"},
    "search": {"kernel", "core"},
    "model": {"search", "kernel", "core"},
    "learn": {"model", "search", "kernel", "core"},
    "app": {"learn", "model", "search", "kernel", "io", "mpi", "core"},
}
LIBRARIES = [
    ("LibTorch", re.compile(r"^(torch|ATen|c10)/"), {"model", "learn"}),
    ("HDF5", re.compile(r"^(hdf5\.h$|H5)"), {"io"}),
    ("MPI", re.compile(r"^mpi\.h$"), {"mpi", "app"}),
]
# file -> why it may break the rules until issue 17 moves the code.
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def violations(source_dir, path, module):
    found = []
    with open(os.path.join(source_dir, path), encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            quote, header = match.groups()
            root = header.split("/")[0]
            if quote == '"' and "/" in header and root in INCLUDE_ROOTS:
                if root != module and root not in DEPENDS_ON[module]:
                    found.append(f"{path}:{number}: error: module {module} includes "
                                 f'"{header}" of module {root}, which is not below it')
            for name, pattern, homes in LIBRARIES:
                if pattern.match(header) and module not in homes:
                    found.append(f"{path}:{number}: error: {name} header <{header}> in module "
                                 f"{module} (only in {', '.join(sorted(homes))})")
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: layering_test.py SOURCE_DIR")
    source_dir = sys.argv[1]
    passed = failed = 0
    for directory, module in sorted(MODULE_DIRS.items()):
        for root, _, files in sorted(os.walk(os.path.join(source_dir, directory))):
            for name in sorted(files):
                if not name.endswith((".h", ".cc", ".in")):
                    continue
                path = os.path.relpath(os.path.join(root, name), source_dir)
                found = violations(source_dir, path, module)
                if found:
                    failed += 1
                    print("\n".join(found))
                else:
                    passed += 1
    if passed == 0:
        print(f"{source_dir}: error: no source files found")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
