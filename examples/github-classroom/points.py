"""Exit 0 when the grader marked QUESTION correct for the (one) student in OUT_DIR; print the line.

    python points.py grade-out q3

Used by the GitHub Classroom workflow (classroom.yml): one Classroom test per question.
"""
import csv
import sys
from pathlib import Path


def main(out_dir: str, question: str) -> int:
    with open(Path(out_dir) / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["question"] == question]
    for r in rows:
        print(f"{r['student']} {question}: {r['status']} ({r['points']}/{r['max_points']}) {r['message']}".rstrip())
    return 0 if rows and all(r["status"] == "correct" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
