"""Benchmark `medialit grade` against the naive baseline (`pytest --nbval-lax`, one notebook at a time).

    python tools/benchmark_grader.py              # 30 submissions, 3 grader runs, baseline on all 30
    python tools/benchmark_grader.py --n 60 --runs 5 --baseline 10

Generates N submissions of exercise 01 (each answer right with probability 0.65,
seeded) in a temp folder, runs `medialit grade` as a whole process RUNS times
(fresh kernel for every submission each time) and prints the median seconds per
submission, checks every total against the expected one, and reports peak
memory two ways: the largest single process (getrusage RUSAGE_CHILDREN max RSS,
waited-for children only) and the peak of the summed RSS of the whole process
tree (grader + kernel template + kernels; sampled every 20 ms; shared pages are
counted once per process, so this over-estimates). Then it times `pytest
--nbval-lax` on the same notebooks, one pytest process per notebook.
"""
from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(KIT / "tests"))

from grader_cases import build_class  # noqa: E402


def tree_rss(root_pid: int) -> int:
    """Summed VmRSS (bytes) of root_pid and all its descendants."""
    parents, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parents[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        rss[int(d)] = int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    total, todo, seen = 0, [root_pid], set()
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def timed(cmd, cwd=None, sample=False):
    """(seconds, peak summed RSS of the process tree or 0, completed process)."""
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            stop.wait(0.02)

    t = threading.Thread(target=watch, daemon=True)
    if sample:
        t.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    if sample:
        t.join()
    proc.stdout_text, proc.stderr_text = out, err
    return seconds, peak[0], proc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="submissions (default 30)")
    ap.add_argument("--runs", type=int, default=3, help="grader runs (default 3)")
    ap.add_argument("--baseline", type=int, default=None, help="notebooks for the nbval baseline (default: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="medialit-bench-"))
    try:
        subs = work / "submissions"
        expected = build_class(subs, args.n)
        medialit = [sys.executable, "-m", "medialit.cli"]
        print(f"{args.n} submissions of exercise 01 in {subs} (expected mean {statistics.mean(expected.values()):.1f}/11); "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
        times, peaks = [], []
        for i in range(args.runs):
            out = work / f"out{i}"
            sec, peak, proc = timed(medialit + ["grade", "01", str(subs), "--out", str(out), "--quiet",
                                                "--workers", str(args.workers)], sample=True)
            if proc.returncode != 0:
                print(proc.stderr_text[-2000:])
                return 1
            with open(out / "gradebook_wide.csv", encoding="utf-8") as fh:
                got = {r["student"]: float(r["total"]) for r in csv.DictReader(fh)}
            wrong = {s for s in expected if got.get(s) != expected[s]}
            times.append(sec)
            peaks.append(peak)
            print(f"  medialit grade run {i + 1}: {sec:.2f} s = {sec / args.n:.3f} s/submission, "
                  f"peak tree RSS {peak / 2**20:.0f} MiB, totals {'all as expected' if not wrong else f'WRONG for {sorted(wrong)}'}")
        same = all((work / f"out{i}" / "gradebook.csv").read_bytes() == (work / "out0" / "gradebook.csv").read_bytes()
                   for i in range(args.runs))
        maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        med = statistics.median(times)

        base = sorted(subs.glob("*.ipynb"))[: args.baseline or args.n]
        btimes = []
        env_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                   "--nbval-lax", "--nbval-cell-timeout=30", "-o", "addopts="]
        for nb in base:
            sec, _, proc = timed(env_cmd + [nb.name], cwd=subs)
            btimes.append(sec)
        bmed = statistics.median(btimes)
        print()
        print(f"medialit grade  : median {med / args.n:.3f} s per submission ({med:.2f} s for {args.n}, "
              f"{args.runs} runs, {args.workers} workers, fresh kernel each); outputs identical across runs: {same}")
        print(f"peak memory     : largest single process {maxrss / 2**20:.0f} MiB (getrusage); "
              f"whole process tree at most {max(peaks) / 2**20:.0f} MiB (summed RSS)")
        print(f"nbval baseline  : median {bmed:.3f} s per notebook (pytest --nbval-lax, one process per notebook, "
              f"{len(base)} notebooks, total {sum(btimes):.1f} s)")
        print(f"speed-up        : {bmed / (med / args.n):.1f}x")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
