"""Your own case: the practice case in tests/cases/riverton works end to end."""
import json
import subprocess
import sys

import pytest

from conftest import KIT_ROOT, run_medialit
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
    """In the case's folder; ``show`` as a real command in a new process, the others in this one."""
    if command == "show":
        proc = subprocess.run([sys.executable, "-m", "medialit.cli", command, *FILES],
                              capture_output=True, text=True, timeout=60, cwd=RIVERTON)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip()
        return
    code, out, err = run_medialit(command, *FILES, "--json", cwd=RIVERTON)
    assert code == 0, err
    assert out.strip()
    json.loads(out)


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
    written = rows[0].pop("written")
    assert rows == [{"lesson": "01", "questions": 3, "tried": 2, "correct": 1, "points": "1/4", "next": "q2"}]
    assert next_step(rows) == "Next: continue exercise 01 at question q2."
    # a later slip does not undo a correct answer; attempts are counted
    check("q1", "002")
    entry = read_progress()[next(iter(read_progress()))]["01"]["q1"]
    assert entry["status"] == "not yet" and entry["best_status"] == "correct" and entry["attempts"] == 2
    assert progress_rows()[0]["correct"] == 1
    # discussion answers count as not done until written in the student's own exercise file
    assert written == "0/1"   # the practice case's one discussion answer is not written yet


def test_a_lesson_demo_check_writes_no_progress(tmp_path, monkeypatch, capsys):
    from medialit.progress import read_progress

    monkeypatch.setenv("MEDIALIT_PROGRESS", str(tmp_path / "p.json"))
    Checker("00", record=False)("q1", "nonsense")
    assert read_progress() == {}


def test_all_correct_but_discussion_unwritten_is_not_done(tmp_path, monkeypatch):
    import shutil
    from medialit.progress import next_step, progress_rows

    case = tmp_path / "case"
    shutil.copytree(RIVERTON, case)
    monkeypatch.setenv("MEDIALIT_CASE", str(case))
    monkeypatch.setenv("MEDIALIT_PROGRESS", str(tmp_path / "p.json"))
    questions = json.loads((case / "exercises" / "questions" / "01.json").read_text(encoding="utf-8"))
    progress = {json.loads((case / "case.json").read_text(encoding="utf-8"))["title"]: {"01": {
        q: {"status": "correct", "points": s.get("points", 1), "max_points": s.get("points", 1)}
        for q, s in questions.items()}}}
    row = progress_rows(progress)[0]
    nb_path = next((case / "exercises").glob("01_*.ipynb"))
    free = [c for c in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
            if "free-text" in c.get("metadata", {}).get("tags", [])]
    if not free:
        pytest.skip("the practice case has no discussion question")
    assert row["next"] == "write" and "discussion" in next_step([row])
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for c in nb["cells"]:
        if "free-text" in c.get("metadata", {}).get("tags", []):
            c["source"] = "My own answer, written out."
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    assert progress_rows(progress)[0]["next"] == "done"


def test_progress_never_breaks_a_check(monkeypatch, capsys):
    monkeypatch.setenv("MEDIALIT_PROGRESS", "/proc/not/writable/progress.json")
    monkeypatch.setenv("MEDIALIT_CASE", str(RIVERTON))
    Checker("01")("q1", "001")
    assert capsys.readouterr().out == "q1: correct (1/1 point)\n"


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
