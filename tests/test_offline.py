"""Offline after install: no NLTK data, no network, same results either way."""
import json
import re
import subprocess
import sys

from conftest import EMPTY_NLTK_DATA, KIT_ROOT

# Runs in a fresh interpreter: NLTK's data path is an empty folder, sockets are
# refused, and we print a fingerprint of everything the corpus module computes.
FINGERPRINT = r"""
import json, socket, sys
import nltk
nltk.data.path[:] = [sys.argv[1]]
def refuse(*a, **k):
    raise OSError("network refused by the offline test")
socket.socket = refuse
socket.create_connection = refuse
from medialit.corpus import load_articles, corpus_table
arts = load_articles()
print(json.dumps({
    "sentences": {a: [s.text for s in art.sentences] for a, art in arts.items()},
    "words": {a: art.words() for a, art in arts.items()},
    "freq": {a: art.freq().most_common(20) for a, art in arts.items()},
    "table": corpus_table(arts),
    "concordance": {a: [l.line for l in art.nltk_text().concordance_list("Hezbollah")] for a, art in arts.items()},
}, sort_keys=True))
"""


def run_fingerprint(data_dir, extra_env=None):
    env = {"PATH": "/usr/bin:/bin", "NLTK_DATA": str(data_dir), **(extra_env or {})}
    out = subprocess.run([sys.executable, "-c", FINGERPRINT, str(data_dir)], cwd=KIT_ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_corpus_needs_no_nltk_data_and_no_network():
    fp = run_fingerprint(EMPTY_NLTK_DATA)
    assert len(fp["sentences"]) == 5


def test_results_do_not_change_when_nltk_data_is_installed(tmp_path):
    # A folder that looks like installed NLTK data (punkt, stopwords): the kit must ignore it.
    (tmp_path / "corpora" / "stopwords").mkdir(parents=True)
    (tmp_path / "corpora" / "stopwords" / "english").write_text("hezbollah\nlebanon\nisrael\n")
    (tmp_path / "tokenizers" / "punkt_tab" / "english").mkdir(parents=True)
    assert run_fingerprint(tmp_path) == run_fingerprint(EMPTY_NLTK_DATA)


def test_no_file_of_the_kit_downloads_anything():
    offenders = []
    for path in list(KIT_ROOT.glob("medialit/**/*.py")) + list(KIT_ROOT.glob("*/*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"nltk\.download\(|urlopen\(|requests\.get\(", text):
            offenders.append(str(path.relative_to(KIT_ROOT)))
    assert offenders == []
