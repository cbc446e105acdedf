"""Who handed in this file? Student names from the download layouts of learning platforms.

A teacher rarely gets a folder of files named after the students. ``medialit grade``
reads the layouts the platforms download, and takes the student's name (and the
platform's id for them, for the grade import) from the path:

=================  ==========================================================  ======================
platform           what the download looks like                                name / id taken from
=================  ==========================================================  ======================
Canvas             ``smithjane_12345_67890_02_who_says_so.ipynb``; a late one  ``smithjane`` / user
                   ``smithjane_late_12345_67890_…``; a resubmission adds       id ``12345``
                   ``-1``, ``-2`` to the original name
Moodle             one folder per student,                                     ``Jane Smith`` /
                   ``Jane Smith_12345_assignsubmission_file_/02_….ipynb``      participant ``12345``
                   (or the same prefix on the file name)
Google Classroom   a Drive folder: ``Jane Smith - 02_who_says_so.ipynb``       ``Jane Smith``
GitHub Classroom   one clone per student: ``02-who-says-so-janesmith/…``       ``janesmith``
                   (``gh classroom clone student-repos``)
plain              a folder per student (``jane/02_….ipynb``) or a file per    the folder's name, or
                   student (``jane-smith_02_who_says_so.ipynb``)               the file's name
=================  ==========================================================  ======================

A zip's own wrapper folder around Canvas or Google Classroom files changes nothing.

Example:
    >>> from pathlib import Path
    >>> identify(Path("smithjane_late_12345_67890_02_who_says_so-1.ipynb"))
    HandIn(student='smithjane', student_id='smithjane', platform='Canvas', lms_id='12345', late=True, attempt=1)
    >>> identify(Path("Jane Smith_4471_assignsubmission_file_/02_who_says_so.ipynb")).student
    'Jane Smith'
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

CANVAS = re.compile(r"^(?P<login>[a-z0-9]+?)(?P<late>_late)?_(?P<uid>\d+)_(?P<sub>\d+)_(?P<orig>.+)$", re.IGNORECASE)
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<pid>\d+)_assign(?:submission|feedback)_(?:file|onlinetext)_(?P<orig>.*)$")
CLASSROOM = re.compile(r"^(?P<name>[^_/]+?) - (?P<orig>.+)$")
ATTEMPT = re.compile(r"-(?P<n>\d+)(?=\.ipynb$)")


@dataclass(frozen=True)
class HandIn:
    """Who handed a file in, as far as its path shows."""

    student: str            # the name to show
    student_id: str         # unique and stable: one gradebook row and one feedback page each
    platform: str = "folder"
    lms_id: str = ""        # Canvas user id or Moodle participant id (for the grade import)
    late: bool = False
    attempt: int = 0        # Canvas resubmission number (-1, -2, … on the file name)


def identify(rel: Path, clone_prefix: str = "") -> HandIn:
    """The hand-in of a notebook at ``rel``, a path relative to the submissions folder.

    ``clone_prefix`` is the assignment prefix that GitHub Classroom folders share
    (found by :func:`clone_prefix`); without it a folder is a plain student folder.
    """
    rel = Path(rel)
    parts = rel.parts
    name = parts[-1]
    # Moodle: the student's folder (or the file name) carries the prefix
    for part in parts:
        m = MOODLE.match(part)
        if m:
            return HandIn(m["name"].strip(), f"{_slug(m['name'])}-{m['pid']}", "Moodle", m["pid"])
    top = parts[0]
    if len(parts) > 1 and clone_prefix and top.startswith(clone_prefix) and len(top) > len(clone_prefix):
        user = top[len(clone_prefix):]
        return HandIn(user, user, "GitHub Classroom")
    # Canvas and Google Classroom name the file; a wrapper folder (the zip's own) changes nothing
    m = CANVAS.match(name)
    if m and re.fullmatch(r"[a-z0-9]+", m["login"]):
        attempt = ATTEMPT.search(m["orig"])
        return HandIn(m["login"], m["login"], "Canvas", m["uid"], bool(m["late"]),
                      int(attempt["n"]) if attempt else 0)
    m = CLASSROOM.match(name)
    if m and len(m["name"]) <= 60:
        return HandIn(m["name"].strip(), _slug(m["name"]), "Google Classroom")
    if len(parts) == 1:
        stem = Path(name).stem
        return HandIn(stem, stem, "file")
    return HandIn(top, top, "folder")


def clone_prefix(root: Path) -> str:
    """The assignment prefix GitHub Classroom clones share (``02-who-says-so-``), or ''.

    A folder counts as a clone when it holds a ``.git`` entry; the prefix is the
    longest common start of all clones' names, cut after its last hyphen.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for user in ("janesmith", "amalh"):
    ...     (d / f"02-who-says-so-{user}" / ".git").mkdir(parents=True)
    >>> clone_prefix(d)
    '02-who-says-so-'
    """
    try:
        clones = sorted(e.name for e in os.scandir(root)
                        if e.is_dir(follow_symlinks=False) and (Path(e.path) / ".git").exists())
    except OSError:
        return ""
    if len(clones) < 2:
        return clones[0].rsplit("-", 1)[0] + "-" if len(clones) == 1 and "-" in clones[0] else ""
    prefix = os.path.commonprefix(clones)
    return prefix[: prefix.rfind("-") + 1] if "-" in prefix else ""


def newest(files: list[tuple[HandIn, Path, int]]) -> tuple[int, list[int]]:
    """Of one student's files ``(hand-in, path, mtime_ns)``, the index of the one to grade, and the others.

    A later Canvas attempt wins; otherwise the newest file; ties go to the later name.

    >>> newest([(HandIn("a", "a", attempt=1), Path("x-1.ipynb"), 5), (HandIn("a", "a"), Path("x.ipynb"), 9)])
    (0, [1])
    """
    order = sorted(range(len(files)), key=lambda i: (files[i][0].attempt, files[i][2], str(files[i][1])))
    return order[-1], order[:-1]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "student"


STUDENT_CELL_ID = "student-name"


def student_field(cells: list[dict]) -> str:
    """The name a student typed into the exercise's first cell (``student = "Jane Smith"``), or ''.

    Read from the cell's source as text, never run. Used when two hand-ins would
    otherwise get the same name (two "Jane Smith" files in a Google Classroom folder).

    >>> student_field([{"id": "student-name", "cell_type": "code", "source": 'student = "Jane Smith"'}])
    'Jane Smith'
    >>> student_field([{"id": "student-name", "cell_type": "code", "source": "student = ..."}])
    ''
    """
    import ast

    for cell in cells:
        if cell.get("id") != STUDENT_CELL_ID or cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            return ""
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str):
                return " ".join(node.value.value.split())[:80]
    return ""
