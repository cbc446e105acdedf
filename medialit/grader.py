"""The class grader: ``medialit grade ASSIGNMENT SUBMISSIONS_DIR --out OUT_DIR``.

For every student it takes the *pristine* exercise notebook from the kit and
puts in only the student's answer cells (matched by cell id, then by
``metadata.medialit.question``). Everything else a student changed — check
cells, stored outputs, points, tags, extra or moved cells — is ignored. The
cells run in a fresh kernel (``MEDIALIT_KEY_DIR=none``, an empty working
folder, an audit hook installed by the grader's first cell). After each answer
cell the grader reads the value of the answer variable and grades it *in the
grader process* with :func:`medialit.grading.grade`. Nothing a student prints,
redefines or patches can earn a point: at most they choose their own answer.

See ``docs/grading.md`` for the output files and the security model.

Example (how a student id is read from a path):
    >>> student_id(Path("hand-in/Amal Haddad/01_meet_the_articles.ipynb"), Path("hand-in"))
    'Amal Haddad'
    >>> student_id(Path("hand-in/amal.ipynb"), Path("hand-in"))
    'amal'
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import KIT_ROOT

MAX_SUBMISSION_BYTES = 20 * 1024 * 1024
STATUS_ORDER = ("correct", "not yet", "wrong form", "not answered", "error", "timeout", "not run",
                "missing", "unreadable", "wrong lesson")


# ---------------------------------------------------------------------------
# What is graded
# ---------------------------------------------------------------------------
@dataclass
class Assignment:
    """The pristine exercise of one lesson and its key (read once per run)."""

    lesson: str                 # "01"
    path: Path                  # the pristine exercise notebook
    cells: list                 # its cells (nbformat nodes)
    graded: list                # medialit.notebooks.graded_cells
    free_text: list             # medialit.notebooks.free_text_cells
    key: dict
    targets: dict               # question -> the stored output of its check cell (nbval's target)
    preload: list               # modules the exercise imports (preloaded in the kernel template)

    @property
    def questions(self) -> list[str]:
        return [g["question"] for g in self.graded]

    @property
    def max_total(self) -> float:
        return sum(g["points"] for g in self.graded)


class GradeError(Exception):
    """The run cannot start (no such exercise, no key, kit inconsistent)."""


def load_assignment(spec: str, key_folder: Path | None = None) -> Assignment:
    """``spec`` is a lesson number (``"03"``) or a path to the exercise notebook."""
    from .grading import correct_line, load_key
    from .notebooks import NotebookError, free_text_cells, graded_cells, read_notebook

    p = Path(spec)
    if p.suffix == ".ipynb":
        if not p.is_file():
            raise GradeError(f"no exercise notebook at {spec}")
        path = p
    else:
        number = spec.strip().zfill(2)
        found = sorted((KIT_ROOT / "exercises").glob(f"{number}_*.ipynb"))
        if not found:
            raise GradeError(f"no exercise for lesson {spec!r} in {KIT_ROOT / 'exercises'}")
        path = found[0]
    lesson = path.name.split("_")[0]
    nb = read_notebook(path)
    try:
        graded = graded_cells(nb)
    except NotebookError as exc:
        raise GradeError(f"{path.name}: {exc}") from None
    if key_folder is None:
        from .grading import key_dir
        key_folder = key_dir()
    key = load_key(lesson, key_folder) if key_folder is not None else None
    if key is None:
        raise GradeError(f"no answer key for lesson {lesson} (looked in {key_folder}); "
                         "grade from the teacher's edition or pass --keys DIR")
    targets = {}
    by_id = {c.get("id"): c for c in nb.cells}
    for g in graded:
        spec_q = key["questions"].get(g["question"])
        if spec_q is None:
            raise GradeError(f"{g['question']} of {path.name} is not in the key")
        if spec_q.get("points", 1) != g["points"]:
            raise GradeError(f"{g['question']}: {g['points']} points in {path.name}, {spec_q.get('points', 1)} in the key")
        outs = by_id[g["check_cell"]].get("outputs", [])
        target = "".join("".join(o.get("text", "")) for o in outs if o.get("output_type") == "stream")
        if target != correct_line(g["question"], g["points"]) + "\n":
            raise GradeError(f"{path.name}: the check cell of {g['question']} does not store its target line; "
                             "run `medialit exercises`")
        targets[g["question"]] = target
    return Assignment(lesson, path, list(nb.cells), graded, free_text_cells(nb), key, targets,
                      _imported_modules(nb.cells))


def _imported_modules(cells) -> list[str]:
    import ast
    names = set()
    for c in cells:
        if c.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse("".join(c.get("source", "")))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


# ---------------------------------------------------------------------------
# Submissions on disk
# ---------------------------------------------------------------------------
@dataclass
class Submission:
    student: str
    path: Path | None
    others: list = field(default_factory=list)     # older files of the same student (not graded)


def student_id(path: Path, root: Path) -> str:
    """A file directly in the folder: its name; a file inside a student's folder: the folder's name."""
    rel = Path(path).relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def find_submissions(root: Path) -> list[Submission]:
    """One submission per student; several files of one student: the newest (mtime, then name) is graded."""
    by_student: dict[str, list[Path]] = {}
    for path in sorted(root.rglob("*.ipynb")):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part == "__MACOSX" for part in rel.parts):
            continue                                   # .ipynb_checkpoints, hidden folders
        if not path.is_file():
            continue
        by_student.setdefault(student_id(path, root), []).append(path)
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.name.startswith(".") and entry.name not in by_student:
            by_student[entry.name] = []                # a student's folder with no notebook
    subs = []
    for student in sorted(by_student):
        files = sorted(by_student[student], key=lambda p: (p.stat().st_mtime_ns, str(p)))
        subs.append(Submission(student, files[-1] if files else None, files[:-1]))
    return subs


class Unreadable(Exception):
    """A submitted file is not a notebook we can read."""


def read_student_cells(path: Path) -> list[dict]:
    """The cells of a submitted notebook as plain dicts (id, type, source, metadata); nbformat 3 and 4."""
    data = path.read_bytes()
    if not data.strip():
        raise Unreadable("the file is empty")
    if len(data) > MAX_SUBMISSION_BYTES:
        raise Unreadable(f"the file is larger than {MAX_SUBMISSION_BYTES // (1024 * 1024)} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("the file is not a notebook (not text: binary content)") from None
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as exc:
        msg = str(exc).split(":")[0][:60]
        raise Unreadable(f"the file is not a notebook (invalid JSON: {msg})") from None
    if not isinstance(nb, dict):
        raise Unreadable("the file is not a notebook (JSON but no notebook inside)")
    version = nb.get("nbformat")
    if version == 4:
        raw = nb.get("cells")
    elif version == 3:
        raw = [c for ws in nb.get("worksheets") or [] if isinstance(ws, dict) for c in ws.get("cells") or []]
    else:
        raise Unreadable(f"the file is not a notebook this grader reads (nbformat {version!r})")
    if not isinstance(raw, list):
        raise Unreadable("the notebook has no list of cells")
    cells = []
    for c in raw:
        if not isinstance(c, dict):
            continue
        src = c.get("source", c.get("input", ""))
        if isinstance(src, list):
            src = "".join(s for s in src if isinstance(s, str))
        if not isinstance(src, str):
            src = ""
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        ml = meta.get("medialit") if isinstance(meta.get("medialit"), dict) else {}
        tags_ = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        cells.append({"id": c.get("id") if isinstance(c.get("id"), str) else None,
                      "type": c.get("cell_type"), "source": src,
                      "question": ml.get("question") if isinstance(ml.get("question"), str) else None,
                      "tags": [t for t in tags_ if isinstance(t, str)]})
    return cells


_CHECKER = re.compile(r"""Checker\(\s*["'](\d+)""")


def wrong_lesson(cells: list[dict], lesson: str) -> str | None:
    """The lesson number a notebook says it belongs to, when that is not ``lesson``."""
    for c in cells:
        if c["type"] == "code":
            m = _CHECKER.search(c["source"])
            if m and m.group(1).zfill(2) != lesson:
                return m.group(1).zfill(2)
    return None


def match_cell(cells: list[dict], cell_id: str, question: str, kinds=("code",), avoid_tag="check"):
    """The student's cell for a pristine cell: by id, then by question metadata. Returns (cell, note)."""
    same_id = [c for c in cells if c["id"] == cell_id and c["type"] in kinds and avoid_tag not in c["tags"]]
    note = ""
    if len([c for c in cells if c["id"] == cell_id]) > 1:
        note = f"{len([c for c in cells if c['id'] == cell_id])} cells have the id {cell_id}; the first was graded"
    if same_id:
        return same_id[0], note
    same_q = [c for c in cells if c["question"] == question and c["type"] in kinds and avoid_tag not in c["tags"]]
    if same_q:
        return same_q[0], note
    return None, note


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
@dataclass
class QuestionResult:
    question: str
    points: float
    max_points: float
    status: str
    message: str = ""


@dataclass
class StudentResult:
    student: str
    file: str = ""                       # the graded file, relative to the submissions folder
    sha256: str = ""
    others: list = field(default_factory=list)
    results: list = field(default_factory=list)
    free_text: dict = field(default_factory=dict)
    problem: str = ""                    # one line when the whole submission could not be graded

    @property
    def total(self) -> float:
        return sum(r.points for r in self.results)

    @property
    def max_total(self) -> float:
        return sum(r.max_points for r in self.results)


_HEX = re.compile(r"0x[0-9a-fA-F]{6,}")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def tidy_message(text: str, workdir: str | None = None, limit: int = 140) -> str:
    """One deterministic line: no colour codes, temp paths or memory addresses.

    >>> tidy_message("NameError: name 'x'\\nis not defined at 0x7f3a2b1c9d80")
    "NameError: name 'x' is not defined at 0x…"
    """
    text = _ANSI.sub("", str(text))
    if workdir:
        text = text.replace(workdir, "…")
    text = _HEX.sub("0x…", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Running one submission
# ---------------------------------------------------------------------------
@dataclass
class Options:
    cell_timeout: float = 30.0
    submission_limit: float = 120.0
    start_timeout: float = 60.0
    memory: int | None = 2 * 1024 ** 3      # address-space limit of a kernel (bytes)
    file_limit: int = 50 * 1024 ** 2


def plan(assignment: Assignment, cells: list[dict]):
    """The cells to run: pristine cells, with the student's source in answer cells only.

    Returns (steps, notes, free_text): a step is (kind, source, graded-question-or-None) with kind
    ``"code"`` (a pristine cell), ``"answer"`` or ``"missing"`` (no answer cell found).
    """
    answer_of = {g["answer_cell"]: g for g in assignment.graded}
    check_ids = {g["check_cell"] for g in assignment.graded}
    steps, notes = [], {}
    for cell in assignment.cells:
        if cell.get("cell_type") != "code" or cell.get("id") in check_ids:
            continue
        g = answer_of.get(cell.get("id"))
        if g is None:
            steps.append(("code", "".join(cell.get("source", "")), None))
            continue
        found, note = match_cell(cells, g["answer_cell"], g["question"])
        if note:
            notes[g["question"]] = note
        steps.append(("answer", found["source"], g) if found else ("missing", None, g))
    free = {}
    for f in assignment.free_text:
        found, _ = match_cell(cells, f["cell"], f["question"], kinds=("markdown", "raw", "code"))
        text = found["source"].strip() if found else ""
        from .notebooks import FREE_TEXT_PROMPT
        free[f["question"]] = "" if text == FREE_TEXT_PROMPT else text
    return steps, notes, free


def run_steps(kernel, steps, opts: Options, workdir: str) -> dict:
    """Run the planned cells in ``kernel``; return question -> (status, value_or_message)."""
    from .grader_kernel import CellTimeout, KernelDied, guard_cell, parse_probe, probe_expression

    out = {}
    probe = "_medialit_probe_" + secrets.token_hex(8)
    started = time.monotonic()
    end = started + opts.submission_limit
    protect = sorted({str(p) for p in opts.protect})
    try:
        reply = kernel.execute(guard_cell(protect, str(kernel.cwd), probe, opts.file_limit),
                               opts.start_timeout, silent=True)
        if reply.get("status") != "ok":
            raise KernelDied
    except (CellTimeout, KernelDied):
        for kind, _, g in steps:
            if g:
                out[g["question"]] = ("not run", "not graded: the grader could not start a kernel; grade again")
        return out
    end = time.monotonic() + opts.submission_limit
    stopped = None                                  # why the rest is not run
    for i, (kind, source, g) in enumerate(steps):
        q = g["question"] if g else None
        if stopped:
            if q:
                out[q] = ("not run", stopped)
            continue
        if kind == "missing":
            out[q] = ("missing", f"no answer cell for {q} in your notebook")
            continue
        left = end - time.monotonic()
        if left <= 0:
            stopped = f"not graded: the notebook ran past its {opts.submission_limit:g} s limit"
            if q:
                out[q] = ("not run", stopped)
            continue
        nonce = secrets.token_hex(12)
        expr = {nonce: probe_expression(probe, g["answer_var"], nonce)} if q else None
        what = f"the {q} answer cell" if q else "a cell of the exercise"
        limit = min(opts.cell_timeout, left)
        msg_id = kernel.send(source, expr)
        try:
            reply = kernel.wait(msg_id, limit)
        except CellTimeout:
            if limit < opts.cell_timeout:
                stopped = f"not graded: the notebook ran past its {opts.submission_limit:g} s limit"
                if q:
                    out[q] = ("timeout", f"your answer cell ran past the notebook's {opts.submission_limit:g} s limit")
                continue
            if q:
                out[q] = ("timeout", f"your answer cell ran longer than {opts.cell_timeout:g} s and was stopped")
            kernel.interrupt()
            try:
                kernel.wait(msg_id, 3)
            except (CellTimeout, KernelDied):
                stopped = f"not graded: the kernel stopped responding after {what} ran past {opts.cell_timeout:g} s"
            continue
        except KernelDied:
            if q:
                out[q] = ("error", "your answer cell stopped the kernel (a crash or os._exit)")
            stopped = f"not graded: the kernel stopped while running {what}"
            continue
        if not q:
            continue
        if reply.get("status") != "ok":
            ename = reply.get("ename", "an error")
            if ename == "SystemExit":
                out[q] = ("error", "your answer cell called sys.exit() (exit), so no answer was recorded")
            else:
                evalue = tidy_message(reply.get("evalue", ""), workdir, 100)
                out[q] = ("error", f"your answer cell raised {ename}" + (f": {evalue}" if evalue else ""))
            continue
        got = (reply.get("user_expressions") or {}).get(nonce) or {}
        text = (got.get("data") or {}).get("text/plain", "") if got.get("status") == "ok" else ""
        status, value = parse_probe(text if isinstance(text, str) else "", nonce)
        if status == "ok":
            out[q] = ("value", value)
        elif status == "missing":
            out[q] = ("not answered", f"your answer cell does not set {g['answer_var']}")
        elif status == "toobig":
            out[q] = ("wrong form", "your answer is too large to grade")
        else:
            out[q] = ("wrong form", "the grader could not read your answer")
    return out


def grade_submission(assignment: Assignment, sub: Submission, root: Path, pool, opts: Options) -> StudentResult:
    """Grade one student: read, plan, run in a fresh kernel from ``pool``, grade outside it."""
    from .grading import grade

    res = StudentResult(sub.student)
    if sub.path is not None:
        res.file = sub.path.relative_to(root).as_posix()
        res.others = [p.relative_to(root).as_posix() for p in sub.others]

    def all_zero(status, message):
        res.problem = message
        res.results = [QuestionResult(g["question"], 0, g["points"], status, message) for g in assignment.graded]
        return res

    if sub.path is None:
        return all_zero("missing", "no notebook (.ipynb) handed in")
    try:
        data = sub.path.read_bytes()
        res.sha256 = hashlib.sha256(data).hexdigest()
        cells = read_student_cells(sub.path)
    except Unreadable as exc:
        return all_zero("unreadable", str(exc))
    except OSError as exc:
        return all_zero("unreadable", f"the file could not be read ({exc.strerror})")
    other = wrong_lesson(cells, assignment.lesson)
    if other:
        return all_zero("wrong lesson", f"this is the notebook of exercise {other}, not of exercise {assignment.lesson}")
    steps, notes, res.free_text = plan(assignment, cells)
    kernel = pool.get()
    try:
        outcome = run_steps(kernel, steps, opts, str(kernel.dir))
    finally:
        kernel.kill()
    for g in assignment.graded:
        q = g["question"]
        status, value = outcome.get(q, ("not run", "not graded"))
        if status == "value":
            r = grade(q, assignment.key["questions"][q], value)
            # nbval's rule, with the actual output computed outside the kernel: the point is
            # earned when the line grade() gives is the check cell's stored (target) output.
            points = r.points if r.line + "\n" == assignment.targets[q] else 0
            qr = QuestionResult(q, points, g["points"], r.status, tidy_message(r.message, limit=400))
        else:
            qr = QuestionResult(q, 0, g["points"], status, value)
        if notes.get(q):
            qr.message = (qr.message + "; " if qr.message else "") + notes[q]
        res.results.append(qr)
    return res


# ---------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------
class Progress:
    """A plain-text progress bar on stderr."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.lock = threading.Lock()
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.started = time.monotonic()

    def step(self, label: str) -> None:
        with self.lock:
            self.done += 1
            filled = int(self.width * self.done / max(self.total, 1))
            line = f"grading [{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} {label[:30]}"
            if self.tty:
                self.stream.write("\r" + line.ljust(self.width + 50))
                if self.done == self.total:
                    self.stream.write("\n")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()


def grade_all(assignment: Assignment, root: Path, workers: int, opts: Options, cold=False,
              progress=True) -> list[StudentResult]:
    """Grade every submission in ``root`` with ``workers`` parallel kernels."""
    from .grader_kernel import KernelPool

    subs = find_submissions(root)
    results: dict[str, StudentResult] = {}
    workdir = Path(tempfile.mkdtemp(prefix="medialit-grade-"))
    opts.protect = list(opts.protect) + [str(workdir)]
    bar = Progress(len(subs)) if progress else None
    todo = list(subs)
    lock = threading.Lock()
    need_kernel = any(True for _ in subs)
    pool = KernelPool(workdir, size=workers + 1, preload=assignment.preload, cold=cold,
                      memory=opts.memory) if need_kernel else None

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                sub = todo.pop(0)
            try:
                r = grade_submission(assignment, sub, root, pool, opts)
            except Exception as exc:             # noqa: BLE001 - one student's failure must not stop the class
                r = StudentResult(sub.student, file=sub.path.relative_to(root).as_posix() if sub.path else "")
                msg = tidy_message(f"the grader failed on this notebook ({type(exc).__name__}: {exc})")
                r.problem = msg
                r.results = [QuestionResult(g["question"], 0, g["points"], "not run", msg) for g in assignment.graded]
            with lock:
                results[sub.student] = r
            if bar:
                bar.step(sub.student)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, workers))]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        if pool:
            pool.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return [results[s.student] for s in subs]


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------
def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("assignment", help="the exercise: a lesson number (e.g. 03) or a path to its notebook")
    parser.add_argument("submissions", type=Path, help="folder of .ipynb files, or of one folder per student")
    parser.add_argument("--out", type=Path, required=True, help="folder for the gradebook, feedback and report")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="kernels run in parallel (default: number of cores)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per cell (default 30)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per submission (default 120)")
    parser.add_argument("--keys", type=Path, default=None,
                        help="folder of answer keys (default: solutions/keys of the kit)")
    parser.add_argument("--cold", action="store_true",
                        help="start every kernel as a new python process instead of forking a template (slower)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args) -> int:
    from .grader_report import write_outputs

    try:
        assignment = load_assignment(args.assignment, args.keys)
    except GradeError as exc:
        print(f"medialit grade: {exc}", file=sys.stderr)
        return 2
    root = args.submissions
    if not root.is_dir():
        print(f"medialit grade: no folder {root}", file=sys.stderr)
        return 2
    from .grading import key_path
    keys = args.keys if args.keys is not None else None
    kp = key_path(assignment.lesson, keys) if keys is not None else key_path(assignment.lesson)
    protect = [KIT_ROOT / "solutions", root.resolve(), args.out.resolve()]
    if kp is not None:
        protect.append(kp.resolve().parent)
    opts = Options(cell_timeout=args.timeout, submission_limit=args.limit)
    opts.protect = [str(Path(p).resolve()) for p in protect]
    results = grade_all(assignment, root.resolve(), max(1, args.workers), opts, cold=args.cold,
                        progress=not args.quiet)
    summary = write_outputs(assignment, results, args.out)
    sys.stdout.write(summary)
    return 0
