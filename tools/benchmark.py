#!/usr/bin/env python3
"""Time the kit: the README's test command, and Run-All of each lesson notebook.

Whole-process timings, median of several runs (never a timed unit test):

* the full test command (``python -m pytest``), as a child process;
* each lesson notebook run top to bottom from a fresh kernel, from kernel
  start to the last cell done (nbclient, as "Restart Kernel and Run All").

Usage:
    python tools/benchmark.py                 # 3 runs of the suite, 5 of each lesson
    python tools/benchmark.py --runs 5 --lesson-runs 7 --skip-suite
Targets on the 2-core reference machine: suite <= 45 s, each lesson <= 3 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_suite(runs: int) -> list[float]:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "(no output)"
        print(f"  suite run {i + 1}: {times[-1]:6.2f} s   {last}", flush=True)
        if proc.returncode != 0:
            print(proc.stdout[-2000:], file=sys.stderr)
            raise SystemExit("the test command failed; fix it before benchmarking")
    return times


def machine_speed(runs: int = 5) -> float:
    """Seconds for a fixed pure-Python loop (median of ``runs``): how fast this machine is right now.

    Shared machines change speed from hour to hour (on the kit's reference machine the same loop
    took 0.34-0.63 s within one hour), so every timing is printed with this figure beside it.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class quiet_kernel_stderr:
    """Send the kernel's start-up warnings (it inherits our stderr) to /dev/null while it runs."""

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)


def time_lesson(path: Path, runs: int) -> list[float]:
    import nbformat
    from nbclient import NotebookClient

    times = []
    for _ in range(runs):
        nb = nbformat.read(str(path), as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        with quiet_kernel_stderr():
            start = time.perf_counter()
            client.execute()        # starts a fresh kernel, runs every cell, shuts it down
            times.append(time.perf_counter() - start)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of the full test command (default 3)")
    parser.add_argument("--lesson-runs", type=int, default=5, help="runs of each lesson (default 5)")
    parser.add_argument("--skip-suite", action="store_true", help="only time the lessons")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"speed now: the fixed loop takes {machine_speed():.2f} s (lower is faster)", flush=True)
    rows = []
    if not args.skip_suite:
        print(f"full test command (python -m pytest), {args.runs} runs:")
        t = time_suite(args.runs)
        rows.append(("test command", statistics.median(t), min(t), max(t), 45.0))
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        t = time_lesson(path, args.lesson_runs)
        rows.append((f"Run-All {path.stem}", statistics.median(t), min(t), max(t), 3.0))
        print(f"  {path.stem}: median {statistics.median(t):.2f} s", flush=True)
    print(f"\nspeed after: the fixed loop takes {machine_speed():.2f} s\n")
    print(f"{'what':<36} {'median s':>9} {'min s':>7} {'max s':>7} {'target s':>9}  ok")
    for name, med, lo, hi, target in rows:
        print(f"{name:<36} {med:9.2f} {lo:7.2f} {hi:7.2f} {target:9.1f}  {'yes' if med <= target else 'NO'}")
    return 0 if all(median <= target for _, median, _, _, target in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
