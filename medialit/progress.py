"""Self-study progress: which questions you have done, and what to do next.

Every time a check cell runs, ``check`` writes the outcome (status and points,
never an answer and never the key) to a small file on your own computer:
``~/.medialit/progress.json``, or the file named by ``$MEDIALIT_PROGRESS``
(``none`` turns recording off; the class grader does that).

Example:
    $ medialit progress
    >>> from medialit.progress import show_progress   # in a notebook
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from .cases import case_info, case_root


def progress_path() -> Path | None:
    env = os.environ.get("MEDIALIT_PROGRESS")
    if env is not None:
        return None if env.strip().lower() in ("", "none") else Path(env)
    return Path.home() / ".medialit" / "progress.json"


def read_progress(path: Path | None = None) -> dict:
    path = path or progress_path()
    if path is None or not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record_result(lesson: str, result) -> None:
    """Remember one check outcome. Never raises: progress must not break a check."""
    try:
        path = progress_path()
        if path is None:
            return
        data = read_progress(path)
        case = case_info().get("title", str(case_root()))
        entry = data.setdefault(case, {}).setdefault(lesson.split("_")[0], {})
        entry[result.question] = {"status": result.status, "points": result.points, "max_points": result.max_points}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except Exception:   # noqa: BLE001 — a read-only home or a full disk must not stop the lesson
        return


def lesson_questions(root: Path | None = None) -> dict[str, dict]:
    """``{"01": {"q1": {"points": 1, ...}, ...}}`` from ``exercises/questions``."""
    root = root or case_root()
    out = {}
    for path in sorted((root / "exercises" / "questions").glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def progress_rows(progress: dict | None = None, root: Path | None = None) -> list[dict]:
    """One row per lesson: questions done, correct, points, and the next open question."""
    root = root or case_root()
    progress = read_progress() if progress is None else progress
    mine = progress.get(case_info(root).get("title", str(root)), {})
    rows = []
    for lesson, questions in lesson_questions(root).items():
        seen = mine.get(lesson, {})
        correct = [q for q in questions if seen.get(q, {}).get("status") == "correct"]
        tried = [q for q in questions if q in seen]
        open_q = [q for q in questions if q not in correct]
        rows.append({"lesson": lesson, "questions": len(questions), "tried": len(tried), "correct": len(correct),
                     "points": f"{sum(seen[q]['points'] for q in correct):g}/{sum(s.get('points', 1) for s in questions.values()):g}",
                     "next": open_q[0] if open_q else "done"})
    return rows


def next_step(rows: list[dict]) -> str:
    for row in rows:
        if row["next"] != "done":
            action = "start" if row["tried"] == 0 else "continue"
            return f"Next: {action} exercise {row['lesson']} at question {row['next']}."
    return "All exercises are correct. Try the discussion questions, or build your own case (docs/your-own-case.md)."


def show_progress() -> None:
    """Print your progress table and what to do next."""
    from .corpus import print_table

    rows = progress_rows()
    print_table(rows, ["lesson", "questions", "tried", "correct", "points", "next"])
    print()
    print(next_step(rows))


def configure_parser(parser):
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")


def run(args) -> int:
    rows = progress_rows()
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    else:
        show_progress()
    return 0
