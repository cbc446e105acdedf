"""The leak audit: can an exercise answer be copied from somewhere a student can read?

A grade must measure the skill (issue 12). This module collects every text a student
can read without doing the exercise, as *chunks* — one per lesson cell output (in the
teacher's edition, with the key, and in the student's, without), per markdown
paragraph of a lesson, per line group of the catalog, README and shipped docs, per
scratch-cell output of an exercise, and per return value of one call of a helper the
lesson or exercise imports — and looks in each chunk for each exercise question's
accepted answer *in a form that gives it away*:

* **ids** — the chunk lists exactly the answer set (all required ids, at most one
  other id of those articles), or a label that is not in the sentences' own words
  picks out exactly the answer ids among the ids the chunk shows
  (``003:s7 UNNAMED …``, ``003:s8 NAMED_PERSON …``);
* **id / mapping keyed by ids** — the asked ids printed with their accepted label
  (a word not in the sentence's own text), or the answer id next to the question's
  subject;
* **order** — all items in the accepted order in one chunk;
* **mapping** (other keys) — most keys printed next to their accepted value;
* **choice, term, quote, date, number** — the accepted answer on the same line (or
  in the same paragraph of prose) as the question's *subject*: a phrase the question
  quotes, a sentence id it names, or three of its distinctive words.

Printing an article is never a leak by itself: words that occur in a sentence's own
text do not count as a label for it. Questions graded by rubric (``text``) are not
audited. Judged false alarms are listed, with a reason, in ``ALLOWED`` in
``tests/test_no_leaks.py``.
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
ID_RE = re.compile(r"\b(\d{3}|[A-Z]):s(\d+)\b", re.IGNORECASE)   # case articles 000-004; exercise texts T, A, B …
WORD_RE = re.compile(r"[a-z][a-z'-]+")
QUOTED_RE = re.compile(r"[\"“‘]([^\"“”‘’\n]{3,80})[\"”’]|\*([^*\n]{3,60})\*|`([^`\n]{3,60})`")
GENERIC = set("""article articles sentence sentences answer answers question questions which what whose where
when write point points words word phrase quotes quote string dictionary letter option options exactly every
answer each these those their there about from with into that this than they them your yours give given list
lists label labels check checks count number numbers should would could first second third other another same
text texts lesson lessons exercise below above says said tell tells does make made kind only most more less
before after between while using used uses find found also just still very whole part parts like look""".split())
RECORD_SPLIT = re.compile(r"(?<=[)}\]]),\s*(?=[\w{(\['\"])|\\n")
NUMBER_WORDS = set("one two three four five six seven eight nine ten yes no".split())
SKIP_HELPERS = re.compile(r"plot|chart|figure|heatmap|timeline|draw|export|brief_html|write|save|use_kit_style")


# ---------------------------------------------------------------------------
# What a student can read
# ---------------------------------------------------------------------------
@dataclass
class Chunk:
    where: str                   # "lesson 02 cell `chains-code` (teacher's edition)"
    text: str
    prose: bool = False          # markdown prose: match by paragraph, not by line
    lines: list = field(default_factory=list)

    def __post_init__(self):
        units = re.split(r"\n\s*\n", self.text) if self.prose else self.text.splitlines()
        out = []
        for u in units:
            # a helper's repr is one long line: split it into its records
            out += RECORD_SPLIT.split(u) if len(u) > 300 and not self.prose else [u]
        self.lines = [norm(u) for u in out if u.strip()]


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=None)           # the same answers and lines are normalised thousands of times
def norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).translate(_QUOTES).lower()).strip()


RUNNER = r'''
import json, os, re, sys, io
from pathlib import Path
os.environ["MPLBACKEND"] = "Agg"
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
import matplotlib.pyplot as plt

root = Path(sys.argv[1]); skip = re.compile(sys.argv[2]); out = {}
shell = InteractiveShell.instance()
# The modules every notebook imports, loaded once; the garbage collector that IPython runs at each
# reset then skips them (gc.freeze), which is most of what it would walk.
import gc, medialit.corpus, medialit.style
gc.collect(); gc.freeze()

def text_of(cap, result):
    parts = [cap.stdout, cap.stderr]
    for o in cap.outputs:
        parts.append(o.data.get("text/plain", ""))
        if "text/html" in o.data:
            parts.append(re.sub(r"<[^>]+>", " ", o.data["text/html"]))
    if result.error_in_exec is not None:
        parts.append("ERROR " + type(result.error_in_exec).__name__ + ": " + str(result.error_in_exec))
    return "\n".join(p for p in parts if p)

def figure_numbers():
    """Every number an open figure plots or prints (bars, lines, points, cells, text)."""
    import numpy as np
    values, texts = [], []
    for num in plt.get_fignums():
        fig = plt.figure(num)
        for ax in fig.axes:
            for p in ax.patches:
                if hasattr(p, "get_height"):
                    values += [p.get_height(), p.get_width(), p.get_x(), p.get_y()]
            for line in ax.lines:
                for arr in (line.get_xdata(), line.get_ydata()):
                    try:
                        values += [float(v) for v in np.asarray(arr, dtype=float).ravel()[:5000]]
                    except (TypeError, ValueError):
                        pass
            for coll in ax.collections:
                try:
                    values += [float(v) for v in np.asarray(coll.get_offsets(), dtype=float).ravel()[:5000]]
                    arr = coll.get_array()
                    if arr is not None:
                        values += [float(v) for v in np.asarray(arr, dtype=float).ravel()[:5000]]
                except (TypeError, ValueError):
                    pass
            for im in ax.images:
                values += [float(v) for v in np.asarray(im.get_array(), dtype=float).ravel()[:5000]]
            for t in ax.texts + ax.get_xticklabels() + ax.get_yticklabels() + [ax.title, ax.xaxis.label, ax.yaxis.label]:
                texts.append(t.get_text())
            legend = ax.get_legend()
            if legend is not None:
                texts += [t.get_text() for t in legend.get_texts()]
        texts += [t.get_text() for t in fig.texts]
        if getattr(fig, "_suptitle", None) is not None:
            texts.append(fig._suptitle.get_text())
    values = [float(v) for v in values]
    values = [v for v in values if v == v and abs(v) != float("inf")]
    return {"values": values, "texts": texts} if (values or texts) else None

def run(nb_path, kind):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    shell.reset(new_session=True)
    os.chdir(nb_path.parent)
    cells, imported, figures = [], set(), []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        tags = cell.get("metadata", {}).get("tags", [])
        for m in re.finditer(r"from medialit\.\w+ import \(?([\w\s,]+)\)?", src):
            imported |= {n.strip() for n in m.group(1).replace("\n", " ").split(",") if n.strip()}
        if kind == "exercise" and ("answer" in tags or "check" in tags):
            continue
        with capture_output() as cap:
            result = shell.run_cell(src, store_history=False)
        err = result.error_in_exec or result.error_before_exec
        cells.append([cell.get("id"), text_of(cap, result),
                      "" if err is None else type(err).__name__ + ": " + str(err)[:300]])
        fig = figure_numbers() if plt.get_fignums() else None
        if fig:
            figures.append([cell.get("id"), fig])
        plt.close("all")
    calls = []
    articles = shell.user_ns.get("articles")
    if isinstance(articles, dict):
        for name in sorted(imported):
            fn = shell.user_ns.get(name)
            if not callable(fn) or skip.search(name) or isinstance(fn, type):
                continue
            for label, arg in [("articles", articles)] + [(f'articles["{k}"]', v) for k, v in articles.items()]:
                with capture_output() as cap:
                    try:
                        value = fn(arg)
                        ret = repr(value)[:200000]
                    except Exception:
                        continue
                    finally:
                        plt.close("all")
                calls.append([f"{name}({label})", (cap.stdout + "\n" + ret)])
    return cells, calls, figures

for folder, kind in (("notebooks", "lesson"), ("exercises", "exercise")):
    for nb_path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
        cells, calls, figures = run(nb_path, kind)
        out[f"{kind} {nb_path.name[:2]}"] = {"cells": cells, "calls": calls, "figures": figures}
json.dump(out, sys.stdout)
'''


def run_notebooks(edition: str, root: Path = KIT_ROOT) -> dict:
    """Run every lesson and every exercise's non-answer cells in one process; return their outputs.

    ``edition`` is ``"teacher"`` (the key present) or ``"student"`` (``MEDIALIT_KEY_DIR=none``).
    """
    env = dict(os.environ, MPLBACKEND="Agg")
    env["MEDIALIT_PROGRESS"] = "none"
    if edition == "student":
        env["MEDIALIT_KEY_DIR"] = "none"
    else:
        env.pop("MEDIALIT_KEY_DIR", None)
    return subprocess.Popen([sys.executable, "-c", RUNNER, str(root), SKIP_HELPERS.pattern],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def collect(proc) -> dict:
    out, err = proc.communicate(timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the leak audit's runner failed:\n{err[-3000:]}")
    return json.loads(out)


def chunks_from_runs(runs: dict[str, dict]) -> list[Chunk]:
    """Chunks from :func:`run_notebooks` results, ``{"teacher": ..., "student": ...}``."""
    chunks = []
    for edition, result in runs.items():
        for notebook, data in result.items():
            for cell_id, text, *_ in data["cells"]:
                if text.strip():
                    chunks.append(Chunk(f"{notebook} cell `{cell_id}` ({edition}'s edition)", text))
            for call, text in data["calls"]:
                chunks.append(Chunk(f"{notebook}'s helper call `{call}` ({edition}'s edition)", text))
    return chunks


def static_chunks(root: Path = KIT_ROOT) -> list[Chunk]:
    """Lesson prose, the catalog, the README and the docs a student release ships."""
    chunks = []
    for nb_path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                chunks.append(Chunk(f"lesson {nb_path.name[:2]} prose `{cell.get('id')}`",
                                    "".join(cell["source"]), prose=True))
    catalog = root / "articles" / "catalog.json"
    if catalog.is_file():
        data = json.loads(catalog.read_text(encoding="utf-8"))
        entries = data.get("articles", [])
        entries = entries.values() if isinstance(entries, dict) else entries
        for entry in entries:
            aid = str(entry.get("id", ""))
            text = "\n".join(f"{aid} {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items())
            chunks.append(Chunk(f"articles/catalog.json entry {aid}", text))
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        if doc.name == "grading.md" or not doc.is_file():
            continue                           # docs/grading.md is not shipped to students
        chunks.append(Chunk(doc.relative_to(root).as_posix(), doc.read_text(encoding="utf-8"), prose=True))
    return chunks


# ---------------------------------------------------------------------------
# The questions
# ---------------------------------------------------------------------------
@dataclass
class Question:
    lesson: str
    qid: str
    spec: dict
    text: str                    # the question's markdown, as the exercise prints it
    anchors: list = field(default_factory=list)
    keywords: set = field(default_factory=set)


def load_questions(root: Path = KIT_ROOT) -> list[Question]:
    out = []
    for key_path in sorted((root / "solutions" / "keys").glob("[0-9][0-9]_*.json")):
        lesson = key_path.name[:2]
        key = json.loads(key_path.read_text(encoding="utf-8"))
        nb_path = root / "solutions" / f"{key_path.stem}.ipynb"
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"] if nb_path.is_file() else []
        texts, heading = {}, ""
        for c in cells:                  # a question's text: the "### Question" cell before its answer cell
            src = "".join(c["source"])
            if c["cell_type"] == "markdown" and src.lstrip().startswith("### "):
                heading = src
            question = c.get("metadata", {}).get("medialit", {}).get("question")
            if "answer" in c.get("metadata", {}).get("tags", []) and question:
                texts[question] = heading
        for qid, spec in key["questions"].items():
            text = texts.get(qid, "")
            q = Question(lesson, qid, spec, text)
            q.anchors = question_anchors(text, spec)
            q.keywords = {w for w in WORD_RE.findall(norm(text)) if len(w) >= 5 and w not in GENERIC}
            out.append(q)
    return out


def question_anchors(text: str, spec: dict | None = None) -> list[str]:
    """The question's subject: the phrases it quotes and the sentence ids it names.

    Answer-variable names, ``...`` and the question's own options are not a subject.
    """
    body = re.sub(r"^#+ .*$", "", text, flags=re.MULTILINE)
    options = {norm(o) for o in (spec or {}).get("options", [])} | {norm(o) for o in (spec or {}).get("vocabulary", [])}
    anchors = []
    for m in QUOTED_RE.finditer(body):
        a = norm(next(g for g in m.groups() if g))
        if (len(a) < 3 or a in GENERIC or a in options or re.match(r"q\d+_|check\(|\.\.\.", a)
                or "{" in a or not re.search(r"[a-z]{3}|\d{3}", a)):
            continue
        anchors.append(a)
    anchors += [f"{a}:s{n}" for a, n in ID_RE.findall(body)]
    # a bare article id ("001") names an article, not the question's subject
    return [a for a in dict.fromkeys(anchors) if not re.fullmatch(r"\d{3}", a)]


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------
SENTENCE_TEXT: dict[str, str] = {}


def sentence_words() -> dict[str, set]:
    """Each sentence id's own words (and, kept aside, its text) — printing an article is no leak."""
    from medialit.corpus import load_articles
    for art in load_articles().values():
        for s in art.sentences:
            SENTENCE_TEXT[s.id] = norm(s.text)
    return {sid: set(WORD_RE.findall(text)) for sid, text in SENTENCE_TEXT.items()}


@lru_cache(maxsize=None)
def without_article_text(line: str) -> str:
    """The line with the text of every sentence it names taken out (ids kept)."""
    for a, n in set(ID_RE.findall(line)):
        text = SENTENCE_TEXT.get(f"{a}:s{n}")
        if text:
            line = line.replace(text, " ")
            # a printed sentence may be cut or wrapped: drop runs of 6+ of its words too
            words = text.split()
            for i in range(0, max(0, len(words) - 5), 3):
                line = line.replace(" ".join(words[i:i + 6]), " ")
    return line


def _ids(x) -> set[str]:
    """Sentence ids in the kit's spelling (lower case, as chunk lines are); exercise-text ids as written."""
    from medialit.grading import normalise_ids
    try:
        return {i.lower() for i in normalise_ids(x)}
    except Exception:  # noqa: BLE001 — "T:s1" of an exercise text is not a case article's id
        items = [x] if isinstance(x, str) else list(x) if isinstance(x, (set, list, tuple, frozenset)) else []
        return {norm(i) for i in items if isinstance(i, str) and ID_RE.fullmatch(norm(i))}


def _has(line: str, answer: str) -> bool:
    """``answer`` as a whole token in ``line`` (not inside a sentence id like 004:s2)."""
    a = norm(answer)
    if not a:
        return False
    return re.search(r"(?<![\w:])" + re.escape(a) + r"(?![\w]|:s\d)", line) is not None


def _label_tokens(line: str, sid: str, words: dict) -> set[str]:
    return set(WORD_RE.findall(line)) - words.get(sid, set()) - GENERIC


def find_leaks(question: Question, chunks: list[Chunk], words: dict) -> list[str]:
    """Where the question's answer can be read; each a sentence naming the chunk and the reason."""
    spec, kind = question.spec, question.spec["kind"]
    found = []
    for chunk in chunks:
        reason = _leak_in(question, kind, spec, chunk, words)
        if reason:
            found.append(f"exercise {question.lesson} {question.qid} leaks through {chunk.where}: {reason}")
    return found


def _answers(spec) -> list[str]:
    acc = spec.get("accept", [])
    acc = acc if isinstance(acc, list) else [acc]
    out = []
    for a in acc:
        if isinstance(a, list):
            continue
        out.append(_fmt(a))
    return [a for a in out if a]


def _fmt(a) -> str:
    if isinstance(a, float):
        return f"{a:g}"
    return str(a)


def _leak_in(q: Question, kind: str, spec: dict, chunk: Chunk, words: dict) -> str | None:
    lines = chunk.lines
    if kind == "ids":
        required = _ids(spec.get("required", []))
        optional = _ids(spec.get("optional", []))
        return _ids_leak(required, optional, lines, words)
    if kind == "mapping" and spec.get("keys") == "ids":
        return _id_mapping_leak(spec, lines, words)
    if kind == "mapping":
        return _mapping_leak(spec, lines)
    if kind == "order":
        return _order_leak(spec, chunk)
    if kind == "id":
        targets = _ids(spec.get("accept", []))
        for line in lines:
            for t in targets:
                if t in line:
                    line = without_article_text(line)
                    subject = _subject(q, line, exclude=targets, near=line.find(t))
                    if subject:
                        return f"the answer id is printed next to {subject}"
        return None
    if kind in ("choice", "term", "quote", "date", "number"):
        answers = [a for a in _answers(spec) if len(a) >= 2 or kind == "number"]
        if kind == "number":
            answers = [a for a in answers] + [_fmt(float(a)) for a in answers if _is_number(a)]
        for line in lines:
            if not any(norm(a) in line for a in answers):
                continue
            line = without_article_text(line)
            for a in answers:
                m = _find(line, a)
                if m is not None:
                    subject = _subject(q, line, exclude={norm(a)}, near=m)
                    if subject:
                        return f"the answer \"{a}\" is printed next to {subject}"
    return None


def _find(line: str, answer: str):
    m = re.search(r"(?<![\w:])" + re.escape(norm(answer)) + r"(?![\w]|:s\d)", line) if norm(answer) else None
    return m.start() if m else None


def _is_number(a) -> bool:
    try:
        return math.isfinite(float(a))
    except (TypeError, ValueError):
        return False


def _subject(q: Question, line: str, exclude=(), near: int | None = None) -> str | None:
    """Does ``line`` name the question's subject close to position ``near``? Returns how, or None."""
    lo, hi = (0, len(line)) if near is None else (max(0, near - 160), near + 160)
    window = line[lo:hi]
    for anchor in q.anchors:
        if anchor in NUMBER_WORDS or anchor in exclude or any(_has(anchor, e) or _has(e, anchor) for e in exclude if e):
            continue
        if anchor in window:
            return f"the question's subject \"{anchor}\""
    shared = {w for w in q.keywords if re.search(r"\b" + re.escape(w) + r"\b", window)}
    shared -= {w for e in exclude for w in WORD_RE.findall(e)}
    if len(shared) >= 3:
        return "the question's words " + ", ".join(sorted(shared))
    return None


def _ids_leak(required: set, optional: set, lines: list, words: dict) -> str | None:
    if not required:
        return None
    arts = {r.split(":")[0] for r in required}
    per_id: dict[str, set] = {}
    for line in lines:
        for a, n in ID_RE.findall(line):
            if a in arts:
                per_id.setdefault(f"{a}:s{n}", set()).update(_label_tokens(line, f"{a}:s{n}", words))
    shown = set(per_id)
    if not required <= shown:
        return None
    others = shown - required - optional
    if len(required) >= 2 and len(others) <= 1:
        return "it lists exactly the answer's sentence ids"
    if len(required) + len(others) >= 3 and others:
        common = set.intersection(*(per_id[r] for r in required))
        for token in sorted(common):
            if not any(token in per_id[o] for o in others):
                return f"the label \"{token}\" picks out exactly the answer's sentence ids"
    return None


def _id_mapping_leak(spec: dict, lines: list, words: dict) -> str | None:
    accept = {}
    for k, v in spec["accept"].items():
        sid = next(iter(_ids(k)), None)
        if sid:
            accept[sid] = [norm(x) for x in (v if isinstance(v, list) else [v])]
    hits = set()
    for line in lines:
        for sid, values in accept.items():
            if sid in line and any(_has(line, v) and not (set(WORD_RE.findall(v)) <= words.get(sid, set()))
                                   for v in values):
                hits.add(sid)
    need = max(2, math.ceil(0.6 * len(accept))) if len(accept) > 1 else 1
    if len(hits) >= need:
        return f"it prints {len(hits)} of the {len(accept)} asked sentences with their accepted label"
    return None


def _mapping_leak(spec: dict, lines: list) -> str | None:
    accept = {norm(k): [norm(_fmt(x)) for x in (v if isinstance(v, list) else [v])] for k, v in spec["accept"].items()}
    hits = set()
    for line in lines:
        keys_here = [k for k in accept if k in line]
        if not keys_here:
            continue
        line = without_article_text(line)
        for k in keys_here:
            for v in accept[k]:
                if _is_number(v) and len(k) >= 4:
                    # a count printed after its key: "naqoura  3", "naqoura: 3 times"
                    m = re.search(re.escape(k) + r"\W{0,3}[^\d\n]{0,20}?(\d+(?:\.\d+)?)", line)
                    if m and float(m.group(1)) == float(v):
                        hits.add(k)
                    continue
                if len(v) < 3 or v in NUMBER_WORDS or v == k or v in k:
                    continue
                kpos, vpos = line.find(k), _find(line, v)
                if kpos >= 0 and vpos is not None and abs(kpos - vpos) <= 100:
                    hits.add(k)
    need = max(2, math.ceil(0.6 * len(accept))) if len(accept) > 1 else 1
    if len(hits) >= need:
        return f"it prints {len(hits)} of the {len(accept)} asked items next to their accepted value"
    return None


def _order_leak(spec: dict, chunk: Chunk) -> str | None:
    text = norm(chunk.text)
    if len(text) > 3000:
        return None
    for alt in spec.get("accept", []):
        items = [norm(i) for i in alt]
        if len(items) < 3:
            continue
        pos = [text.find(i) for i in items]
        if all(p >= 0 for p in pos) and pos == sorted(pos):
            return "it names all items in the answer's order"
    return None


def injected_leak(q: Question) -> str | None:
    """What a careless lesson cell could print that gives this question's answer away."""
    spec, kind = q.spec, q.spec["kind"]
    subject = q.anchors[0] if q.anchors else " ".join(sorted(q.keywords)[:3])
    if kind == "ids":
        others = [i for i in ("099:s1", "099:s2")]
        req = sorted(_ids(spec["required"]))
        art = req[0].split(":")[0]
        return "\n".join([f"{r}  PICKED" for r in req] + [f"{art}:s{900 + i}  OTHER" for i, _ in enumerate(others)])
    if kind == "mapping":
        return "\n".join(f"{k}  {v if not isinstance(v, list) else v[0]}" for k, v in spec["accept"].items())
    if kind == "order":
        return " then ".join(spec["accept"][0])
    if kind == "id":
        return f"{subject}: {sorted(_ids(spec['accept']))[0]}"
    if kind in ("choice", "term", "quote", "date", "number"):
        answers = _answers(spec)
        return f"{subject}: {answers[0]}" if answers else None
    return None


# ---------------------------------------------------------------------------
# Alt text against the figure
# ---------------------------------------------------------------------------
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
NUMBER = re.compile(r"(?<![\w:.-])(\d+(?:\.\d+)?)(%?)(?![\w:]|\.\d)")


def alt_text_numbers(alt: str) -> list[str]:
    """Numbers an alt text states about its figure: not ids, years, dates, or counts of things in words."""
    text = re.split(r"\n\s*\n", alt.strip())[0]          # the alt text is the first paragraph of its cell
    text = re.sub(r"\*Alt text:\*", " ", text)
    text = ID_RE.sub(" ", text)
    text = re.sub(rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:{MONTHS})\.?\s+\d{{1,2}}\b", " ", text, flags=re.IGNORECASE)
    out = []
    for m in NUMBER.finditer(text):
        n = m.group(1)
        if re.fullmatch(r"0\d\d", n) or (len(n) == 4 and 1900 <= int(n) <= 2100 and "." not in n):
            continue                       # an article id, a year
        out.append(n + m.group(2))
    return out


def alt_text_mismatches(alt: str, figure: dict) -> list[str]:
    """The numbers of the alt text that the figure neither plots nor prints."""
    values = figure.get("values", [])
    printed = " ".join(figure.get("texts", []))
    wrong = []
    for n in alt_text_numbers(alt):
        pct = n.endswith("%")
        x = float(n.rstrip("%"))
        decimals = len(n.rstrip("%").split(".")[1]) if "." in n else 0
        candidates = values + ([v * 100 for v in values] if pct else [])
        if any(round(v, decimals) == round(x, decimals) for v in candidates):
            continue
        if re.search(r"(?<![\d.])" + re.escape(n.rstrip("%")) + r"(?![\d])", printed):
            continue
        wrong.append(n)
    return wrong
