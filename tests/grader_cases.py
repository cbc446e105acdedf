"""Submissions for the class grader's tests and benchmark, built from the real exercise 01.

``build_red_team(folder)`` writes one submission per case and returns
``{student: expected points}`` (exercise 01 has 11 auto-graded points:
q1 1, q2 1, q3 2, q4 2, q5 1, q6 1, q7 2, q8 1).
"""
from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
EXERCISE = KIT / "exercises" / "01_meet_the_articles.ipynb"
SOLUTION = KIT / "solutions" / "01_meet_the_articles.ipynb"
OTHER_LESSON = KIT / "solutions" / "00_start_here.ipynb"
POINTS = {"q1": 1, "q2": 1, "q3": 2, "q4": 2, "q5": 1, "q6": 1, "q7": 2, "q8": 1}
TOTAL = sum(POINTS.values())
QUESTIONS = list(POINTS)

WRONG = {
    "q1": 'q1_banner = "000"',
    "q2": "q2_bylines = 5",
    "q3": 'q3_spellings = {"000": "Naqoura", "001": "Naqoura", "002": "Naqoura", "003": "Naqoura", "004": "Naqoura"}',
    "q4": 'q4_boilerplate = {"000:s1", "003:s14"}',
    "q5": 'q5_house_style = "003"',
    "q6": 'q6_top_word = "the"',
    "q7": 'q7_clues = "It has a headline and some quotes."',
    "q8": 'q8_subheads = "000"',
}
VAR = {"q1": "q1_banner", "q2": "q2_bylines", "q3": "q3_spellings", "q4": "q4_boilerplate",
       "q5": "q5_house_style", "q6": "q6_top_word", "q7": "q7_clues", "q8": "q8_subheads"}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def right_answers() -> dict:
    """question -> the solution's answer cell source."""
    sol = load(SOLUTION)
    return {c["metadata"]["medialit"]["question"]: _src(c) for c in sol["cells"]
            if "answer" in c.get("metadata", {}).get("tags", [])}


def cell(nb: dict, cell_id: str) -> dict:
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def exercise_with(answers: dict, base: dict | None = None) -> dict:
    """The exercise with some answer cells replaced (question -> source)."""
    nb = copy.deepcopy(base or load(EXERCISE))
    for q, src in answers.items():
        cell(nb, f"{q}-answer")["source"] = src
    return nb


def write(folder: Path, name: str, nb_or_bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb_or_bytes, bytes):
        path.write_bytes(nb_or_bytes)
    else:
        path.write_text(json.dumps(nb_or_bytes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def right_except(**changes) -> dict:
    """All answers right, except the given questions (question -> source)."""
    answers = right_answers()
    answers.update(changes)
    return answers


def build_red_team(folder: Path) -> dict:
    """Write every red-team submission into ``folder``; return {student: expected points}."""
    folder = Path(folder)
    right = right_answers()
    all_wrong = dict(WRONG)
    key_rel = "solutions/keys/01_meet_the_articles.json"
    expected = {}

    def case(student, nb, points, name=None):
        write(folder, name or f"{student}.ipynb", nb)
        expected[student] = points

    case("right", exercise_with(right), TOTAL)
    case("wrong", exercise_with(all_wrong), 0)
    case("empty", load(EXERCISE), 0)
    case("half", exercise_with({"q1": right["q1"], "q2": right["q2"], "q3": right["q3"]}), 4)
    case("ids-as-tuples", exercise_with(right_except(
        q4='q4_boilerplate = [("0", 21), ("2", 1), ("2", 2), ("4", 16)]')), TOTAL)

    # printing the expected line, redefining check / print / stdout
    printed = {q: f'{VAR[q]} = ...\nprint("{q}: correct ({p}/{p} point{"s" if p != 1 else ""})")'
               for q, p in POINTS.items()}
    case("prints-correct-line", exercise_with(printed), 0)
    case("redefines-check", exercise_with(right_except(
        q1='check = lambda q, a: print(f"{q}: correct (9/9 points)")\nq1_banner = "001"')), TOTAL - 1)
    case("patches-print", exercise_with({**all_wrong, "q1": (
        'import builtins, sys\n'
        'builtins.print = lambda *a, **k: sys.__stdout__.write("q1: correct (1/1 point)\\n")\n'
        'q1_banner = "003"')}), 0)
    case("patches-stdout-right", exercise_with(right_except(
        q1='import io, sys\nsys.stdout = io.StringIO()\nq1_banner = "002"')), TOTAL)
    case("deletes-check", exercise_with(right_except(q2='del check\nq2_bylines = 0')), TOTAL)
    case("patches-json", exercise_with({**all_wrong, "q1": (
        'import json\njson.dumps = lambda *a, **k: \'"002"\'\nq1_banner = "000"')}), 0)
    case("fake-value-object", exercise_with(right_except(
        q1='class Anything(str):\n    def __eq__(self, other): return True\n    def __hash__(self): return 0\n'
           'q1_banner = Anything("zzz")')), TOTAL - 1)
    case("weird-type", exercise_with(right_except(
        q2='class AlwaysEqual:\n    def __eq__(self, other): return True\nq2_bylines = AlwaysEqual()')), TOTAL - 1)

    # check cells edited, deleted, duplicated, moved; outputs and metadata edited
    nb = exercise_with(right_except(q1=WRONG["q1"]))
    cell(nb, "q1-check")["source"] = 'print("q1: correct (1/1 point)")'
    case("edits-check-cell", nb, TOTAL - 1)
    nb = exercise_with(right)
    nb["cells"] = [c for c in nb["cells"] if "check" not in c["metadata"].get("tags", [])]
    case("deletes-check-cells", nb, TOTAL)
    nb = exercise_with(all_wrong)
    nb["cells"] = [c for c in nb["cells"] if "check" not in c["metadata"].get("tags", [])]
    case("deletes-check-cells-wrong", nb, 0)
    nb = exercise_with(right_except(q1=WRONG["q1"]))
    i = nb["cells"].index(cell(nb, "q1-check"))
    nb["cells"][i + 1:i + 1] = [copy.deepcopy(cell(nb, "q1-check")) for _ in range(3)]
    case("duplicates-check-cell", nb, TOTAL - 1)
    nb = exercise_with(right)
    moved = cell(nb, "q1-check")
    nb["cells"].remove(moved)
    nb["cells"].insert(0, moved)
    case("moves-check-cell", nb, TOTAL)
    nb = exercise_with(all_wrong)
    for c in nb["cells"]:
        if "check" in c["metadata"].get("tags", []):
            q = c["metadata"]["medialit"]["question"]
            c["outputs"] = [{"name": "stdout", "output_type": "stream", "text": [f"{q}: correct (100/100 points)\n"]}]
            c["metadata"]["medialit"]["points"] = 100
            c["metadata"]["tags"] = []
            c["execution_count"] = 1
    case("edits-outputs-and-metadata", nb, 0)
    nb = exercise_with({"q1": right["q1"]})
    cell(nb, "q1-check")["metadata"]["medialit"]["points"] = 50
    cell(nb, "q1-answer")["metadata"]["medialit"]["points"] = 50
    case("edits-points", nb, 1)

    # cell ids
    nb = exercise_with(right)
    rng = random.Random(7)
    for c in nb["cells"]:
        c["id"] = "%08x" % rng.getrandbits(32)
    case("unknown-ids-with-metadata", nb, TOTAL)
    for c in nb["cells"]:
        c["metadata"] = {}
    case("unknown-ids-no-metadata", nb, 0)
    nb = exercise_with(right)
    i = nb["cells"].index(cell(nb, "q1-answer"))
    dup = copy.deepcopy(nb["cells"][i])
    dup["source"] = WRONG["q1"]
    nb["cells"].insert(i, dup)                       # the first q1-answer is wrong
    case("duplicate-answer-ids", nb, TOTAL - 1)
    nb = exercise_with(right)
    nb["cells"].insert(5, {"cell_type": "code", "id": "my-helper", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": 'q1_banner = "002"'})
    cell(nb, "q1-answer")["source"] = "# I set it above\n"
    case("answer-in-extra-cell", nb, TOTAL - 1)

    # reaching for the key
    case("opens-key-file", exercise_with(right_except(q1=(
        "import json\nfrom medialit.corpus import KIT_ROOT\n"
        f"q1_banner = json.load(open(KIT_ROOT / {key_rel!r}))['questions']['q1']['accept'][0]"))), TOTAL - 1)
    case("loads-key-env", exercise_with({**all_wrong, "q1": (
        "import os\nfrom medialit.corpus import KIT_ROOT\nfrom medialit.grading import Checker\n"
        "os.environ['MEDIALIT_KEY_DIR'] = str(KIT_ROOT / 'solutions' / 'keys')\n"
        "key = Checker('01')._key\nq1_banner = key['questions']['q1']['accept'][0]")}), 0)
    case("shell-for-key", exercise_with({**all_wrong, "q1": (
        "import subprocess\nfrom medialit.corpus import KIT_ROOT\n"
        f"out = subprocess.run(['cat', str(KIT_ROOT / {key_rel!r})], capture_output=True, text=True).stdout\n"
        "q1_banner = __import__('json').loads(out)['questions']['q1']['accept'][0]")}), 0)
    case("os-system", exercise_with(right_except(q1='import os\nos.system("echo hi")\nq1_banner = "002"')), TOTAL - 1)
    case("ctypes-libc", exercise_with(right_except(
        q1='import ctypes\nctypes.CDLL(None).system(b"true")\nq1_banner = "002"')), TOTAL - 1)
    case("fork-exec", exercise_with(right_except(
        q1='import _posixsubprocess\n_posixsubprocess.fork_exec\nq1_banner = "002"')), TOTAL - 1)
    case("writes-other-submission", exercise_with(right_except(q1=(
        f"import glob\nfor p in sorted(glob.glob({str(folder.resolve())!r} + '/*.ipynb')):\n"
        "    open(p, 'w').write('overwritten')\n"
        "q1_banner = '002'"))), TOTAL - 1)

    # exits, crashes, loops, floods
    case("sys-exit", exercise_with(right_except(q1='q1_banner = "002"\nimport sys\nsys.exit()')), TOTAL - 1)
    case("os-exit", exercise_with(right_except(q3='import os\nos._exit(3)')), 2)
    case("kernel-crash", exercise_with(right_except(q5='import os\nos.kill(os.getpid(), 9)')), 6)
    case("infinite-loop", exercise_with(right_except(q2="while True:\n    pass")), TOTAL - 1)
    case("sleeps-past-limit", exercise_with(right_except(q4="import time\ntime.sleep(1000)")), TOTAL - 2)
    case("floods-output", exercise_with(right_except(q1='print("x" * 100_000_000)\nq1_banner = "002"')), TOTAL)
    case("raises", exercise_with(right_except(q6='q6_top_word = "said"\n1 / 0')), TOTAL - 1)
    case("input-call", exercise_with(right_except(q8='q8_subheads = input("which? ")')), TOTAL - 1)

    # files that are not (this) notebook
    write(folder, "invalid-json.ipynb", b'{"cells": [ this is not json')
    expected["invalid-json"] = 0
    write(folder, "empty-file.ipynb", b"")
    expected["empty-file"] = 0
    write(folder, "binary-file.ipynb", bytes(range(256)) * 40)
    expected["binary-file"] = 0
    write(folder, "json-list.ipynb", b"[1, 2, 3]")
    expected["json-list"] = 0
    case("wrong-lesson", load(OTHER_LESSON), 0)
    case("nbformat3", to_v3(exercise_with(right)), TOTAL)

    # one student, several files: the newest is graded
    old = write(folder, "several/old.ipynb", exercise_with(right))
    new = write(folder, "several/new.ipynb", exercise_with(all_wrong))
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_000_100, 1_700_000_100))
    expected["several"] = 0
    (folder / "no-notebook").mkdir()
    (folder / "no-notebook" / "notes.txt").write_text("I forgot\n")
    expected["no-notebook"] = 0
    return expected


def to_v3(nb: dict) -> dict:
    """A v4 notebook written as nbformat 3 (worksheets, ``input``, no cell ids)."""
    cells = []
    for c in nb["cells"]:
        c3 = {"cell_type": c["cell_type"], "metadata": c.get("metadata", {})}
        if c["cell_type"] == "code":
            c3.update(input=c["source"], language="python", outputs=[], collapsed=False)
        else:
            c3["source"] = c["source"]
        cells.append(c3)
    return {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""},
            "worksheets": [{"cells": cells, "metadata": {}}]}


def build_class(folder: Path, n: int = 30, seed: int = 1) -> dict:
    """``n`` plausible submissions, each answer right or wrong at random; returns expected points."""
    folder = Path(folder)
    rng = random.Random(seed)
    right = right_answers()
    expected = {}
    for i in range(n):
        answers, points = {}, 0
        for q in QUESTIONS:
            if rng.random() < 0.65:
                answers[q], points = right[q], points + POINTS[q]
            else:
                answers[q] = WRONG[q]
        student = f"student{i + 1:02d}"
        write(folder, f"{student}.ipynb", exercise_with(answers))
        expected[student] = points
    return expected
