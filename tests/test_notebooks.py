"""Notebook conventions, and exercises that are exactly what `medialit exercises` writes.

Solutions and exercises (`--nbval-lax`) are run by nbval itself: the README's test command
collects `solutions/` and `exercises/` (see pyproject.toml). Lessons run in both editions in
tests/test_no_leaks.py.
"""
import json
import re

import nbformat
import pytest

from conftest import KIT_ROOT
from medialit.grading import load_key
from medialit.notebooks import (drifted_files, free_text_cells, graded_cells, make_exercise,
                                read_notebook, tags)

LESSONS = sorted((KIT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((KIT_ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
ABSOLUTE = re.compile(r"(/work/|/tmp/|/root/|/home/\w+/|[A-Z]:\\\\Users)")


def test_exercises_are_exactly_what_the_command_writes():
    drift = [str(p.relative_to(KIT_ROOT)) for p in drifted_files()]
    assert drift == [], "run `medialit exercises`: these files drifted"


def test_every_solution_has_an_exercise_and_every_lesson_an_exercise():
    assert [p.name for p in SOLUTIONS] == sorted(p.name for p in (KIT_ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    assert [p.name for p in LESSONS] == [p.name for p in SOLUTIONS]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_questions_match_the_key(path):
    nb = read_notebook(path)
    key = load_key(path.name[:2])
    graded = graded_cells(nb)
    assert graded, "an exercise without graded questions"
    assert [g["question"] for g in graded] == sorted({g["question"] for g in graded}, key=lambda q: int(q[1:].rstrip("abc")))
    for g in graded:
        assert key["questions"][g["question"]]["points"] == g["points"]
    for ft in free_text_cells(nb):
        assert ft["rubric"] in key["rubrics"], ft
        assert key["rubrics"][ft["rubric"]]["points"] == ft["points"]
    assert set(key["questions"]) == {g["question"] for g in graded}, "key and notebook list the same questions"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_exercise_hides_every_answer(path):
    exercise = make_exercise(read_notebook(path))
    for cell in exercise.cells:
        if "answer" in tags(cell):
            code_lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith("#")]
            assert len(code_lines) == 1 and code_lines[0].split("=")[1].strip().startswith("..."), cell.source
        assert "solution-only" not in tags(cell)
    key_text = json.dumps(load_key(path.name[:2])["questions"])
    assert "Teacher's copy" not in json.dumps([c.source for c in exercise.cells]) or key_text


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS + sorted((KIT_ROOT / "exercises").glob("*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_hygiene(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), "stable readable ids"
    for cell in nb.cells:
        assert not ABSOLUTE.search(cell.source), f"absolute path in {cell.id}"
        assert "nltk.download" not in cell.source
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", cell.id
            assert not re.search(r"0x[0-9a-f]{6,}", json.dumps(out)), f"memory address stored in {cell.id}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_follows_the_conventions(path):
    nb = read_notebook(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for needle in ("In this notebook we", "By the end you will be able to", "**Time:**", "## Discussion",
                   "## In this notebook we:", "[contents](../README.md#lesson-map)"):
        assert needle in text, needle
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "code":
            assert i > 0 and cells[i - 1].cell_type == "markdown", f"no prose before code cell {cell.id}"
    assert all(c.execution_count is None and not c.outputs for c in cells if c.cell_type == "code"), \
        "lessons are stored without outputs"
    if "plt." in "\n".join(c.source for c in cells if c.cell_type == "code"):
        assert "*Alt text:*" in text, "every figure has alt text beside it"


GLOSSARY = (KIT_ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
WORDS_LINE = re.compile(r"^\*\*Words for this lesson:\*\* (.+)$", re.MULTILINE)


def glossary_words_of(lesson: int) -> list[str]:
    """Anchors of the glossary entries tagged "(Lesson NN)", "(Lessons NN, MM)" or "(All lessons)"."""
    words = []
    for anchor, body in re.findall(r'<a id="([^"]+)"></a>(.*?)(?=\n\n|\Z)', GLOSSARY, re.S):
        tag = re.search(r"\((Lessons? [\d, ]+|All lessons)\)\s*$", body.strip())
        assert tag, f"glossary entry {anchor} says which lessons use it"
        if tag.group(1) == "All lessons" or f"{lesson:02d}" in re.findall(r"\d\d", tag.group(1)):
            words.append(anchor)
    return words


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS + sorted((KIT_ROOT / "exercises").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_lesson_and_exercise_links_its_words_in_the_glossary(path):
    title = next(c for c in read_notebook(path).cells if c.get("id") == "title").source
    line = WORDS_LINE.search(title)
    assert line, "the title cell lists the lesson's words with glossary links"
    linked = re.findall(r"\]\(\.\./docs/glossary\.md#([a-z-]+)\)", line.group(1))
    assert linked == glossary_words_of(int(path.name[:2])), \
        "the words line and the glossary's '(Lesson NN)' tags disagree: change one of them"
    assert all(f'<a id="{anchor}"></a>' in GLOSSARY for anchor in linked)
