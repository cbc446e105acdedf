"""Test-wide setup: no NLTK data, no display, kit root on hand, notebook kernels forked from a warm template.

NLTK_DATA points at an empty folder for this process and every kernel nbval
starts from it, so a test passes only if the kit needs no NLTK data.
"""
import json
import os
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

EMPTY_NLTK_DATA = Path(tempfile.mkdtemp(prefix="medialit-empty-nltk-"))
os.environ["NLTK_DATA"] = str(EMPTY_NLTK_DATA)
os.environ.setdefault("MPLBACKEND", "Agg")
# numpy's OpenBLAS starts one spinning thread per core as it is imported (about 0.1 s of CPU in
# every process that plots); nothing the kit computes is large enough to use them.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.pop("MEDIALIT_KEY_DIR", None)
os.environ.pop("MEDIALIT_CASE", None)
# Self-study progress goes to a scratch file, never to the tester's home.
os.environ["MEDIALIT_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="medialit-progress-")) / "progress.json")

KIT_ROOT = Path(__file__).resolve().parent.parent

# Every notebook the suite runs gets its kernel forked from a warm template instead of a cold
# `python -m ipykernel_launcher` (0.6 s of CPU less per notebook; medialit/forked_kernels.py says
# what is and is not shared). A `python3` kernel spec that asks for it comes first on JUPYTER_PATH,
# where the kit is installed (`pip install -e .` registers the provisioner); else the usual kernel.
if entry_points(group="jupyter_client.kernel_provisioners", name="medialit-forked"):
    _KERNELS = Path(tempfile.mkdtemp(prefix="medialit-kernelspec-"))
    (_KERNELS / "kernels" / "python3").mkdir(parents=True)
    (_KERNELS / "kernels" / "python3" / "kernel.json").write_text(json.dumps({
        "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)", "language": "python",
        "metadata": {"debugger": True, "kernel_provisioner": {"provisioner_name": "medialit-forked"}}}), encoding="utf-8")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(_KERNELS), os.environ.get("JUPYTER_PATH", "")) if p)


def run_medialit(*args, cwd=None):
    """Run ``medialit ARGS`` in this process; returns (exit code, stdout, stderr).

    In-process because a new Python that imports nbformat costs about a second
    (jsonschema's format checkers); one test (``show``) still runs the real
    command in a subprocess.
    """
    import contextlib
    import io

    from medialit.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)                    # (contextlib.chdir needs Python 3.11; the kit supports 3.10)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:        # argparse errors
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()
