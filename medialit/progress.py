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
    """Remember one check outcome. Never raises: progress must not break a check.

    Each question keeps its **best** result (a later slip does not undo a correct
    answer), the latest status, and how many times it was checked.
    """
    try:
        path = progress_path()
        if path is None:
            return
        data = read_progress(path)
        case = case_info().get("title", str(case_root()))
        entry = data.setdefault(case, {}).setdefault(lesson.split("_")[0], {})
        before = entry.get(result.question, {})
        best_before = before.get("best_points", before.get("points", 0)) if before else None
        improved = best_before is None or result.points > best_before or \
            (result.status == "correct" and before.get("best_status") != "correct")
        entry[result.question] = {
            "status": result.status, "points": result.points, "max_points": result.max_points,
            "best_status": result.status if improved else before.get("best_status", before.get("status")),
            "best_points": result.points if improved else best_before,
            "attempts": int(before.get("attempts", 0)) + 1,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except Exception:   # noqa: BLE001 — a read-only home or a full disk must not stop the lesson
        return


def written_answers(lesson: str, root: Path | None = None) -> tuple[int, int]:
    """(written, total) free-text answers (discussion, brief) in your copy of exercise ``lesson``.

    Read from ``exercises/NN_*.ipynb`` of the case: an answer still reading
    "*Replace this text with your answer.*" is not written yet. These answers are
    never checked automatically; compare yours with the rubric your teacher gives.
    """
    root = root or case_root()
    written = total = 0
    for nb in sorted((root / "exercises").glob(f"{lesson}_*.ipynb"))[:1]:
        try:
            cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            return 0, 0
        for cell in cells:
            if "free-text" in cell.get("metadata", {}).get("tags", []):
                total += 1
                text = "".join(cell.get("source", [])).strip()
                written += bool(text) and "Replace this text with your answer" not in text
    return written, total


def lesson_questions(root: Path | None = None) -> dict[str, dict]:
    """``{"01": {"q1": {"points": 1, ...}, ...}}`` from ``exercises/questions``."""
    root = root or case_root()
    out = {}
    for path in sorted((root / "exercises" / "questions").glob("*.json")):
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def progress_rows(progress: dict | None = None, root: Path | None = None) -> list[dict]:
    """One row per lesson: questions tried and ever correct, best points, written answers, what is next."""
    root = root or case_root()
    progress = read_progress() if progress is None else progress
    mine = progress.get(case_info(root).get("title", str(root)), {})
    rows = []
    for lesson, questions in lesson_questions(root).items():
        seen = mine.get(lesson, {})

        def best(q):
            rec = seen.get(q, {})
            return rec.get("best_status", rec.get("status")), rec.get("best_points", rec.get("points", 0))
        correct = [q for q in questions if best(q)[0] == "correct"]
        tried = [q for q in questions if q in seen]
        open_q = [q for q in questions if q not in correct]
        written, total = written_answers(lesson, root)
        rows.append({"lesson": lesson, "questions": len(questions), "tried": len(tried), "correct": len(correct),
                     "points": f"{sum(best(q)[1] for q in correct):g}/{sum(s.get('points', 1) for s in questions.values()):g}",
                     "written": f"{written}/{total}" if total else "-",
                     "next": open_q[0] if open_q else ("done" if written >= total else "write")})
    return rows


def next_step(rows: list[dict]) -> str:
    for row in rows:
        if row["next"] == "write":
            return (f"Next: write the discussion answers of exercise {row['lesson']} "
                    f"({row['written']} written). They are not checked automatically: "
                    "compare yours with the rubric your teacher gives.")
        if row["next"] != "done":
            action = "start" if row["tried"] == 0 else "continue"
            return f"Next: {action} exercise {row['lesson']} at question {row['next']}."
    return "All exercises are correct. Try the discussion questions, or build your own case (docs/your-own-case.md)."


def show_progress() -> None:
    """Print your progress table and what to do next."""
    from .corpus import print_table

    rows = progress_rows()
    print_table(rows, ["lesson", "questions", "tried", "correct", "points", "written", "next"])
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
