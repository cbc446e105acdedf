#!/usr/bin/env python3
"""Time the start-up of every ``medialit`` command, and ``medialit sources`` on many files.

Whole-process timings, median of several runs (never a timed unit test):

* ``python -c pass`` (the floor: the interpreter alone);
* ``medialit --help`` and ``medialit COMMAND --help`` for every command (start-up: imports
  and argument parsing, no work);
* ``medialit sources ONE_ARTICLE --json`` (start-up plus the first sentence split, which
  imports NLTK's Punkt);
* with ``--polnear DIR``: ``medialit sources FOLDER --jsonl`` on every PolNeAR train and dev
  text in one call (target: <= 30 s on 2 cores).

Usage (from the repository root):

    python tools/benchmark_startup.py [--runs 7] [--polnear ../shared/benchmarks/polnear]
                                      [--polnear-runs 3]

Target: every command's start-up <= 0.15 s. The machine's load (``uptime``) is printed
next to the figures: on a shared machine the timings are pessimistic.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from medialit.cli import COMMANDS  # noqa: E402  (imports no command module)

MEDIALIT = [sys.executable, "-m", "medialit.cli"]


def load() -> str:
    try:
        return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "load average unknown"


def median_time(cmd: list[str], runs: int, **kw) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (default 7)")
    parser.add_argument("--polnear", default=None, help="PolNeAR folder: also time all train+dev texts in one call")
    parser.add_argument("--polnear-runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=0.15, help="start-up target in seconds (default 0.15)")
    args = parser.parse_args(argv)

    print(f"{os.cpu_count()} cores, {load()} (before)")
    rows = [("python -c pass", median_time([sys.executable, "-c", "pass"], args.runs))]
    rows.append(("medialit --help", median_time(MEDIALIT + ["--help"], args.runs)))
    for name in COMMANDS:
        rows.append((f"medialit {name} --help", median_time(MEDIALIT + [name, "--help"], args.runs)))
    article = sorted((ROOT / "articles").glob("*.txt"))[0]
    work = ("medialit sources ONE_ARTICLE --json",
            median_time(MEDIALIT + ["sources", str(article.relative_to(ROOT)), "--json"], args.runs))
    over = 0
    print(f"\n{'command':38}{'median s':>10}")
    for name, t in rows:
        flag = "" if name.startswith("python") or t <= args.limit else f"   over {args.limit} s"
        over += bool(flag)
        print(f"{name:38}{t:>10.3f}{flag}")
    print(f"{work[0]:38}{work[1]:>10.3f}   (start-up + NLTK Punkt for the first split)")
    if args.polnear:
        data = Path(args.polnear).resolve()
        files = sorted((data / "train" / "text").glob("*.txt")) + sorted((data / "dev" / "text").glob("*.txt"))
        with tempfile.TemporaryDirectory() as tmp:    # one folder argument, as a teacher would pass it
            for f in files:
                os.symlink(f, Path(tmp) / f.name)
            check = subprocess.run(MEDIALIT + ["sources", tmp, "--jsonl"], capture_output=True, text=True, cwd=ROOT)
            records = check.stdout.count("\n")
            if check.returncode != 0 or not records:
                print(f"medialit sources failed on the PolNeAR folder: {check.stderr[-500:]}", file=sys.stderr)
                return 2
            t = median_time(MEDIALIT + ["sources", tmp, "--jsonl"], args.polnear_runs)
        print(f"{'medialit sources FOLDER --jsonl':38}{t:>10.3f}   ({len(files)} PolNeAR train+dev texts, "
              f"{records} sentence records, one call)")
    print(f"\n{load()} (after); runs per command: {args.runs}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
