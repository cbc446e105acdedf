"""The rule "an unanswered exercise fails exactly at its check cells" can itself fail.

Put an *answered* notebook (the solution) where an exercise would be: every check
cell now passes, and the root conftest's hook must report each one as a failure.
"""
import os
import shutil
import subprocess
import sys

from conftest import KIT_ROOT
from medialit.notebooks import graded_cells, read_notebook


def test_an_exercise_whose_checks_pass_unanswered_is_reported(tmp_path):
    target = tmp_path / "exercises" / "00_start_here.ipynb"
    target.parent.mkdir()
    shutil.copy(KIT_ROOT / "solutions" / "00_start_here.ipynb", target)
    env = {**os.environ, "PYTHONPATH": str(KIT_ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "medialit.fast_imports", "-p", "conftest", "-p", "no:xdist", "-p", "no:cacheprovider",
                           "-o", "addopts=", "--nbval-lax", "-q", "--color=no", str(target)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    checks = len(graded_cells(read_notebook(target)))
    assert f"{checks} failed" in proc.stdout, proc.stdout[-2000:]
    assert "the check does not depend on the answer" in proc.stdout
