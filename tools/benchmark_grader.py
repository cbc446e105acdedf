"""Benchmark `medialit grade` (sandboxed and not) against nbgrader's `autograde` on the same submissions.

    python tools/benchmark_grader.py                       # 30 submissions, 3 runs per mode, nbgrader once
    python tools/benchmark_grader.py --n 60 --runs 5 --nbval 10
    python tools/benchmark_grader.py --nbgrader-path /tmp/nbg   # nbgrader installed with pip --target

Generates N submissions of the grader's fixture exercise (exercise 01 as first written, see
tests/grader_cases.py; each answer right with probability 0.65, seeded) in a temp folder and
runs, as whole processes:

- `medialit grade --sandbox bwrap` and `--sandbox none` RUNS times each, interleaved (so both
  see the same machine load), printing the median seconds per submission, checking every total
  against the expected one and that the outputs are byte-identical across runs (`--modes` adds
  `bwrap-cold`: `--cold`, one bubblewrap process and a fresh Python per kernel);
- the start-up cost of bubblewrap itself (`bwrap ... true`, `bwrap ... python -c pass`,
  against `python -c pass`; median of 5);
- nbgrader's `autograde` on the same submissions (an nbgrader course built from the same
  exercise: answer cells are solution cells, check cells are hidden tests calling the kit's
  `grade()` with the same key) — nbgrader is an optional extra, not in requirements.txt;
- optionally `pytest --nbval-lax` on the first K notebooks, one pytest process per notebook;
- optionally (`--against DIR`) an older copy of the kit, e.g. ``git archive HEAD | tar -x -C DIR``
  made before a change: its own `medialit grade 01` on its own 30 submissions of the same
  exercise (built by its tests/grader_cases.py, same seed), timed in the same interleaved runs.

Peak memory is the peak of the summed PSS of the grader's whole process tree (sampled every 50 ms;
a page shared by N processes counts 1/N in each, so forked kernels are not counted N times).
Kernels are children of the template, which is a child of bwrap: all inside the tree.
"""
from __future__ import annotations

import argparse
import copy
import csv
import json
import os
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

import grader_cases as cases  # noqa: E402


def tree_rss(root_pid: int) -> int:
    """Summed PSS (bytes) of root_pid and all its descendants: pages shared by forked kernels count once."""
    parents, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parents[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    pids, todo = set(), [root_pid]
    children = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        if pid not in pids:
            pids.add(pid)
            todo.extend(children.get(pid, []))
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        rss[pid] = int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
    return sum(rss.values())


def timed(cmd, cwd=None, sample=False, env=None):
    """(seconds, peak summed RSS of the process tree or 0, completed process)."""
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            stop.wait(0.05)

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


def bwrap_startup() -> str:
    """Median seconds of `python -c pass`, `bwrap ... true` and `bwrap ... python -c pass`."""
    from medialit.grader_kernel import bwrap_command, python_paths

    bwrap = shutil.which("bwrap")
    if not bwrap:
        return "no bwrap on this machine"
    with tempfile.TemporaryDirectory() as empty:
        wrap = bwrap_command(bwrap, python_paths(KIT), empty, {"PATH": "/usr/bin:/bin"})
        res = {}
        for name, cmd in (("python -c pass", [sys.executable, "-c", "pass"]), ("bwrap true", wrap + ["/bin/true"]),
                          ("bwrap python -c pass", wrap + [sys.executable, "-c", "pass"])):
            res[name] = statistics.median(timed(cmd)[0] for _ in range(5))
    return ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in res.items())


# ---------------------------------------------------------------------------
# nbgrader: a course built from the same exercise
# ---------------------------------------------------------------------------
def nbgrader_env(path: str | None) -> dict | None:
    env = dict(os.environ)
    if path:
        env["PYTHONPATH"] = path + os.pathsep + env.get("PYTHONPATH", "")
        env["PATH"] = str(Path(path) / "bin") + os.pathsep + env.get("PATH", "")
    done = subprocess.run([sys.executable, "-m", "nbgrader", "--version"], capture_output=True, text=True, env=env)
    return env if done.returncode == 0 else None


def nbgrader_course(course: Path, subs: Path, keyfile: Path, env: dict) -> None:
    """source/ex01 from the fixture (solution cells + hidden tests), release it, submit every student's answers."""
    src = cases.fixture_exercise()
    for c in src["cells"]:
        tags = c["metadata"].get("tags", [])
        q = c["metadata"].get("medialit", {}).get("question")
        if "answer" in tags:
            c["metadata"] = {"nbgrader": {"grade": False, "solution": True, "locked": False,
                                          "grade_id": f"{q}-answer", "schema_version": 3}}
            c["source"] = "### BEGIN SOLUTION\n" + cases.RIGHT[q] + "\n### END SOLUTION"
        elif "check" in tags:
            c["metadata"] = {"nbgrader": {"grade": True, "solution": False, "locked": True, "points": cases.POINTS[q],
                                          "grade_id": f"{q}-test", "schema_version": 3}}
            c["outputs"] = []
            c["source"] = ("import json\nfrom medialit.grading import grade\n### BEGIN HIDDEN TESTS\n"
                           f"assert grade({q!r}, json.load(open({str(keyfile)!r}))['questions'][{q!r}], "
                           f"{cases.VAR[q]}).status == 'correct'\n### END HIDDEN TESTS")
        elif "free-text" in tags:
            c["metadata"] = {}
    cases.write(course / "source" / "ex01", "ex01.ipynb", src)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\nc.CourseDirectory.course_id = 'bench'\n"
        "c.ExecutePreprocessor.timeout = 30\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "ex01", "--force"], cwd=course,
                   env=env, capture_output=True, check=True)
    release = json.loads((course / "release" / "ex01" / "ex01.ipynb").read_text(encoding="utf-8"))
    for path in sorted(subs.glob("*.ipynb")):
        theirs = {c["id"]: "".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}
        nb = copy.deepcopy(release)
        for c in nb["cells"]:
            gid = c["metadata"].get("nbgrader", {}).get("grade_id", "")
            if gid.endswith("-answer"):
                c["source"] = theirs[gid]
        cases.write(course / "submitted" / path.stem / "ex01", "ex01.ipynb", nb)


def nbgrader_totals(course: Path, env: dict) -> dict:
    out = course / "grades.csv"
    subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", str(out)], cwd=course, env=env,
                   capture_output=True, check=True)
    with open(out, encoding="utf-8") as fh:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}


# ---------------------------------------------------------------------------
def label(mode: str) -> str:
    return "older kit's medialit grade     " if mode == "against" else f"medialit grade --sandbox {mode:10}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=30, help="submissions (default 30)")
    ap.add_argument("--runs", type=int, default=3, help="grader runs per mode (default 3)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--modes", default="bwrap,none",
                    help="sandbox modes to time (default bwrap,none; also bwrap-cold: a bwrap process per kernel)")
    ap.add_argument("--nbgrader-path", default=None,
                    help="a folder nbgrader was installed into with `pip install --target` (else: the venv's)")
    ap.add_argument("--no-nbgrader", action="store_true", help="skip nbgrader")
    ap.add_argument("--nbval", type=int, default=0, help="notebooks for the nbval baseline (default 0: skip)")
    ap.add_argument("--against", default=None,
                    help="an older copy of the kit (git archive): time its grader in the same interleaved runs")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="medialit-bench-"))
    try:
        exercise, keys = cases.write_fixture(work / "fixture")
        subs = work / "submissions"
        expected = cases.build_class(subs, args.n)
        print(f"{args.n} submissions of the grader's fixture exercise (expected mean "
              f"{statistics.mean(expected.values()):.1f}/11); {os.cpu_count()} cores; "
              f"load average {os.getloadavg()[0]:.1f} at start (8 engineers share this machine: timings are pessimistic)")
        print(f"bubblewrap start-up: {bwrap_startup()}")
        medialit = [sys.executable, "-m", "medialit.cli", "grade", str(exercise), str(subs), "--keys", str(keys),
                    "--quiet", "--workers", str(args.workers)]
        modes = [m.strip() for m in args.modes.split(",") if m.strip()]
        old_env = None
        if args.against:
            old_env = {**os.environ, "PYTHONPATH": str(Path(args.against).resolve())}
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[2] + '/tests'); "
                            "from grader_cases import build_class; build_class(sys.argv[1], int(sys.argv[3]))",
                            str(work / "submissions-old"), str(Path(args.against).resolve()), str(args.n)],
                           env=old_env, check=True)
            modes.append("against")
        times = {m: [] for m in modes}
        peaks = {m: [] for m in modes}
        outputs = {m: [] for m in modes}
        for i in range(args.runs):
            for mode in modes:
                out = work / f"out-{mode}-{i}"
                sandbox, _, cold = mode.partition("-")          # "bwrap-cold": one bwrap process per kernel
                if mode == "against":                           # the older kit, in its own folder
                    sec, peak, proc = timed([sys.executable, "-m", "medialit.cli", "grade", "01",
                                             str(work / "submissions-old"), "--quiet", "--workers", str(args.workers),
                                             "--out", str(out)], sample=True, env=old_env, cwd=tempfile.gettempdir())
                else:
                    sec, peak, proc = timed(medialit + ["--out", str(out), "--sandbox", sandbox]
                                            + (["--require-sandbox"] if sandbox != "none" else [])
                                            + (["--cold"] if cold else []), sample=True)
                if proc.returncode != 0:
                    print(proc.stderr_text[-2000:])
                    return 1
                with open(out / "gradebook_wide.csv", encoding="utf-8") as fh:
                    got = {r["student"]: float(r["total"]) for r in csv.DictReader(fh)}
                wrong = {s for s in expected if got.get(s) != expected[s]}
                times[mode].append(sec)
                peaks[mode].append(peak)
                outputs[mode].append(out)
                print(f"  {label(mode)} run {i + 1}: {sec:.2f} s = {sec / args.n:.3f} s/submission, "
                      f"peak tree PSS {peak / 2**20:.0f} MiB, load {os.getloadavg()[0]:.1f}, totals "
                      f"{'all as expected' if not wrong else f'WRONG for {sorted(wrong)}'}")
        print()
        med = {m: statistics.median(times[m]) / args.n for m in modes}
        for m in modes:
            same = all((o / "gradebook.csv").read_bytes() == (outputs[m][0] / "gradebook.csv").read_bytes()
                       for o in outputs[m])
            print(f"{label(m)}: median {med[m]:.3f} s per submission "
                  f"({statistics.median(times[m]):.2f} s for {args.n}, {args.runs} runs, {args.workers} workers); "
                  f"peak tree PSS {max(peaks[m]) / 2**20:.0f} MiB; outputs identical across runs: {same}")
        if "bwrap" in med and "none" in med:
            print(f"sandbox cost      : {100 * (med['bwrap'] / med['none'] - 1):+.0f} % per submission "
                  "(bwrap against the in-process guard, same runs interleaved)")
        if "bwrap" in med and "against" in med:
            print(f"against {args.against}: {100 * (med['bwrap'] / med['against'] - 1):+.0f} % per submission "
                  "(sandboxed grader against the older kit's grader, same runs interleaved)")

        env = None if args.no_nbgrader else nbgrader_env(args.nbgrader_path)
        if env is None and not args.no_nbgrader:
            print("nbgrader        : not installed (pip install nbgrader, or --nbgrader-path DIR); skipped")
        if env is not None:
            course = work / "course"
            nbgrader_course(course, subs, keys / f"{cases.FIXTURE_NAME}.json", env)
            load = os.getloadavg()[0]
            sec, _, proc = timed([sys.executable, "-m", "nbgrader", "autograde", "ex01", "--create", "--force"],
                                 cwd=course, env=env)
            if proc.returncode != 0:
                print(proc.stderr_text[-2000:])
                return 1
            totals = nbgrader_totals(course, env)
            wrong = {s for s in expected if totals.get(s) != expected[s]}
            print(f"nbgrader autograde: {sec:.2f} s for {args.n} = {sec / args.n:.3f} s per submission (one run, "
                  f"load {load:.1f}); totals {'all as expected' if not wrong else f'WRONG for {sorted(wrong)}'}")
            for m in modes:
                print(f"speed-up          : {label(m).strip()} is {sec / args.n / med[m]:.1f}x faster than "
                      "nbgrader autograde")

        if args.nbval:
            btimes = []
            cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
                   "--nbval-lax", "--nbval-cell-timeout=30", "-o", "addopts="]
            for nb in sorted(subs.glob("*.ipynb"))[: args.nbval]:
                btimes.append(timed(cmd + [nb.name], cwd=subs)[0])
            print(f"nbval baseline    : median {statistics.median(btimes):.3f} s per notebook (pytest --nbval-lax, "
                  f"one process per notebook, {len(btimes)} notebooks)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
