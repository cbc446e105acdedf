"""Test-wide setup: no NLTK data, no display, kit root on hand.

NLTK_DATA points at an empty folder for this process and every kernel nbval
starts from it, so a test passes only if the kit needs no NLTK data.
"""
import os
import tempfile
from pathlib import Path

EMPTY_NLTK_DATA = Path(tempfile.mkdtemp(prefix="medialit-empty-nltk-"))
os.environ["NLTK_DATA"] = str(EMPTY_NLTK_DATA)
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("MEDIALIT_KEY_DIR", None)
os.environ.pop("MEDIALIT_CASE", None)
# Self-study progress goes to a scratch file, never to the tester's home.
os.environ["MEDIALIT_PROGRESS"] = str(Path(tempfile.mkdtemp(prefix="medialit-progress-")) / "progress.json")

KIT_ROOT = Path(__file__).resolve().parent.parent
