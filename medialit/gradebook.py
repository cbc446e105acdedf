"""Marks in, grades out: hand marks for rubric questions, and files a learning platform imports.

``medialit grade`` writes, beside its gradebook:

* ``marks.csv`` — ready to fill: one row per student and rubric question (discussion,
  brief), with the student's answer beside it and empty ``points`` and ``comment``
  columns; the rubrics are written once, in ``rubrics.md``, not on every row.
* ``canvas_import.csv`` — Canvas's gradebook import format (*Grades → Import*): the
  columns ``Student, ID, SIS User ID, SIS Login ID, Section`` and one assignment
  column; a column with a new name creates the assignment. ``ID`` is the Canvas user
  id taken from the Canvas download's file names.
* ``moodle_grading_worksheet.csv`` — Moodle's assignment *grading worksheet*
  (*View all submissions → Upload grading worksheet*), matched on ``Identifier``
  (``Participant 12345``, from the folder names of the Moodle download).

``medialit grade … --marks marks.csv`` reads the filled-in marks back and merges them
into the totals, the gradebook, the wide CSV, the import files and the feedback pages.

Example:
    >>> rows = read_marks_text("student,question,max_points,points,comment,answer\\namal,d1,3,2,Good reasons.,\\n")
    >>> rows[("amal", "d1")]
    Mark(points=2.0, comment='Good reasons.')
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

MARK_COLUMNS = ["student", "question", "max_points", "points", "comment", "answer"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade",
                  "Grade can be changed", "Last modified (submission)", "Last modified (grade)", "Feedback comments"]


class MarksError(ValueError):
    """A marks file that cannot be merged (one line per problem)."""


@dataclass(frozen=True)
class Mark:
    points: float
    comment: str = ""


def marks_rows(assignment, results, kept: dict | None = None) -> list[list[str]]:
    """``marks.csv``: one row per student and rubric question, the student's answer beside it.

    Marks already merged (``r.marks``) or ``kept`` from an earlier marks file stay filled in;
    kept marks of students not in ``results`` stay as rows of their own, so no work is lost.
    """
    kept = dict(kept or {})
    rows = [MARK_COLUMNS]
    for r in sorted(results, key=lambda r: r.student):
        for f in assignment.free_text:
            q = f["question"]
            mark = (getattr(r, "marks", None) or {}).get(q) or kept.get((r.student, q))
            kept.pop((r.student, q), None)
            rows.append([r.student, q, _num(f["points"]), _num(mark.points) if mark else "",
                         mark.comment if mark else "", r.free_text.get(q, "")])
    maxima = {f["question"]: _num(f["points"]) for f in assignment.free_text}
    for (student, q), mark in sorted(kept.items()):
        rows.append([student, q, maxima.get(q, ""), _num(mark.points), mark.comment, ""])
    return rows


def rubrics_markdown(assignment) -> str:
    """``rubrics.md``: each rubric question once, with its points and levels."""
    rubrics = assignment.key.get("rubrics", {}) if assignment.key else {}
    parts = [f"# Rubrics — exercise {assignment.lesson}\n",
             "Fill in `points` (and a `comment` for the student) in `marks.csv`, then run "
             "`medialit grade … --marks marks.csv` again.\n"]
    for f in assignment.free_text:
        rub = rubrics.get(f.get("rubric") or f["question"], {})
        parts.append(f"## {f['question']} ({_num(f['points'])} points)\n")
        for level in ("Correct", "Partial", "Incorrect"):
            if rub.get(level):
                parts.append(f"- **{level}:** {rub[level]}")
        parts.append("")
    return "\n".join(parts) + "\n"


def read_marks_text(text: str, assignment=None) -> dict[tuple[str, str], Mark]:
    """Marks from the text of a filled-in ``marks.csv``; empty ``points`` are skipped.

    With ``assignment``, a question that is not a rubric question of it, or points
    outside 0…max, is an error (all problems are listed together).
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"student", "question", "points"} - set(reader.fieldnames or [])
    if missing:
        raise MarksError(f"marks file: the columns {', '.join(sorted(missing))} are missing")
    maxima = {f["question"]: float(f["points"]) for f in assignment.free_text} if assignment else None
    marks, problems = {}, []
    for n, row in enumerate(reader, start=2):
        student, question = _unescape(row.get("student", "")).strip(), (row.get("question") or "").strip()
        raw = (row.get("points") or "").strip()
        if not raw:
            continue
        try:
            points = float(raw)
        except ValueError:
            problems.append(f"line {n}: points {raw!r} is not a number")
            continue
        if maxima is not None:
            if question not in maxima:
                problems.append(f"line {n}: {question!r} is not a rubric question of this exercise")
                continue
            if not 0 <= points <= maxima[question]:
                problems.append(f"line {n}: {points:g} points for {question}, which has {maxima[question]:g}")
                continue
        marks[(student, question)] = Mark(points, (row.get("comment") or "").strip())
    if problems:
        raise MarksError("marks file:\n" + "\n".join(problems))
    return marks


def read_marks(path: Path, assignment=None) -> dict[tuple[str, str], Mark]:
    return read_marks_text(Path(path).read_text(encoding="utf-8-sig"), assignment)


def canvas_rows(assignment, results, handins: dict, title: str) -> list[list[str]]:
    """Canvas's gradebook import: identity columns, a points-possible row, one row per student."""
    column = title
    rows = [CANVAS_COLUMNS + [column], ["    Points Possible", "", "", "", "", _num(_max_total(assignment))]]
    for r in sorted(results, key=lambda r: r.student):
        h = handins.get(r.student)
        rows.append([getattr(h, "student", r.student), getattr(h, "lms_id", "") if getattr(h, "platform", "") == "Canvas" else "",
                     "", r.student, "", _num(total_with_marks(r))])
    return rows


def moodle_rows(assignment, results, handins: dict, comments: dict | None = None) -> list[list[str]]:
    """Moodle's assignment grading worksheet, one row per student matched on ``Participant N``."""
    comments = comments or {}
    rows = [MOODLE_COLUMNS]
    for r in sorted(results, key=lambda r: r.student):
        h = handins.get(r.student)
        pid = getattr(h, "lms_id", "") if getattr(h, "platform", "") == "Moodle" else ""
        rows.append([f"Participant {pid}" if pid else "", getattr(h, "student", r.student), "", "",
                     _num(total_with_marks(r)), _num(_max_total(assignment)), "Yes", "", "",
                     comments.get(r.student, "")])
    return rows


def total_with_marks(r) -> float:
    return sum(q.points for q in r.results) + sum(m.points for m in getattr(r, "marks", {}).values())


def _max_total(assignment) -> float:
    return float(assignment.max_total) + sum(float(f["points"]) for f in assignment.free_text)


def apply_marks(results, marks: dict[tuple[str, str], Mark]) -> list[str]:
    """Attach each student's marks (``r.marks``: question -> Mark); return marks for unknown students."""
    by_student = {r.student: r for r in results}
    unknown = []
    for (student, question), mark in sorted(marks.items()):
        r = by_student.get(student)
        if r is None:
            unknown.append(f"{student} {question}")
            continue
        if not hasattr(r, "marks") or r.marks is None:
            r.marks = {}
        r.marks[question] = mark
    return unknown


def to_csv(rows) -> str:
    """CSV text with every cell made safe to open in a spreadsheet (no formulas)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text (OWASP's rule against CSV injection).

    A cell starting with = + - @ tab or CR gets a leading ' unless it is a number; the one
    home of CSV escaping for every file ``medialit grade`` writes.

    >>> csv_cell("=HYPERLINK(1)"), csv_cell("amal"), csv_cell("-2"), csv_cell(None)
    ("'=HYPERLINK(1)", 'amal', '-2', '')
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _unescape(text: str) -> str:
    return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"
