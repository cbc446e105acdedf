"""Hand-in layouts of learning platforms, hand marks back, and grade-import files (issue 16).

The layouts are built from the platforms' documented naming schemes:
Canvas "lastfirst[_late]_userid_submissionid_original" (a resubmission adds -1, -2),
Moodle "Full Name_participantid_assignsubmission_file_" folders, Google Classroom
"Full Name - original" copies in a Drive folder, GitHub Classroom "assignment-username" clones.
"""
import csv
import io
from pathlib import Path
from types import SimpleNamespace

import pytest

from medialit.gradebook import (MARK_COLUMNS, MOODLE_COLUMNS, MarksError, apply_marks, canvas_rows, marks_rows,
                                moodle_rows, read_marks_text, rubrics_markdown, to_csv)
from medialit.handin import clone_prefix, identify, newest

NB = "02_who_says_so.ipynb"


@pytest.mark.parametrize("path,student,platform,lms_id,late,attempt", [
    (f"smithjane_12345_67890_{NB}", "smithjane", "Canvas", "12345", False, 0),
    (f"smithjane_late_12345_67891_{NB}", "smithjane", "Canvas", "12345", True, 0),
    (f"haddadamal_2211_99812_02_who_says_so-2.ipynb", "haddadamal", "Canvas", "2211", False, 2),
    (f"Jane Smith_4471_assignsubmission_file_/{NB}", "Jane Smith", "Moodle", "4471", False, 0),
    (f"Amal Haddad_4472_assignsubmission_file_{NB}", "Amal Haddad", "Moodle", "4472", False, 0),
    (f"Jane Smith - {NB}", "Jane Smith", "Google Classroom", "", False, 0),
    (f"jane/{NB}", "jane", "folder", "", False, 0),
    (f"submissions/smithjane_12345_67890_{NB}", "smithjane", "Canvas", "12345", False, 0),
    (f"02 Drive folder/Jane Smith - {NB}", "Jane Smith", "Google Classroom", "", False, 0),
    (f"jane-smith_{NB}", f"jane-smith_{NB[:-6]}", "file", "", False, 0),
])
def test_each_layout_names_the_student(path, student, platform, lms_id, late, attempt):
    h = identify(Path(path))
    assert (h.student, h.platform, h.lms_id, h.late, h.attempt) == (student, platform, lms_id, late, attempt)


def test_github_classroom_clones_name_the_github_user(tmp_path):
    for user in ("janesmith", "amal-h", "k0bi"):
        (tmp_path / f"02-who-says-so-{user}" / ".git").mkdir(parents=True)
        (tmp_path / f"02-who-says-so-{user}" / "exercises").mkdir()
    prefix = clone_prefix(tmp_path)
    assert prefix == "02-who-says-so-"
    assert identify(Path(f"02-who-says-so-amal-h/exercises/{NB}"), prefix).student == "amal-h"
    assert identify(Path(f"02-who-says-so-k0bi/exercises/{NB}"), prefix).platform == "GitHub Classroom"


def test_two_moodle_students_with_one_name_stay_apart():
    a = identify(Path(f"Jane Smith_4471_assignsubmission_file_/{NB}"))
    b = identify(Path(f"Jane Smith_5002_assignsubmission_file_/{NB}"))
    assert a.student == b.student and a.student_id != b.student_id


def test_newest_hand_in_wins():
    on_time = identify(Path(f"smithjane_12345_67890_{NB}"))
    again = identify(Path("smithjane_late_12345_67899_02_who_says_so-1.ipynb"))
    chosen, others = newest([(again, Path("b"), 1), (on_time, Path("a"), 2)])
    assert chosen == 0 and others == [1], "the resubmission (-1) wins even with an older file time"


ASSIGNMENT = SimpleNamespace(lesson="02", max_total=13, free_text=[{"question": "d1", "points": 3, "rubric": "d1"}],
                             key={"rubrics": {"d1": {"points": 3, "Correct": "Names the chain.", "Partial": "Half.",
                                                     "Incorrect": "No chain."}}})


def results():
    def r(student, pts, answer):
        return SimpleNamespace(student=student, results=[SimpleNamespace(points=pts)], free_text={"d1": answer})
    return [r("smithjane", 9, "The chain is Axios -> official."), r("=cmd|' /C calc'!A0", 4, "@SUM(1)")]


def test_marks_file_has_the_answer_beside_each_row_and_the_rubric_once():
    rows = marks_rows(ASSIGNMENT, results())
    assert rows[0] == MARK_COLUMNS and len(rows) == 3
    assert rows[2][:2] == ["smithjane", "d1"] and rows[2][5].startswith("The chain")
    text = to_csv(rows)
    assert "Names the chain" not in text
    assert "\n'=cmd" in text and ",'@SUM(1)" in text, "formulas are escaped"
    assert rubrics_markdown(ASSIGNMENT).count("Names the chain") == 1


def test_hand_marks_merge_into_totals_and_both_import_files():
    res = results()
    marks = read_marks_text("student,question,max_points,points,comment,answer\nsmithjane,d1,3,2,Good.,x\n"
                            "'=cmd|' /C calc'!A0,d1,3,,,\n", ASSIGNMENT)
    assert apply_marks(res, marks) == []
    handins = {"smithjane": identify(Path(f"smithjane_12345_67890_{NB}"))}
    canvas = list(csv.reader(io.StringIO(to_csv(canvas_rows(ASSIGNMENT, res, handins, "Exercise 02")))))
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Exercise 02"]
    assert canvas[1][0].strip() == "Points Possible" and canvas[1][5] == "16"
    assert canvas[3] == ["smithjane", "12345", "", "smithjane", "", "11"]
    moodle_handins = {"smithjane": identify(Path(f"Jane Smith_4471_assignsubmission_file_/{NB}"))}
    moodle = list(csv.reader(io.StringIO(to_csv(moodle_rows(ASSIGNMENT, res, moodle_handins)))))
    assert moodle[0] == MOODLE_COLUMNS
    row = next(r for r in moodle if r[0] == "Participant 4471")
    assert row[1] == "Jane Smith" and row[4] == "11" and row[5] == "16"


def test_bad_marks_are_refused_with_every_problem_listed():
    with pytest.raises(MarksError) as err:
        read_marks_text("student,question,points\namal,d1,4\namal,q3,1\nkobi,d1,two\n", ASSIGNMENT)
    text = str(err.value)
    assert "line 2" in text and "line 3" in text and "line 4" in text


def test_marks_file_keeps_filled_in_marks_of_an_earlier_run():
    from medialit.gradebook import Mark
    kept = {("smithjane", "d1"): Mark(2, "Good."), ("left-the-class", "d1"): Mark(1, "")}
    rows = marks_rows(ASSIGNMENT, results(), kept)
    assert ["smithjane", "d1", "3", "2", "Good.", "The chain is Axios -> official."] in rows
    assert rows[-1] == ["left-the-class", "d1", "3", "1", "", ""], "a mark of a student not graded now stays"
