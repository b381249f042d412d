#!/usr/bin/env python3
"""`lemmaforge view`'s page in a real browser: headless Chromium.

Writes a trace with `lemmaforge prove --trace`, draws it with `lemmaforge
view`, and loads the page in Chromium with the test hooks of
src/app/view_template.h (#test-step=1&test-click=0): the DOM after the script
ran must hold one node element per trace node (the count h5py reads), show the
first expansion's nodes only, and have the clicked root's goal and actions in
the detail panel. A screenshot of the page must not be blank.

Usage: view_browser_test.py LEMMAFORGE. Exit 0 passed, 1 failed, 77 (ctest:
skipped) when Chromium is missing or cannot start.
"""

import html
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

SKIP = 77
GOAL = "[('a0 : nat) -> (= (+ z 'a0) 'a0)]"


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(binary, profile, *args):
    """Runs headless Chromium (as root it needs --no-sandbox); returns the process."""
    command = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--hide-scrollbars", "--user-data-dir=" + str(profile), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def png_pixels(path):
    """(width, height, rows of RGB(A) tuples) of an 8-bit RGB or RGBA PNG."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG filter of the line
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upleft = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upleft
                line[i] = (line[i] + pred) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, channels)])
        previous = line
    return width, height, rows


def main():
    lemmaforge = sys.argv[1]
    failures = []

    def check(what, ok):
        print(("ok: " if ok else "FAIL: ") + what)
        if not ok:
            failures.append(what)

    binary = chromium_binary()
    if binary is None:
        print("SKIP: no Chromium (apt-get install chromium; scripts/install-deps.sh does)")
        return SKIP
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        try:
            smoke = chromium(binary, profile, "--dump-dom", "about:blank")
        except (OSError, subprocess.TimeoutExpired) as e:
            print(f"SKIP: Chromium cannot start: {e}")
            return SKIP
        if smoke.returncode != 0 or "<html" not in smoke.stdout:
            print(f"SKIP: Chromium cannot start (exit {smoke.returncode}): {smoke.stderr[-500:]}")
            return SKIP

        trace, page = tmp / "trace.h5", tmp / "attempt.html"
        subprocess.run([lemmaforge, "prove", "--theory", "nat-add", "--goal", GOAL, "--search",
                        "mcts", "--budget", "400", "--trace", str(trace)], check=True,
                       capture_output=True)
        subprocess.run([lemmaforge, "view", str(trace), "--attempt", "0", "-o", str(page)],
                       check=True, capture_output=True)
        try:
            import h5py
            with h5py.File(trace, "r") as f:
                nodes = int(f["attempts"]["num_nodes"][0])
        except ImportError:  # the JSON Lines export says the same
            out = subprocess.run([lemmaforge, "export", str(trace), "--jsonl", "-"], check=True,
                                 capture_output=True, text=True).stdout
            nodes = len(json.loads(out)["nodes"])
        text = page.read_text()
        data = json.loads(text.split('id="trace-data">', 1)[1].split("</script>", 1)[0])
        root_state = data["nodes"][0]["state"]
        root_actions = [e["action"] for e in data["edges"] if e["parent"] == 0]
        shown_at_step_1 = sum(1 for n in data["nodes"] if n["step"] <= 1)

        url = page.as_uri() + "#test-step=1&test-click=0"
        run = chromium(binary, profile, "--virtual-time-budget=10000", "--dump-dom", url)
        dom = run.stdout
        check(f"Chromium rendered the page (exit {run.returncode})",
              run.returncode == 0 and 'data-rendered="true"' in dom)
        elements = re.findall(r'<g class="([^"]*)" data-node="\d+"', dom)
        check(f"one node element per trace node ({len(elements)} drawn, {nodes} in the trace)",
              len(elements) == nodes and f'data-node-count="{nodes}"' in dom)
        visible = [c for c in elements if "hidden" not in c.split()]
        check(f"step 1 shows the root and its children ({len(visible)} of {shown_at_step_1})",
              len(visible) == shown_at_step_1 and 1 < len(visible) < nodes)
        check("the step label names the first expansion",
              re.search(r'id="step-label">step 1 / \d+: expansion 1 of node #0<', dom) is not None)
        panel = dom.split('<aside id="detail">', 1)[-1].split("</aside>", 1)[0]
        check("the click filled the detail panel with node #0",
              re.search(r'id="detail-title">Node #0: OR, proved, in the proof<', panel) is not None)
        check("the panel shows the root's goal", html.escape(root_state, quote=False) in panel)
        check(f"the panel lists the root's {len(root_actions)} actions with priors and outcomes",
              "<th>prior</th><th>outcome</th><th>child</th><th>visits</th><th>value</th>" in panel
              and all(f'<td class="action">{html.escape(a, quote=False)}</td>' in panel
                      for a in root_actions))

        shot = tmp / "view.png"
        run = chromium(binary, profile, "--virtual-time-budget=10000", "--window-size=1280,800",
                       "--screenshot=" + str(shot), page.as_uri() + "#test-click=0")
        check(f"screenshot taken (exit {run.returncode})", run.returncode == 0 and shot.exists())
        if shot.exists():
            width, height, rows = png_pixels(shot)
            colours = {}
            for row in rows:
                for pixel in row:
                    colours[pixel] = colours.get(pixel, 0) + 1
            background = max(colours.values())
            drawn = width * height - background
            check(f"the screenshot is not blank ({len(colours)} colours, {drawn} pixels drawn)",
                  (width, height) == (1280, 800) and len(colours) >= 20
                  and drawn > 0.02 * width * height)
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
