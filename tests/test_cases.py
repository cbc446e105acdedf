"""Your own case: the practice case in tests/cases/riverton works end to end."""
import json
import subprocess
import sys

import pytest

from conftest import KIT_ROOT
from medialit.cases import case_info, case_root
from medialit.corpus import load_articles
from medialit.grading import Checker
from medialit.notebooks import drifted_files

RIVERTON = KIT_ROOT / "tests" / "cases" / "riverton"
FILES = sorted(str(p) for p in (RIVERTON / "articles").glob("*.txt"))


def test_the_kit_is_a_case_and_finds_itself():
    assert case_root(KIT_ROOT / "exercises") == KIT_ROOT
    assert case_info(KIT_ROOT)["title"].startswith("Naqoura")


def test_a_case_is_found_from_its_own_folders(monkeypatch):
    monkeypatch.delenv("MEDIALIT_CASE", raising=False)
    assert case_root(RIVERTON / "exercises") == RIVERTON
    monkeypatch.setenv("MEDIALIT_CASE", str(RIVERTON))
    assert case_root() == RIVERTON
    articles = load_articles()
    assert sorted(articles) == ["001", "002", "003"]
    assert articles["001"].label == "Riverton Daily"
    assert articles["001"].sentence("001:s5").is_boilerplate


def test_check_uses_the_case_key(monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_CASE", str(RIVERTON))
    check = Checker("01")
    check("q3", 7)
    check("q2", {"001:s2", "002:s1"})
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["q3: correct (1/1 point)",
                     "q2: not yet (0/2 points) — 1 sentence is missing. Hint: A source without a name: 'sources', 'a source', 'officials'."]


def test_exercises_of_the_case_are_generated_and_current():
    # `medialit exercises --case` itself is tested in test_cli_and_readme.py.
    assert drifted_files(RIVERTON) == []


@pytest.mark.parametrize("command", ["show", "sources", "dates", "framing", "overlap"])
def test_every_text_helper_runs_on_the_case(command):
    proc = subprocess.run([sys.executable, "-m", "medialit.cli", command, *FILES, *(["--json"] if command != "show" else [])],
                          capture_output=True, text=True, timeout=60, cwd=RIVERTON)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    if command != "show":
        json.loads(proc.stdout)


def test_progress_records_outcomes_never_answers(tmp_path, monkeypatch, capsys):
    from medialit.progress import next_step, progress_rows, read_progress

    monkeypatch.setenv("MEDIALIT_PROGRESS", str(tmp_path / "p.json"))
    monkeypatch.setenv("MEDIALIT_CASE", str(RIVERTON))
    check = Checker("01")
    check("q1", "001")
    check("q3", 9)
    stored = json.dumps(read_progress())
    assert '"correct"' in stored and '"not yet"' in stored and "001" not in stored.replace('"01"', "")
    rows = progress_rows()
    assert rows == [{"lesson": "01", "questions": 3, "tried": 2, "correct": 1, "points": "1/4", "next": "q2"}]
    assert next_step(rows) == "Next: continue exercise 01 at question q2."


def test_progress_never_breaks_a_check(monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_PROGRESS", "/proc/not/writable/progress.json")
    Checker("00")("q3", 2)
    assert capsys.readouterr().out == "q3: correct (1/1 point)\n"


def test_case_init_copies_texts_byte_for_byte_and_computes_the_catalog(tmp_path):
    import hashlib

    target = tmp_path / "my-case"
    proc = subprocess.run([sys.executable, "-m", "medialit.cli", "case", "init", str(target), *FILES[:2],
                           "--title", "Bridge"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    copied = sorted((target / "articles").glob("*.txt"))
    assert [p.name for p in copied] == ["001_riverton_daily.txt", "002_valley_post.txt"]
    for src, dest in zip(FILES[:2], copied):
        assert hashlib.sha256(open(src, "rb").read()).digest() == hashlib.sha256(dest.read_bytes()).digest()
    catalog = json.loads((target / "articles" / "catalog.json").read_text())["articles"]
    assert catalog[0]["boilerplate_lines"] == [{"line": 5, "text": "Photos", "why": "page furniture"}]
    assert catalog[0]["headline"] == "Riverton Council Approves 'Historic' Bridge Plan"
    assert json.loads((target / "case.json").read_text())["title"] == "Bridge"
    again = subprocess.run([sys.executable, "-m", "medialit.cli", "case", "init", str(target), FILES[0]],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "already holds a case" in again.stderr
