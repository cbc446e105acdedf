"""The README's two commands, CI, and the `medialit` command's basics."""
import re
import subprocess
import sys

from conftest import KIT_ROOT, run_medialit

README = (KIT_ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    open_cmd = next(c for c in commands if "jupyter lab" in c)
    test_cmd = next(c for c in commands if "pytest" in c)
    assert "pip install -r requirements.txt" in open_cmd and "notebooks/00_start_here.ipynb" in open_cmd
    assert "pip install -r requirements.txt" in test_cmd
    ci = (KIT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_cmd in ci.splitlines(), "CI must run exactly the README's test command"
    assert "set -euo pipefail" in ci


def test_requirements_name_the_design_card_packages():
    req = (KIT_ROOT / "requirements.txt").read_text(encoding="utf-8").lower()
    for pkg in ("jupyterlab", "nbconvert", "matplotlib", "nltk", "nbval", "pytest", "-e ."):
        assert pkg in req


def test_readme_lesson_map_links_exist():
    for link in re.findall(r"\]\(((?:notebooks|exercises)/[^)]+\.ipynb)\)", README):
        assert (KIT_ROOT / link).exists(), link


def run(*args):
    return subprocess.run([sys.executable, "-m", "medialit.cli", *args], cwd=KIT_ROOT,
                          capture_output=True, text=True, timeout=60)


def test_show_prints_ids_and_reports_bad_files_without_stopping():
    proc = run("show", "articles/004_04cad554d14962ae.txt", "no/such/file.txt", "articles")
    assert proc.returncode == 1
    assert "004:s16  [boilerplate] READ MORE:" in proc.stdout
    assert "no/such/file.txt: no such file" in proc.stderr
    assert "articles: is a folder" in proc.stderr


def test_exercises_command_reports_drift_and_exits_nonzero(tmp_path):
    # A copy of lesson 00's solution and a stale exercise: --check must say so and exit 1.
    import shutil
    (tmp_path / "solutions" / "keys").mkdir(parents=True)
    (tmp_path / "exercises").mkdir()
    shutil.copy(KIT_ROOT / "solutions" / "00_start_here.ipynb", tmp_path / "solutions")
    shutil.copy(KIT_ROOT / "solutions" / "keys" / "00_start_here.json", tmp_path / "solutions" / "keys")
    (tmp_path / "exercises" / "00_start_here.ipynb").write_text("{}")
    code, out, _ = run_medialit("exercises", "--case", tmp_path, "--check")
    assert code == 1 and "out of date: exercises/00_start_here.ipynb" in out
    assert run_medialit("exercises", "--case", tmp_path)[0] == 0
    assert run_medialit("exercises", "--case", tmp_path, "--check")[0] == 0


def test_the_lesson_map_asks_each_lesson_its_own_question():
    """README's lesson map and each lesson's title cell say the same (review R4)."""
    import nbformat

    from medialit.handouts import lesson_title

    rows = re.findall(r"^\| \[(\d\d) · [^\]]+\]\(notebooks/([^)]+)\) \| ([^|]+) \|", README, re.MULTILINE)
    assert len(rows) == len(list((KIT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    for number, name, question in rows:
        nb = nbformat.read(str(KIT_ROOT / "notebooks" / name), as_version=4)
        assert lesson_title(nb, name)[1] == question.strip(), f"lesson {number}: README and lesson differ"
