"""A fact-check of the kit by the kit: every quote the kit credits to a sentence is in that sentence.

Wherever the kit writes a sentence id next to a quotation — ``003:s7 "…"``,
``“…” (003:s7)`` — in an answer key, a lesson's or solution's prose, the glossary,
an instructor page or the README, the quoted words must stand in that sentence of
the article, as printed (curly or straight quotes, case and spacing aside; "…"
or "..." inside a quote may skip words). The figures' alt text is checked against
the plotted numbers in ``tests/test_no_leaks.py``, which runs the lessons once for both.
"""
import json
import re

import pytest

from conftest import KIT_ROOT
from medialit.corpus import load_articles

ID = r"(?P<id>\d{3}:s\d+)"
QUOTE = r"[\"“](?P<quote>[^\"“”\n]{6,400}?)[\"”]"
# an id followed closely by a quotation, or a quotation followed closely by an id in brackets
AFTER_ID = re.compile(r"(?<![(\[])" + ID + r"(?:`|\*\*?)?(?: ?[:—–-] ?| \(| says,? | reads,? )?\s?" + QUOTE)
BEFORE_ID = re.compile(QUOTE + r"\s?[,.]?\s?[(\[]`?" + ID + r"`?[)\]]")
_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_FOLD).lower()).strip()


@pytest.fixture(scope="module")
def sentences():
    return {s.id: fold(s.text) for art in load_articles().values() for s in art.sentences}


def texts_to_check():
    """(where, text) for every place the kit writes about the articles."""
    for key in sorted((KIT_ROOT / "solutions" / "keys").glob("*.json")):
        yield key.relative_to(KIT_ROOT).as_posix(), "\n".join(_strings(json.loads(key.read_text(encoding="utf-8"))))
    for folder in ("notebooks", "solutions"):
        for nb in sorted((KIT_ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
            yield nb.relative_to(KIT_ROOT).as_posix(), "\n\n".join(
                "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for md in [KIT_ROOT / "README.md", KIT_ROOT / "docs" / "glossary.md", *sorted((KIT_ROOT / "docs" / "instructor").glob("*.md"))]:
        if md.is_file():
            yield md.relative_to(KIT_ROOT).as_posix(), md.read_text(encoding="utf-8")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def quoted_pairs(text: str):
    """Every (sentence id, quoted words) pair the text places side by side."""
    for pattern in (AFTER_ID, BEFORE_ID):
        for m in pattern.finditer(text):
            if not re.search(r"[`{}()=\[\]]", m.group("quote")):     # code, not a quotation
                yield m.group("id"), m.group("quote")


def is_in_sentence(quote: str, sentence: str) -> bool:
    quote = quote.replace("**", "").replace("*", "")          # markdown emphasis is the kit's, not the article's
    parts = [p.strip(" ,.;:'\"") for p in re.split(r"…|\.\.\.|\[[^\]]*\]", fold(quote))]
    return all(p in sentence for p in parts if len(p) >= 2)


PLACES = list(texts_to_check())


@pytest.mark.parametrize("where,text", PLACES, ids=[w for w, _ in PLACES])
def test_every_quote_next_to_a_sentence_id_is_in_that_sentence(where, text, sentences):
    wrong = []
    case_articles = {s.split(":")[0] for s in sentences}
    for sid, quote in quoted_pairs(text):
        if sid.split(":")[0] not in case_articles:
            continue                  # an exercise text written for the kit (e.g. 901), not a case article
        if sid not in sentences:
            wrong.append(f"{sid} does not exist (quoted: \"{quote}\")")
        elif not is_in_sentence(quote, sentences[sid]):
            wrong.append(f"\"{quote}\" is not in {sid}: \"{sentences[sid][:160]}…\"")
    assert not wrong, f"{where}:\n" + "\n".join(wrong)


def test_the_check_catches_a_broken_quote(sentences):
    sid, text = next(iter(sentences.items()))
    good = f'{sid} "{text[5:40]}"'
    bad = f'{sid} "{text[5:40]} and something it never said"'
    assert all(is_in_sentence(q, sentences[s]) for s, q in quoted_pairs(good))
    assert not all(is_in_sentence(q, sentences[s]) for s, q in quoted_pairs(bad))
    assert list(quoted_pairs(f'the phrase “{text[5:40]}” ({sid})')) == [(sid, text[5:40])]
