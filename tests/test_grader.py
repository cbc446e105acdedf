"""The class grader (`medialit grade`) against a red team of submissions, and the student release.

All red-team submissions are graded in ONE run (module fixture) with the kernel pool, in the
default mode: each kernel in a bubblewrap sandbox (the tests skip where bwrap cannot run, and
fail there with MEDIALIT_REQUIRE_SANDBOX_TESTS=1; CI installs bubblewrap). The tests then read
the gradebook per student. The exercise is the grader's own fixture (exercise 01 as first
written, see grader_cases.py), so lesson edits do not move it.
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

from grader_cases import (FIXTURE_KEY, FIXTURE_NAME, KIT, POINTS, TOTAL, WRONG, build_red_team, exercise_with,
                          kit_answers, right_answers, right_except, write, write_fixture)

from medialit import grader
from medialit.cli import main as medialit_main
from medialit.grader_kernel import NOT_ISOLATED, detect_sandbox
from medialit.grader_report import csv_cell

SANDBOX = detect_sandbox("bwrap")
needs_sandbox = pytest.mark.skipif(not SANDBOX.isolated, reason=f"no bubblewrap sandbox here: {SANDBOX.why}")


def hashes(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not SANDBOX.isolated:
        if os.environ.get("MEDIALIT_REQUIRE_SANDBOX_TESTS"):     # CI: a missing sandbox is a failure
            pytest.fail(f"no bubblewrap sandbox here: {SANDBOX.why}")
        pytest.skip(f"no bubblewrap sandbox here: {SANDBOX.why}")
    base = tmp_path_factory.mktemp("grade")
    exercise, keys = write_fixture(base / "fixture")
    subs, out, outside = base / "submissions", base / "out", base / "outside"
    expected = build_red_team(subs, keys / f"{FIXTURE_NAME}.json", out, outside)
    before = hashes(subs)
    outside_before = hashes(outside)
    # A 2 s cell limit keeps the two timeout cases short. The slowest honest cell of
    # exercise 01 takes 0.15 s in a cold kernel (its imports), so that is 13x headroom.
    code = medialit_main(["grade", str(exercise), str(subs), "--out", str(out), "--keys", str(keys),
                          "--timeout", "2", "--limit", "40", "--workers", "2", "--quiet", "--require-sandbox"])
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {"subs": subs, "out": out, "code": code, "expected": expected, "before": before, "rows": rows,
            "outside": outside, "outside_before": outside_before, "exercise": exercise, "keys": keys, "base": base}


def student_rows(graded, student):
    return [r for r in graded["rows"] if r["student"] == csv_cell(student) and r["question"] in POINTS]


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


def test_attacks_change_no_file_outside_the_sandbox(graded):
    """Writing through sqlite, patched builtins, dir_fd, paths: nothing lands outside the sandbox."""
    assert hashes(graded["outside"]) == graded["outside_before"]          # no attached.db, no written file
    assert not (graded["out"] / "planted.html").exists()
    rows = {r["question"]: r for r in student_rows(graded, "attacks-files") + student_rows(graded, "attacks-processes")}
    assert len(student_rows(graded, "attacks-files")) == 8 and len(student_rows(graded, "attacks-processes")) == 8
    assert all(r["points"] == "0" for r in student_rows(graded, "attacks-files") + student_rows(graded, "attacks-processes"))
    assert all(r["status"] == "not yet" for r in rows.values()), rows    # every attack ran and found nothing
    mounts = student_rows(graded, "attacks-mounts")
    assert [r["status"] for r in mounts] == ["not yet"] * 8 and sum(float(r["points"]) for r in mounts) == 0


@pytest.mark.parametrize("student, words", [
    ("symlink-to-solution", "refused: a symbolic link"),
    ("symlink-to-classmate", "refused: a symbolic link"),
    ("hard-link", "refused: a hard link"),
    ("fifo", "refused: not a regular file"),
    (".hidden", "skipped: hidden file"),
])
def test_files_the_grader_does_not_open_get_a_row_saying_why(graded, student, words):
    rows = student_rows(graded, student)
    assert rows and all(r["status"] == "unreadable" and words in r["message"] for r in rows), rows


def test_outputs_are_safe_to_open(graded):
    out = graded["out"]
    wide = (out / "gradebook_wide.csv").read_text(encoding="utf-8")
    assert "\n'=1+2,'=1+2,11,14," in wide and "\n=1+2" not in wide           # no formula in a spreadsheet
    marks = list(csv.DictReader(open(out / "marks.csv", encoding="utf-8")))
    assert next(r for r in marks if r["student"] == "'=1+2")["answer"] == "'=cmd|' /C calc'!A0"
    summary = (out / "summary.txt").read_text(encoding="utf-8").splitlines()
    assert len(summary) == len(graded["expected"])                              # no forged line
    assert "evil\\nname: 11/11 points" in "\n".join(summary)
    assert not any(line.startswith("WARNING") for line in summary)              # sandboxed: no warning
    pages = sorted(p.name for p in (out / "feedback").glob("amal*.html"))
    assert len(pages) == 2, pages
    texts = [(out / "feedback" / p).read_text(encoding="utf-8") for p in pages]
    assert sorted("11 of 11 points" in t for t in texts) == [False, True]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert all(f'href="feedback/{p}"' in report for p in pages)


@pytest.mark.parametrize("student, question, status, words", [
    ("empty", "q1", "not answered", "replace the ..."),
    ("wrong", "q1", "not yet", "Hint:"),
    ("opens-key-file", "q1", "error", "FileNotFoundError"),
    ("shell-for-key", "q1", "error", "JSONDecodeError"),
    ("ctypes-libc", "q1", "error", "JSONDecodeError"),
    ("fork-exec", "q1", "error", "JSONDecodeError"),
    ("writes-other-submission", "q1", "error", "FileNotFoundError"),
    ("overflow", "q2", "wrong form", ""),
    ("sys-exit", "q1", "error", "sys.exit()"),
    ("os-exit", "q3", "error", "stopped the kernel"),
    ("os-exit", "q4", "not run", "not graded"),
    ("kernel-crash", "q6", "not run", "not graded"),
    ("infinite-loop", "q2", "timeout", "longer than 2 s"),
    ("infinite-loop", "q3", "correct", ""),
    ("sleeps-past-limit", "q4", "timeout", "longer than 2 s"),
    ("patches-json", "q1", "error", "broke the kernel's messages"),     # said at once, not after a time-out
    ("patches-json", "q2", "not run", "messages could not be read"),
    ("weird-type", "q2", "wrong form", "a number"),
    ("answer-in-extra-cell", "q1", "not answered", "does not set q1_banner"),
    ("unknown-ids-no-metadata", "q1", "missing", "no answer cell"),
    ("duplicate-answer-ids", "q1", "not yet", "the first was graded"),
    ("invalid-json", "q1", "unreadable", "invalid JSON"),
    ("empty-file", "q1", "unreadable", "empty"),
    ("binary-file", "q1", "unreadable", "binary"),
    ("wrong-lesson", "q1", "wrong lesson", "exercise 00"),
    ("hands-in-lesson", "q1", "wrong lesson", "this is lesson 01, not exercise 01"),
    ("raises", "q6", "error", "in your answer cell for q6, line 2: ZeroDivisionError"),
    ("no-notebook", "q1", "missing", "no notebook"),
])
def test_one_clear_line_per_problem(graded, student, status, question, words):
    row = next(r for r in student_rows(graded, student) if r["question"] == question)
    assert row["status"] == status, row
    assert words in row["message"], row
    assert "\n" not in row["message"]


def test_feedback_and_outputs_never_show_the_key(graded):
    key = FIXTURE_KEY
    secrets_ = [spec["why"] for spec in key["questions"].values()] + ["Ras EnNakoura"]
    for path in graded["out"].rglob("*"):
        if path.is_file() and path.name not in ("marks.csv", "rubrics.md"):     # teacher's files
            text = path.read_text(encoding="utf-8")
            # a feedback page shows the student's own answer: a right q3 holds a spelling of the key
            shown = secrets_ if path.parent.name != "feedback" or path.name == "wrong.html" else secrets_[:-1]
            for s in shown:
                assert s not in text, (path.name, s[:40])
    page = (graded["out"] / "feedback" / "wrong.html").read_text(encoding="utf-8")
    assert key["questions"]["q1"]["hint"] in page and "0 of 11 points" in page
    # each row says what the question asked (from the exercise a student already has) ...
    import html as html_
    text = html_.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Question 2 ☼ (1 point): How many of the five articles name their author" in text
    # ... the task, not the premise; the student's own answer cell, as written
    assert "Give the spelling of each article" in text and "The talks took place" not in text
    assert WRONG["q3"] in text and "q5_house_style = &quot;003&quot;" in page
    # ... and every message starts as a sentence
    messages = re.findall(r'</td><td>\d+/\d+</td><td>(.)', page)
    assert messages and not any(m.islower() for m in messages), messages


def test_outputs_wide_free_text_summary_and_report(graded):
    out = graded["out"]
    wide = list(csv.DictReader(open(out / "gradebook_wide.csv", encoding="utf-8")))
    row = next(r for r in wide if r["student"] == "right")
    assert (row["total"], row["max_total"], row["q3"], row["d1"]) == ("11", "14", "2", "")
    names = [r["student"][1:] if r["student"].startswith("'=") else r["student"] for r in wide]   # csv_cell's '
    assert names == sorted(names)
    marks = list(csv.DictReader(open(out / "marks.csv", encoding="utf-8")))
    right = next(r for r in marks if r["student"] == "right")
    assert (right["question"], right["max_points"], right["points"], right["answer"]) == ("d1", "3", "", "")
    rubrics = (out / "rubrics.md").read_text(encoding="utf-8")
    assert rubrics.count("Who is behind it") == 1 and "Who is behind it" not in (out / "marks.csv").read_text()
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "right: 11/11 points" in summary and "several: 0/11" in summary and "not graded: several/old.ipynb" in summary
    report = (out / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/png;base64,") == 2 and "Start the next class from" in report


@pytest.mark.parametrize("student, words", [
    ("edits-check-cell", "edited the check cell (q1)"),
    ("redefines-check", "redefined or deleted check() (q1)"),
    ("deletes-check-cells", "deleted the check cell (q1, q2"),
    ("opens-key-file", "tried to read the answer key (q1)"),
    ("loads-key-env", "tried to read the answer key (q1)"),
    ("prints-correct-line", 'printed a "correct" line of its own'),
    ("symlink-to-solution", "refused: a symbolic link"),
])
def test_class_report_flags_tampering_in_plain_words(graded, student, words):
    import html as html_
    report = html_.unescape((graded["out"] / "report.html").read_text(encoding="utf-8"))
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", report, re.S) if f">{student}</a>" in r)
    assert words in re.findall(r'<td class="flag">(.*?)</td>', row)[0]


def test_class_report_names_a_wrong_notebook(graded):
    import html as html_
    report = html_.unescape((graded["out"] / "report.html").read_text(encoding="utf-8"))
    assert "Wrong notebook handed in" in report and "hands-in-lesson: this is lesson 01, not exercise 01" in report
    right = next(r for r in re.findall(r"<tr>(.*?)</tr>", report, re.S) if ">right</a>" in r)
    assert re.findall(r'<td class="flag">(.*?)</td>', right) == [""]


def test_rerun_gives_byte_identical_outputs(graded, tmp_path):
    """The attacks and the odd names again, twice: the same bytes in every output file."""
    subs = tmp_path / "subs"
    for name in ("attacks-files.ipynb", "attacks-processes.ipynb", "=1+2.ipynb", "evil\nname.ipynb",
                 "amal haddad.ipynb", "amal_haddad.ipynb", ".hidden.ipynb", "several/old.ipynb", "several/new.ipynb"):
        target = subs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((graded["subs"] / name).read_bytes())
        st = (graded["subs"] / name).stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.symlink("amal haddad.ipynb", subs / "symlink-to-classmate.ipynb")
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert medialit_main(["grade", str(graded["exercise"]), str(subs), "--out", str(out), "--keys",
                              str(graded["keys"]), "--quiet", "--timeout", "5", "--require-sandbox"]) == 0
    assert hashes(first) == hashes(second) and len(hashes(first)) == 9 + 9


def test_without_a_sandbox_every_output_warns_and_require_sandbox_refuses(tmp_path, capsys, monkeypatch):
    """The fallback (in-process audit hook only) grades, but says so on stderr, in the summary and the report.

    Runs everywhere (no bubblewrap needed): MEDIALIT_SANDBOX=none forces the fallback.
    """
    exercise, keys = write_fixture(tmp_path / "fixture")
    key = keys / f"{FIXTURE_NAME}.json"
    subs = tmp_path / "subs"
    write(subs, "right.ipynb", exercise_with(right_answers()))
    write(subs, "opens-key-file.ipynb", exercise_with({**right_answers(), "q1": (
        f"import json\nq1_banner = json.load(open({str(key)!r}))['questions']['q1']['accept'][0]")}))
    monkeypatch.setenv("MEDIALIT_SANDBOX", "none")
    args = ["grade", str(exercise), str(subs), "--keys", str(keys), "--quiet", "--timeout", "5"]
    assert medialit_main(args + ["--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert NOT_ISOLATED in err
    summary = (tmp_path / "o" / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("WARNING: " + NOT_ISOLATED)
    assert "right: 11/11" in summary and "opens-key-file: 10/11" in summary      # the hook refuses the key
    assert NOT_ISOLATED in (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert medialit_main(args + ["--out", str(tmp_path / "p"), "--require-sandbox"]) == 2
    assert "--require-sandbox refuses" in capsys.readouterr().err and not (tmp_path / "p").exists()


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


def test_plan_uses_only_answer_cells_of_the_student(tmp_path):
    exercise, keys = write_fixture(tmp_path)
    assignment = grader.load_assignment(str(exercise), keys)
    nb = exercise_with({"q1": 'q1_banner = "002"'})
    nb["cells"][1]["source"] = "import os; os.remove('everything')"      # the setup cell, edited
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
    key_file = next((KIT / "solutions" / "keys").glob("01_*.json"))
    key = json.loads(key_file.read_text(encoding="utf-8"))
    whys = [spec["why"] for spec in key["questions"].values() if len(spec.get("why", "")) > 40]
    for f in files:
        p = out / f
        if p.suffix in (".json", ".ipynb", ".py", ".md"):
            text = p.read_text(encoding="utf-8")
            assert not [w for w in whys if w in text], f
    # run the release's exercise 01 with the kit's right answers: every check says "saved", never "correct"
    exercise = next((out / "exercises").glob("01_*.ipynb"))
    answers = kit_answers("01")
    nb = exercise_with(answers, base=json.loads(exercise.read_text(encoding="utf-8")))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    env = {k: v for k, v in os.environ.items() if k != "MEDIALIT_KEY_DIR"}
    env["PYTHONPATH"] = str(out)
    done = subprocess.run([sys.executable, "-c", code], cwd=out / "exercises", env=env,
                          capture_output=True, text=True, timeout=60)
    lines = [line for line in done.stdout.splitlines() if re.match(r"q\d+: ", line)]
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(lines) == len(answers) and all(": saved" in line for line in lines), lines
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


# ---------------------------------------------------------------------------
# A teacher's week (issue 16): platform downloads, hand marks, imports, feedback
# ---------------------------------------------------------------------------
def _named(nb: dict, name: str) -> dict:
    """The notebook with a ``student = "…"`` cell first (what the exercise asks students to fill in)."""
    nb["cells"].insert(0, {"cell_type": "code", "id": "student-name", "metadata": {}, "execution_count": None,
                           "outputs": [], "source": f'student = "{name}"'})
    return nb


def platform_downloads(folder: Path) -> dict:
    """One folder holding a Canvas, a Moodle and a Google Classroom download and GitHub Classroom clones.

    Returns {student id: (name, expected auto-graded points)}.
    """
    stem = FIXTURE_NAME
    right, wrong = exercise_with(right_answers()), exercise_with(WRONG)
    # Canvas: lastfirst_[late_]userid_submissionid_original; a resubmission adds -1
    old = write(folder, f"smithjane_12345_67890_{stem}.ipynb", wrong)
    new = write(folder, f"smithjane_late_12345_67899_{stem}-1.ipynb", right)
    os.utime(old, (1_800_000_000, 1_800_000_000))
    os.utime(new, (1_700_000_000, 1_700_000_000))      # older file time: the attempt number decides
    write(folder, f"haddadamal_2211_67001_{stem}.ipynb", exercise_with(right_except(q1=WRONG["q1"])))
    # Moodle: one folder per participant; two students called Jane Smith
    write(folder, f"Jane Smith_4471_assignsubmission_file_/{stem}.ipynb", exercise_with(WRONG))
    write(folder, f"Jane Smith_5002_assignsubmission_file_/{stem}.ipynb", right)
    # Google Classroom: "Name - original"; two students with one name, told apart by their student cell
    write(folder, f"Nour Khalil - {stem}.ipynb", _named(exercise_with(right_answers()), "Nour Khalil"))
    write(folder, f"Nour Khalil - {stem} (1).ipynb", _named(exercise_with(WRONG), "Nour Khalil Haddad"))
    # GitHub Classroom: one clone per student (assignment-username)
    for user, nb in (("kobi-l", right), ("zoe99", wrong)):
        (folder / f"01-grader-fixture-{user}" / ".git").mkdir(parents=True)
        write(folder / f"01-grader-fixture-{user}" / "exercises", f"{stem}.ipynb", nb)
    return {"smithjane": ("smithjane", TOTAL), "haddadamal": ("haddadamal", TOTAL - 1),
            "jane-smith-4471": ("Jane Smith", 0), "jane-smith-5002": ("Jane Smith", TOTAL),
            "nour-khalil": ("Nour Khalil", TOTAL), "nour-khalil-haddad": ("Nour Khalil Haddad", 0),
            "kobi-l": ("kobi-l", TOTAL), "zoe99": ("zoe99", 0)}


def chromium_reads(page: Path, texts: list, tmp_path: Path) -> None:
    """Headless Chromium parses the page and its DOM holds ``texts`` (about 1 s; skipped without Chromium)."""
    import html as html_

    from medialit.export import CHROMIUM_FLAGS, find_chromium

    chromium = find_chromium()
    if not chromium:
        return
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", "--dump-dom",
                           page.as_uri()], capture_output=True, text=True, timeout=30)
    dom = done.stdout
    assert "<table>" in dom and "<script" not in dom, dom[:300]
    text = html_.unescape(re.sub(r"<[^>]+>", "", dom))
    assert all(t in text for t in texts), [t for t in texts if t not in text]


def test_each_platform_layout_gives_one_submission_per_real_student(tmp_path):
    """find_submissions on each download alone (no kernels): ids, names, platform, the file that wins."""
    both = tmp_path / "all"
    expected = platform_downloads(both)
    subs = {s.student: s for s in grader.find_submissions(both)}
    assert {sid: s.name for sid, s in subs.items()} == {sid: name for sid, (name, _) in expected.items()}
    canvas = subs["smithjane"]
    assert canvas.path.name.endswith("-1.ipynb") and canvas.handin.late and canvas.handin.lms_id == "12345"
    assert [p.name for p in canvas.others] == [f"smithjane_12345_67890_{FIXTURE_NAME}.ipynb"]
    assert (subs["jane-smith-5002"].handin.platform, subs["jane-smith-5002"].handin.lms_id) == ("Moodle", "5002")
    assert subs["nour-khalil-haddad"].handin.platform == "Google Classroom"
    assert subs["kobi-l"].handin.platform == "GitHub Classroom"
    # the same layouts, each in a folder of its own
    for platform, pattern, ids in (
            ("canvas", "*_67*", {"smithjane", "haddadamal"}),
            ("moodle", "*assignsubmission*", {"jane-smith-4471", "jane-smith-5002"}),
            ("google-classroom", "* - *", {"nour-khalil", "nour-khalil-haddad"}),
            ("github-classroom", "01-grader-fixture-*", {"kobi-l", "zoe99"})):
        alone = tmp_path / platform
        alone.mkdir()
        for entry in both.glob(pattern):
            os.rename(entry, alone / entry.name)
        assert {s.student for s in grader.find_submissions(alone)} == ids, pattern
    # a zip's wrapper folder around a Canvas download is not a student
    wrapped = tmp_path / "wrapped"
    wrapped.mkdir()
    os.rename(tmp_path / "canvas", wrapped / "submissions")
    assert {s.student for s in grader.find_submissions(wrapped)} == {"smithjane", "haddadamal"}


def test_platform_downloads_graded_with_hand_marks(tmp_path, monkeypatch, capsys):
    """One grading run: every layout, hand marks merged into gradebooks, imports and feedback pages."""
    exercise, keys = write_fixture(tmp_path / "fixture")
    subs, out = tmp_path / "subs", tmp_path / "out"
    expected = platform_downloads(subs)
    marks = tmp_path / "marks.csv"
    marks.write_text("student,question,max_points,points,comment,answer\n"
                     "haddadamal,d1,3,2,Good clue; now say what to search.,\n"
                     "jane-smith-5002,d1,3,3,,\n", encoding="utf-8")
    monkeypatch.setenv("MEDIALIT_SANDBOX", "none")          # no bubblewrap needed for this one
    assert medialit_main(["grade", str(exercise), str(subs), "--out", str(out), "--keys", str(keys), "--quiet",
                          "--timeout", "5", "--workers", "2", "--marks", str(marks)]) == 0
    wide = {r["student"]: r for r in csv.DictReader(open(out / "gradebook_wide.csv", encoding="utf-8"))}
    assert {sid: (r["name"], float(r["total"]) - float(r["d1"] or 0)) for sid, r in wide.items()} == expected
    assert (wide["haddadamal"]["total"], wide["haddadamal"]["max_total"], wide["haddadamal"]["d1"]) == ("12", "14", "2")
    assert wide["smithjane"]["graded_file"].endswith("-1.ipynb") and wide["smithjane"]["not_graded"].startswith("smithjane_1")
    long = [r for r in csv.DictReader(open(out / "gradebook.csv", encoding="utf-8")) if r["question"] == "d1"]
    row = next(r for r in long if r["student"] == "haddadamal")
    assert (row["points"], row["status"], row["message"]) == ("2", "graded by hand", "Good clue; now say what to search.")
    files = {r["student"]: r for r in csv.DictReader(open(out / "files.csv", encoding="utf-8"))}
    assert files["smithjane"]["late"] == "late" and files["smithjane"]["graded_file"].endswith("-1.ipynb")
    assert files["smithjane"]["not_graded_older_files"] == f"smithjane_12345_67890_{FIXTURE_NAME}.ipynb"
    # Canvas gradebook import: its header, the points-possible row, a student matched on the Canvas user id
    canvas = list(csv.reader(open(out / "canvas_import.csv", encoding="utf-8")))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 01 · Meet the articles"]
    assert canvas[1][0].strip() == "Points Possible" and canvas[1][5] == "14"
    assert ["haddadamal", "2211", "", "haddadamal", "", "12"] in canvas
    # Moodle grading worksheet: matched on "Participant N", with the teacher's comment
    moodle = list(csv.DictReader(open(out / "moodle_grading_worksheet.csv", encoding="utf-8")))
    jane = next(r for r in moodle if r["Identifier"] == "Participant 5002")
    assert (jane["Full name"], jane["Grade"], jane["Maximum Grade"]) == ("Jane Smith", "14", "14")
    # marks.csv keeps the filled-in marks and holds a row per student
    kept = list(csv.DictReader(open(out / "marks.csv", encoding="utf-8")))
    assert len(kept) == len(expected) and next(r for r in kept if r["student"] == "haddadamal")["points"] == "2"
    # the feedback page: name, task, own answer, verdict, hint, the teacher's mark and comment
    import html as html_
    page = (out / "feedback" / "haddadamal.html").read_text(encoding="utf-8")
    text = html_.unescape(re.sub(r"<[^>]+>", "", page))
    assert "12 of 14 points" in text and "2/3 points" in text and "Good clue; now say what to search." in text
    assert WRONG["q1"] in text and FIXTURE_KEY["questions"]["q1"]["hint"] in text
    assert "Give the spelling of each article" in text
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert "haddadamal: 10/11 points" in summary and "+ hand marks 2/3" in summary
    chromium_reads(out / "feedback" / "haddadamal.html", [WRONG["q1"], "Give the spelling of each article",
                                                          "Good clue; now say what to search."], tmp_path)
    # graded again without --marks: the teacher's filled-in marks stay in marks.csv (none is lost)
    again = tmp_path / "again"
    (again / "haddadamal").mkdir(parents=True)          # no notebook: no kernel needed, the test stays quick
    capsys.readouterr()
    assert medialit_main(["grade", str(exercise), str(again), "--out", str(out), "--keys", str(keys), "--quiet",
                          "--timeout", "5", "--workers", "1"]) == 0
    assert "--marks" in capsys.readouterr().err
    kept = {(r["student"], r["points"]) for r in csv.DictReader(open(out / "marks.csv", encoding="utf-8"))}
    assert kept == {("haddadamal", "2"), ("jane-smith-5002", "3")}


def test_a_self_study_student_grades_the_exercise_they_ran_in_place(tmp_path):
    """Review G2: one notebook may be graded, and an exercise run in place (outputs saved) is its own template."""
    nb = json.loads((KIT / "solutions" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["execution_count"] = 3
            lines = "q1: not yet (0/1 point) — …\n" if "check" in cell["metadata"].get("tags", []) else "output\n"
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": lines}]
    mine = tmp_path / "00_start_here.ipynb"
    mine.write_text(json.dumps(nb), encoding="utf-8")
    before = mine.read_bytes()
    out = tmp_path / "out"
    assert medialit_main(["grade", str(mine), str(mine), "--out", str(out), "--quiet", "--sandbox", "none"]) == 0
    assert (out / "summary.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("00_start_here: 6/6 points")
    assert mine.read_bytes() == before, "the student's file is never changed"


def test_the_kits_question_forms_are_not_a_student(tmp_path):
    from medialit.grader import find_submissions
    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "02.json").write_text("{}", encoding="utf-8")
    (tmp_path / "amal.ipynb").write_text("{}", encoding="utf-8")
    assert [s.student for s in find_submissions(tmp_path)] == ["amal"]
