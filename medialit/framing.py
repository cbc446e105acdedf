"""How is it told? Actor labels, loaded terms, keyness (lesson 04).

Framing, in Entman's (1993) words, is to "select some aspects of a perceived
reality and make them more salient in a communicating text". This module gives
a reader four instruments for seeing those choices, all offline:

* :func:`find_mentions` and :func:`find_labels`: where each actor (Hezbollah,
  Israel, ...) is mentioned and which labels are attached to it
  (appositives "Hezbollah, the Lebanese Shiite militant group", descriptors
  before the name "the military group Hezbollah", "Iran-backed Hezbollah",
  "militants associated with Hamas", "the group" pointing back, and a city
  standing for a government: "West Jerusalem has said");
* :func:`find_terms`: hits of the kit's framing lexicon
  (``framing_lexicon.json``: categories, definitions and sources);
* :func:`keyness`: which words are unusually frequent in one text against a
  reference set, by log-likelihood (Dunning 1993; Rayson & Garside 2000),
  counted with ``nltk.FreqDist``;
* :func:`collocations` (``nltk`` BigramCollocationFinder with the kit's own
  STOPWORDS) and :func:`actor_concordance` (every mention in context, with
  sentence ids).

The lexicon lives in ``framing_lexicon.json`` beside this module. Its format:
``{"about": ..., "references": {short name: full reference}, "categories": {name:
{"title", "definition", "source", "terms": [lower-case word sequences]}}}``. A term
matches whole word tokens (``medialit.corpus.words``), longest term first, so
"air strike" is one hit and not also "strike"; list every inflected form you want
counted. The category ``metonyms`` has ``"from_actors": true``: its hits come from
:func:`find_labels` (a city is a government only when it acts or speaks). To try
another lexicon, pass ``lexicon=load_lexicon("my.json")``.

The finders are patterns, not a parser: they catch the common English shapes
and miss others (a label two sentences away, irony, a label inside a quote
that the writer rejects). The lesson shows the kit's careful reading beside
the helper's output so that students see both.

Example:
    >>> art = Article.from_text("t1", "Talks began. Voltaria, the separatist rebel group, rejected them.")
    >>> actors = [Actor("Voltaria", names=("Voltaria",), kind="group")]
    >>> [(lab.actor, lab.label, lab.kind) for lab in find_labels(art, actors)]
    [('Voltaria', 'the separatist rebel group', 'appositive')]
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import nltk

from .corpus import STOPWORDS, Article, words

LEXICON_PATH = Path(__file__).with_name("framing_lexicon.json")

# ---------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Someone the story is about, and the surface forms that name it.

    ``names`` are matched case-sensitively as whole words ("US" but not "us").
    ``metonyms`` are places or epithets that can stand for the actor; each is
    ``(form, when)`` with ``when`` = ``"always"`` (West Jerusalem is never the
    place in these stories) or ``"subject"`` (Beirut counts only when a verb
    follows: "Beirut has warned"). ``kind`` is ``"group"`` or ``"state"``:
    "the group" / "the party" point back to the last *group* mentioned.
    """

    name: str
    names: tuple = ()
    metonyms: tuple = ()
    epithets: tuple = ()
    kind: str = "state"


DEFAULT_ACTORS = (
    Actor("Hezbollah", names=("Hezbollah", "Hizbollah", "Hizballah", "Hizbullah"), kind="group"),
    Actor("Hamas", names=("Hamas",), kind="group"),
    Actor("Israel", names=("Israel Defense Forces", "Israel", "Israeli", "Israelis", "IDF"),
          metonyms=(("West Jerusalem", "always"), ("Tel Aviv", "always"), ("Jerusalem", "subject")),
          epithets=("the Jewish State", "the Jewish state", "the Zionist entity")),
    Actor("Lebanon", names=("Lebanon", "Lebanese"), metonyms=(("Beirut", "subject"),)),
    Actor("US", names=("United States", "U.S.", "US", "USA", "American", "Americans"),
          metonyms=(("Washington", "always"), ("White House", "always"))),
    Actor("Russia", names=("Russia", "Russian", "Russians"),
          metonyms=(("Moscow", "subject"), ("Kremlin", "always"))),
)

# Nouns that can head a label for a group or a state ("the X group").
HEAD_NOUNS = (
    "group", "groups", "militia", "militias", "movement", "organization", "organisation",
    "party", "faction", "force", "forces", "army", "wing", "network", "government", "state",
    "country", "nation", "ally", "proxy", "militants", "terrorists", "fighters", "rebels",
    "insurgents", "outfit", "bloc", "alliance", "regime", "administration", "coalition",
    "entity", "elements", "guerrillas", "separatists", "extremists", "cell", "cells",
)
# Words that end an appositive before its head noun would run on.
_APPOSITIVE_STOP = {"that", "which", "who", "whose", "located", "based", "and", "or", "but", "in", "on", "at", "to"}
# Verbs that make a city the subject of a sentence ("Beirut has warned").
AGENT_VERBS = {
    "has", "have", "had", "is", "was", "will", "would", "could", "says", "said", "claims", "claimed",
    "warned", "warns", "accused", "accuses", "urged", "urges", "rejected", "rejects", "insists",
    "insisted", "denied", "denies", "demanded", "demands", "wants", "announced", "announces",
    "responded", "condemned", "condemns", "hopes", "sees", "believes", "says", "told", "refused",
}
LINK_WORDS = ("associated with", "linked to", "affiliated with", "loyal to", "backed by",
              "allied with", "tied to", "aligned with", "belonging to", "operated by", "run by")
ANAPHORS = ("group", "party", "militia", "movement", "organization", "organisation")
_QUOTES = "'‘’\"“”"


@dataclass(frozen=True)
class Mention:
    """One place where an actor is named.

    ``kind``: ``"name"`` (Israel), ``"adjective"`` (Israeli), ``"metonym"``
    (West Jerusalem), ``"epithet"`` (the Jewish State).
    """

    actor: str
    form: str
    sentence_id: str
    kind: str
    start: int      # character offsets inside the sentence
    end: int


@dataclass(frozen=True)
class Label:
    """A label attached to an actor in one sentence.

    ``kind``: ``"appositive"`` (Hamas, a Palestinian resistance group),
    ``"relative"`` (Hamas, which has been designated a terrorist organization:
    the label is "designated a terrorist organization"),
    ``"descriptor"`` (the military group Hezbollah), ``"modifier"``
    (Iran-backed Hezbollah), ``"linked"`` (militants associated with Hamas),
    ``"anaphor"`` (the group, pointing back), ``"metonym"``, ``"epithet"``.
    """

    actor: str
    label: str
    sentence_id: str
    kind: str
    start: int
    end: int


def _word_re(forms) -> str:
    """A regex alternative of forms, longest first, as whole words."""
    forms = sorted(set(forms), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)"


def _adjective_form(actor: Actor, form: str) -> bool:
    return form.endswith(("i", "ian", "ese", "can", "ians", "is", "cans")) and form not in ("Hamas", "Hezbollah")


def _text_sentences(article: Article, include_boilerplate: bool = False):
    return [s for s in article.sentences if include_boilerplate or not s.is_boilerplate]


def find_mentions(article: Article, actors=DEFAULT_ACTORS, include_boilerplate: bool = False) -> list[Mention]:
    """Every mention of every actor, in reading order.

    >>> art = Article.from_text("t2", "Israeli jets struck. West Jerusalem said so. Beirut, the capital, was hit.")
    >>> [(m.actor, m.form, m.kind) for m in find_mentions(art)]
    [('Israel', 'Israeli', 'adjective'), ('Israel', 'West Jerusalem', 'metonym')]
    """
    out = []
    for s in _text_sentences(article, include_boilerplate):
        taken: list[tuple[int, int]] = []
        found = []
        for actor in actors:
            special = [(f, "epithet") for f in actor.epithets] + [(f, "metonym") for f, _ in actor.metonyms]
            for form, kind in special:
                when = dict(actor.metonyms).get(form, "always")
                for m in re.finditer(_word_re([form]), s.text):
                    if when == "subject" and not _is_subject(s.text, m.start(), m.end()):
                        continue
                    found.append((m.start(), m.end(), actor.name, m.group(0), kind))
        # names after the longer special forms, so "West Jerusalem" is not also "Jerusalem"
        found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept = []
        for f in found:
            if not any(f[0] < e and b < f[1] for b, e in taken):
                kept.append(f)
                taken.append((f[0], f[1]))
        for actor in actors:
            if not actor.names:
                continue
            for m in re.finditer(_word_re(actor.names), s.text):
                if any(m.start() < e and b < m.end() for b, e in taken):
                    continue
                kind = "adjective" if _adjective_form(actor, m.group(0)) else "name"
                kept.append((m.start(), m.end(), actor.name, m.group(0), kind))
                taken.append((m.start(), m.end()))
        for b, e, name, form, kind in sorted(kept):
            out.append(Mention(name, form, s.id, kind, b, e))
    return out


def _is_subject(text: str, start: int, end: int) -> bool:
    """True when a place name is used as the subject of a verb ("Beirut has warned").

    Not after a preposition ("the embassy in Beirut said"), not before a
    comma or a possessive, not in "Beirut is a city".

    >>> _is_subject("Beirut has warned.", 0, 6), _is_subject("the embassy in Beirut said", 15, 21)
    (True, False)
    """
    if text[end:end + 1] in (",", "’", "'", "-"):
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 20):start])
    if before and before[-1].lower() in _PREPOSITIONS:
        return False
    after = [w.lower() for w in re.findall(r"[A-Za-z]+", text[end:end + 40])]
    if len(after) > 1 and after[0] in ("is", "was") and after[1] in ("a", "an", "the"):
        return False
    return bool(after) and (after[0] in AGENT_VERBS or
                            (len(after) > 1 and after[0].endswith("ly") and after[1] in AGENT_VERBS))


_PREPOSITIONS = {"in", "on", "at", "of", "to", "from", "near", "over", "into", "across", "around", "toward",
                 "towards", "outside", "inside", "via", "through", "for", "by", "with"}


def find_labels(article: Article, actors=DEFAULT_ACTORS, include_boilerplate: bool = False) -> list[Label]:
    """Labels attached to each actor, sentence by sentence (see :class:`Label`).

    >>> art = Article.from_text("t3", "The Iran-backed Hezbollah fired. Officials said the group had rockets.")
    >>> [(lab.label, lab.kind) for lab in find_labels(art)]
    [('Iran-backed', 'modifier'), ('the group', 'anaphor')]
    """
    out: list[Label] = []
    last_group: str | None = None
    last_group_sentence = -99
    groups = {a.name for a in actors if a.kind == "group"}
    for index, s in enumerate(_text_sentences(article, include_boilerplate)):
        text = s.text
        spans: list[tuple[int, int]] = []
        found: list[Label] = []

        def add(actor, label, kind, b, e):
            if any(b < e2 and b2 < e for b2, e2 in spans):
                return
            spans.append((b, e))
            found.append(Label(actor, label.strip(), s.id, kind, b, e))

        for actor in actors:
            if not actor.names:
                continue
            name = _word_re(actor.names)
            # Appositive: "Hezbollah, the Lebanese Shiite militant group,"
            for m in re.finditer(name + r",\s+((?:the|a|an)\s+[^,.;:—–()]+)", text):
                label = _trim_appositive(m.group(1))
                if label:
                    add(actor.name, label, "appositive", m.start(1), m.start(1) + len(label))
            # Relative clause: "Hamas, which has been designated a terrorist organization"
            for m in re.finditer(name + r",\s+(?:which|who)\s+(?:is|was|are|were|has been|have been|had been)"
                                 r"(?:\s+(?:widely|often|long))?\s+((?:[a-z]+\s+){0,2}?(?:a|an|the)\s+"
                                 r"(?:[\w’'-]+\s+){0,3}?(?:" + "|".join(HEAD_NOUNS) + r"))\b", text):
                add(actor.name, m.group(1), "relative", m.start(1), m.end(1))
            # Descriptor before the name: "the military group Hezbollah"
            for m in re.finditer(r"\b((?:[Tt]he|[Aa]n?)\s+(?:[\w’'-]+\s+){0,3}?(?:" + "|".join(HEAD_NOUNS) + r"))\s+"
                                 + name, text):
                # "the most cooperative government Israel has seen": a clause, not a label
                if re.match(r"\s+(?:has|have|had|is|was|would|will|can|could)\b", text[m.end():]):
                    continue
                add(actor.name, m.group(1), "descriptor", m.start(1), m.end(1))
            # Hyphenated modifier: "Iran-backed Hezbollah", "pro-Hamas"
            for m in re.finditer(r"\b([A-Z][\w]*-(?:backed|linked|aligned|allied|funded|sponsored|supported|"
                                 r"affiliated|led|controlled))\s+" + name, text):
                add(actor.name, m.group(1), "modifier", m.start(1), m.end(1))
            # Linked people or places: "militants associated with Hamas"
            for m in re.finditer(r"(" + "|".join(LINK_WORDS) + r")\s+" + name, text):
                before = text[:m.start()].rstrip()
                label_start = _phrase_before(before)
                if label_start is not None:
                    add(actor.name, text[label_start:len(before)], "linked", label_start, len(before))
        # Metonyms and epithets come from find_mentions (one definition).
        one = Article(article.id, article.text)
        one.sentences = [s]
        for mention in find_mentions(one, actors, include_boilerplate=True):
            if mention.kind in ("metonym", "epithet"):
                add(mention.actor, mention.form, mention.kind, mention.start, mention.end)
        # "the group" / "the party" pointing back to the last group mentioned.
        events = [(m.start, "mention", m.actor) for m in find_mentions(one, actors, include_boilerplate=True)]
        for m in re.finditer(r"\b[Tt]he (" + "|".join(ANAPHORS) + r")\b(?![\w-])", text):
            events.append((m.start(), "anaphor", (m.group(0), m.start(), m.end())))
        for pos, what, value in sorted(events, key=lambda e: e[0]):
            if what == "mention":
                if value in groups:
                    last_group, last_group_sentence = value, index
            elif last_group and index - last_group_sentence <= 2:
                label, b, e = value
                if not re.match(r"\s+" + _any_name(actors), text[e:]):
                    add(last_group, label, "anaphor", b, e)
        out.extend(sorted(found, key=lambda lab: lab.start))
    return out


def _any_name(actors) -> str:
    return _word_re([n for a in actors for n in a.names])


def _trim_appositive(phrase: str) -> str | None:
    """Keep an appositive up to its head noun; None when it has no head noun.

    >>> _trim_appositive("the Iran-backed Shi’ite militia that has been a focal point")
    'the Iran-backed Shi’ite militia'
    >>> _trim_appositive("a demand that has been a persistent point") is None
    True
    """
    toks = phrase.split()
    kept = []
    for i, tok in enumerate(toks):
        if i > 0 and tok.lower() in _APPOSITIVE_STOP:
            break
        kept.append(tok)
        if len(kept) > 8:
            break
    while kept and kept[-1].lower().strip(_QUOTES) not in HEAD_NOUNS:
        kept.pop()
    return " ".join(kept) if len(kept) >= 2 else None


def _phrase_before(before: str) -> int | None:
    """Start of the label before "linked to": a quoted phrase or the last word."""
    if before and before[-1] in _QUOTES:
        opening = max(before.rfind(q, 0, len(before) - 1) for q in "'‘\"“")
        return opening if opening >= 0 else None
    m = re.search(r"[\w-]+$", before)
    if not m or m.group(0).lower() in STOPWORDS:
        return None
    return m.start()


def label_table(articles, actors=DEFAULT_ACTORS) -> list[dict]:
    """One row per actor and article: mentions, name forms and labels with counts.

    >>> arts = {"t4": Article.from_text("t4", "Hamas, a militant group, spoke. Hamas spoke again.")}
    >>> row = [r for r in label_table(arts) if r["actor"] == "Hamas"][0]
    >>> row["actor"], row["mentions"], row["labels"]
    ('Hamas', 2, 'a militant group (t4:s1)')
    """
    rows = []
    arts = _as_dict(articles)
    found = {aid: (find_mentions(art, actors), find_labels(art, actors)) for aid, art in arts.items()}
    for actor in actors:
        for aid in arts:
            mentions = [m for m in found[aid][0] if m.actor == actor.name]
            labels = [lab for lab in found[aid][1] if lab.actor == actor.name]
            forms = nltk.FreqDist(m.form for m in mentions)
            rows.append({
                "actor": actor.name,
                "article": aid,
                "mentions": len(mentions),
                "forms": ", ".join(f"{f} ×{n}" for f, n in sorted(forms.items(), key=lambda x: (-x[1], x[0]))),
                "labels": "; ".join(f"{lab.label} ({lab.sentence_id})" for lab in labels),
            })
    return rows


# ---------------------------------------------------------------------------
# The framing lexicon
# ---------------------------------------------------------------------------
@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> dict:
    """The framing lexicon: ``{"categories": {name: {title, definition, source, terms}}}``.

    >>> sorted(load_lexicon()["categories"])[:3]
    ['civilians', 'economy', 'force']
    """
    return json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))


CATEGORY_ORDER = ("killing", "force", "labels", "truce", "praise", "threat", "economy", "civilians", "law", "metonyms")


@dataclass(frozen=True)
class TermHit:
    """One lexicon term found in one sentence."""

    category: str
    term: str
    sentence_id: str


def find_terms(article: Article, lexicon: dict | None = None, actors=DEFAULT_ACTORS,
               include_boilerplate: bool = False) -> list[TermHit]:
    """Lexicon hits, longest term first, never two hits on the same words.

    >>> art = Article.from_text("t5", "The air strike killed two. Talks were historic.")
    >>> [(h.category, h.term) for h in find_terms(art)]
    [('force', 'air strike'), ('killing', 'killed'), ('praise', 'historic')]
    """
    lexicon = lexicon or load_lexicon()
    entries = []
    for cat, spec in lexicon["categories"].items():
        for term in spec.get("terms", []):
            toks = tuple(words(term))
            if toks:
                entries.append((toks, cat, term))
    entries.sort(key=lambda e: -len(e[0]))
    hits = []
    for s in _text_sentences(article, include_boilerplate):
        toks = words(s.text)
        used = [False] * len(toks)
        found = []
        for pattern, cat, term in entries:
            n = len(pattern)
            for i in range(len(toks) - n + 1):
                if tuple(toks[i:i + n]) == pattern and not any(used[i:i + n]):
                    used[i:i + n] = [True] * n
                    found.append((i, TermHit(cat, term, s.id)))
        hits.extend(h for _, h in sorted(found, key=lambda x: x[0]))
    from_actors = [c for c, spec in lexicon["categories"].items() if spec.get("from_actors")]
    if from_actors:
        for lab in find_labels(article, actors, include_boilerplate):
            if lab.kind in ("metonym", "epithet"):
                hits.append(TermHit(from_actors[0], lab.label, lab.sentence_id))
    return hits


def category_counts(articles, lexicon: dict | None = None) -> dict[str, dict[str, int]]:
    """``{article_id: {category: hits}}`` for every category of the lexicon.

    >>> category_counts({"t6": Article.from_text("t6", "A truce, then a ceasefire.")})["t6"]["truce"]
    2
    """
    lexicon = lexicon or load_lexicon()
    cats = [c for c in CATEGORY_ORDER if c in lexicon["categories"]] + \
           [c for c in lexicon["categories"] if c not in CATEGORY_ORDER]
    out = {}
    for aid, art in _as_dict(articles).items():
        counts = dict.fromkeys(cats, 0)
        for h in find_terms(art, lexicon):
            counts[h.category] += 1
        out[aid] = counts
    return out


# ---------------------------------------------------------------------------
# Keyness: log-likelihood (Dunning 1993; Rayson & Garside 2000)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyTerm:
    """A word and how unusual its frequency is in the target against the reference.

    ``ll`` is the log-likelihood G2 (3.84 ~ p < 0.05, 6.63 ~ p < 0.01 for one
    comparison, only a rough guide in texts this short); ``log_ratio`` is
    log2 of the ratio of relative frequencies (Hardie 2014), with 0.5 added
    to a zero count; ``direction`` is ``"+"`` (more frequent in the target)
    or ``"-"``.
    """

    word: str
    target: int
    reference: int
    ll: float
    log_ratio: float
    direction: str


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G2 for a word seen ``a`` times in ``c`` target words and ``b`` times in ``d`` reference words.

    >>> round(log_likelihood(10, 0, 100, 1000), 2)
    47.96
    >>> log_likelihood(1, 10, 100, 1000)
    0.0
    """
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = 0.0
    if a:
        g2 += a * math.log(a / e1)
    if b:
        g2 += b * math.log(b / e2)
    return round(2 * g2, 6) + 0.0


def keyness(target_words, reference_words, min_count: int = 2, top: int | None = 10,
            direction: str = "+") -> list[KeyTerm]:
    """Words ranked by log-likelihood, target against reference (both token lists).

    ``direction``: ``"+"`` words over-used in the target, ``"-"`` under-used,
    ``"both"``. Words seen fewer than ``min_count`` times in the target are
    left out when looking for ``"+"`` words.

    >>> [k.word for k in keyness("ceasefire ceasefire talks".split(), "talks talks strike".split())]
    ['ceasefire']
    """
    ft, fr = nltk.FreqDist(target_words), nltk.FreqDist(reference_words)
    c, d = ft.N(), fr.N()
    out = []
    for w in set(ft) | set(fr):
        a, b = ft[w], fr[w]
        if c == 0 or d == 0:
            continue
        sign = "+" if a / c > b / d else "-"
        if direction != "both" and sign != direction:
            continue
        if sign == "+" and a < min_count:
            continue
        ratio = math.log2(((a or 0.5) / c) / ((b or 0.5) / d))
        out.append(KeyTerm(w, a, b, round(log_likelihood(a, b, c, d), 2), round(ratio, 2), sign))
    out.sort(key=lambda k: (-k.ll, k.word))
    return out[:top] if top else out


def article_keyness(articles, article_id: str, min_count: int = 2, top: int | None = 10,
                    content_only: bool = True) -> list[KeyTerm]:
    """Keyness of one article against all the others (its reference set)."""
    arts = _as_dict(articles)

    def toks(art):
        return art.content_words() if content_only else art.words()

    target = toks(arts[article_id])
    reference = [w for aid, art in arts.items() if aid != article_id for w in toks(art)]
    return keyness(target, reference, min_count=min_count, top=top)


# ---------------------------------------------------------------------------
# Collocations and concordance
# ---------------------------------------------------------------------------
def collocations(articles, top: int = 10, min_freq: int = 2, stopwords=STOPWORDS) -> list[tuple[str, float]]:
    """Word pairs that occur together more than chance (NLTK's likelihood ratio).

    Uses ``BigramCollocationFinder.from_documents`` (no pair across two
    articles) and the kit's STOPWORDS, never NLTK's downloadable list.

    >>> arts = {"a": Article.from_text("a", "Air strike here. Air strike there. Air raid."),
    ...         "b": Article.from_text("b", "An air strike. Peace talks.")}
    >>> collocations(arts, top=1)
    [('air strike', 9.55)]
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    docs = [art.words() for art in _as_dict(articles).values()]
    finder = BigramCollocationFinder.from_documents(docs)
    finder.apply_word_filter(lambda w: w in stopwords or not re.search(r"[a-z]", w))
    finder.apply_freq_filter(min_freq)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    scored.sort(key=lambda x: (-round(x[1], 6), x[0]))
    return [(" ".join(pair), round(score, 2)) for pair, score in scored[:top]]


def actor_concordance(articles, actor: str = "Hezbollah", width: int = 36, actors=DEFAULT_ACTORS,
                      kinds=None) -> list[str]:
    """Every mention of an actor in context, one line each, with its sentence id.

    >>> arts = {"t7": Article.from_text("t7", "Yesterday Hamas, a movement of many, spoke.")}
    >>> print(actor_concordance(arts, "Hamas", width=12)[0])
    t7:s1       Yesterday [Hamas], a movement
    """
    lines = []
    for aid, art in _as_dict(articles).items():
        by_id = {s.id: s for s in art.sentences}
        for m in find_mentions(art, actors):
            if m.actor != actor or (kinds and m.kind not in kinds):
                continue
            text = by_id[m.sentence_id].text
            left = text[max(0, m.start - width):m.start].rjust(width)
            right = text[m.end:m.end + width]
            lines.append(f"{m.sentence_id:<9} {left}[{m.form}]{right}".rstrip())
    return lines


def _as_dict(articles) -> dict:
    if isinstance(articles, Article):
        return {articles.id: articles}
    if isinstance(articles, dict):
        return articles
    return {a.id: a for a in articles}


# ---------------------------------------------------------------------------
# The kit's careful reading (teacher's edition) beside the helper's output
# ---------------------------------------------------------------------------
KEY_LESSON = "04"
NO_KEY_MESSAGE = ("The kit's own reading is in the teacher's edition "
                  "(solutions/keys/04_how_is_it_told.json); it is not part of this copy.")
# Label categories of the kit's reading that find_labels tries to find.
COMPARED_CATEGORIES = ("group label", "sponsor", "anaphor", "linked", "metonym", "epithet")


def kit_reading(section: str | None = None):
    """A section of the kit's reading ("actor_labels", "loaded_terms", "entman",
    "omissions", "headlines"), or None when the answer key is not present
    (student release: ``MEDIALIT_KEY_DIR=none``)."""
    from .grading import kit_reading as read_key_section

    return read_key_section(KEY_LESSON, section)


def _same_label(a: str, b: str) -> bool:
    a, b = a.lower().strip(_QUOTES + " ,"), b.lower().strip(_QUOTES + " ,")
    return bool(a) and bool(b) and (a in b or b in a)


def compare_with_kit(articles, kit_labels: dict, actors=DEFAULT_ACTORS,
                     categories=COMPARED_CATEGORIES) -> list[dict]:
    """The kit's labels (one actor-labels section) against find_labels.

    Each row: article, sentence, actor, label, category and ``status``:
    ``"found"`` (the helper has an overlapping label in that sentence),
    ``"missed"``, or ``"extra"`` (the helper's label is not in the kit's reading).

    >>> arts = {"t8": Article.from_text("t8", "Hamas, a militant group, met. The Hamas training camp.")}
    >>> kit = {"Hamas": {"t8": [{"sentence": "t8:s1", "label": "a militant group", "category": "group label"},
    ...                         {"sentence": "t8:s2", "label": "The Hamas training camp", "category": "linked"}]}}
    >>> [(r["label"], r["status"]) for r in compare_with_kit(arts, kit)]
    [('a militant group', 'found'), ('The Hamas training camp', 'missed')]
    """
    rows = []
    names = {a.name for a in actors}
    for aid, art in _as_dict(articles).items():
        found = [lab for lab in find_labels(art, actors)]
        for actor, per_article in kit_labels.items():
            if actor not in names:
                continue
            kit = per_article.get(aid, [])
            mine = [lab for lab in found if lab.actor == actor]
            for item in kit:
                if item["category"] not in categories:
                    continue
                hit = any(lab.sentence_id == item["sentence"] and _same_label(lab.label, item["label"]) for lab in mine)
                rows.append({"article": aid, "sentence": item["sentence"], "actor": actor, "label": item["label"],
                             "category": item["category"], "status": "found" if hit else "missed"})
            for lab in mine:
                if not any(lab.sentence_id == item["sentence"] and _same_label(lab.label, item["label"]) for item in kit):
                    rows.append({"article": aid, "sentence": lab.sentence_id, "actor": actor, "label": lab.label,
                                 "category": lab.kind, "status": "extra"})
    return rows


def show_helper_vs_kit(articles, actors=DEFAULT_ACTORS) -> None:
    """Print how many of the kit's labels find_labels finds, and the ones it misses."""
    reading = kit_reading("actor_labels")
    if reading is None:
        print(NO_KEY_MESSAGE)
        return
    rows = compare_with_kit(articles, reading, actors)
    found = sum(r["status"] == "found" for r in rows)
    missed = [r for r in rows if r["status"] == "missed"]
    extra = [r for r in rows if r["status"] == "extra"]
    print(f"The kit's reading has {found + len(missed)} labels of the kinds the helper looks for "
          f"({', '.join(COMPARED_CATEGORIES)}).")
    print(f"The helper finds {found} of them, misses {len(missed)}, and adds {len(extra)} of its own.")
    for r in missed:
        print(f"  missed  {r['sentence']:<9} {r['actor']:<10} {r['category']:<12} {r['label']}")
    for r in extra:
        print(f"  extra   {r['sentence']:<9} {r['actor']:<10} {r['category']:<12} {r['label']}")


def quote_sentences(articles, sentence_ids) -> None:
    """Print sentences by id, one per line: ``quote_sentences(articles, ["003:s2", "002:s17"])``."""
    arts = _as_dict(articles)
    for sid in sentence_ids:
        aid = sid.split(":")[0]
        print(f"{sid:<9} {arts[aid].sentence(sid).text}")


def show_kit(section: str, article_id: str | None = None, actor: str | None = None,
             category: str | None = None) -> None:
    """Print one section of the kit's reading, or say where it is when the key is absent."""
    data = kit_reading(section)
    if data is None:
        print(NO_KEY_MESSAGE)
        return
    if section == "actor_labels":
        for name, per_article in data.items():
            if actor and name != actor:
                continue
            for aid, items in per_article.items():
                if article_id and aid != article_id:
                    continue
                items = [it for it in items if not category or it["category"] == category]
                print(f"{name} in {aid}: {len(items)} label{'s' if len(items) != 1 else ''}")
                for it in items:
                    print(f"   {it['sentence']:<9} {it['category']:<17} {it['label']}")
    elif section == "entman":
        for aid, sheet in data.items():
            if article_id and aid != article_id:
                continue
            print(f"=== {aid}: {sheet['summary']}")
            for col in ("problem_definition", "causal_interpretation", "moral_evaluation", "treatment_recommendation"):
                print(f"  {col.replace('_', ' ')}:")
                for it in sheet[col]:
                    print(f"     {it['sentence']:<9} {it['quote']}")
    elif section == "omissions":
        for aid, items in data.items():
            if article_id and aid != article_id:
                continue
            print(f"=== {aid}")
            for it in items:
                print(f"  - {it['missing']}: {it['why']}")
    elif section == "headlines":
        for aid, h in data.items():
            if article_id and aid != article_id:
                continue
            print(f"=== {aid} ({h['kind']}) {h['sentence'] or ''}: {h['verdict']}")
            print(f"    {h['why']}")
    elif section == "loaded_terms":
        for it in data:
            if article_id and not it["sentence"].startswith(article_id + ":"):
                continue
            if category and it["category"] != category:
                continue
            print(f"   {it['sentence']:<9} {it['category']:<20} {it['term']}   [{it['voice']}]")
    else:
        print(json.dumps(data, indent=1, ensure_ascii=False))


# ---------------------------------------------------------------------------
# The figure
# ---------------------------------------------------------------------------
def plot_category_heatmap(articles, ax=None, lexicon: dict | None = None, per: int | None = None):
    """Heatmap (cividis) of lexicon hits: categories down, articles across, counts written in.

    ``per=1000`` shows hits per 1,000 words instead of raw counts.
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    arts = _as_dict(articles)
    lexicon = lexicon or load_lexicon()
    counts = category_counts(arts, lexicon)
    cats = list(next(iter(counts.values())))
    ids = list(arts)
    values = []
    for c in cats:
        row = []
        for aid in ids:
            n = counts[aid][c]
            row.append(n * per / max(1, len(arts[aid].words())) if per else n)
        values.append(row)
    if ax is None:
        _, ax = plt.subplots(figsize=(8.5, 7))
    image = ax.imshow(values, cmap="cividis", aspect="auto")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            r, g, b, _ = image.cmap(image.norm(v))
            dark_cell = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j, i, f"{v:.1f}" if per else f"{v}", ha="center", va="center", fontsize=13,
                    fontweight="bold", color="white" if dark_cell else "black")
    ax.set_xticks(range(len(ids)), [f"{aid}\n{arts[aid].label}" if arts[aid].label != aid else aid for aid in ids])
    titles = [lexicon["categories"][c].get("title", c) for c in cats]
    ax.set_yticks(range(len(cats)), titles)
    ax.grid(False)
    ax.set_xlabel("article")
    ax.set_ylabel("framing-term category")
    ax.set_title("Framing terms per article" + (f" (hits per {per:,} words)" if per else " (number of hits)"))
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("hits" if not per else f"hits per {per:,} words")
    return ax


# ---------------------------------------------------------------------------
# The command line: medialit framing FILE... [--json]
# ---------------------------------------------------------------------------
def article_report(art: Article, reference: list, top: int = 8, actors=DEFAULT_ACTORS) -> dict:
    """Everything the CLI prints for one article, as plain data."""
    mentions = find_mentions(art, actors)
    labels = find_labels(art, actors)
    actor_rows = []
    for actor in actors:
        ms = [m for m in mentions if m.actor == actor.name]
        if not ms:
            continue
        forms = nltk.FreqDist(m.form for m in ms)
        actor_rows.append({
            "actor": actor.name,
            "mentions": len(ms),
            "forms": dict(sorted(forms.items(), key=lambda x: (-x[1], x[0]))),
            "labels": [{"label": lab.label, "kind": lab.kind, "sentence": lab.sentence_id}
                       for lab in labels if lab.actor == actor.name],
        })
    terms: dict[str, list] = {}
    for h in find_terms(art, actors=actors):
        terms.setdefault(h.category, []).append({"term": h.term, "sentence": h.sentence_id})
    ref_words = [w for other in reference if other is not art for w in other.content_words()]
    key = keyness(art.content_words(), ref_words, top=top) if ref_words else []
    return {
        "article": art.id,
        "file": str(art.path) if art.path else None,
        "words": len(art.words()),
        "actors": actor_rows,
        "terms": terms,
        "keyness": [asdict(k) for k in key],
        "reference_words": len(ref_words),
    }


def print_report(rep: dict) -> None:
    print(f"=== {rep['article']}  ({rep['words']} words)  {rep['file'] or ''}".rstrip())
    print("Actors and labels:")
    if not rep["actors"]:
        print("  (no actor of the list is mentioned)")
    for row in rep["actors"]:
        forms = ", ".join(f"{f} ×{n}" for f, n in row["forms"].items())
        print(f"  {row['actor']}: {row['mentions']} mention{'s' if row['mentions'] != 1 else ''} ({forms})")
        for lab in row["labels"]:
            print(f"      {lab['sentence']:<9} {lab['kind']:<10} {lab['label']}")
    print("Framing terms by category:")
    if not rep["terms"]:
        print("  (none)")
    for cat in CATEGORY_ORDER:
        hits = rep["terms"].get(cat)
        if hits:
            counted = nltk.FreqDist(h["term"] for h in hits)
            print(f"  {cat:<10} {len(hits):>3}  " + ", ".join(
                f"{t} ×{n}" if n > 1 else t for t, n in sorted(counted.items(), key=lambda x: (-x[1], x[0]))))
    if rep["keyness"]:
        print(f"Key words against {rep.get('reference', 'the other texts')} "
              f"({rep['reference_words']} reference words; log-likelihood):")
        for k in rep["keyness"]:
            print(f"  {k['word']:<16} here {k['target']:>2}  others {k['reference']:>3}  LL {k['ll']:>6.2f}")
    else:
        print("Key words: (no reference texts)")
    print()


def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--top", type=int, default=8, help="how many key words per article (default 8)")
    parser.add_argument("--reference", choices=("others", "kit"), default="others",
                        help="keyness reference: the other files given (default) or the kit's five articles")


def run(args) -> int:
    import sys

    from .corpus import load_articles
    from .corpus_cli import read_articles

    articles, failures = read_articles(args.files, stderr=sys.stderr)
    kit = None
    reports = []
    for art in articles:
        if args.reference == "kit" or len(articles) < 2:
            kit = kit if kit is not None else list(load_articles().values())
            reference = [k for k in kit if k.text != art.text]
        else:
            reference = [a for a in articles if a is not art]
        rep = article_report(art, reference, top=args.top)
        rep["reference"] = "the other files given" if reference and reference[0] in articles else "the kit's articles"
        reports.append(rep)
    if args.json:
        json.dump(reports, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for rep in reports:
            print_report(rep)
    return 1 if failures else 0
