"""Launch links and the Colab set-up cell: one address in case.json, everything else follows from it."""
import json
import shutil
import subprocess
import sys

from conftest import KIT_ROOT, run_medialit

from medialit.launch import (README_END, README_START, SETUP_CELL_ID, drifted_setup_cells, publication,
                             readme_block, setup_cell_source)
from medialit.notebooks import read_notebook

REPO = "https://github.com/example-school/riverton-case"


def test_every_lesson_solution_and_exercise_has_the_current_setup_cell():
    assert drifted_setup_cells(KIT_ROOT) == [], "run `medialit links --write`"


def test_setup_cell_comes_right_after_the_title_and_is_collapsed():
    nb = read_notebook(KIT_ROOT / "notebooks" / "00_start_here.ipynb")
    ids = [c.get("id") for c in nb.cells]
    at = ids.index(SETUP_CELL_ID)
    assert ids[at - 2:at] == ["title", "colab-note"]
    assert nb.cells[at].metadata["jupyter"]["source_hidden"] is True and nb.cells[at].metadata["cellView"] == "form"


def test_readme_block_matches_case_json():
    readme = (KIT_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(README_START):readme.index(README_END) + len(README_END)]
    lessons = [p.stem for p in sorted((KIT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    assert block == readme_block(*publication(KIT_ROOT), lessons)


def test_unpublished_setup_cell_stops_with_a_clear_message_where_the_kit_is_missing(tmp_path):
    # -I -S: no site-packages and no current folder on the path, so `medialit` cannot be found (as in Colab)
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", setup_cell_source()], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert "does not say where it is published" in proc.stderr
    assert list(tmp_path.iterdir()) == [], "nothing was fetched"


def test_setup_cell_does_nothing_where_the_kit_is_installed(tmp_path):
    proc = subprocess.run([sys.executable, "-c", setup_cell_source(REPO) + "\nprint(os.getcwd() if 'os' in dir() else 'untouched')"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "untouched"


def test_published_setup_cell_clones_the_repository_it_names(tmp_path):
    """The clone step, against a local repository (no network): what Colab does before pip install."""
    if shutil.which("git") is None:
        import pytest
        pytest.skip("git is not installed")
    origin = tmp_path / "origin"
    shutil.copytree(KIT_ROOT / "tests" / "cases" / "riverton", origin)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "case"]):
        subprocess.run([*git, *args], cwd=origin, check=True, capture_output=True)
    source = setup_cell_source(REPO).replace(json.dumps(REPO), json.dumps(str(origin)))
    clone_only = source.split("    subprocess.run([sys.executable")[0]          # stop before pip install
    work = tmp_path / "colab"
    work.mkdir()
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", clone_only], cwd=work, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert (work / "riverton-case" / "case.json").is_file()


def test_links_command_prints_and_writes_everything_from_one_address(tmp_path):
    case = tmp_path / "riverton"
    shutil.copytree(KIT_ROOT / "tests" / "cases" / "riverton", case)
    (case / "README.md").write_text(f"# Riverton\n\n{README_START}\nold\n{README_END}\n", encoding="utf-8")

    code, out, err = run_medialit("links", "--case", case)
    assert code == 1 and "no repository yet" in err

    code, out, err = run_medialit("links", "--case", case, "--repo", REPO, "--write")
    assert code == 0, err
    assert "https://mybinder.org/v2/gh/example-school/riverton-case/main?urlpath=lab/tree/notebooks" in out
    assert "wrote README.md (launch links)" in out
    assert json.loads((case / "case.json").read_text())["repository"] == REPO
    assert drifted_setup_cells(case) == []
    exercise = read_notebook(next((case / "exercises").glob("01_*.ipynb")))
    setup = next(c for c in exercise.cells if c.get("id") == SETUP_CELL_ID)
    assert json.dumps(REPO) in setup.source and '"riverton-case"' in setup.source
    assert "launch-links:start -->\nThe kit does not know" not in (case / "README.md").read_text()
    assert run_medialit("exercises", "--case", case, "--check")[0] == 0

    code, out, _ = run_medialit("links", "--case", case, "--write")          # again: nothing changes
    assert code == 0 and "wrote" not in out.replace("0 files written", ""), out

    code, _, err = run_medialit("links", "--case", case, "--repo", "https://github.com/OWNER/REPO", "--write")
    assert code == 1 and "replace OWNER/REPO" in err
    assert json.loads((case / "case.json").read_text())["repository"] == REPO, "the template address is not written"
    code, _, err = run_medialit("links", "--case", case, "--repo", "https://gitlab.com/a/b")
    assert code == 1 and "is not https://github.com/OWNER/REPO" in err


def test_links_for_the_kit_name_every_lesson_and_write_nothing_without_write():
    before = (KIT_ROOT / "case.json").read_bytes()
    code, out, err = run_medialit("links", "--repo", REPO + ".git", "--hub", "https://hub.example.org/", cwd=KIT_ROOT)
    assert code == 0, err
    colab = [line.split()[-1] for line in out.splitlines() if line.startswith("Colab")]
    lessons = sorted(p.name for p in (KIT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert colab == [f"https://colab.research.google.com/github/example-school/riverton-case/blob/main/notebooks/{n}"
                     for n in lessons]
    assert ("nbgitpuller https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F"
            "example-school%2Friverton-case&branch=main&urlpath=lab%2Ftree%2Friverton-case%2Fnotebooks%2F00_start_here.ipynb") in out
    assert (KIT_ROOT / "case.json").read_bytes() == before
    block = readme_block(REPO, "main", [n[:-6] for n in lessons])
    assert block.count("colab-badge.svg") == len(lessons)


def test_a_student_release_can_be_published_too(tmp_path):
    release = tmp_path / "student-kit"
    assert run_medialit("release", release)[0] == 0
    code, out, err = run_medialit("links", "--case", release, "--repo", REPO, "--write")
    assert code == 0, err
    assert not (release / "solutions").exists()
    assert drifted_setup_cells(release) == [], "the release's exercises are stamped directly"
