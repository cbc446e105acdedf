"""The class grader: ``medialit grade ASSIGNMENT SUBMISSIONS_DIR --out OUT_DIR``.

For every student it takes the *pristine* exercise notebook from the kit and
puts in only the student's answer cells (matched by cell id, then by
``metadata.medialit.question``). Everything else a student changed — check
cells, stored outputs, points, tags, extra or moved cells — is ignored. The
cells run in a fresh kernel (``MEDIALIT_KEY_DIR=none``, an empty working
folder). Where the machine allows it, each kernel runs in an operating-system
sandbox (bubblewrap namespaces, or a Docker/Podman container) that shows it the
Python environment and the kit's package, articles and question forms — never
``solutions/``, the key, the submissions or the output folder; elsewhere an
in-process audit hook is all there is, and every output says so. After each
answer cell the grader reads the value of the answer variable and grades it *in
the grader process* with :func:`medialit.grading.grade`. Nothing a student prints,
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
import stat
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cases import case_root
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
        folder = case_root() / "exercises"             # the active case (the kit itself by default)
        found = sorted(folder.glob(f"{number}_*.ipynb"))
        if not found:
            raise GradeError(f"no exercise for lesson {spec!r} in {folder}")
        path = found[0]
    lesson = path.name.split("_")[0]
    nb = read_notebook(path)
    # A self-study student who worked in the kit's own exercise file has run it: its check cells
    # then hold their own lines, not the targets. Grade against the exercise as `medialit
    # exercises` writes it (the check cells' targets follow from their points); the cells'
    # sources, which the student did not change outside the answer cells, stay the template.
    from .notebooks import tidy_solution
    ran_in_place = any(c.get("cell_type") == "code" and c.get("outputs") and "check" not in c.get("metadata", {}).get("tags", [])
                       for c in nb.cells) or any(c.get("execution_count") for c in nb.cells if c.get("cell_type") == "code"
                                                 and "check" not in c.get("metadata", {}).get("tags", []))
    if ran_in_place:
        nb = tidy_solution(nb)
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
        if target != correct_line(g["question"], g["points"]) + "\n" and not ran_in_place:
            raise GradeError(f"{path.name}: the check cell of {g['question']} does not store its target line; "
                             "run `medialit exercises`")
        targets[g["question"]] = correct_line(g["question"], g["points"]) + "\n"
    return Assignment(lesson, path, list(nb.cells), graded, free_text_cells(nb), key, targets,
                      _imported_modules(nb.cells))


def setup_source(assignment: Assignment) -> str:
    """The exercise's own code cells before its first answer cell (the kernel template runs them once).

    Only pristine cells of the kit's exercise, never a student's; a Colab set-up cell is left out.
    """
    first_answer = {g["answer_cell"] for g in assignment.graded}
    parts = []
    for cell in assignment.cells:
        if cell.get("id") in first_answer:
            break
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "colab-setup" not in tags:
            parts.append("".join(cell.get("source", "")))
    return "\n".join(parts)


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
    student: str                                   # the student id: one gradebook row and one feedback page
    path: Path | None
    others: list = field(default_factory=list)     # older files of the same student (not graded)
    refused: list = field(default_factory=list)    # (relative path, why) of files not opened
    handin: object = None                          # medialit.handin.HandIn of the graded file (name, platform, ids)

    @property
    def name(self) -> str:
        return getattr(self.handin, "student", "") or self.student


def student_id(path: Path, root: Path, prefix: str = "") -> str:
    """The student id of a submitted file (see :mod:`medialit.handin` for the platforms' layouts).

    A file directly in the folder: its name; a file inside a student's folder: the folder's name.
    """
    from .handin import identify
    return identify(Path(path).relative_to(root), prefix).student_id


HIDDEN = "skipped: hidden file"


def refusal(st: os.stat_result, name: str) -> str:
    """Why the grader will not open a submitted file ('' when it will), from its ``lstat``.

    >>> import os
    >>> refusal(os.stat_result((stat.S_IFLNK | 0o777, 0, 0, 1, 0, 0, 10, 0, 0, 0)), "x.ipynb")
    'refused: a symbolic link (hand in the notebook itself)'
    """
    if name.startswith("."):
        return HIDDEN
    if stat.S_ISLNK(st.st_mode):
        return "refused: a symbolic link (hand in the notebook itself)"
    if not stat.S_ISREG(st.st_mode):
        return "refused: not a regular file (a pipe, socket or device)"
    if st.st_nlink > 1:
        return "refused: a hard link (the file has another name elsewhere; hand in a copy)"
    return ""


def _is_question_forms(folder: Path) -> bool:
    """The kit's ``exercises/questions`` folder (answer forms, JSON only): not a student's folder."""
    try:
        names = [e.name for e in os.scandir(folder)]
    except OSError:
        return False
    return folder.name == "questions" and bool(names) and all(n.endswith(".json") for n in names)


def find_submissions(root: Path) -> list[Submission]:
    """One submission per real student, named from the platform's download layout (:mod:`medialit.handin`).

    Several files of one student: a later Canvas attempt wins, then the newest file (mtime, then
    name); the others are listed as not graded. Two files that would get one id but whose
    ``student = "…"`` cells name two different people (read from the bytes, never run) become two
    students. Nothing is followed: symbolic links (to files or folders), hard links, pipes and
    devices are refused, and hidden files skipped, each with a row saying why. Hidden folders
    and ``__MACOSX`` (``.ipynb_checkpoints``) are left out silently.
    """
    from .handin import clone_prefix, identify, newest

    root = Path(root)
    prefix = clone_prefix(root)
    by_student: dict[str, list] = {}
    refused: dict[str, list] = {}
    handins: dict[str, object] = {}
    tops_with_files: set[str] = set()              # top folders that hold a notebook (or a refused one)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d.startswith(".") or d == "__MACOSX":
                continue                               # .ipynb_checkpoints, .git, hidden folders
            if (here / d).is_symlink():
                rel = (here / d).relative_to(root)
                tops_with_files.add(rel.parts[0])
                h = identify(rel / "x.ipynb", prefix)
                handins.setdefault(h.student_id, h)
                refused.setdefault(h.student_id, []).append((rel.as_posix(), "refused: a symbolic link to a folder"))
                continue
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = here / name
            if not name.endswith(".ipynb"):
                continue
            try:
                st = os.lstat(path)
            except OSError:
                continue
            why = refusal(st, name)
            rel = path.relative_to(root)
            tops_with_files.add(rel.parts[0])
            h = identify(rel, prefix)
            handins.setdefault(h.student_id, h)
            if why:
                refused.setdefault(h.student_id, []).append((rel.as_posix(), why))
            else:
                by_student.setdefault(h.student_id, []).append((h, path, st.st_mtime_ns))
    for entry in sorted(root.iterdir()):
        if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith(".") \
                and entry.name != "__MACOSX" and entry.name not in tops_with_files \
                and not _is_question_forms(entry):
            h = identify(Path(entry.name) / "x.ipynb", prefix)
            if h.student_id not in by_student and h.student_id not in refused:
                by_student[h.student_id] = []          # a student's folder with no notebook
                handins[h.student_id] = h
    for sid in [s for s, files in by_student.items() if len(files) > 1]:
        _split_by_student_field(root, sid, by_student, handins)
    subs = []
    for sid in sorted(set(by_student) | set(refused)):
        files = by_student.get(sid, [])
        if files:
            chosen, rest = newest(files)
            path, others, h = files[chosen][1], [files[i][1] for i in sorted(rest, key=lambda i: str(files[i][1]))], files[chosen][0]
        else:
            path, others, h = None, [], handins.get(sid)
        subs.append(Submission(sid, path, others, sorted(refused.get(sid, [])), h))
    return subs


def _split_by_student_field(root: Path, sid: str, by_student: dict, handins: dict) -> None:
    """Files that share one id but whose ``student`` cells name different people become one student each."""
    from dataclasses import replace

    from .handin import _slug, student_field

    named: dict[str, list] = {}
    for entry in by_student[sid]:
        try:
            cells = json.loads(read_submission(root, entry[1]).decode("utf-8-sig")).get("cells") or []
            typed = student_field([c for c in cells if isinstance(c, dict)])
        except (OSError, Unreadable, ValueError, AttributeError):
            typed = ""
        named.setdefault(typed, []).append(entry)
    people = [n for n in named if n]
    if len(people) < 2:
        return
    unnamed = named.pop("", [])
    del by_student[sid]
    for typed, entries in named.items():
        new_id = _slug(typed)
        if new_id in by_student or new_id in handins and new_id != sid or (new_id == sid and unnamed):
            new_id = f"{sid}-{_slug(typed)}"
        by_student[new_id] = [(replace(h, student=typed, student_id=new_id), p, m) for h, p, m in entries]
        handins[new_id] = by_student[new_id][0][0]
    if unnamed:
        by_student[sid] = unnamed


class Unreadable(Exception):
    """A submitted file is not a notebook we can read."""


def read_submission(root: Path, path: Path) -> bytes:
    """The bytes of a submitted file, opened without following any link (``O_NOFOLLOW`` at every step).

    The grader reads the file itself; the kernel never gets its path.
    """
    rel = Path(path).relative_to(root)
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        for part in rel.parts[:-1]:
            nxt = os.open(part, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | nofollow, dir_fd=fd)
            os.close(fd)
            fd = nxt
        try:
            f = os.open(rel.parts[-1], os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0), dir_fd=fd)
        except OSError as exc:
            if exc.errno == getattr(__import__("errno"), "ELOOP", -1):
                raise Unreadable("refused: a symbolic link (hand in the notebook itself)") from None
            raise
    finally:
        os.close(fd)
    try:
        st = os.fstat(f)
        why = refusal(st, rel.name)
        if why:
            raise Unreadable(why)
        if st.st_size > MAX_SUBMISSION_BYTES:
            raise Unreadable(f"the file is larger than {MAX_SUBMISSION_BYTES // (1024 * 1024)} MB")
        chunks, size = [], 0
        while True:
            chunk = os.read(f, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_SUBMISSION_BYTES:
                raise Unreadable(f"the file is larger than {MAX_SUBMISSION_BYTES // (1024 * 1024)} MB")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(f)


def read_student_cells(path: Path) -> list[dict]:
    """The cells of a notebook file (see :func:`parse_student_cells`)."""
    return parse_student_cells(Path(path).read_bytes())


def parse_student_cells(data: bytes) -> list[dict]:
    """The cells of a submitted notebook as plain dicts (id, type, source, metadata); nbformat 3 and 4."""
    return parse_notebook(data)[0]


def parse_notebook(data: bytes) -> tuple[list[dict], str]:
    """(cells, role): the cells as in :func:`parse_student_cells`, and ``metadata.medialit.role``."""
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
    meta = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    ml = meta.get("medialit") if isinstance(meta.get("medialit"), dict) else {}
    return cells, ml.get("role") if isinstance(ml.get("role"), str) else ""


_CHECKER = re.compile(r"""Checker\(\s*["'](\d+)""")


def wrong_notebook(cells: list[dict], role: str, lesson: str) -> str | None:
    """One line when the file is not this exercise: a lesson notebook, or another lesson's exercise.

    >>> wrong_notebook([{"type": "code", "source": 'check = Checker("02", record=False)'}], "lesson", "02")
    'this is lesson 02, not exercise 02: hand in the exercise notebook (exercises/02_….ipynb)'
    """
    m = next((_CHECKER.search(c["source"]) for c in cells if c["type"] == "code" and _CHECKER.search(c["source"])), None)
    number = m.group(1).zfill(2) if m else lesson
    if role == "lesson":
        return f"this is lesson {number}, not exercise {lesson}: hand in the exercise notebook (exercises/{lesson}_….ipynb)"
    if number != lesson:
        return f"this is the notebook of exercise {number}, not of exercise {lesson}"
    return None


_KEY_WORDS = re.compile(r"MEDIALIT_KEY_DIR|solutions|/keys/|\bkeys?\.json|\._key\b")
_FAKE_LINE = re.compile(r"print\s*\(.*\bcorrect\b", re.IGNORECASE)
_PATCHES = re.compile(r"\bbuiltins\b|sys\.stdout\s*=|sys\.__stdout__|json\.dumps\s*=")
_ESCAPES = re.compile(r"\bsubprocess\b|os\.system|os\.posix_spawn|os\.fork|\bctypes\b|os\.exec|/proc/|os\.kill")


def tampering(assignment: Assignment, cells: list[dict]) -> list[str]:
    """What a student tried that the grader ignored, in plain words (for the class report).

    Looks only at cells that differ from the pristine exercise: a redefined or deleted ``check``,
    edited, deleted or moved check cells, attempts to read the answer key, fake "correct" lines,
    patched ``print``/output, and shell or C calls.
    """
    import ast

    pristine = {c.get("id"): "".join(c.get("source", "")) for c in assignment.cells if c.get("cell_type") == "code"}
    pristine_sources = {v.strip() for v in pristine.values()}
    answer_ids = {g["answer_cell"]: g["question"] for g in assignment.graded}
    found: dict[str, list[str]] = {}                 # what was tried -> where (question or "a cell of their own")

    def note(text, where=""):
        places = found.setdefault(text, [])
        if where and where not in places:
            places.append(where)

    for c in cells:
        if c["type"] != "code" or c["source"].strip() in pristine_sources or "check" in c["tags"]:
            continue
        where = answer_ids.get(c["id"]) or c["question"] or "a cell of their own"
        src = c["source"]
        try:
            tree = ast.parse(src)
            names = {t.id for n in ast.walk(tree) for t in
                     (n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target] if isinstance(n, ast.AnnAssign) else [])
                     if isinstance(t, ast.Name)}
            names |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        except (SyntaxError, ValueError, RecursionError):
            names = set(re.findall(r"\b(check)\s*=", src))
        if "check" in names:
            note("redefined or deleted check()", where)
        if _KEY_WORDS.search(src):
            note("tried to read the answer key", where)
        if _FAKE_LINE.search(src):
            note("printed a \"correct\" line of its own", where)
        if _PATCHES.search(src):
            note("replaced print, the output stream or json", where)
        if _ESCAPES.search(src):
            note("ran shell commands, other processes or C calls", where)
    by_id = {}
    for c in cells:
        by_id.setdefault(c["id"], []).append(c)
    if sum(cid in by_id for cid in pristine) * 2 >= len(pristine):   # ids kept (not nbformat 3, not re-made)
        for g in assignment.graded:
            q, cid = g["question"], g["check_cell"]
            mine = [c for c in by_id.get(cid, []) if c["type"] == "code"] or \
                [c for c in cells if c["question"] == q and "check" in c["tags"]]
            if not mine:
                note("deleted the check cell", q)
            elif len(mine) > 1:
                note("copied the check cell", q)
            elif mine[0]["source"].strip() != pristine.get(cid, "").strip():
                note("edited the check cell", q)
    return [f"{what} ({', '.join(places)})" if places else what for what, places in found.items()]


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
    refused: list = field(default_factory=list)  # (file, why) not opened: links, pipes, hidden files
    results: list = field(default_factory=list)
    free_text: dict = field(default_factory=dict)
    problem: str = ""                    # one line when the whole submission could not be graded
    handin: object = None                # medialit.handin.HandIn: the name, platform and platform id
    answers: dict = field(default_factory=dict)   # question -> the student's answer cell, as written
    marks: dict = field(default_factory=dict)     # rubric question -> gradebook.Mark (hand marks)
    tampering: list = field(default_factory=list)  # plain words: what the student tried that the grader ignored

    @property
    def name(self) -> str:
        return getattr(self.handin, "student", "") or self.student

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
    cell_timeout: float = 10.0
    submission_limit: float = 120.0
    start_timeout: float = 60.0
    memory: int | None = 2 * 1024 ** 3      # address-space limit of a kernel (bytes)
    file_limit: int = 50 * 1024 ** 2
    protect: list = field(default_factory=list)
    hook: bool = True                       # the in-process audit hook (only without an OS sandbox)
    kernel_env: dict = field(default_factory=dict)   # MEDIALIT_CASE for a teacher's own case


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


_TEMP_FILE = re.compile(r"\s*\(?[^\s()\"']*?\d+\.py, line (\d+)\)?")
_CELL_LINE = re.compile(r"Cell In\s*\[\d*\],\s*line (\d+)|File \"[^\"]*?/\d+\.py\", line (\d+)")


def error_message(q: str, ename: str, evalue: str, traceback: list, workdir: str = "") -> str:
    """An error in a student's answer, named by its cell and line, never by the kernel's temp file.

    >>> error_message("q3", "SyntaxError", "invalid syntax (527157931.py, line 2)", [])
    'in your answer cell for q3, line 2: SyntaxError: invalid syntax'
    >>> error_message("q1", "NameError", "name 'x' is not defined", ["\x1b[0;31mCell In[4], line 3\x1b[0m"])
    "in your answer cell for q1, line 3: NameError: name 'x' is not defined"
    """
    line = None
    m = _TEMP_FILE.search(evalue or "")
    if m:
        line = m.group(1)
        evalue = _TEMP_FILE.sub("", evalue)
    if line is None:
        for entry in traceback:
            hit = _CELL_LINE.search(_ANSI.sub("", str(entry)))
            if hit:
                line = hit.group(1) or hit.group(2)
                break
    evalue = tidy_message(evalue, workdir, 100)
    where = f"in your answer cell for {q}" + (f", line {line}" if line else "")
    return f"{where}: {ename}" + (f": {evalue}" if evalue else "")


def run_steps(kernel, steps, opts: Options, workdir: str) -> dict:
    """Run the planned cells in ``kernel``; return question -> (status, value_or_message)."""
    from .grader_kernel import CellTimeout, KernelDied, KernelGarbled, guard_cell, parse_probe, probe_expression

    out = {}
    probe = "_medialit_probe_" + secrets.token_hex(8)
    started = time.monotonic()
    end = started + opts.submission_limit
    protect = sorted({str(p) for p in opts.protect})
    try:
        reply = kernel.execute(guard_cell(protect, str(kernel.cwd), probe, opts.file_limit, opts.hook),
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
        except KernelGarbled:
            if q:
                out[q] = ("error", "your answer cell broke the kernel's messages (it replaced something the "
                                   "kernel needs, such as json), so no answer could be read")
            stopped = f"not graded: the kernel's messages could not be read after {what} ran"
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
                out[q] = ("error", error_message(q, ename, reply.get("evalue", ""), reply.get("traceback") or [], workdir))
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

    res = StudentResult(sub.student, refused=list(sub.refused), handin=sub.handin)
    if sub.path is not None:
        res.file = sub.path.relative_to(root).as_posix()
        res.others = [p.relative_to(root).as_posix() for p in sub.others]

    def all_zero(status, message):
        res.problem = message
        res.results = [QuestionResult(g["question"], 0, g["points"], status, message) for g in assignment.graded]
        return res

    if sub.path is None and sub.refused:
        file, why = sub.refused[0]
        return all_zero("unreadable", f"{why}: {file}")
    if sub.path is None:
        return all_zero("missing", "no notebook (.ipynb) handed in")
    try:
        data = read_submission(root, sub.path)
        res.sha256 = hashlib.sha256(data).hexdigest()
        cells, role = parse_notebook(data)
    except Unreadable as exc:
        return all_zero("unreadable", str(exc))
    except OSError as exc:
        return all_zero("unreadable", f"the file could not be read ({exc.strerror})")
    other = wrong_notebook(cells, role, assignment.lesson)
    if other:
        return all_zero("wrong lesson", other)
    steps, notes, res.free_text = plan(assignment, cells)
    res.answers = {g["question"]: source for kind, source, g in steps if kind == "answer"}
    res.tampering = tampering(assignment, cells)
    kernel = pool.get()
    try:
        outcome = run_steps(kernel, steps, opts, str(kernel.dir))
    finally:
        kernel.kill()
    for g in assignment.graded:
        q = g["question"]
        status, value = outcome.get(q, ("not run", "not graded"))
        if status == "value":
            try:
                r = grade(q, assignment.key["questions"][q], value)
                # nbval's rule, with the actual output computed outside the kernel: the point is
                # earned when the line grade() gives is the check cell's stored (target) output.
                points = r.points if r.line + "\n" == assignment.targets[q] else 0
                qr = QuestionResult(q, points, g["points"], r.status, tidy_message(r.message, limit=400))
            except Exception as exc:          # noqa: BLE001 - one odd answer costs its question only
                qr = QuestionResult(q, 0, g["points"], "wrong form",
                                    f"the grader could not check this answer ({type(exc).__name__}); "
                                    "give it in the form the question asks")
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
              progress=True, sandbox=None) -> list[StudentResult]:
    """Grade every submission in ``root`` with ``workers`` parallel kernels (in ``sandbox``)."""
    from .grader_kernel import KernelPool, Sandbox

    sandbox = sandbox or Sandbox("none")
    opts.hook = not sandbox.isolated

    subs = find_submissions(root)
    results: dict[str, StudentResult] = {}
    workdir = Path(tempfile.mkdtemp(prefix="medialit-grade-"))
    opts.protect = list(opts.protect) + [str(workdir)]
    bar = Progress(len(subs)) if progress else None
    todo = list(subs)
    lock = threading.Lock()
    notebooks = sum(s.path is not None for s in subs)     # one fresh kernel each, none more
    pool = KernelPool(workdir, size=min(workers + 1, notebooks), preload=assignment.preload, cold=cold,
                      memory=opts.memory, sandbox=sandbox, kit_root=KIT_ROOT, warmup=setup_source(assignment),
                      env=opts.kernel_env, total=notebooks) if notebooks else None

    def worker():
        while True:
            with lock:
                if not todo:
                    return
                sub = todo.pop(0)
            try:
                r = grade_submission(assignment, sub, root, pool, opts)
            except Exception as exc:             # noqa: BLE001 - one student's failure must not stop the class
                r = StudentResult(sub.student, file=sub.path.relative_to(root).as_posix() if sub.path else "",
                                  handin=sub.handin)
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
    parser.add_argument("submissions", type=Path,
                        help="folder of .ipynb files (or of one folder per student, or a platform download), or one notebook")
    parser.add_argument("--out", type=Path, required=True, help="folder for the gradebook, feedback and report")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="kernels run in parallel (default: number of cores)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per cell (default 10)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per submission (default 120)")
    parser.add_argument("--keys", type=Path, default=None,
                        help="folder of answer keys (default: solutions/keys of the kit)")
    parser.add_argument("--cold", action="store_true",
                        help="start every kernel as a new process (in a bubblewrap sandbox of its own) instead of "
                             "forking a template (about twice as slow)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--sandbox", choices=("auto", "bwrap", "docker", "none"), default="auto",
                        help="where kernels run: auto (bubblewrap, else Docker/Podman, else none; "
                             "$MEDIALIT_SANDBOX overrides), bwrap, docker, or none (in-process guard only)")
    parser.add_argument("--marks", type=Path, default=None,
                        help="a filled-in marks.csv (hand marks for the discussion questions) to merge into the "
                             "totals, gradebooks, import files and feedback pages")
    parser.add_argument("--require-sandbox", action="store_true",
                        help="refuse to grade without an operating-system sandbox (bubblewrap or a container)")


def run(args) -> int:
    from .grader_report import write_outputs

    try:
        assignment = load_assignment(args.assignment, args.keys)
    except GradeError as exc:
        print(f"medialit grade: {exc}", file=sys.stderr)
        return 2
    root = args.submissions
    if root.suffix == ".ipynb" and root.is_file() and not root.is_symlink():
        # one notebook (self-study): graded from a copy in a folder of its own, never in place
        import atexit
        import shutil
        import tempfile
        single = Path(tempfile.mkdtemp(prefix="medialit-one-"))
        atexit.register(shutil.rmtree, single, True)
        shutil.copyfile(root, single / root.name)
        root = single
    if not root.is_dir():
        print(f"medialit grade: no folder (or notebook) {root}", file=sys.stderr)
        return 2
    from .gradebook import MarksError, apply_marks, read_marks
    marks_file = getattr(args, "marks", None)
    marks, kept = {}, {}
    try:
        if marks_file is not None:
            marks = read_marks(marks_file, assignment)
        elif (args.out / "marks.csv").is_file():     # an earlier run's marks.csv: keep what the teacher filled in
            kept = read_marks(args.out / "marks.csv", assignment)
    except (MarksError, OSError) as exc:
        print(f"medialit grade: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return 2
    from .grading import key_path
    keys = args.keys if args.keys is not None else None
    kp = key_path(assignment.lesson, keys) if keys is not None else key_path(assignment.lesson)
    case = case_root()
    protect = [KIT_ROOT / "solutions", case / "solutions", root.resolve(), args.out.resolve()]
    if kp is not None:
        protect.append(kp.resolve().parent)
    opts = Options(cell_timeout=args.timeout, submission_limit=args.limit)
    opts.protect = sorted({str(Path(p).resolve()) for p in protect})
    if case.resolve() != KIT_ROOT.resolve():
        opts.kernel_env = {"MEDIALIT_CASE": str(case.resolve())}
    from .grader_kernel import NOT_ISOLATED, Sandbox, detect_sandbox, sandbox_binds
    try:
        binds = sandbox_binds(KIT_ROOT, opts.protect, case)
        sandbox = detect_sandbox(getattr(args, "sandbox", "auto"), binds)
    except ValueError as exc:                # an unknown mode, or a protected folder inside the Python env
        sandbox = Sandbox("none", why=str(exc))
    warning = None
    if not sandbox.isolated:
        if getattr(args, "require_sandbox", False):
            print(f"medialit grade: no sandbox ({sandbox.why}); --require-sandbox refuses to grade. "
                  f"{NOT_ISOLATED[0].upper() + NOT_ISOLATED[1:]}.", file=sys.stderr)
            return 2
        warning = f"{NOT_ISOLATED} ({sandbox.why})"
        print(f"medialit grade: warning: {warning}", file=sys.stderr)
    results = grade_all(assignment, root.resolve(), max(1, args.workers), opts, cold=args.cold,
                        progress=not args.quiet, sandbox=sandbox)
    unknown = apply_marks(results, marks)
    if unknown:
        print(f"medialit grade: warning: marks for students not in {root}: {', '.join(unknown)} "
              "(kept in marks.csv)", file=sys.stderr)
    known = {r.student for r in results}
    kept.update({k: m for k, m in marks.items() if k[0] not in known})
    summary = write_outputs(assignment, results, args.out, warning=warning, kept_marks=kept)
    sys.stdout.write(summary)
    if kept and marks_file is None and any(k[0] in known for k in kept):
        print(f"medialit grade: {args.out / 'marks.csv'} has hand marks; add --marks {args.out / 'marks.csv'} "
              "to merge them", file=sys.stderr)
    return 0
