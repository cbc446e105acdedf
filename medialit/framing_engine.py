"""Framing, the engine: who is in a text, how each one is labelled, which words are loaded.

Text in, records out: no plotting, no printing, no answer key. The lesson side
(tables, figures, the kit's careful reading, the command) is :mod:`medialit.framing`.

* :func:`find_actors`: the actors a text names, found in the text itself —
  capitalised names ("Maria Okafor", "Green Party", "IDF"), a surname standing
  for the full name ("Lind said"), people named by their role ("councillors",
  "the company") — each with its mentions and its labels: a title before the
  name ("Council leader Tom Brandt"), an appositive ("the Voltaria Front, the
  outlawed rebel group"), a descriptor ("the separatist militia Voltaria Front"),
  a modifier ("Merania-backed Voltaria Front"), a relative clause, "militants linked to X", and
  "the group" pointing back. An optional *seed* of :class:`Actor` (aliases,
  cities that stand for a government) adds what a case knows; nothing requires it.
* :func:`find_mentions` and :func:`find_labels`: the same patterns for a given
  list of actors (the lesson passes the case's list).
* :func:`find_loaded_words`: hits of the general loaded-word lexicon
  (``data/loaded_words.json``: intensity, violence, blame, delegitimising labels,
  reporting verbs that judge; where each list comes from and its licence are in
  the file); :func:`find_terms` does the same for any lexicon in that format.
* :func:`keyness` (log-likelihood, Dunning 1993) and :func:`collocations`.
* :func:`analyse`: all of it for one text, as plain data (what ``medialit framing`` prints).

These are patterns, not a parser: a first draft to check by reading, never a verdict.

Example:
    >>> [(a.name, a.kind) for a in find_actors("Mayor Ilse Varga, a former teacher, spoke. Varga left.")]
    [('Ilse Varga', 'person')]
    >>> [(h.category, h.text) for h in find_loaded_words("Critics slammed the reckless plan.")]
    [('intensity', 'slammed'), ('blame', 'reckless')]
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from os.path import commonprefix
from pathlib import Path

from .corpus import STOPWORDS, WORD_TOKENIZER, Article, as_article, words  # noqa: F401 (as_article: re-exported)

GENERAL_LEXICON_PATH = Path(__file__).parent / "data" / "loaded_words.json"




def _sentences(article: Article, include_boilerplate: bool = False):
    return [s for s in article.sentences if include_boilerplate or not s.is_boilerplate]


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    """Someone a text is about, and the surface forms that name it.

    ``names`` are matched case-sensitively as whole words ("US" but not "us").
    ``metonyms`` are places or epithets that can stand for the actor; each is
    ``(form, when)`` with ``when`` = ``"always"`` or ``"subject"`` (the place
    counts only when a verb follows: "Beirut has warned"). ``kind`` is
    ``"group"`` or ``"state"``: "the group" / "the party" point back to the
    last *group* mentioned.
    """

    name: str
    names: tuple = ()
    metonyms: tuple = ()
    epithets: tuple = ()
    kind: str = "state"


@dataclass(frozen=True)
class Mention:
    """One place where an actor is named (offsets inside the sentence).

    ``kind``: ``"name"`` (Israel), ``"adjective"`` (Israeli), ``"metonym"``
    (West Jerusalem), ``"epithet"`` (the Jewish State).
    """

    actor: str
    form: str
    sentence_id: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Label:
    """A label attached to an actor in one sentence (offsets inside the sentence).

    ``kind``: ``"title"`` (Council leader Tom Brandt), ``"appositive"`` (Hamas,
    a Palestinian resistance group), ``"relative"`` (Hamas, which has been
    designated a terrorist organization), ``"descriptor"`` (the military group
    Hezbollah), ``"modifier"`` (Iran-backed Hezbollah), ``"linked"`` (militants
    associated with Hamas), ``"anaphor"`` (the group, pointing back),
    ``"metonym"``, ``"epithet"``.
    """

    actor: str
    label: str
    sentence_id: str
    kind: str
    start: int
    end: int


@dataclass
class ActorProfile:
    """One actor found in a text: its kind, how often and how it is named, its labels.

    ``kind``: ``"person"``, ``"organisation"``, ``"place"``, ``"name"`` (a name
    the patterns cannot classify), ``"role"`` (people named by what they do:
    "councillors", "the company"), or the seed's ``"state"`` / ``"group"``.
    """

    name: str
    kind: str
    mentions: int = 0
    forms: dict = field(default_factory=dict)
    labels: list = field(default_factory=list)
    sentences: list = field(default_factory=list)
    sentence_starts: dict = field(default_factory=dict, repr=False)   # sentence id -> offset in the text

    def as_dict(self) -> dict:
        """Plain data; each label with ``start``/``end`` offsets in the whole text (standoff)."""
        def offsets(lab):
            base = self.sentence_starts.get(lab.sentence_id)
            return {} if base is None else {"start": base + lab.start, "end": base + lab.end}

        return {"actor": self.name, "kind": self.kind, "mentions": self.mentions, "forms": self.forms,
                "labels": [{"label": lab.label, "kind": lab.kind, "sentence": lab.sentence_id, **offsets(lab)}
                           for lab in self.labels],
                "sentences": self.sentences}


# ---------------------------------------------------------------------------
# Word lists of the patterns (our own; general English news vocabulary)
# ---------------------------------------------------------------------------
# Nouns that can head a label for a group or a state ("the X group").
HEAD_NOUNS = (
    "group", "groups", "militia", "militias", "movement", "organization", "organisation",
    "party", "faction", "force", "forces", "army", "wing", "network", "government", "state",
    "country", "nation", "ally", "proxy", "militants", "terrorists", "fighters", "rebels",
    "insurgents", "outfit", "bloc", "alliance", "regime", "administration", "coalition",
    "entity", "elements", "guerrillas", "separatists", "extremists", "cell", "cells",
)
# Nouns for what a person is or does: titles before a name, heads of appositives about people.
TITLE_NOUNS = frozenset("""
president minister mayor leader chief executive spokesman spokeswoman spokesperson chairman chairwoman
chair director secretary senator governor general commander official envoy ambassador councillor
councilor judge king queen prince princess sheikh pope premier chancellor lawmaker mp speaker head
founder ceo manager coach captain inspector officer sergeant colonel lieutenant professor dr mr mrs ms
sir lord lady rabbi imam bishop cardinal analyst adviser advisor economist reporter correspondent editor
journalist researcher activist campaigner lawyer attorney prosecutor candidate emir representative
negotiator mediator diplomat chairperson superintendent commissioner deputy
""".split())
PERSON_NOUNS = TITLE_NOUNS | frozenset("""
teacher student resident farmer worker mother father owner expert scientist doctor nurse soldier member
veteran volunteer politician businessman businesswoman entrepreneur writer author artist player witness
survivor victim parent pensioner engineer employee scholar historian
""".split())
# Words before a title that belong to it ("former", "defence" minister).
TITLE_MODIFIERS = frozenset("""
former senior deputy acting interim vice foreign defence defense prime finance interior health education
state assistant executive local top chief first opposition party council town city regional national
""".split())
# Last words of organisation names.
ORG_WORDS = frozenset("""
party council association club union front army forces force ministry department office agency commission
committee board bank company corporation corp inc ltd plc group league federation organization
organisation institute university college school hospital court parliament assembly senate congress
movement alliance coalition network foundation trust society church authority police service services
bureau fund administration government cabinet tribunal brigade brigades battalion command media news
times post press agency channel tv radio network
""".split())
# Words that make a capitalised name a place.
PLACE_WORDS = frozenset("""
river lake mount mountain mountains hill hills valley bay sea ocean gulf island islands province county
street road avenue square bridge park district region city town village port harbour harbor coast
peninsula strait desert camp border
""".split())
# Nouns for places and facilities: "a camp linked to Hamas" is not a label of Hamas (review 04-6).
PLACE_NOUNS = frozenset("""
camp camps center centre centers centres site sites base bases headquarters building buildings facility
facilities compound compounds depot depots warehouse warehouses tunnel tunnels position positions post
posts village villages town towns area areas zone zones infrastructure house houses office offices
""".split())
# People named by what they do: "singular|plural", named by the plural. Singulars that are
# mostly adjectives ("a local newspaper", "a militant fringe") are listed by their plural only.
ROLE_GROUPS = tuple(f.split("|") for f in """
councillor|councillors councilor|councilors parent|parents resident|residents regulator|regulators
campaigner|campaigners activist|activists villager|villagers farmer|farmers official|officials
protester|protesters protestor|protestors demonstrator|demonstrators critic|critics worker|workers
employee|employees student|students teacher|teachers voter|voters lawmaker|lawmakers legislator|legislators
soldier|soldiers troops militants fighter|fighters rebel|rebels settler|settlers refugee|refugees
civilians family|families citizen|citizens locals neighbour|neighbours neighbor|neighbors patient|patients
doctor|doctors nurse|nurses analyst|analysts expert|experts investor|investors diplomat|diplomats
negotiator|negotiators envoy|envoys mediator|mediators witness|witnesses victim|victims
survivor|survivors
""".split())
# Institutions named by a common noun after "the", "its", "their" or "a": named by the singular.
INSTITUTIONS = tuple(f.split("|") for f in """
police authorities government|governments company|companies firm|firms council|councils court|courts
army|armies military opposition ministry|ministries administration
""".split())
_ROLE_OF = {form: forms[-1] for forms in ROLE_GROUPS for form in forms}
_ROLE_OF.update({form: forms[0] for forms in INSTITUTIONS for form in forms})
_INSTITUTIONS = {form for forms in INSTITUTIONS for form in forms}
CALENDAR_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
_DEMONYM_ENDINGS = ("i", "is", "ian", "ians", "ese", "ish", "an", "ans", "n", "ns", "ite", "ites")
_APPOSITIVE_STOP = {"that", "which", "who", "whose", "located", "based", "and", "or", "but", "in", "on", "at", "to"}
# Verbs that make a city the subject of a sentence ("Beirut has warned").
AGENT_VERBS = {
    "has", "have", "had", "is", "was", "will", "would", "could", "says", "said", "claims", "claimed",
    "warned", "warns", "accused", "accuses", "urged", "urges", "rejected", "rejects", "insists",
    "insisted", "denied", "denies", "demanded", "demands", "wants", "announced", "announces",
    "responded", "condemned", "condemns", "hopes", "sees", "believes", "told", "refused",
}
LINK_WORDS = ("associated with", "linked to", "affiliated with", "loyal to", "backed by",
              "allied with", "tied to", "aligned with", "belonging to", "operated by", "run by")
ANAPHORS = ("group", "party", "militia", "movement", "organization", "organisation")
_QUOTES = "'‘’\"“”"
_PREPOSITIONS = {"in", "on", "at", "of", "to", "from", "near", "over", "into", "across", "around", "toward",
                 "towards", "outside", "inside", "via", "through", "for", "by", "with"}
_LOCATIVE = {"in", "at", "near", "into", "across", "around", "outside", "inside", "toward", "towards", "through"}


def _word_re(forms) -> str:
    """A regex alternative of forms, longest first, as whole words."""
    return _word_re_cached(tuple(forms))


@lru_cache(maxsize=8192)
def _word_re_cached(forms: tuple) -> str:
    forms = sorted(set(forms), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)"


@lru_cache(maxsize=8192)
def _compiled(pattern: str) -> re.Pattern:
    """Patterns built from actor names, compiled once (``re``'s own cache holds only 512)."""
    return re.compile(pattern)


def _adjective_form(form: str) -> bool:
    return (" " not in form and form.endswith(("i", "ian", "ese", "can", "ians", "is", "cans"))
            and form not in ("Hamas", "Hezbollah"))


# ---------------------------------------------------------------------------
# Mentions and labels of given actors
# ---------------------------------------------------------------------------
def find_mentions(article, actors, include_boilerplate: bool = False) -> list[Mention]:
    """Every mention of every actor, in reading order.

    >>> israel = Actor("Israel", names=("Israel", "Israeli"), metonyms=(("West Jerusalem", "always"),))
    >>> [(m.form, m.kind) for m in find_mentions("Israeli jets struck. West Jerusalem said so.", [israel])]
    [('Israeli', 'adjective'), ('West Jerusalem', 'metonym')]
    """
    article = as_article(article)
    out = []
    for s in _sentences(article, include_boilerplate):
        taken: list[tuple[int, int]] = []
        found = []
        for actor in actors:
            special = [(f, "epithet") for f in actor.epithets] + [(f, "metonym") for f, _ in actor.metonyms]
            for form, kind in special:
                when = dict(actor.metonyms).get(form, "always")
                for m in _compiled(_word_re([form])).finditer(s.text):
                    if when == "subject" and not is_subject(s.text, m.start(), m.end()):
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
            for m in _compiled(_word_re(actor.names)).finditer(s.text):
                if any(m.start() < e and b < m.end() for b, e in taken):
                    continue
                kind = "adjective" if _adjective_form(m.group(0)) else "name"
                kept.append((m.start(), m.end(), actor.name, m.group(0), kind))
                taken.append((m.start(), m.end()))
        for b, e, name, form, kind in sorted(kept):
            out.append(Mention(name, form, s.id, kind, b, e))
    return out


def is_subject(text: str, start: int, end: int) -> bool:
    """True when a place name is used as the subject of a verb ("Beirut has warned").

    Not after a preposition ("the embassy in Beirut said"), not before a
    comma or a possessive, not in "Beirut is a city".

    >>> is_subject("Beirut has warned.", 0, 6), is_subject("the embassy in Beirut said", 15, 21)
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


def _head(label: str) -> str:
    toks = re.findall(r"[\w’'-]+", label.lower())
    return toks[-1].strip(_QUOTES) if toks else ""


def find_labels(article, actors, include_boilerplate: bool = False, heads=HEAD_NOUNS) -> list[Label]:
    """Labels attached to each actor, sentence by sentence (see :class:`Label`).

    ``heads`` are the nouns an appositive or a descriptor must end in ("group",
    "militia", ...); :func:`find_actors` adds the nouns for people ("leader", "adviser").

    >>> hez = Actor("Hezbollah", names=("Hezbollah",), kind="group")
    >>> text = "The Iran-backed Hezbollah fired. Officials said the group had rockets."
    >>> [(lab.label, lab.kind) for lab in find_labels(text, [hez])]
    [('Iran-backed', 'modifier'), ('the group', 'anaphor')]
    """
    article = as_article(article)
    out: list[Label] = []
    last_group: str | None = None
    last_group_sentence = -99
    groups = {a.name for a in actors if a.kind == "group"}
    head_re = "|".join(sorted(set(heads), key=len, reverse=True))
    names_re = _any_name(actors)
    mentions_by_sentence: dict[str, list] = {}
    for m in find_mentions(article, actors, include_boilerplate):
        mentions_by_sentence.setdefault(m.sentence_id, []).append(m)
    for index, s in enumerate(_sentences(article, include_boilerplate)):
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
            places = [(m.start(), m.end()) for m in _compiled(_word_re(actor.names)).finditer(text)]
            if not places:
                continue            # most actors are not in most sentences
            # Appositive: "Hezbollah, the Lebanese Shiite militant group,"
            for b, e in places:
                m = _APPOSITIVE.match(text, e)
                label = m and _trim_appositive(m.group(1), heads)
                if label:
                    add(actor.name, label, "appositive", m.start(1), m.start(1) + len(label))
            # Relative clause: "Hamas, which has been designated a terrorist organization"
            for b, e in places:
                m = _compiled(_RELATIVE.format(heads=head_re)).match(text, e)
                if m:
                    add(actor.name, m.group(1), "relative", m.start(1), m.end(1))
            # Descriptor before the name: "the military group Hezbollah"
            for b, e in places:
                m = _compiled(_DESCRIPTOR.format(heads=head_re)).search(text[:b])
                # "the most cooperative government Israel has seen": a clause, not a label
                if m and not _CLAUSE_AFTER.match(text, e):
                    add(actor.name, m.group(1), "descriptor", m.start(1), m.end(1))
            # Hyphenated modifier: "Iran-backed Hezbollah"
            for b, e in places:
                m = _MODIFIER.search(text[:b])
                if m:
                    add(actor.name, m.group(1), "modifier", m.start(1), m.end(1))
            # Linked people: "militants associated with Hamas" (not places: "a camp linked to Hamas")
            for b, e in places:
                m = _LINKED.search(text[:b])
                if not m:
                    continue
                before = text[:m.start()].rstrip()
                label_start = _phrase_before(before)
                if label_start is not None:
                    label = text[label_start:len(before)]
                    if _head(label) not in PLACE_NOUNS:
                        add(actor.name, label, "linked", label_start, len(before))
        # Metonyms and epithets come from find_mentions (one definition).
        mentions = mentions_by_sentence.get(s.id, [])
        for mention in mentions:
            if mention.kind in ("metonym", "epithet"):
                add(mention.actor, mention.form, mention.kind, mention.start, mention.end)
        # "the group" / "the party" pointing back to the last group mentioned.
        events = [(m.start, "mention", m.actor) for m in mentions]
        for m in re.finditer(r"\b[Tt]he (" + "|".join(ANAPHORS) + r")\b(?![\w-])", text):
            events.append((m.start(), "anaphor", (m.group(0), m.start(), m.end())))
        for pos, what, value in sorted(events, key=lambda e: e[0]):
            if what == "mention":
                if value in groups:
                    last_group, last_group_sentence = value, index
            elif last_group and index - last_group_sentence <= 2:
                label, b, e = value
                if not (names_re and _compiled(r"\s+" + names_re).match(text[e:])):
                    add(last_group, label, "anaphor", b, e)
        out.extend(sorted(found, key=lambda lab: lab.start))
    return out


# The label patterns, around a name found at [b, e) of a sentence.
_APPOSITIVE = re.compile(r",\s+((?:the|a|an)\s+[^,.;:—–()]+)")
_RELATIVE = (r",\s+(?:which|who)\s+(?:is|was|are|were|has been|have been|had been)"
             r"(?:\s+(?:widely|often|long))?\s+((?:[a-z]+\s+){{0,2}}?(?:a|an|the)\s+"
             r"(?:[\w’'-]+\s+){{0,3}}?(?:{heads}))\b")
_DESCRIPTOR = r"\b((?:[Tt]he|[Aa]n?)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{heads}))\s+$"
_CLAUSE_AFTER = re.compile(r"\s+(?:has|have|had|is|was|would|will|can|could)\b")
_MODIFIER = re.compile(r"\b([A-Z][\w]*-(?:backed|linked|aligned|allied|funded|sponsored|supported|"
                       r"affiliated|led|controlled))\s+$")
_LINKED = re.compile(r"(" + "|".join(LINK_WORDS) + r")\s+$")


def _any_name(actors) -> str:
    names = [n for a in actors for n in a.names]
    return _word_re(names) if names else ""


def _trim_appositive(phrase: str, heads=HEAD_NOUNS) -> str | None:
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
    while kept and kept[-1].lower().strip(_QUOTES) not in heads:
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


# ---------------------------------------------------------------------------
# Actors found in the text
# ---------------------------------------------------------------------------
@dataclass
class _Name:
    text: str
    sentence: object
    start: int          # offsets in the sentence
    end: int
    initial: bool       # the first word of its sentence (or of a quotation)
    title: tuple | None = None   # (label, start, end) of a title before the name


def _cap(tok: str) -> bool:
    """A word that can be part of a name: capitalised, not a weekday or month, not
    "Iran-backed" or "US-brokered" (a hyphenated word ending in lower case)."""
    if re.match(r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ibn|abu)-[A-Z]", tok):
        return True                       # "al-Hilweh"
    parts = tok.split("-")
    return (tok[:1].isupper() and tok.lower() not in CALENDAR_WORDS
            and not (len(parts) > 1 and parts[-1][:1].islower())     # "Iran-backed"
            and not (len(parts) > 1 and all(p[:1].isupper() and len(p) > 1 for p in parts)))  # "Israel-Lebanon"


def _title_case_line(sentence) -> bool:
    toks = [t for t in words(sentence.text, lower=False) if t[:1].isalpha()]
    return sentence.role == "headline" and len(toks) >= 4 and sum(t[:1].isupper() for t in toks) / len(toks) > 0.6


def _name_runs(sentence) -> list[_Name]:
    """Runs of capitalised words in one sentence, with a title split off ("Prime Minister X")."""
    text = sentence.text
    toks = [(a, b, text[a:b]) for a, b in WORD_TOKENIZER.span_tokenize(text) if text[a:b] not in ("'s", "’s")]
    runs, i = [], 0
    while i < len(toks):
        if not _cap(toks[i][2]):
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            gap = text[toks[j][1]:toks[j + 1][0]]
            nxt = toks[j + 1][2]
            if gap in (" ", "' ", "’ ") and _cap(nxt):
                j += 1
            elif (gap == " " and nxt in ("of", "for", "de", "al", "bin", "van", "von", "da", "del", "du", "la")
                  and j + 2 < len(toks) and _cap(toks[j + 2][2])
                  and text[toks[j + 1][1]:toks[j + 2][0]] == " "
                  and (nxt not in ("of", "for")
                       or any(t[2].lower() in ORG_WORDS | TITLE_NOUNS for t in toks[i:j + 1]))):
                j += 2
            else:
                break
        run = toks[i:j + 1]
        i = j + 1
        before = text[:run[0][0]]
        initial = not re.search(r"[A-Za-z0-9]", before) or bool(re.search(r"[“\"‘:]\s*$", before))
        # leading function words: "The Dunmore Residents' Association"
        while run and run[0][2].lower() in STOPWORDS | {"one"}:
            run = run[1:]
            initial = False if run else initial
        if not run:
            continue
        # a title inside the run: "Prime Minister Benjamin Netanyahu", "Mayor Ilse Varga"
        k = max((n for n, t in enumerate(run[:-1]) if t[2].lower() in TITLE_NOUNS), default=-1)
        title = None
        if k >= 0:
            title_toks, run = run[:k + 1], run[k + 1:]
            title = (text[title_toks[0][0]:title_toks[-1][1]], title_toks[0][0], title_toks[-1][1])
        else:
            title = _title_before(text, toks, toks.index(run[0]))
        name = text[run[0][0]:run[-1][1]]
        runs.append(_Name(name, sentence, run[0][0], run[-1][1], initial and title is None, title))
    return runs


def _title_before(text, toks, n) -> tuple | None:
    """A title in lower case or mixed case right before a name: "Council leader", "Chief executive"."""
    if n == 0 or toks[n - 1][2].lower() not in TITLE_NOUNS or text[toks[n - 1][1]:toks[n][0]] != " ":
        return None
    first = n - 1
    while (first > 0 and n - first < 3 and text[toks[first - 1][1]:toks[first][0]] == " "
           and (toks[first - 1][2].lower() in TITLE_MODIFIERS | TITLE_NOUNS
                or (toks[first - 1][2][:1].isupper() and toks[first - 1][2].lower() not in STOPWORDS
                    and toks[first - 1][2].lower() not in CALENDAR_WORDS))):
        first -= 1
    return text[toks[first][0]:toks[n - 1][1]], toks[first][0], toks[n - 1][1]


def _is_demonym_of(form: str, base: str) -> bool:
    """ "Israeli" of "Israel", "Lebanese" of "Lebanon", "Meranian" of "Merania"."""
    if " " in form or " " in base or form == base or not form.endswith(_DEMONYM_ENDINGS):
        return False
    common = len(commonprefix([form, base]))
    return common >= max(4, len(base) - 2)


def _org_kind(name: str) -> bool:
    return name.split()[-1].lower().strip("'’") in ORG_WORDS


def find_actors(text, seed=(), include_boilerplate: bool = False) -> list[ActorProfile]:
    """The actors a text names, found in the text, with their mentions and labels.

    ``seed``: optional :class:`Actor` entries (aliases, metonyms) that a case
    already knows; a name the seed lists is counted under the seed's actor.
    Actors come in order of first mention; people named only by their role
    ("councillors") come last.

    >>> story = "Regulators fined Harlow Mining. Chief executive Sarah Lind, a former adviser, spoke. Lind left."
    >>> [(a.name, a.kind, a.mentions) for a in find_actors(story)]
    [('Harlow Mining', 'name', 1), ('Sarah Lind', 'person', 2), ('regulators', 'role', 1)]
    >>> [(lab.kind, lab.label) for lab in find_actors(story)[1].labels]
    [('title', 'Chief executive'), ('appositive', 'a former adviser')]
    """
    art = as_article(text)
    sentences = _sentences(art, include_boilerplate)
    runs = [r for s in sentences if not _title_case_line(s) for r in _name_runs(s)]
    seed_forms = {f: a for a in seed for f in a.names + tuple(m for m, _ in a.metonyms) + a.epithets}
    # which single words are capitalised away from the start of a sentence somewhere in the text
    mid = {r.text for r in runs if not r.initial}
    multi = [r.text for r in runs if " " in r.text]
    names: dict[str, list[_Name]] = {}
    for r in runs:
        if (r.initial and " " not in r.text and r.text not in mid and r.text not in seed_forms
                and not any(m.split()[-1] == r.text for m in multi) and not r.text.isupper()
                and not (len(r.text) >= 5 and r.text.endswith(("ian", "ians", "ese", "i")))):
            continue   # "Furious parents ...": a capital because the sentence starts ("Israeli jets" stays)
        names.setdefault(r.text, []).append(r)
    # one actor per person: a surname alone is the full name seen elsewhere ("Lind" = "Sarah Lind")
    alias: dict[str, str] = {}
    surnames: set[str] = set()
    prefixed: dict[str, str] = {}
    for n in names:
        # "Republican Donald Trump" is "Donald Trump" with a label; "WASHINGTON" is "Washington"
        shorter = [m for m in names if " " in m and n.endswith(" " + m) and m not in seed_forms]
        if shorter and n not in seed_forms:
            alias[n] = max(shorter, key=len)
            prefixed[n] = n[:-len(alias[n])].strip()
        elif n.isupper() and len(n) > 3 and n.title() in names:
            alias[n] = n.title()
    for n in names:
        if n in seed_forms or n in alias:
            continue
        fuller = [m for m in names if m != n and " " in m and m.split()[-1] == n and m not in seed_forms
                  and m not in alias]
        if len(fuller) == 1:
            alias[n] = fuller[0]
            surnames.add(n)
            continue
        bases = [m for m in names if _is_demonym_of(n, m) and m not in seed_forms]
        if len(bases) == 1:
            alias[n] = bases[0]
    canon: dict[str, list[str]] = {}
    for n in names:
        if n in seed_forms:
            continue
        target, seen = n, set()
        while target in alias and target not in seen:      # "SMITH" -> "Smith" -> "Jo Smith"
            seen.add(target)
            target = alias[target]
        canon.setdefault(target, []).append(n)
    heads = HEAD_NOUNS + tuple(sorted(PERSON_NOUNS))
    discovered = [Actor(c, names=tuple(forms)) for c, forms in canon.items()]
    used_seed = [a for a in seed if find_mentions(art, [a], include_boilerplate)]
    actors = sorted(discovered, key=lambda a: -len(a.name)) + list(used_seed)
    # "the group" / "the party" point back only to actors the text itself calls a group or a party
    first = find_labels(art, actors, include_boilerplate, heads=heads)
    groupish = {lab.actor for lab in first if lab.kind in ("appositive", "descriptor", "relative")
                and _head(lab.label) in ANAPHORS + ("militias", "groups")}
    groupish |= {a.name for a in discovered if a.name.split()[-1].lower() in ANAPHORS + ("front", "league")}
    actors = [Actor(a.name, a.names, a.metonyms, a.epithets, "group") if a.name in groupish else a
              for a in actors]
    mentions = find_mentions(art, actors, include_boilerplate)
    labels = find_labels(art, actors, include_boilerplate, heads=heads)
    # titles before names ("Council leader Tom Brandt")
    owner = {f: a.name for a in actors for f in a.names}
    for r in runs:
        if r.text in prefixed and r.text in owner and not r.title:
            r.title = (prefixed[r.text], r.start, r.start + len(prefixed[r.text]))
        if r.title and r.text in owner:
            lab = Label(owner[r.text], r.title[0], r.sentence.id, "title", r.title[1], r.title[2])
            if not any(x.sentence_id == lab.sentence_id and x.start < lab.end and lab.start < x.end for x in labels):
                labels.append(lab)
    order = {s.id: k for k, s in enumerate(sentences)}
    profiles: dict[str, ActorProfile] = {}
    # a name inside another actor's label is part of that label ("the Lebanese Shiite militant group")
    mentions = [m for m in mentions if not any(lab.sentence_id == m.sentence_id and lab.actor != m.actor
                                               and lab.start <= m.start and m.end <= lab.end for lab in labels)]
    for m in mentions:
        p = profiles.setdefault(m.actor, ActorProfile(m.actor, "name"))
        p.mentions += 1
        p.forms[m.form] = p.forms.get(m.form, 0) + 1
        if m.sentence_id not in p.sentences:
            p.sentences.append(m.sentence_id)
    for lab in sorted(labels, key=lambda x: (order.get(x.sentence_id, 0), x.start)):
        if lab.actor in profiles:
            profiles[lab.actor].labels.append(lab)
    starts = {s.id: s.start for s in sentences}
    for p in profiles.values():
        p.sentence_starts = starts
    by_name = {a.name: a for a in actors}
    name_spans = {(m.sentence_id, m.start, m.end) for m in mentions}
    for p in profiles.values():
        p.kind = _kind_of(p, by_name[p.name], seed, mentions, sentences, surnames)
    out = sorted(profiles.values(), key=lambda p: (order.get(p.sentences[0], 0), p.name))
    return out + _role_actors(sentences, name_spans, labels)


def _kind_of(profile: ActorProfile, actor: Actor, seed, mentions, sentences, surnames) -> str:
    if any(actor.name == a.name for a in seed):
        return next(a.kind for a in seed if a.name == actor.name)
    if any(lab.kind == "title" or (lab.kind == "appositive" and _head(lab.label) in PERSON_NOUNS)
           for lab in profile.labels) or any(f in surnames for f in actor.names):
        return "person"
    if _org_kind(profile.name) or any(_head(lab.label) in HEAD_NOUNS for lab in profile.labels):
        return "organisation"
    if any(w.lower() in PLACE_WORDS for w in profile.name.split()):
        return "place"
    by_id = {s.id: s for s in sentences}
    mine = [m for m in mentions if m.actor == profile.name and m.kind == "name"]
    after_prep = sum(bool(re.search(r"\b(?:" + "|".join(_LOCATIVE) + r")\s+(?:the\s+)?$",
                                    by_id[m.sentence_id].text[:m.start])) for m in mine)
    if mine and after_prep * 2 >= len(mine):
        return "place"
    return "name"


def _role_actors(sentences, name_spans, labels) -> list[ActorProfile]:
    """People named by their role: "councillors", "one resident", "the company"."""
    label_spans = {(lab.sentence_id, lab.start, lab.end) for lab in labels}
    profiles: dict[str, ActorProfile] = {}
    for s in sentences:
        for a, b in WORD_TOKENIZER.span_tokenize(s.text):
            word = s.text[a:b]
            role = _ROLE_OF.get(word.lower())
            if not role or (word[:1].isupper() and a > 0 and s.text[a - 2:a - 1] not in ".!?\"“"
                            and re.search(r"[a-z]", s.text[:a])):
                continue        # "Residents" inside "Dunmore Residents' Association"
            if any(sid == s.id and x < b and a < y for sid, x, y in name_spans | label_spans):
                continue
            if role in _INSTITUTIONS and not re.search(r"\b(?:the|its|their|a)\s+$", s.text[:a], re.I):
                continue        # "council" as a plain noun in "a council meeting" is not an actor
            p = profiles.setdefault(role, ActorProfile(role, "role"))
            p.mentions += 1
            p.forms[word.lower()] = p.forms.get(word.lower(), 0) + 1
            if s.id not in p.sentences:
                p.sentences.append(s.id)
    return sorted(profiles.values(), key=lambda p: (-p.mentions, p.name))


# ---------------------------------------------------------------------------
# Lexicons and loaded words
# ---------------------------------------------------------------------------
@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> dict:
    """A lexicon file: ``{"categories": {name: {title, definition, source, terms}}}``;
    by default the general loaded-word lexicon.

    >>> sorted(load_lexicon()["categories"])
    ['blame', 'intensity', 'labels', 'stance verbs', 'violence']
    """
    return json.loads(Path(path or GENERAL_LEXICON_PATH).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class TermHit:
    """One lexicon term found in one sentence: ``text`` as written, ``start``/``end``
    offsets in the article's text."""

    category: str
    term: str
    sentence_id: str
    text: str = ""
    start: int = -1
    end: int = -1


def _entries(lexicon: dict) -> list[tuple]:
    """(tokens, category, term, rank) for every form; "a|b" lines give one entry per form."""
    out = []
    for cat, spec in lexicon["categories"].items():
        for line in spec.get("terms", []):
            for term in line.split("|"):
                toks = tuple(words(term))
                if toks:
                    out.append((toks, cat, term.strip()))
    order = sorted(range(len(out)), key=lambda k: -len(out[k][0]))
    return [out[k] + (rank,) for rank, k in enumerate(order)]


def _spans(text: str) -> list[tuple[int, int]]:
    return [(a, b) for a, b in WORD_TOKENIZER.span_tokenize(text) if text[a:b] not in ("'s", "’s")]


def find_terms(article, lexicon: dict, include_boilerplate: bool = False) -> list[TermHit]:
    """Hits of a lexicon, longest term first, never two hits on the same words.

    >>> lex = {"categories": {"force": {"terms": ["strike", "air strike"]}}}
    >>> [(h.term, h.text, h.start) for h in find_terms("An Air strike, then a strike.", lex)]
    [('air strike', 'Air strike', 3), ('strike', 'strike', 22)]
    """
    article = as_article(article)
    entries = _entries(lexicon)
    by_first: dict[str, list] = {}
    for e in entries:
        by_first.setdefault(e[0][0], []).append(e)
    hits = []
    for s in _sentences(article, include_boilerplate):
        spans = _spans(s.text)
        toks = [s.text[a:b].lower() for a, b in spans]
        candidates = []
        for i, tok in enumerate(toks):
            for pattern, cat, term, rank in by_first.get(tok, ()):
                n = len(pattern)
                if tuple(toks[i:i + n]) == pattern:
                    candidates.append((rank, i, n, cat, term))
        used = [False] * len(toks)
        found = []
        for rank, i, n, cat, term in sorted(candidates):
            if not any(used[i:i + n]):
                used[i:i + n] = [True] * n
                a, b = s.start + spans[i][0], s.start + spans[i + n - 1][1]
                found.append((i, TermHit(cat, term, s.id, article.text[a:b], a, b)))
        hits.extend(h for _, h in sorted(found, key=lambda x: x[0]))
    return hits


def find_loaded_words(text, lexicon: dict | None = None, include_boilerplate: bool = False) -> list[TermHit]:
    """Hits of the general loaded-word lexicon (or another one) in a text.

    >>> [(h.category, h.text) for h in find_loaded_words("Protesters stormed the hall; the regime insisted.")]
    [('violence', 'stormed'), ('labels', 'regime'), ('stance verbs', 'insisted')]
    """
    return find_terms(text, lexicon or load_lexicon(), include_boilerplate)


def category_counts(articles, lexicon: dict, extra_hits=None) -> dict[str, dict[str, int]]:
    """``{article_id: {category: hits}}`` for every category of the lexicon, in its order.

    ``extra_hits(article)`` may add hits of its own (the lesson adds metonyms).
    """
    cats = list(lexicon["categories"])
    out = {}
    for aid, art in as_articles(articles).items():
        counts = dict.fromkeys(cats, 0)
        for h in find_terms(art, lexicon) + (extra_hits(art) if extra_hits else []):
            counts[h.category] = counts.get(h.category, 0) + 1
        out[aid] = counts
    return out


def as_articles(articles) -> dict:
    """``{id: Article}`` from one Article, a dict, or a list of Articles or strings."""
    if isinstance(articles, (Article, str)):
        art = as_article(articles)
        return {art.id: art}
    if isinstance(articles, dict):
        return {str(k): as_article(v, str(k)) for k, v in articles.items()}
    arts = [as_article(a, f"text{i + 1}") for i, a in enumerate(articles)]
    return {a.id: a for a in arts}


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
    """Words ranked by log-likelihood, target against reference (token lists, or counts
    such as a ``Counter``), counted with ``nltk.FreqDist``.

    ``direction``: ``"+"`` words over-used in the target, ``"-"`` under-used,
    ``"both"``. Words seen fewer than ``min_count`` times in the target are
    left out when looking for ``"+"`` words.

    >>> [k.word for k in keyness("ceasefire ceasefire talks".split(), "talks talks strike".split())]
    ['ceasefire']
    """
    from nltk.probability import FreqDist

    ft, fr = FreqDist(target_words), FreqDist(reference_words)
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
    arts = as_articles(articles)

    def toks(art):
        return art.content_words() if content_only else art.words()

    target = toks(arts[article_id])
    reference = [w for aid, art in arts.items() if aid != article_id for w in toks(art)]
    return keyness(target, reference, min_count=min_count, top=top)


def collocations(articles, top: int = 10, min_freq: int = 2, stopwords=STOPWORDS) -> list[tuple[str, float]]:
    """Word pairs that occur together more than chance (NLTK's likelihood ratio).

    Uses ``BigramCollocationFinder.from_documents`` (no pair across two
    articles) and the kit's STOPWORDS, never NLTK's downloadable list.

    >>> arts = {"a": "Air strike here. Air strike there. Air raid.", "b": "An air strike. Peace talks."}
    >>> collocations(arts, top=1)
    [('air strike', 9.55)]
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    docs = [art.words() for art in as_articles(articles).values()]
    finder = BigramCollocationFinder.from_documents(docs)
    finder.apply_word_filter(lambda w: w in stopwords or not re.search(r"[a-z]", w))
    finder.apply_freq_filter(min_freq)
    scored = finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)
    scored.sort(key=lambda x: (-round(x[1], 6), x[0]))
    return [(" ".join(pair), round(score, 2)) for pair, score in scored[:top]]


# ---------------------------------------------------------------------------
# One text, everything
# ---------------------------------------------------------------------------
def analyse(text, reference=(), lexicon: dict | None = None, seed=(), top: int = 8,
            reference_counts=None) -> dict:
    """Actors, labels, loaded words and key words of one text, as plain data.

    ``reference``: other texts for keyness (none: no key words); or ``reference_counts``,
    a ``Counter`` of their content words (faster when many texts are compared with each other).

    >>> rep = analyse("Councillors voted to slash funding. Mayor Jo Pike insisted.")
    >>> [a["actor"] for a in rep["actors"]], sorted(rep["loaded_words"])
    (['Jo Pike', 'councillors'], ['intensity', 'stance verbs'])
    """
    art = as_article(text)
    lexicon = lexicon or load_lexicon()
    loaded: dict[str, list] = {}
    for h in find_terms(art, lexicon):
        loaded.setdefault(h.category, []).append({"term": h.term, "text": h.text, "sentence": h.sentence_id,
                                                  "start": h.start, "end": h.end})
    if reference_counts is None:
        reference_counts = Counter(w for other in reference if other is not art
                                   for w in as_article(other).content_words())
    key = keyness(art.content_words(), reference_counts, top=top) if reference_counts else []
    return {
        "article": art.id,
        "file": str(art.path) if art.path else None,
        "words": len(art.words()),
        "actors": [p.as_dict() for p in find_actors(art, seed)],
        "loaded_words": loaded,
        "lexicon": lexicon.get("name", ""),
        "keyness": [k.__dict__ for k in key],
        "reference_words": sum(reference_counts.values()),
    }
