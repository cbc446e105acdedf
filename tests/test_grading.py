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
    monkeypatch.setenv("MEDIALIT_CASE", str(KIT_ROOT / "tests" / "cases" / "riverton"))
    check = Checker("01", record=False)
    check("q1", "001")
    check("q3", "not a number")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("q1: saved")
    assert out[1].startswith("q3: not yet (0/1 point) — the answer should be a number")


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


# ---------------------------------------------------------------------------
# The student release has no key: its check only judges the form of an answer.
# Every right answer must pass that form check, or a student with the right
# answer is told "not yet" (this once rejected every date answer).
# ---------------------------------------------------------------------------
FORM_CASES = [(k.stem[:2], q, e) for k in KEYS
              for q, e in json.loads(k.read_text(encoding="utf-8"))["questions"].items()]


@pytest.mark.parametrize("lesson,question,entry", FORM_CASES,
                         ids=[f"{lesson}-{q}" for lesson, q, _ in FORM_CASES])
def test_every_right_example_has_the_right_form_without_a_key(lesson, question, entry):
    forms = json.loads((KIT_ROOT / "exercises" / "questions" / f"{lesson}.json").read_text(encoding="utf-8"))
    for answer in entry.get("examples", {}).get("right", []):
        result = check_form(question, forms[question], as_python(answer, entry))
        assert result.status != WRONG_FORM, f"{lesson} {question}: {answer!r} -> {result.line}"


def _solution_answers():
    """(lesson, question, value) for every answer cell of every solution whose value is a literal."""
    import ast
    out = []
    for nb in sorted((KIT_ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if "answer" not in cell.get("metadata", {}).get("tags", []):
                continue
            question = cell["metadata"]["medialit"]["question"]
            tree = ast.parse("".join(cell["source"]))
            assign = [n for n in tree.body if isinstance(n, ast.Assign)][-1]
            try:
                out.append((nb.stem[:2], question, ast.literal_eval(assign.value)))
            except ValueError:
                continue
    return out


@pytest.mark.parametrize("lesson,question,value", _solution_answers(),
                         ids=[f"{lesson}-{q}" for lesson, q, _ in _solution_answers()])
def test_every_solution_answer_passes_the_release_form_check(lesson, question, value, monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_KEY_DIR", "none")
    monkeypatch.setenv("MEDIALIT_PROGRESS", "none")
    result = Checker(lesson).result(question, value)
    assert result.status not in (WRONG_FORM, NOT_YET), f"{lesson} {question}: {value!r} -> {result.line}"
    monkeypatch.delenv("MEDIALIT_KEY_DIR")
    assert Checker(lesson).result(question, value).status == CORRECT


def test_form_messages_say_what_is_wrong():
    s = spec("mapping", accept={"a": "x", "b": "y"}, vocabulary=["x", "y"])
    r = grade("q", s, {"a": "x", "c": "y"})
    assert '"c"' in r.message and 'no entry for "b"' in r.message and "exactly" not in r.message
    r = grade("q", s, {"a": "x", "b": "named person"})
    assert r.status == WRONG_FORM and '"named person" is not among the labels' in r.message
    assert "dictionary, e.g." not in r.message
    r = grade("q", spec("choice", options=["compatible", "conflict"], accept=["conflict"]), "compatable")
    assert r.status == WRONG_FORM and '"b"' not in r.message and '"compatable" is not one of the options' in r.message
    assert "1 of 2 is right" in grade("q", s, {"a": "x", "b": "x"}).message


def test_one_odd_answer_costs_that_question_only():
    assert grade("q", spec("number", accept=3), 10 ** 400).status == WRONG_FORM

    class Lying:
        def __eq__(self, other):
            raise RuntimeError("boom")
        __hash__ = object.__hash__
    assert grade("q", spec("choice", options=["a", "b"], accept=["a"]), Lying()).status == WRONG_FORM
    assert check_form("q", spec("date", accept=["2025-12-03"]), "2025-12-03").status != WRONG_FORM


def test_spaces_around_plus_do_not_matter():
    s = spec("choice", options=["Shift+Enter", "Ctrl+S"], accept=["Shift+Enter"])
    assert grade("q", s, "Shift + Enter").status == CORRECT


def test_mapping_values_may_be_dates_in_any_form():
    s = spec("mapping", accept={"ferry": "2026-02-10", "storm": "XXXX-02-07"}, values="dates")
    assert grade("q", s, {"ferry": dt.date(2026, 2, 10), "storm": "xxxx-02-07"}).status == CORRECT
    assert grade("q", s, {"ferry": "2026/02/10", "storm": "XXXX-02-07"}).status == CORRECT
    assert grade("q", s, {"ferry": "2026-02-11", "storm": "XXXX-02-07"}).status == NOT_YET
