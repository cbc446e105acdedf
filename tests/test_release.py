"""The student release ships no key-derived output, even after a teacher ran a lesson with the key."""
import json
import shutil

import nbformat
from nbclient import NotebookClient

from conftest import KIT_ROOT
from medialit.release import INCLUDE, make_release


def test_release_after_running_lesson_02_with_the_key_ships_no_saved_output(tmp_path):
    kit = tmp_path / "kit"
    kit.mkdir()
    for name in INCLUDE + ["solutions"]:
        src = KIT_ROOT / name
        if src.is_dir():
            shutil.copytree(src, kit / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.is_file():
            shutil.copy2(src, kit / name)
    lesson = kit / "notebooks" / "02_who_says_so.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    # The teacher shows the lesson in JupyterLab: outputs of the teacher's edition are saved.
    NotebookClient(nb, timeout=60, resources={"metadata": {"path": str(lesson.parent)}},
                   env={"MEDIALIT_CASE": str(kit)}).execute()
    saved = "".join(json.dumps(c.get("outputs", [])) for c in nb.cells if c.cell_type == "code")
    assert len(saved) > 1000, "the teacher's run should have left outputs to leak"
    nbformat.write(nb, lesson)

    cleared = []
    out = tmp_path / "release"
    make_release(out, root=kit, cleared=cleared)
    assert "notebooks/02_who_says_so.ipynb" in cleared
    shipped = json.loads((out / "notebooks" / "02_who_says_so.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in shipped["cells"] if c["cell_type"] == "code")
    # every exercise keeps only the target line under each check cell
    for ex in (out / "exercises").glob("*.ipynb"):
        for c in json.loads(ex.read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "code" and c.get("outputs"):
                assert "check" in c["metadata"].get("tags", []), (ex.name, c["id"])
                assert "".join(c["outputs"][0]["text"]).rstrip().endswith(")")


def test_release_has_a_student_readme_without_solutions_or_tests(tmp_path):
    out = tmp_path / "release"
    make_release(out)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "student copy" in readme and "Hand in" in readme and "jupyter lab" in readme
    for teacher_only in ("solutions/", "pytest", "medialit grade", "answer key lives", "keys/"):
        assert teacher_only not in readme, teacher_only
    assert "## Lesson map" in readme and "00_start_here.ipynb" in readme
    # links in the lessons point at the lesson map, which the student README keeps
    assert "(notebooks/00_start_here.ipynb)" in readme
