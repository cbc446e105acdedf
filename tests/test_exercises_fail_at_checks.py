"""An unanswered exercise fails under nbval exactly at its graded check cells, nowhere else."""
import subprocess
import sys
import xml.etree.ElementTree as ET

from conftest import KIT_ROOT
from medialit.notebooks import read_notebook, tags


def test_unanswered_exercises_fail_exactly_at_check_cells(tmp_path):
    exercises = sorted((KIT_ROOT / "exercises").glob("[0-9][0-9]_*.ipynb"))
    exercises += sorted((KIT_ROOT / "tests" / "cases").glob("*/exercises/[0-9][0-9]_*.ipynb"))
    report = tmp_path / "nbval.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax",
         "--nbval-cell-timeout=60", "--color=no", "-q", f"--junitxml={report}",
         "-o", "addopts=", "-o", "testpaths=", *map(str, exercises)],
        cwd=KIT_ROOT, capture_output=True, text=True, timeout=600)
    assert report.exists(), proc.stdout + proc.stderr
    failed = set()
    for case in ET.parse(report).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add((case.get("file") or case.get("classname"), case.get("name")))
    expected = set()
    for path in exercises:
        code_cells = [c for c in read_notebook(path).cells if c.cell_type == "code"]
        for n, cell in enumerate(code_cells):      # nbval 0.11 numbers code cells from 0
            if "check" in tags(cell):
                # JUnit names a notebook by its path with dots: exercises.00_start_here.ipynb
                expected.add((str(path.relative_to(KIT_ROOT)).replace("/", "."), f"Cell {n}"))
    got = {(f.replace("/", "."), n) for f, n in failed}
    assert got == expected, proc.stdout[-3000:]
