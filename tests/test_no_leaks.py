"""No exercise answer can be copied from a lesson, the catalog, the README, the docs or one helper call.

The same run is the suite's test that every lesson runs top to bottom without an error, in the
teacher's edition and in the student's (nbval runs solutions and exercises; lessons run here).

See ``tests/leak_audit.py`` for what counts as a leak. Every lesson runs twice — the
teacher's edition (key present) and the student's (``MEDIALIT_KEY_DIR=none``) — in two
processes side by side, and so do the exercises' scratch cells; each helper the lesson
or exercise imports is called on every article and on all five.
"""
import pytest

import leak_audit
from leak_audit import Chunk, find_leaks, injected_leak, load_questions

QUESTIONS = [q for q in load_questions() if q.spec["kind"] != "text"]

# (exercise, question, a part of the place) -> why this match is not a leak. Keep it short.
ALLOWED: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module")
def runs():
    procs = {edition: leak_audit.run_notebooks(edition) for edition in ("teacher", "student")}
    return {edition: leak_audit.collect(proc) for edition, proc in procs.items()}


@pytest.fixture(scope="module")
def chunks(runs):
    return leak_audit.chunks_from_runs(runs) + leak_audit.static_chunks()


@pytest.fixture(scope="module")
def words():
    return leak_audit.sentence_words()


def allowed(q, message):
    return any(q.lesson == lesson and q.qid == qid and place in message
               for (lesson, qid, place) in ALLOWED)


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"{q.lesson}-{q.qid}" for q in QUESTIONS])
def test_the_answer_is_not_printed_or_handed_out_before_it_is_asked(question, chunks, words):
    leaks = [m for m in find_leaks(question, chunks, words) if not allowed(question, m)]
    assert not leaks, "\n".join(leaks[:8]) + (f"\n… and {len(leaks) - 8} more" if len(leaks) > 8 else "")


@pytest.mark.parametrize("question", QUESTIONS, ids=[f"{q.lesson}-{q.qid}" for q in QUESTIONS])
def test_a_deliberate_leak_is_caught_and_named(question, words):
    """Print the answer in a lesson cell, as a careless lesson would: the audit must say so."""
    printed = injected_leak(question)
    if printed is None or (question.spec["kind"] in ("choice", "term", "quote", "date", "number", "id")
                           and not question.anchors and len(question.keywords) < 3) \
            or all(len(str(a)) < 2 for a in leak_audit._answers(question.spec) or ["xx"]) \
            or (question.spec["kind"] == "mapping"
                and all(len(str(v)) < 2 and not str(v).isdigit()
                        for v in (x if not isinstance(x, list) else x[0] for x in question.spec["accept"].values()))):
        pytest.skip("no subject the audit can look for, or one-letter answers (a blind-guess matter, not a leak)")
    cell = Chunk(f"lesson {question.lesson} cell `injected` (teacher's edition)", printed)
    leaks = find_leaks(question, [cell], words)
    assert leaks and f"exercise {question.lesson} {question.qid}" in leaks[0] and "`injected`" in leaks[0], printed


# ---------------------------------------------------------------------------
# Alt text tells the truth about its figure (issue 17). It lives here because the
# same run of the lessons gives the numbers each figure plots.
# ---------------------------------------------------------------------------
def figure_cases():
    import json
    out = []
    for nb in sorted((leak_audit.KIT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            src = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and src.lstrip().startswith("*Alt text:*"):
                # the figure is drawn by the nearest code cell before the alt text
                code = next((c for c in reversed(cells[:i]) if c["cell_type"] == "code"), None)
                if code is not None:
                    out.append((nb.name[:2], code.get("id"), cell.get("id"), src))
    return out


FIGURES = figure_cases()


@pytest.mark.parametrize("lesson,cell,alt_cell,alt", FIGURES, ids=[f"{f[0]}-{f[2]}" for f in FIGURES])
def test_alt_text_numbers_are_the_figures_numbers(lesson, cell, alt_cell, alt, runs):
    figures = dict((cid, fig) for cid, fig in runs["teacher"][f"lesson {lesson}"]["figures"])
    assert cell in figures, f"lesson {lesson}: the alt text `{alt_cell}` follows cell `{cell}`, which draws no figure"
    wrong = leak_audit.alt_text_mismatches(alt, figures[cell])
    assert not wrong, (f"lesson {lesson} alt text `{alt_cell}` names numbers the figure of `{cell}` does not show: "
                       + ", ".join(wrong))


def test_a_wrong_number_in_alt_text_is_caught():
    figure = {"values": [496.0, 468.0, 0.0764], "texts": ["000", "Words per article"]}
    assert leak_audit.alt_text_mismatches("*Alt text:* bars of 496 and 468 words; 0.076 at most.", figure) == []
    assert leak_audit.alt_text_mismatches("*Alt text:* bars of 497 and 468 words.", figure) == ["497"]


LESSONS = sorted(p.name[:2] for p in leak_audit.KIT_ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("edition", ["teacher", "student"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_runs_without_an_error(lesson, edition, runs):
    cells = runs[edition][f"lesson {lesson}"]["cells"]
    assert cells, f"lesson {lesson} ran no cell"
    errors = [f"cell `{cid}`: {err}" for cid, _, err in cells if err]
    assert not errors, f"lesson {lesson} ({edition}'s edition) stops with an error:\n" + "\n".join(errors)
