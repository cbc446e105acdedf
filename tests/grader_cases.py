"""Submissions for the class grader's tests and benchmark, on a frozen copy of exercise 01.

The grader is tested on its own fixture — the eight questions of exercise 01 as first written,
with their key — so that lesson edits never break the grader's tests. ``write_fixture(folder)``
writes the exercise and its key; ``build_red_team(folder, ...)`` writes one submission per case
and returns ``{student: expected points}`` (11 auto-graded points: q1 1, q2 1, q3 2, q4 2, q5 1,
q6 1, q7 2, q8 1).
"""
from __future__ import annotations

import copy
import json
import os
import random
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
FIXTURE_NAME = "01_grader_fixture"
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
RIGHT = {
    "q1": 'q1_banner = "002"',
    "q2": "q2_bylines = 0",
    "q3": 'q3_spellings = {\n    "000": "Ras En Nakura",\n    "001": "Ras EnNakoura",\n    "002": "Ras En Nakura",\n'
          '    "003": "Naqoura",\n    "004": "Naqoura",\n}',
    "q4": 'q4_boilerplate = {"000:s21", "002:s1", "002:s2", "004:s16"}',
    "q5": 'q5_house_style = "004"',
    "q6": 'q6_top_word = "hezbollah"',
    "q7": 'q7_clues = "It calls the Israeli government \\"West Jerusalem\\" and has a \\"READ MORE:\\" link line."',
    "q8": 'q8_subheads = "003"',
}
VAR = {"q1": "q1_banner", "q2": "q2_bylines", "q3": "q3_spellings", "q4": "q4_boilerplate",
       "q5": "q5_house_style", "q6": "q6_top_word", "q7": "q7_clues", "q8": "q8_subheads"}
PROMPTS = {
    "q1": "Which article starts with the name of a website (a **site banner**) above its headline? Answer\n"
          'with the article id in quotes, e.g. `"000"`.',
    "q2": 'How many of the five articles name their author (a **byline**, such as "By Jane Doe")? Answer with\n'
          "a number.",
    "q3": "The talks took place in one border town, but the articles spell its name differently. Give the\n"
          "spelling of each article as a dictionary from article id to the name **exactly as printed**.",
    "q4": "Which sentences, across all five articles, are **page furniture** (boilerplate) rather than part of\n"
          "the story? Answer with a set of sentence ids.",
    "q5": 'Which article calls the Israeli government **"West Jerusalem"**? Answer with the article id.',
    "q6": 'Using `articles["003"].freq()`, which content word is the most frequent in article 003?',
    "q7": "Article 004 never names its outlet. In one sentence, name **two** things in its text that are\n"
          "clues to the outlet's house style.",
    "q8": "Which article has **no headline and no page furniture**, but two **sub-heads** inside the story?",
}
SYMBOL = {"q1": "☼", "q2": "☼", "q3": "◑", "q4": "◑", "q5": "◑", "q6": "◑", "q7": "★", "q8": "★"}

FIXTURE_KEY = {'lesson': '01_grader_fixture',
 'questions': {'q1': {'kind': 'choice',
                      'points': 1,
                      'options': ['000', '001', '002', '003', '004'],
                      'accept': ['002'],
                      'hint': 'Look at the very first lines of each text, before the headline.',
                      'mistakes': [{'answer': '004',
                                    'message': '004 has page furniture too, but further down and not a site name. '
                                               'Look at the first lines of each text.'}],
                      'why': "002 begins with the lines 'KJFK News' and 'News' above its headline (lines 1–2): a "
                             'site banner and a section label. No other text names a site.',
                      'examples': {'right': ['002', ' 002 '], 'wrong': ['000', '004']}},
               'q2': {'kind': 'number',
                      'points': 1,
                      'accept': 0,
                      'hint': "A byline is a line such as 'By Jane Doe'. Check the top and the bottom of every "
                              'article.',
                      'why': 'None of the five texts carries a byline. The catalog (articles/catalog.json, '
                             "'text_does_not_show') lists it for each article.",
                      'examples': {'right': [0], 'wrong': [1, 5]}},
               'q3': {'kind': 'mapping',
                      'points': 2,
                      'accept': {'000': 'Ras En Nakura',
                                 '001': 'Ras EnNakoura',
                                 '002': 'Ras En Nakura',
                                 '003': 'Naqoura',
                                 '004': 'Naqoura'},
                      'hint': 'Copy each spelling exactly as printed, spaces included; look at where each article '
                              'first names the town.',
                      'why': "000:s2 'in Ras En Nakura'; 001:s1 'in Ras EnNakoura'; 002:s4 'in Ras En Nakura'; "
                             "003:s1 'the border town of Naqoura'; 004:s3 'in Naqoura, Lebanon'. Case and "
                             'surrounding quotes are ignored by the check; spaces inside the name are not.',
                      'examples': {'right': [{'000': 'Ras En Nakura',
                                              '001': 'Ras EnNakoura',
                                              '002': 'ras en nakura',
                                              '003': 'Naqoura',
                                              '004': 'NAQOURA'}],
                                   'wrong': [{'000': 'Ras En Nakura',
                                              '001': 'Ras En Nakura',
                                              '002': 'Ras En Nakura',
                                              '003': 'Naqoura',
                                              '004': 'Naqoura'}]}},
               'q4': {'kind': 'ids',
                      'points': 2,
                      'required': ['000:s21', '002:s1', '002:s2', '004:s16'],
                      'hint': 'Page furniture is text that belongs to the web page, not to the story: banners, '
                              'labels, links. Check the first and last lines of each article, and any line that '
                              'is not a sentence.',
                      'mistakes': [],
                      'why': "000:s21 'Photos' (last line); 002:s1 'KJFK News' and 002:s2 'News' (banner and "
                             "section label); 004:s16 'READ MORE: Israel kills senior Hezbollah commander in "
                             "Beirut' (a link to another story). Not boilerplate: 004:s1 is a standfirst (a "
                             'summary line written by the editors), 003:s14 and 003:s20 are sub-heads of the '
                             'story, 000:s1 and 002:s3 are headlines.',
                      'examples': {'right': [['000:s21', '002:s1', '002:s2', '004:s16'],
                                             [['0', 21], ['2', 1], ['2', 2], ['4', 16]]],
                                   'wrong': [['000:s21', '002:s1', '004:s16'],
                                             ['000:s21', '002:s1', '002:s2', '004:s16', '004:s1']]}},
               'q5': {'kind': 'choice',
                      'points': 1,
                      'options': ['000', '001', '002', '003', '004'],
                      'accept': ['004'],
                      'hint': "Use the concordance helper on the word 'Jerusalem' in every article.",
                      'mistakes': [{'answer': '003',
                                    'message': 'That article names the Israeli government by a city once, but not '
                                               "this one. Try the concordance on 'Jerusalem'."}],
                      'why': "004:s1 'between West Jerusalem and Hezbollah', 004:s10 'West Jerusalem has "
                             "repeatedly accused', 004:s13 'West Jerusalem has said'. 003:s11 uses 'Tel Aviv' "
                             "instead ('what Tel Aviv claims').",
                      'examples': {'right': ['004'], 'wrong': ['003', '000']}},
               'q6': {'kind': 'term',
                      'points': 1,
                      'accept': ['hezbollah'],
                      'hint': 'Use articles["003"].freq().most_common(5) and read the top line.',
                      'mistakes': [{'answer': 'lebanon',
                                    'message': 'That is the top word of other articles; run freq() on article '
                                               '003.'},
                                   {'answer': 'the',
                                    'message': "freq() counts content words only; 'the' is a stopword and is not "
                                               'counted.'}],
                      'why': "articles['003'].freq().most_common(1) gives ('hezbollah', 10); next are 'lebanese' "
                             "and 'israeli' with 8 each.",
                      'examples': {'right': ['Hezbollah', 'hezbollah'], 'wrong': ['lebanon', 'meeting']}},
               'q7': {'kind': 'text',
                      'points': 2,
                      'must_mention': [['west jerusalem'], ['read more', 'jewish state']],
                      'min_length': 10,
                      'hint': 'Think of words an outlet uses that others do not, and of lines that belong to its '
                              'web page.',
                      'why': '004 names no outlet, but its text carries house style: the Israeli government '
                             "called 'West Jerusalem' (s1, s10, s13), Israel called 'the Jewish State' (s2), and "
                             "a 'READ MORE:' link line (s16). A full answer names 'West Jerusalem' and at least "
                             'one of the other two. Which outlet writes like this is a lateral-reading question, '
                             'not settled by the text.',
                      'examples': {'right': ['It says West Jerusalem for Israel and has a READ MORE: link',
                                             '‘West Jerusalem’ and ‘the Jewish State’'],
                                   'wrong': ['It has no byline', 'West Jerusalem']}},
               'q8': {'kind': 'choice',
                      'points': 1,
                      'options': ['000', '001', '002', '003', '004'],
                      'accept': ['003'],
                      'hint': 'Look for short lines without a final full stop in the middle of a text.',
                      'mistakes': [{'answer': '001',
                                    'message': '001 has no headline and no page furniture, but it has no '
                                               'sub-heads either.'}],
                      'why': '003 starts with a sentence of the story (no headline), has no banner or link lines, '
                             "and has two sub-heads: 'Washington's mediation and regional stakes' (003:s14) and "
                             "'Hezbollah rejects “normalization”' (003:s20).",
                      'examples': {'right': ['003'], 'wrong': ['001', '004']}}},
 'rubrics': {'d1': {'points': 3,
                    'question': 'Which article would you trust most to tell you who published it? What would you '
                                'search, and where, to find out who is behind it?',
                    'Correct': 'Who is behind it: names an article and a clue from its text (banner, house style, '
                               'named source). What is the evidence: says what the clue proves and what it does '
                               'not (a banner names a site, not an owner; a style is not a signature). What do '
                               'other sources say: a concrete lateral-reading step (search the site name or a '
                               "distinctive sentence, read what others say about the site, e.g. an 'About' page "
                               'or reports about it).',
                    'Partial': "Two of the three parts, or a search step that stays vague ('google it').",
                    'Incorrect': 'Trust given for reasons not in the text (looks professional, long), or no '
                                 'search step.'}}}


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _md(cell_id, text):
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def _code(cell_id, text, metadata=None, outputs=None):
    return {"cell_type": "code", "id": cell_id, "metadata": metadata or {}, "execution_count": None,
            "outputs": outputs or [], "source": text}


def fixture_exercise() -> dict:
    """The grader's fixture: exercise 01 as first written (8 auto-graded questions, 1 discussion)."""
    from medialit.grading import correct_line

    cells = [_md("title", "# Exercise 01 · Meet the articles\n\nEight auto-graded questions and one discussion "
                          "question about what the five texts show about themselves."),
             _code("setup", "from medialit.corpus import concordance, corpus_table, load_articles, print_table, "
                            "show_article\nfrom medialit.grading import Checker\n\narticles = load_articles()\n"
                            'check = Checker("01")'),
             _code("scratch-1", 'show_article(articles["002"])')]
    for i, q in enumerate(QUESTIONS, 1):
        p = POINTS[q]
        cells.append(_md(f"{q}-text", f"### Question {i} {SYMBOL[q]} ({p} point{'s' if p != 1 else ''})\n\n{PROMPTS[q]}"))
        cells.append(_code(f"{q}-answer", f"{VAR[q]} = ...  # ← replace ... with your answer",
                           {"medialit": {"question": q}, "tags": ["answer"]}))
        cells.append(_code(f"{q}-check", f'check("{q}", {VAR[q]})',
                           {"medialit": {"points": p, "question": q}, "tags": ["check", "nbval-check-output"]},
                           [{"name": "stdout", "output_type": "stream", "text": [correct_line(q, p) + "\n"]}]))
    cells.append(_md("d1-text", "### Discussion question d1 (3 points, graded by your teacher)\n\nWhich article "
                                "would you trust most to tell you **who published it**, and why?"))
    cells.append({"cell_type": "markdown", "id": "d1-answer", "source": "*Replace this text with your answer.*",
                  "metadata": {"medialit": {"points": 3, "question": "d1", "rubric": "d1"}, "tags": ["free-text"]}})
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                                        "name": "python3"}, "medialit": {"role": "exercise"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_fixture(folder: Path) -> tuple[Path, Path]:
    """Write the fixture exercise and its key into ``folder``; return (exercise path, keys folder)."""
    folder = Path(folder)
    exercise = folder / "exercises" / f"{FIXTURE_NAME}.ipynb"
    keys = folder / "keys"
    write(exercise.parent, exercise.name, fixture_exercise())
    keys.mkdir(parents=True, exist_ok=True)
    (keys / f"{FIXTURE_NAME}.json").write_text(json.dumps(FIXTURE_KEY, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    return exercise, keys


def right_answers() -> dict:
    """question -> a right answer cell."""
    return dict(RIGHT)


def kit_answers(lesson: str) -> dict:
    """question -> the answer cell of the kit's own solution of ``lesson`` (whatever it holds today)."""
    sol = load(next((KIT / "solutions").glob(f"{lesson}_*.ipynb")))
    return {c["metadata"]["medialit"]["question"]: _src(c) for c in sol["cells"]
            if "answer" in c.get("metadata", {}).get("tags", [])}


def cell(nb: dict, cell_id: str) -> dict:
    return next(c for c in nb["cells"] if c.get("id") == cell_id)


def exercise_with(answers: dict, base: dict | None = None) -> dict:
    """The exercise (the fixture, or ``base``) with some answer cells replaced (question -> source)."""
    nb = copy.deepcopy(base or fixture_exercise())
    for q, src in answers.items():
        cell(nb, f"{q}-answer")["source"] = src
    return nb


def write(folder: Path, name: str, nb_or_bytes) -> Path:
    path = Path(folder) / name
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


def _value(q: str, which: dict) -> str:
    """The value part of an answer cell (``"002"`` of ``q1_banner = "002"``)."""
    return which[q].split("=", 1)[1].strip()


def _attack(q: str, body: str) -> str:
    """An answer cell that gets the right answer only if ``body`` (which sets ``got``) reaches it."""
    return (f"got = None\ntry:\n" + "".join("    " + line + "\n" for line in body.strip().splitlines())
            + f"except BaseException:\n    got = None\n"
            f"{VAR[q]} = {_value(q, RIGHT)} if got else {_value(q, WRONG)}\n")


def attack_cells(key: Path, subs: Path, out: Path, outside: Path) -> tuple[dict, dict]:
    """Two submissions of attacks, one attack per question (each earns 0 if it fails).

    Each attack tries to *reach* something (the key, a classmate's file, the output folder, another
    kernel) and sets the right answer only if it got there.
    """
    key, keydir, keyname = str(key), str(key.parent), key.name
    first = {
        # the `open` audit event carries no dir_fd
        "q1": f"import os\nd = os.open({keydir!r}, os.O_RDONLY)\ngot = os.read(os.open({keyname!r}, os.O_RDONLY, dir_fd=d), 99)",
        # a bytes path while os.fspath is patched
        "q2": f"import os\nreal = os.fspath\nos.fspath = lambda p: '/tmp/harmless'\ntry:\n    got = open({key!r}.encode()).read(9)\n"
              "finally:\n    os.fspath = real",
        # sqlite3 ATTACH opens the file in C, no audit event
        "q3": f"import sqlite3, os\nc = sqlite3.connect(':memory:')\nc.execute(\"ATTACH DATABASE '{outside}/attached.db' AS x\")\n"
              f"c.execute('CREATE TABLE x.t (a)')\nc.commit()\ngot = os.path.exists({str(outside / 'attached.db')!r})",
        # the guard's functions looked names up in the notebook's globals
        "q4": f"bool = lambda x: False\nwith open({str(outside / 'written-by-kernel.txt')!r}, 'w') as fh:\n    fh.write('x')\n"
              "got = True",
        # a backdoor in the kit's own grading.py (probed without writing: opening it for append is enough)
        "q5": "import os, medialit.grading\nos.close(os.open(medialit.grading.__file__, os.O_WRONLY | os.O_APPEND))\ngot = True",
        # the other kernels' ZeroMQ ipc:// sockets
        "q6": "import glob\nmine = set(glob.glob('/k/*'))\nfound = glob.glob('/tmp/medialit-grade-*/**/ipc-*', recursive=True) "
              "+ glob.glob('/kernels/*/ipc-*') + glob.glob('/k/../*/ipc-*')\ngot = [f for f in found if f not in mine]",
        # ctypes: open() in C
        "q7": f"import ctypes\ngot = ctypes.CDLL(None).open({key!r}.encode(), 0) >= 0",
        # mmap of the key
        "q8": f"import mmap, os\ngot = mmap.mmap(os.open({key!r}, os.O_RDONLY), 0, prot=mmap.PROT_READ)[:9]",
    }
    second = {
        # os.posix_spawn a shell tool that reads the key
        "q1": f"import os\nfd = os.open('/tmp/spawned.txt', os.O_WRONLY | os.O_CREAT | os.O_TRUNC)\n"
              f"pid = os.posix_spawn('/bin/cat', ['cat', {key!r}], {{}}, file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1)])\n"
              "os.waitpid(pid, 0)\ngot = open('/tmp/spawned.txt').read(9)",
        # /proc: another process's root, cwd or environment
        "q2": "import os\nfor pid in ['self', '1'] + [p for p in os.listdir('/proc') if p.isdigit()]:\n"
              f"    for path in ['/proc/%s/root{key}' % pid, '/proc/%s/environ' % pid, '/proc/%s/cwd/{keyname}' % pid]:\n"
              "        try:\n            got = got or ('MEDIALIT_KEY_DIR=/' in open(path).read() or path.endswith('.json'))\n"
              "        except OSError:\n            pass",
        # another kernel's connection file (its HMAC key: run code in a classmate's kernel)
        "q3": "import glob, os\ngot = [c for c in glob.glob('/kernels/*/conn.json') + glob.glob('/k/../*/conn.json') + "
              "glob.glob('/tmp/medialit-grade-*/**/conn.json', recursive=True) if os.path.realpath(c) != '/k/conn.json']",
        # the environment: PWD and friends lead back to the teacher's folders; MEDIALIT_KEY_DIR
        "q4": f"import os\nfrom medialit.grading import Checker\nos.environ['MEDIALIT_KEY_DIR'] = {keydir!r}\n"
              "got = Checker('01')._key or [v for v in os.environ.values() if v.startswith('/') and os.path.isdir(v) "
              "and not os.path.realpath(v).startswith(('/tmp', '/usr'))]",
        # overwrite a classmate's submission (through PWD and dir_fd, and by path)
        "q5": f"import os\nfor base in [os.environ.get('PWD', ''), {str(subs)!r}]:\n    try:\n"
              "        fd = os.open('right.ipynb', os.O_WRONLY | os.O_TRUNC, dir_fd=os.open(base, os.O_RDONLY))\n"
              "        got = os.write(fd, b'overwritten')\n    except OSError:\n        pass",
        # delete another classmate's submission
        "q6": f"import os\nos.unlink({str(subs / 'wrong.ipynb')!r})\ngot = True",
        # plant a file in the output folder (it exists, as after an earlier run)
        "q7": f"open({str(out / 'planted.html')!r}, 'w').write('x')\ngot = True",
        # read a classmate's notebook
        "q8": f"got = open({str(subs / 'right.ipynb')!r}).read(9)",
    }
    return ({q: _attack(q, body) for q, body in first.items()}, {q: _attack(q, body) for q, body in second.items()})


MOUNT_ATTACKS = {
    # uncover the other kernels' folders, with and without a new user namespace of one's own
    "q1": "import ctypes, glob\nlibc = ctypes.CDLL(None)\nlibc.umount2(b'/kernels', 2)\n"
          "got = [c for c in glob.glob('/kernels/*/conn.json')]",
    "q2": "import ctypes, glob, os\nlibc = ctypes.CDLL(None)\npid = os.fork()\nif pid == 0:\n"
          "    libc.unshare(0x10000000 | 0x20000)\n    libc.umount2(b'/kernels', 2)\n"
          "    os._exit(3 if glob.glob('/kernels/*/conn.json') else 0)\n"
          "got = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 3",
    # make the kit writable again; mount a /proc of one's own
    "q3": "import ctypes, medialit\nlibc = ctypes.CDLL(None)\n"
          "got = libc.mount(None, medialit.__path__[0].encode(), None, 32 | 4096, None) == 0",
    "q4": "import ctypes, os\nos.makedirs('/tmp/p', exist_ok=True)\n"
          "got = ctypes.CDLL(None).mount(b'proc', b'/tmp/p', b'proc', 0, None) == 0",
}


def build_red_team(folder: Path, key: Path, out: Path, outside: Path) -> dict:
    """Write every red-team submission into ``folder``; return {student: expected points}.

    ``key`` is the key file the grader uses, ``out`` its output folder and ``outside`` a folder
    that no kernel may write to (the tests check it stays empty).
    """
    folder, key, out, outside = Path(folder), Path(key), Path(out), Path(outside)
    outside.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    right = right_answers()
    all_wrong = dict(WRONG)
    expected = {}

    def case(student, nb, points, name=None):
        write(folder, name or f"{student}.ipynb", nb)
        expected[student] = points

    case("right", exercise_with(right), TOTAL)
    case("wrong", exercise_with(all_wrong), 0)
    case("empty", fixture_exercise(), 0)
    case("half", exercise_with({"q1": right["q1"], "q2": right["q2"], "q3": right["q3"]}), 4)
    case("ids-as-tuples", exercise_with(right_except(
        q4='q4_boilerplate = [("0", 21), ("2", 1), ("2", 2), ("4", 16)]')), TOTAL)
    case("overflow", exercise_with(right_except(q2="q2_bylines = 10**400")), TOTAL - 1)

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
    nb["cells"].insert(2, _code("my-helper", 'q1_banner = "002"'))
    cell(nb, "q1-answer")["source"] = "# I set it above\n"
    case("answer-in-extra-cell", nb, TOTAL - 1)

    # reaching for the key: each of these earns 0 for q1 (the key is not there to read)
    k = str(key)
    case("opens-key-file", exercise_with(right_except(q1=(
        f"import json\nq1_banner = json.load(open({k!r}))['questions']['q1']['accept'][0]"))), TOTAL - 1)
    case("loads-key-env", exercise_with({**all_wrong, "q1": (
        "import os\nfrom medialit.grading import Checker\n"
        f"os.environ['MEDIALIT_KEY_DIR'] = {str(key.parent)!r}\n"
        "key = Checker('01')._key\nq1_banner = key['questions']['q1']['accept'][0]")}), 0)
    case("shell-for-key", exercise_with({**all_wrong, "q1": (
        f"import subprocess\nout = subprocess.run(['cat', {k!r}], capture_output=True, text=True).stdout\n"
        "q1_banner = __import__('json').loads(out)['questions']['q1']['accept'][0]")}), 0)
    case("os-system", exercise_with(right_except(q1=(
        f"import os, json\nos.system('cat {k} > /tmp/k.json')\n"
        "q1_banner = json.load(open('/tmp/k.json'))['questions']['q1']['accept'][0]"))), TOTAL - 1)
    case("ctypes-libc", exercise_with(right_except(q1=(
        f"import ctypes, json\nctypes.CDLL(None).system(b'cat {k} > /tmp/k.json')\n"
        "q1_banner = json.load(open('/tmp/k.json'))['questions']['q1']['accept'][0]"))), TOTAL - 1)
    case("fork-exec", exercise_with(right_except(q1=(
        "import _posixsubprocess, subprocess, json\n"
        f"out = subprocess.run(['/bin/cat', {k!r}], capture_output=True).stdout\n"
        "q1_banner = json.loads(out)['questions']['q1']['accept'][0]"))), TOTAL - 1)
    case("writes-other-submission", exercise_with(right_except(q1=(
        f"open({str(folder.resolve() / 'half.ipynb')!r}, 'w').write('overwritten')\nq1_banner = '002'"))), TOTAL - 1)
    first, second = attack_cells(key, folder.resolve(), Path(out).resolve(), outside.resolve())
    case("attacks-files", exercise_with(first), 0)
    case("attacks-processes", exercise_with(second), 0)
    case("attacks-mounts", exercise_with({**all_wrong, **{q: _attack(q, b) for q, b in MOUNT_ATTACKS.items()}}), 0)

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
    nb = fixture_exercise()
    cell(nb, "setup")["source"] = 'from medialit.grading import Checker\ncheck = Checker("00")'
    case("wrong-lesson", nb, 0)
    nb = exercise_with(right)
    nb["metadata"]["medialit"]["role"] = "lesson"                 # the lesson handed in instead of the exercise
    case("hands-in-lesson", nb, 0)
    case("nbformat3", to_v3(exercise_with(right)), TOTAL)

    # files the grader must not open, and names that must not break the outputs
    write(outside, "right-outside.ipynb", exercise_with(right))
    os.symlink(outside / "right-outside.ipynb", folder / "symlink-to-solution.ipynb")
    expected["symlink-to-solution"] = 0
    os.symlink("right.ipynb", folder / "symlink-to-classmate.ipynb")
    expected["symlink-to-classmate"] = 0
    write(outside, "linked.ipynb", exercise_with(right))
    os.link(outside / "linked.ipynb", folder / "hard-link.ipynb")
    expected["hard-link"] = 0
    os.mkfifo(folder / "fifo.ipynb")
    expected["fifo"] = 0
    case(".hidden", exercise_with(right), 0)
    nb = exercise_with(right)
    cell(nb, "d1-answer")["source"] = "=cmd|' /C calc'!A0"
    case("=1+2", nb, TOTAL)
    case("evil\nname", exercise_with(right), TOTAL)
    case("amal haddad", exercise_with(right), TOTAL)
    case("amal_haddad", exercise_with(all_wrong), 0)

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
