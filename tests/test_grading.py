"""Answer kinds, the one-line check, and every key's own examples."""
import datetime as dt
import json

import pytest

from conftest import KIT_ROOT
from medialit.grading import (CORRECT, NOT_YET, UNANSWERED, WRONG_FORM, Checker, check_form, grade,
                              normalise_text, public_questions)

KEYS = sorted((KIT_ROOT / "solutions" / "keys").glob("[0-9][0-9]_*.json"))


def spec(kind, **kw):
    return {"kind": kind, "points": 2, "hint": "Look again.", **kw}


def test_choice_normalises_case_and_spaces():
    s = spec("choice", options=["000", "004"], accept=["004"])
    assert grade("q1", s, " 004 ").status == CORRECT
    assert grade("q1", s, "000").status == NOT_YET
    assert grade("q1", s, "005").status == WRONG_FORM
    assert grade("q1", s, ...).status == UNANSWERED


def test_ids_required_and_optional():
    s = spec("ids", required=["001:s1", "001:s7"], optional=["001:s9"], article="001")
    assert grade("q", s, {"001:s1", ("1", 7)}).status == CORRECT
    assert grade("q", s, {"001:s1", "001:s7", "001:s9"}).status == CORRECT
    r = grade("q", s, {"001:s1", "001:s3"})
    assert r.status == NOT_YET and "1 sentence in your set does not belong; 1 sentence is missing" in r.message
    assert "001:s7" not in r.line
    assert "another article" in grade("q", s, {"002:s1", "001:s1", "001:s7"}).message
    assert grade("q", s, 42).status == WRONG_FORM


def test_number_date_order_mapping_text_quote():
    assert grade("q", spec("number", accept=3), 3.0).status == CORRECT
    assert "too high" in grade("q", spec("number", accept=3), 5).message
    assert grade("q", spec("number", accept=3), True).status == WRONG_FORM
    d = spec("date", accept=["2025-12-03"])
    assert grade("q", d, dt.date(2025, 12, 3)).status == CORRECT
    assert "the day is not right" in grade("q", d, "2025-12-04").message
    assert grade("q", spec("date", accept=["XXXX-11-19"]), "xxxx-11-19").status == CORRECT
    o = spec("order", accept=[["a", "b", "c"]])
    assert grade("q", o, ("A", "b", "c")).status == CORRECT
    assert "1 of 3 items" in grade("q", o, ["b", "a", "c"]).message
    m = spec("mapping", accept={"003:s7": "UNNAMED", "004:s5": ["NAMED_PERSON", "NAMED_INSTITUTION"]}, keys="ids")
    assert grade("q", m, {("3", 7): "unnamed", "004:s5": "named_institution"}).status == CORRECT
    assert "1 of 2" in grade("q", m, {"003:s7": "UNNAMED", "004:s5": "NONE"}).message
    t = spec("text", must_mention=[["west jerusalem"], ["read more", "jewish state"]])
    assert grade("q", t, "“West Jerusalem” and the Jewish State").status == CORRECT
    assert "1 of the 2" in grade("q", t, "West Jerusalem only").message
    qs = spec("quote", accept=["assassinated"], source_text="Israel assassinated senior Hezbollah commander")
    assert grade("q", qs, "Israel assassinated").status == CORRECT
    assert "not an exact quote" in grade("q", qs, "Israel killed").message


def test_line_is_one_line_and_never_contains_the_answer():
    s = spec("term", accept=["Axios"], hint="Read the sentences that start 'According to'.")
    line = grade("q4", s, "Reuters").line
    assert "\n" not in line and "axios" not in line.lower()
    assert line.startswith("q4: not yet (0/2 points) — ")


def test_form_only_mode_never_gives_a_verdict():
    s = {"kind": "choice", "points": 1, "options": ["a", "b"]}
    assert check_form("q1", s, "a").line == "q1: saved — your answer has the right form; it will be graded later."
    assert check_form("q1", s, "z").status == WRONG_FORM


def test_checker_without_key_uses_public_forms(monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_KEY_DIR", "none")
    check = Checker("01")
    check("q1", "002")
    check("q3", "not a dict")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("q1: saved")
    assert out[1].startswith("q3: not yet (0/2 points) — the answer should be a dictionary")


def test_public_questions_hold_no_answers():
    for path in KEYS:
        forms = public_questions(json.loads(path.read_text(encoding="utf-8")))
        text = json.dumps(forms)
        for bad in ('"accept"', '"required"', '"why"', '"examples"', '"must_mention"', '"mistakes"'):
            assert bad not in text, (path.name, bad)


def key_examples():
    for path in KEYS:
        key = json.loads(path.read_text(encoding="utf-8"))
        for q, s in key["questions"].items():
            yield pytest.param(path.stem, q, s, id=f"{path.stem[:2]}-{q}")


@pytest.mark.parametrize("lesson,question,entry", list(key_examples()))
def test_every_question_right_alternatives_pass_and_typical_mistakes_fail(lesson, question, entry):
    assert entry.get("why"), "every key entry explains its judgement for the teacher"
    examples = entry["examples"]
    assert examples["right"] and examples["wrong"]
    for right in examples["right"]:
        assert grade(question, entry, as_python(right, entry)).status == CORRECT, right
    for wrong in examples["wrong"]:
        result = grade(question, entry, as_python(wrong, entry))
        assert result.status == NOT_YET, (wrong, result.line)
        assert "Hint:" in result.line or entry.get("mistakes")
        for accepted in visible_answers(entry):
            assert normalise_text(accepted) not in normalise_text(result.message), "the line gives the answer away"


def as_python(value, entry):
    """JSON has no sets: an ids answer given as a list becomes a set, as a student would write it."""
    if entry["kind"] == "ids" and isinstance(value, list):
        return {tuple(v) if isinstance(v, list) else v for v in value}
    return value


def visible_answers(entry):
    if entry["kind"] in ("choice", "term", "quote"):
        return [a for a in entry["accept"] if len(str(a)) >= 3]
    if entry["kind"] == "ids":
        return entry["required"]
    return []
