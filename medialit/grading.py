"""Graded questions: answer kinds, the answer key, and the one-line check.

A graded question in an exercise notebook is two cells:

* an **answer cell** (tag ``answer``) that assigns one variable, e.g.
  ``q3_unnamed = {"003:s7", "003:s12"}``;
* a **check cell** (tags ``check`` and ``nbval-check-output``) that runs
  ``check("q3", q3_unnamed)`` and prints exactly one line.

``grade(spec, answer)`` is a pure function: the same answer and the same key
entry always give the same :class:`Result`. The in-notebook ``check`` and the
class grader (``medialit grade``) both call it; the grader calls it outside the
student's kernel.

Example:
    >>> spec = {"kind": "choice", "points": 1, "options": ["a", "b"], "accept": ["b"],
    ...         "hint": "Read the first line again."}
    >>> grade("q1", spec, "B").line
    'q1: correct (1/1 point)'
    >>> grade("q1", spec, "a").line
    'q1: not yet (0/1 point) — that is not the option we are looking for. Hint: Read the first line again.'
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .cases import case_root
from .corpus import parse_sentence_id

KINDS = ("choice", "ids", "id", "term", "number", "date", "order", "mapping", "text", "quote")

CORRECT, NOT_YET, UNANSWERED, WRONG_FORM, UNGRADED, UNKNOWN = (
    "correct", "not yet", "not answered", "wrong form", "saved", "unknown question")


@dataclass(frozen=True)
class Result:
    """The outcome of one check: status, points and the line a student reads."""

    question: str
    status: str
    points: float
    max_points: float
    message: str = ""

    @property
    def line(self) -> str:
        pts = f"({_num(self.points)}/{_num(self.max_points)} point{'s' if self.max_points != 1 else ''})"
        if self.status == CORRECT:
            return f"{self.question}: correct {pts}"
        if self.status == UNGRADED:
            return f"{self.question}: saved — {self.message}"
        if self.status == UNKNOWN:
            return f"{self.question}: {self.message}"
        head = "not answered yet" if self.status == UNANSWERED else "not yet"
        return f"{self.question}: {head} {pts} — {self.message}"


class FormError(ValueError):
    """An answer of the wrong form, with a message that says what exactly is wrong."""


def _num(x) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def correct_line(question: str, points: float) -> str:
    """The line a correct answer prints; exercise notebooks store it as the target output.

    >>> correct_line("q2", 2)
    'q2: correct (2/2 points)'
    """
    return Result(question, CORRECT, points, points).line


# ---------------------------------------------------------------------------
# Normalising what a student may reasonably vary
# ---------------------------------------------------------------------------
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "\u00a0": " "})


def normalise_text(value) -> str:
    """Lower-case, straight quotes, single spaces, no surrounding quotes or full stop.

    >>> normalise_text("  “Historic,”  ")
    'historic'
    """
    s = unicodedata.normalize("NFKC", str(value)).translate(_QUOTES).lower()
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip(" \"'.,;:!?")
    return s


def normalise_term(value) -> str:
    """A word or short phrase, with spaces around ``+`` folded away.

    >>> normalise_term("Shift + Enter"), normalise_term(True)
    ('shift+enter', 'yes')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    return re.sub(r"\s*\+\s*", "+", normalise_text(value))


def normalise_date(value) -> str:
    """Dates as ISO / TimeML strings: ``date(2025, 12, 3)`` -> ``"2025-12-03"``.

    >>> normalise_date(" xxxx-11-19 "), normalise_date(_dt.date(2025, 12, 3))
    ('XXXX-11-19', '2025-12-03')
    """
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError
    s = value.strip().upper().replace("/", "-")
    if not re.fullmatch(r"[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?|P[0-9A-Z.]+|[A-Z_]+_REF|[0-9X]{4}-W[0-9X]{2}", s):
        raise ValueError
    return s


def normalise_ids(value, default_article=None) -> set[str]:
    """A set of sentence ids in the kit's spelling, whatever way they were typed.

    >>> sorted(normalise_ids({"003:s7", ("3", 12)})), normalise_ids(("003", 7))
    (['003:s12', '003:s7'], {'003:s7'})
    """
    if isinstance(value, str) or _is_single_id_pair(value):
        value = [value]
    if not isinstance(value, (set, frozenset, list, tuple)):
        raise TypeError
    return {f"{a}:s{n}" for a, n in (parse_sentence_id(v, default_article) for v in value)}


def _is_single_id_pair(value) -> bool:
    """("003", 10) is one id; ("003:s1", "003:s2") is two."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    first, second = value
    return ":" not in str(first) and (isinstance(second, int) or str(second).lower().lstrip("s").isdigit())


def _is_placeholder(answer) -> bool:
    return answer is Ellipsis or answer is None or (isinstance(answer, str) and answer.strip() in ("", "..."))


# ---------------------------------------------------------------------------
# grade(): one function per answer kind
# ---------------------------------------------------------------------------
def grade(question: str, spec: dict, answer) -> Result:
    """Grade one answer against one key entry. Pure: no I/O, no globals."""
    points = spec.get("points", 1)
    if _is_placeholder(answer):
        return Result(question, UNANSWERED, 0, points, "replace the ... with your answer and run both cells again.")
    kind = spec["kind"]
    try:
        ok, message = _GRADERS[kind](spec, answer)
    except FormError as exc:
        return Result(question, WRONG_FORM, 0, points, str(exc))
    except Exception:   # noqa: BLE001 — any odd answer (10**400, a lying object) costs this question only
        return Result(question, WRONG_FORM, 0, points, form_message(spec))
    if ok:
        return Result(question, CORRECT, points, points)
    hint = spec.get("hint")
    if hint:
        message = f"{message} Hint: {hint}"
    return Result(question, NOT_YET, 0, points, message)


def check_form(question: str, spec: dict, answer) -> Result:
    """Used when no key is present: is the answer of the right form? Never a verdict."""
    points = spec.get("points", 1)
    if _is_placeholder(answer):
        return Result(question, UNANSWERED, 0, points, "replace the ... with your answer and run both cells again.")
    try:
        _FORMS[spec["kind"]](spec, answer)
    except FormError as exc:
        return Result(question, WRONG_FORM, 0, points, str(exc))
    except Exception:   # noqa: BLE001 — as in grade(): never let one answer raise
        return Result(question, WRONG_FORM, 0, points, form_message(spec))
    return Result(question, UNGRADED, 0, points, "your answer has the right form; it will be graded later.")


FORM_EXAMPLES = {
    "choice": 'one of the options, as a string, e.g. "b"',
    "ids": 'a set of sentence ids, e.g. {"003:s7", "003:s12"}',
    "id": 'one sentence id, e.g. "003:s7"',
    "term": 'a word or short phrase in quotes, e.g. "militia"',
    "number": "a number, e.g. 4",
    "date": 'a date in quotes, e.g. "2025-11-23" (use XXXX for an unknown year: "XXXX-11-23")',
    "order": 'a list in order, e.g. ["first", "second", "third"]',
    "mapping": 'a dictionary, e.g. {"003:s7": "UNNAMED"}',
    "text": 'a short text in quotes, e.g. "Because ..."',
    "quote": "the exact words from the article, in quotes",
}


def form_message(spec: dict) -> str:
    """What an answer of this kind looks like; a choice gives one of *its* options as the example.

    >>> form_message({"kind": "choice", "options": ["compatible", "contradictory"]})
    'the answer should be one of the options, as a string, e.g. "compatible". Options: compatible, contradictory.'
    """
    example = FORM_EXAMPLES[spec["kind"]]
    if spec["kind"] == "choice" and spec.get("options"):
        example = f'one of the options, as a string, e.g. "{spec["options"][0]}"'
    elif spec["kind"] == "mapping" and spec.get("vocabulary"):
        example = f'a dictionary whose values are among: {", ".join(map(str, spec["vocabulary"]))}'
    msg = "the answer should be " + spec.get("form", example) + "."
    if spec["kind"] == "choice" and spec.get("options"):
        msg += " Options: " + ", ".join(str(o) for o in spec["options"]) + "."
    return msg


def _not_allowed(got, allowed, what):
    """A FormError naming the values that are not among the allowed ones."""
    bad = ", ".join(f'"{g}"' for g in sorted(got))
    allowed_txt = ", ".join(str(a) for a in allowed)
    return FormError(f"{bad} {'is' if len(got) == 1 else 'are'} not {what}. Allowed: {allowed_txt}.")


def _choice_form(spec, answer):
    if not isinstance(answer, (str, bool, int)) or isinstance(answer, float):
        raise TypeError
    norm = normalise_term(answer)
    options = [normalise_term(o) for o in spec.get("options", [])]
    if options and norm not in options:
        raise _not_allowed({str(answer)}, spec["options"], "one of the options")
    return norm


def _grade_choice(spec, answer):
    norm = _choice_form(spec, answer)
    if norm in {normalise_term(a) for a in spec["accept"]}:
        return True, ""
    return False, _mistake(spec, norm, normalise_term) or "that is not the option we are looking for."


def _ids_form(spec, answer):
    ids = normalise_ids(answer, spec.get("article"))
    if not ids:
        raise ValueError
    return ids


def _grade_ids(spec, answer):
    ids = _ids_form(spec, answer)
    required = normalise_ids(spec["required"], spec.get("article"))
    optional = normalise_ids(spec.get("optional", []), spec.get("article")) if spec.get("optional") else set()
    extra = ids - required - optional
    missing = required - ids
    if not extra and not missing:
        return True, ""
    if spec.get("article"):
        others = {i for i in extra if not i.startswith(spec["article"] + ":")}
        if others:
            return False, f"{_count(len(others), 'id')} from another article; this question is about article {spec['article']}."
    parts = []
    if extra:
        parts.append(f"{_count(len(extra), 'sentence')} in your set {'do' if len(extra) != 1 else 'does'} not belong")
    if missing:
        parts.append(f"{_count(len(missing), 'sentence')} {'are' if len(missing) != 1 else 'is'} missing")
    return False, "; ".join(parts) + "."


def _id_form(spec, answer):
    if not isinstance(answer, (str, tuple, list)):
        raise TypeError
    a, n = parse_sentence_id(answer, spec.get("article"))
    return f"{a}:s{n}"


def _grade_id(spec, answer):
    sid = _id_form(spec, answer)
    accepted = normalise_ids(spec["accept"], spec.get("article"))
    if sid in accepted:
        return True, ""
    return False, _mistake(spec, sid, lambda v: _id_form(spec, v)) or "that is not the sentence we are looking for."


def _term_form(spec, answer):
    if not isinstance(answer, str):
        raise TypeError
    norm = normalise_term(answer)
    vocab = [normalise_term(v) for v in spec.get("vocabulary", [])]
    if not norm:
        raise ValueError
    if vocab and norm not in vocab:
        raise _not_allowed({answer}, spec["vocabulary"], "one of the words this question takes")
    return norm


def _grade_term(spec, answer):
    norm = _term_form(spec, answer)
    if norm in {normalise_term(a) for a in spec["accept"]}:
        return True, ""
    return False, _mistake(spec, norm, normalise_term) or "that is not the word or phrase we are looking for."


def _number_form(spec, answer):
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or not math.isfinite(answer):
        raise TypeError
    return answer


def _grade_number(spec, answer):
    value = _number_form(spec, answer)
    tol = spec.get("tolerance", 0)
    targets = spec["accept"] if isinstance(spec["accept"], list) else [spec["accept"]]
    if any(abs(value - t) <= tol for t in targets):
        return True, ""
    msg = _mistake(spec, value, lambda v: v)
    if msg:
        return False, msg
    direction = "too high" if value > max(targets) else "too low" if value < min(targets) else "not right"
    return False, f"your number is {direction}."


def _grade_date(spec, answer):
    value = normalise_date(answer)
    accepted = [normalise_date(a) for a in spec["accept"]]
    if value in accepted:
        return True, ""
    msg = _mistake(spec, value, normalise_date)
    if msg:
        return False, msg
    target = accepted[0]
    if len(value) != len(target):
        return False, "the date is not given to the right precision (day, month or year)."
    parts = ["year", "month", "day"]
    wrong = [p for p, a, b in zip(parts, value.split("-"), target.split("-")) if a != b]
    return False, "the " + " and the ".join(wrong) + (" are" if len(wrong) > 1 else " is") + " not right."


def _order_form(spec, answer):
    if not isinstance(answer, (list, tuple)):
        raise TypeError
    items = [normalise_term(a) for a in answer]
    vocab = {normalise_term(v) for v in spec.get("vocabulary", [])}
    if vocab and not set(items) <= vocab:
        raise _not_allowed({str(a) for a in answer if normalise_term(a) not in vocab}, spec["vocabulary"],
                           "among the items of this question")
    return items


def _grade_order(spec, answer):
    items = _order_form(spec, answer)
    accepted = [[normalise_term(a) for a in alt] for alt in spec["accept"]]
    if items in accepted:
        return True, ""
    target = accepted[0]
    if sorted(items) != sorted(target):
        return False, "your list does not hold exactly the items asked for."
    right = sum(a == b for a, b in zip(items, target))
    return False, f"{right} of {len(target)} items {'is' if right == 1 else 'are'} in the right place."


def _norm_key(spec, k):
    if spec.get("keys") == "ids":
        a, n = parse_sentence_id(k, spec.get("article"))
        return f"{a}:s{n}"
    return normalise_term(k)


def _norm_value(spec, v):
    """A mapping's value: a date when the key says ``"values": "dates"``, else a term."""
    return normalise_date(v) if spec.get("values") == "dates" else normalise_term(v)


def _mapping_form(spec, answer):
    if not isinstance(answer, dict):
        raise TypeError
    got = {_norm_key(spec, k): _norm_value(spec, v) for k, v in answer.items()}
    vocab = {normalise_term(v) for v in spec.get("vocabulary", [])}
    if vocab and not set(got.values()) <= vocab:
        raise _not_allowed({str(v) for v in answer.values() if normalise_term(v) not in vocab},
                           spec["vocabulary"], "among the labels this question takes")
    return got


def _grade_mapping(spec, answer):
    got = _mapping_form(spec, answer)
    typical = _mistake(spec, got, lambda v: _mapping_form(spec, v))   # a whole typical wrong dictionary
    if typical:
        return False, typical
    expected = {}
    for k, v in spec["accept"].items():
        alts = v if isinstance(v, list) else [v]
        expected[_norm_key(spec, k)] = {_norm_value(spec, a) for a in alts}
    if set(got) != set(expected):
        unexpected = sorted(set(got) - set(expected))
        missing = sorted(set(expected) - set(got))
        parts = []
        if unexpected:
            parts.append("your dictionary has " + ", ".join(f'"{k}"' for k in unexpected)
                         + f" as {'a key' if len(unexpected) == 1 else 'keys'} the question does not ask about")
        if missing:
            parts.append("it has no entry for " + ", ".join(f'"{k}"' for k in missing))
        return False, "; ".join(parts) + f" (the question asks about {_count(len(expected), 'item')})."
    right = sum(got[k] in expected[k] for k in expected)
    if right == len(expected):
        return True, ""
    return False, f"{right} of {len(expected)} {'is' if right == 1 else 'are'} right."


def _text_form(spec, answer):
    if not isinstance(answer, str):
        raise TypeError
    norm = normalise_text(answer)
    if len(norm) < spec.get("min_length", 2):
        raise ValueError
    return norm


def _grade_text(spec, answer):
    norm = _text_form(spec, answer)
    groups = spec["must_mention"]
    found = sum(any(normalise_text(alt) in norm for alt in group) for group in groups)
    forbidden = [normalise_text(f) for f in spec.get("must_not_mention", [])]
    if found == len(groups) and not any(f in norm for f in forbidden):
        return True, ""
    if found == len(groups):
        return False, "your answer also says something the texts do not support."
    return False, f"your answer names {found} of the {len(groups)} things a full answer names."


def _grade_quote(spec, answer):
    norm = _text_form(spec, answer)
    source = normalise_text(spec["source_text"]) if spec.get("source_text") else None
    if source is not None and norm not in source:
        return False, "that is not an exact quote from the article; copy the words as printed."
    if any(normalise_text(a) in norm for a in spec["accept"]) and len(norm) <= spec.get("max_length", 200):
        return True, ""
    return False, _mistake(spec, norm, normalise_text) or "those words are in the article, but they are not the ones asked for."


def _mistake(spec, value, norm) -> str | None:
    """A key may name typical mistakes with a message of their own."""
    for m in spec.get("mistakes", []):
        try:
            if norm(m["answer"]) == value:
                return m["message"]
        except (TypeError, ValueError):
            continue
    return None


def _count(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


_GRADERS = {"choice": _grade_choice, "ids": _grade_ids, "id": _grade_id, "term": _grade_term,
            "number": _grade_number, "date": _grade_date, "order": _grade_order,
            "mapping": _grade_mapping, "text": _grade_text, "quote": _grade_quote}
_FORMS = {"choice": _choice_form, "ids": _ids_form, "id": _id_form, "term": _term_form,
          "number": _number_form, "date": lambda spec, answer: normalise_date(answer), "order": _order_form,
          "mapping": _mapping_form, "text": _text_form, "quote": _text_form}


# ---------------------------------------------------------------------------
# The answer key on disk
# ---------------------------------------------------------------------------
def key_dir() -> Path | None:
    """Where answer keys live: ``$MEDIALIT_KEY_DIR`` or ``solutions/keys`` of the active case.

    ``MEDIALIT_KEY_DIR=none`` (set by the class grader and in a student
    release) means there is no key: ``check`` only checks the form.
    """
    env = os.environ.get("MEDIALIT_KEY_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "none") else Path(env)
    return case_root() / "solutions" / "keys"


def key_path(lesson: str, folder: Path | None = None) -> Path | None:
    """The key file of a lesson (``"02"`` or ``"02_who_says_so"``), or None."""
    folder = folder if folder is not None else key_dir()
    if folder is None or not folder.is_dir():
        return None
    prefix = lesson.split("_")[0]
    matches = sorted(folder.glob(f"{prefix}_*.json"))
    return matches[0] if matches else None


def load_key(lesson: str, folder: Path | None = None) -> dict | None:
    """The answer key of a lesson as a dict, or None when no key is present."""
    path = key_path(lesson, folder)
    if path is None:
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load_questions(lesson: str) -> dict:
    """The question forms of a lesson (kind, points, vocabulary) without the key.

    Kept beside the notebooks in ``exercises/questions/`` so that a student
    release can check the form of an answer with no key present.
    """
    path = case_root() / "exercises" / "questions" / f"{lesson.split('_')[0]}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {}


# Fields of a key entry that tell the form of an answer, not the answer itself.
FORM_FIELDS = ("kind", "points", "options", "vocabulary", "article", "keys", "values", "form", "min_length")


def public_questions(key: dict) -> dict:
    """Strip a key down to what a student may see: the form of each answer."""
    return {q: {f: spec[f] for f in FORM_FIELDS if f in spec} for q, spec in key["questions"].items()}


class Checker:
    """The ``check`` of one lesson's exercise notebook.

    >>> check = Checker("00")
    >>> check("q1", ...)
    q1: not answered yet (0/1 point) — replace the ... with your answer and run both cells again.

    A lesson that only *demonstrates* a check passes ``record=False``, so that
    running the lesson never writes to the student's self-study progress.
    """

    def __init__(self, lesson: str, record: bool = True):
        self.lesson = lesson
        self.record = record
        self._key = load_key(lesson)
        self._forms = public_questions(self._key) if self._key else load_questions(lesson)

    def result(self, question: str, answer) -> Result:
        if self._key is not None:
            spec = self._key["questions"].get(question)
            if spec is None:
                return Result(question, UNKNOWN, 0, 0, f"no question {question!r} in lesson {self.lesson}; check the question id.")
            return grade(question, spec, answer)
        spec = self._forms.get(question)
        if spec is None:
            return Result(question, UNKNOWN, 0, 0, f"no question {question!r} in lesson {self.lesson}; check the question id.")
        return check_form(question, spec, answer)

    def __call__(self, question: str, answer) -> None:
        result = self.result(question, answer)
        print(result.line)
        if self.record:
            from .progress import record_result   # outcome only: never the answer or the key
            record_result(self.lesson, result)

    def __repr__(self) -> str:
        mode = "self-check with the answer key" if self._key else "form check only (no answer key here)"
        return f"<check for lesson {self.lesson}: {mode}>"


def _show(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"`{k}` → {_show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " / ".join(_show(v) for v in value) if value and not isinstance(value[0], list) else \
            " or ".join("[" + ", ".join(_show(x) for x in v) + "]" for v in value)
    return f"`{value}`"


def answer_notes_markdown(key: dict) -> str:
    """The teacher's answer notes of a key, as Markdown (accepted answers, why, mistakes, rubrics).

    >>> print(answer_notes_markdown({"questions": {"q1": {"kind": "number", "points": 1, "accept": 0,
    ...       "why": "No byline.", "hint": "Look."}}}).splitlines()[0])
    **q1** · number · 1 point — accepted: `0`
    """
    lines = []
    for q, spec in key.get("questions", {}).items():
        pts = spec.get("points", 1)
        if spec["kind"] == "ids":
            accepted = "required " + _show(spec["required"]) + (
                "; may also include " + _show(spec["optional"]) if spec.get("optional") else "")
        elif spec["kind"] == "text":
            accepted = "must mention " + " and ".join("(" + " / ".join(g) + ")" for g in spec["must_mention"])
        else:
            accepted = _show(spec.get("accept"))
        lines.append(f"**{q}** · {spec['kind']} · {pts} point{'s' if pts != 1 else ''} — accepted: {accepted}")
        lines.append("")
        lines.append(f"- *Why:* {spec.get('why', '')}")
        if spec.get("hint"):
            lines.append(f"- *Hint students see:* {spec['hint']}")
        for m in spec.get("mistakes", []):
            lines.append(f"- *Typical mistake* {_show(m['answer'])}: {m['message']}")
        lines.append("")
    for rid, rubric in key.get("rubrics", {}).items():
        lines.append(f"**{rid}** · discussion · {rubric.get('points', 0)} points — {rubric.get('question', '')}")
        lines.append("")
        lines.append("| level | what the answer contains |")
        lines.append("|---|---|")
        for level in ("Correct", "Partial", "Incorrect"):
            lines.append(f"| {level} | {rubric.get(level, '')} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def kit_reading(lesson: str, section: str | None = None):
    """A section of the kit's careful reading stored in a lesson's key, or None without a key.

    The keys hold, beside the questions, the kit's reading of the articles for that
    lesson (e.g. lesson 03's "expressions"). A student release has no key: then None.
    The exercise's answers (``questions``, ``rubrics``) are not part of the reading a
    lesson shows, so they are never returned here; without a section, the reading
    comes without them.

    >>> isinstance(kit_reading("03", "expressions"), list)
    True
    >>> kit_reading("03", "questions")
    Traceback (most recent call last):
    ...
    KeyError: 'questions: the exercise answers are not part of the kit reading'
    """
    if section in ANSWER_SECTIONS:
        raise KeyError(f"{section}: the exercise answers are not part of the kit reading")
    key = load_key(lesson)
    if key is None:
        return None
    if section is None:
        return {k: v for k, v in key.items() if k not in ANSWER_SECTIONS}
    return key.get(section)


ANSWER_SECTIONS = ("questions", "rubrics")
