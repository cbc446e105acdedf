"""The class grader (`medialit grade`) against a red team of submissions, and the student release.

All red-team submissions are graded in ONE run (module fixture) with the kernel pool;
the tests then read the gradebook per student.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader_cases import EXERCISE, KIT, POINTS, TOTAL, build_red_team, exercise_with, right_answers

from medialit import grader
from medialit.cli import main as medialit_main


def hashes(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grade")
    subs = base / "submissions"
    expected = build_red_team(subs)
    before = hashes(subs)
    out = base / "out"
    # A 2 s cell limit keeps the two timeout cases short. The slowest honest cell of
    # exercise 01 takes 0.15 s in a cold kernel (its imports), so that is 13x headroom.
    code = medialit_main(["grade", "01", str(subs), "--out", str(out), "--timeout", "2", "--limit", "40",
                          "--workers", "2", "--quiet"])
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {"subs": subs, "out": out, "code": code, "expected": expected, "before": before, "rows": rows}


def student_rows(graded, student):
    return [r for r in graded["rows"] if r["student"] == student and r["question"] in POINTS]


def test_exit_code_is_zero_when_grading_finished(graded):
    assert graded["code"] == 0


def test_at_least_25_red_team_submissions(graded):
    assert len(graded["expected"]) >= 25


def test_every_submission_gets_the_expected_points(graded):
    got = {}
    for student in graded["expected"]:
        rows = student_rows(graded, student)
        assert [r["question"] for r in rows] == list(POINTS), student
        got[student] = sum(float(r["points"]) for r in rows)
    wrong = {s: (got[s], graded["expected"][s]) for s in got if got[s] != graded["expected"][s]}
    assert not wrong, f"student: (got, expected) {wrong}"


def test_submitted_files_are_byte_identical_after_grading(graded):
    assert hashes(graded["subs"]) == graded["before"]


@pytest.mark.parametrize("student, question, status, words", [
    ("empty", "q1", "not answered", "replace the ..."),
    ("wrong", "q1", "not yet", "Hint:"),
    ("opens-key-file", "q1", "error", "PermissionError"),
    ("shell-for-key", "q1", "error", "PermissionError"),
    ("ctypes-libc", "q1", "error", "PermissionError"),
    ("fork-exec", "q1", "error", "AttributeError"),
    ("writes-other-submission", "q1", "error", "PermissionError"),
    ("sys-exit", "q1", "error", "sys.exit()"),
    ("os-exit", "q3", "error", "stopped the kernel"),
    ("os-exit", "q4", "not run", "not graded"),
    ("kernel-crash", "q6", "not run", "not graded"),
    ("infinite-loop", "q2", "timeout", "longer than 2 s"),
    ("infinite-loop", "q3", "correct", ""),
    ("sleeps-past-limit", "q4", "timeout", "longer than 2 s"),
    ("weird-type", "q2", "wrong form", "a number"),
    ("answer-in-extra-cell", "q1", "not answered", "does not set q1_banner"),
    ("unknown-ids-no-metadata", "q1", "missing", "no answer cell"),
    ("duplicate-answer-ids", "q1", "not yet", "the first was graded"),
    ("invalid-json", "q1", "unreadable", "invalid JSON"),
    ("empty-file", "q1", "unreadable", "empty"),
    ("binary-file", "q1", "unreadable", "binary"),
    ("wrong-lesson", "q1", "wrong lesson", "exercise 00"),
    ("no-notebook", "q1", "missing", "no notebook"),
])
def test_one_clear_line_per_problem(graded, student, status, question, words):
    row = next(r for r in student_rows(graded, student) if r["question"] == question)
    assert row["status"] == status, row
    assert words in row["message"], row
    assert "\n" not in row["message"]


def test_feedback_and_outputs_never_show_the_key(graded):
    key = json.loads((KIT / "solutions" / "keys" / "01_meet_the_articles.json").read_text(encoding="utf-8"))
    secrets_ = [spec["why"] for spec in key["questions"].values()] + ["Ras EnNakoura"]
    for path in graded["out"].rglob("*"):
        if path.is_file() and path.name != "free_text.csv":
            text = path.read_text(encoding="utf-8")
            for s in secrets_:
                assert s not in text, (path.name, s[:40])
    page = (graded["out"] / "feedback" / "wrong.html").read_text(encoding="utf-8")
    assert key["questions"]["q1"]["hint"] in page and "0 of 11 points" in page
    # each row says what the question asked (from the exercise a student already has) ...
    import html as html_
    assert "Question 2 ☼ (1 point): How many of the five articles name their author" in html_.unescape(page)
    # ... and every message starts as a sentence
    messages = re.findall(r'</td><td>\d+/\d+</td><td>(.)', page)
    assert messages and not any(m.islower() for m in messages), messages


def test_outputs_wide_free_text_summary_and_report(graded):
    out = graded["out"]
    wide = list(csv.DictReader(open(out / "gradebook_wide.csv", encoding="utf-8")))
    row = next(r for r in wide if r["student"] == "right")
    assert (row["total"], row["max_total"], row["q3"], row["d1"]) == ("11", "11", "2", "")
    assert [r["student"] for r in wide] == sorted(r["student"] for r in wide)
    free = list(csv.DictReader(open(out / "free_text.csv", encoding="utf-8")))
    right = next(r for r in free if r["student"] == "right")
    assert right["answer"] == "" and right["rubric_correct"].startswith("Who is behind it")
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "right: 11/11 points" in summary and "several: 0/11" in summary and "not graded: several/old.ipynb" in summary
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") == 2 and "Start the next class from" in report


def test_rerun_gives_byte_identical_outputs(graded, tmp_path):
    subs = tmp_path / "subs"
    for name in ("right.ipynb", "wrong.ipynb", "empty-file.ipynb", "several/old.ipynb", "several/new.ipynb"):
        target = subs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((graded["subs"] / name).read_bytes())
        st = (graded["subs"] / name).stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert medialit_main(["grade", "01", str(subs), "--out", str(out), "--quiet", "--timeout", "5"]) == 0
    assert hashes(first) == hashes(second) and len(hashes(first)) == 10


def test_bad_assignment_and_missing_folder_are_one_line_errors(tmp_path, capsys):
    assert medialit_main(["grade", "99", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert medialit_main(["grade", "01", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "no exercise for lesson '99'" in err[0] and "no folder" in err[1]


def test_student_ids_and_newest_file(tmp_path):
    (tmp_path / "amal").mkdir()
    a, b = tmp_path / "amal" / "a.ipynb", tmp_path / "amal" / "b.ipynb"
    a.write_text("{}")
    b.write_text("{}")
    os.utime(a, (2_000_000_000, 2_000_000_000))
    os.utime(b, (1_000_000_000, 1_000_000_000))
    (tmp_path / "zoe.ipynb").write_text("{}")
    subs = grader.find_submissions(tmp_path)
    assert [(s.student, s.path.name, [p.name for p in s.others]) for s in subs] == [
        ("amal", "a.ipynb", ["b.ipynb"]), ("zoe", "zoe.ipynb", [])]


def test_plan_uses_only_answer_cells_of_the_student():
    assignment = grader.load_assignment("01")
    nb = exercise_with({"q1": 'q1_banner = "002"'})
    nb["cells"][3]["source"] = "import os; os.remove('everything')"      # the setup cell, edited
    path_cells = [{"id": c.get("id"), "type": c["cell_type"], "source": "".join(c["source"]),
                   "question": c["metadata"].get("medialit", {}).get("question"),
                   "tags": c["metadata"].get("tags", [])} for c in nb["cells"]]
    steps, notes, free = grader.plan(assignment, path_cells)
    sources = [s for _, s, _ in steps]
    assert "import os; os.remove('everything')" not in sources
    assert 'q1_banner = "002"' in sources and not notes and free == {"d1": ""}


def test_release_has_no_key_and_checks_form_only(tmp_path):
    out = tmp_path / "release"
    assert medialit_main(["release", str(out)]) == 0
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [f for f in files if f.startswith("solutions/") or "keys" in f]
    assert "exercises/01_meet_the_articles.ipynb" in files and "medialit/grading.py" in files
    assert "README.md" in files and "requirements.txt" in files and any(f.startswith("articles/") for f in files)
    key = json.loads((KIT / "solutions" / "keys" / "01_meet_the_articles.json").read_text(encoding="utf-8"))
    for f in files:
        p = out / f
        if p.suffix in (".json", ".ipynb", ".py", ".md"):
            text = p.read_text(encoding="utf-8")
            assert key["questions"]["q4"]["why"] not in text, f
    # run the release's exercise 01 with right answers: every check says "saved", never "correct"
    nb = exercise_with(right_answers(), base=json.loads((out / "exercises" / EXERCISE.name).read_text(encoding="utf-8")))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    env = {k: v for k, v in os.environ.items() if k != "MEDIALIT_KEY_DIR"}
    env["PYTHONPATH"] = str(out)
    done = subprocess.run([sys.executable, "-c", code], cwd=out / "exercises", env=env,
                          capture_output=True, text=True, timeout=60)
    lines = [line for line in done.stdout.splitlines() if re.match(r"q\d+: ", line)]
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(lines) == len(POINTS) and all(": saved" in line for line in lines), lines
    assert "correct" not in done.stdout


def test_github_classroom_example_matches_the_exercise_and_its_points_script_works(graded, tmp_path):
    """The workflow grades one question per Classroom test, with the exercise's own points."""
    yaml = pytest.importorskip("yaml")
    import importlib.util

    example = KIT / "examples" / "github-classroom"
    flow = yaml.safe_load((example / "classroom.yml").read_text(encoding="utf-8"))
    lesson = flow["env"]["LESSON"]
    points = json.loads((KIT / "exercises" / "questions" / f"{lesson}.json").read_text(encoding="utf-8"))
    steps = flow["jobs"]["grade"]["steps"]
    tests = {s["with"]["test-name"]: s["with"] for s in steps if "autograding-command-grader" in s.get("uses", "")}
    assert {q: int(w["max-score"]) for q, w in tests.items()} == {q: spec["points"] for q, spec in points.items()}
    assert all(w["command"] == f"python kit/examples/github-classroom/points.py grade-out {q}" for q, w in tests.items())
    grade_line = next(line.strip() for s in steps for line in s.get("run", "").splitlines() if "medialit grade" in line)
    args = grade_line.replace('"$LESSON"', lesson).split()[1:]
    from medialit.cli import build_parser
    parsed = build_parser("grade").parse_args(args)
    assert parsed.command == "grade"
    # points.py on a one-student gradebook, as on the runner
    spec = importlib.util.spec_from_file_location("classroom_points", example / "points.py")
    points_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(points_py)
    for student, want in (("right", 0), ("wrong", 1)):
        out = tmp_path / student
        out.mkdir()
        rows = [r for r in graded["rows"] if r["student"] == student]
        with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        assert points_py.main(str(out), "q3") == want
