"""Who says so? Attribution: who stands behind each claim of a news text (lesson 02).

Every sentence gets one label for its main claim:

=================  ==========================================================
NAMED_PERSON       a person named by name ("Nawaf Salam told reporters")
NAMED_INSTITUTION  a named office, body or document on the record ("the IDF
                   stated", "Netanyahu's office", "a joint statement",
                   a state or capital as speaker: "Beirut has warned")
MEDIA_OUTLET       another outlet, with no deeper source ("According to Axios")
UNNAMED            people the reader cannot identify ("unnamed sources",
                   "a source", "a US official", "officials", "witnesses")
HEDGE_ONLY         a hedge with no source ("reportedly", "was said to")
UNATTRIBUTED       a checkable claim with no source and no hedge
NONE               no checkable claim: commentary, prediction, page furniture
=================  ==========================================================

The rules are the kit's (see ``solutions/keys/02_who_says_so.json``, "rules"),
written as small, general patterns that work on any English news text. The
helper reads words, not meaning: it will get some sentences wrong, and the
lesson uses those mistakes.

Example:
    >>> label_sentence("The minister resigned, according to two officials.").reason
    "UNNAMED: 'according to two officials'"
    >>> label_sentence("The deal was reportedly signed on Monday.").label
    'HEDGE_ONLY'
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field

LABELS = ("NAMED_PERSON", "NAMED_INSTITUTION", "MEDIA_OUTLET", "UNNAMED",
          "HEDGE_ONLY", "UNATTRIBUTED", "NONE")

# ---------------------------------------------------------------------------
# Word lists: the whole definition of "who is a source" lives here.
# ---------------------------------------------------------------------------

# Verbs that report speech or a statement ("X said", "X has repeatedly urged").
REPORTING_VERBS = (
    "said", "says", "say", "saying", "told", "tells", "tell", "stated", "states", "confirmed", "confirms",
    "reported", "reports", "report", "announced", "announces", "added", "described", "describes",
    "characterized", "characterised", "claimed", "claims", "claiming", "warned", "warns", "accused",
    "accuses", "urged", "urges", "emphasized", "emphasised", "emphasizes", "reiterated", "cautioned",
    "clarified", "noted", "insisted", "denied", "denies", "hailed", "argued", "explained",
    "acknowledged", "admitted", "alleged", "wrote", "tweeted", "posted", "estimated", "predicted",
    "raised concerns", "expressed", "called for", "calls for", "issued a statement",
    "issued a warning", "issued a stark warning", "condemned", "rejected", "declared", "revealed",
)

# Hedges: words that mark a claim as second-hand without saying who says it.
HEDGE_PATTERNS = (
    r"\breportedly\b", r"\ballegedly\b", r"\bpurportedly\b", r"\bsupposedly\b", r"\bapparently\b",
    r"\b(?:is|are|was|were|has been|have been) (?:said|believed|thought|understood|reported|rumou?red) to\b",
    r"\bbelieved to\b", r"\bit is (?:understood|believed|reported|said) that\b",
    r"\breports suggest\b", r"\baccording to reports\b(?! from)",
)

# A source phrase that contains one of these is a media outlet.
OUTLET_WORDS = (
    r"axios", r"lbci", r"reuters", r"afp", r"agence france", r"associated press", r"\bap\b", r"bbc", r"cnn",
    r"al jazeera", r"al arabiya", r"\bnew york times\b", r"\bwashington post\b", r"\bguardian\b",
    r"\bthe outlet\b", r"\bmedia\b", r"\bnewspaper\b", r"\bnews agency\b", r"\bbroadcaster\b",
    r"\btv\b", r"\bchannel\b", r"\btelevision\b", r"\bradio\b", r"\bwire\b", r"\bpress reports?\b",
)

# People the reader cannot identify. Plural or indefinite: "officials", "a source".
UNNAMED_WORDS = (
    r"unnamed", r"anonymous", r"\bsources?\b", r"\bofficials?\b", r"\bwitness(?:es)?\b",
    r"\bresidents\b", r"\bfamiliar with\b", r"\binsiders?\b", r"\bpeople\b", r"\bpersons?\b",
    r"\baides?\b", r"\bauthorities\b", r"\brepresentatives\b", r"\bdelegates\b", r"\bobservers\b",
    r"\banalysts\b", r"\bexperts\b", r"\bdiplomats\b", r"\bsomeone\b", r"\bcritics\b",
    r"\bsupporters\b", r"\bprotesters\b", r"\bmilitants\b", r"\bcouncillors\b", r"\blawmakers\b",
    r"\bmembers\b", r"\bnegotiators\b", r"\bactivists\b", r"\bmedics\b", r"\bdoctors\b",
    r"\bsoldiers\b", r"\bofficers\b", r"\bsurvivors\b", r"\bfamilies\b", r"\bneighbou?rs\b",
)

# Offices, bodies and documents: on the record even without a person's name.
INSTITUTION_WORDS = (
    r"\boffice\b", r"\bministry\b", r"\bministries\b", r"\bgovernment\b", r"\barmy\b", r"\bmilitary\b",
    r"\bforces\b", r"\bidf\b", r"\bpolice\b", r"\bembassy\b", r"\bstatement\b", r"\bcouncil\b",
    r"\bcommittee\b", r"\bagency\b", r"\bdepartment\b", r"\badministration\b", r"\bwhite house\b",
    r"\bkremlin\b", r"\bpentagon\b", r"\bparliament\b", r"\bbloc\b", r"\bcourt\b", r"\bcompany\b",
    r"\bdelegation\b", r"\bmission\b", r"\bunited nations\b", r"\bu\.?n\.?\b", r"\bhezbollah\b",
    r"\bhamas\b", r"\bpresidency\b", r"\bcabinet\b", r"\bspokes(?:wo)?man\b", r"\bspokesperson\b",
    r"\bambassador\b", r"\benvoy\b", r"\bdiplomat\b", r"\bminister\b", r"\bpresident\b",
)

# Titles that point at one office-holder when definite ("the diplomat", "Russia's ambassador").
TITLE_WORDS = ("spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "diplomat",
               "minister", "president", "official", "commander", "chief", "mayor", "governor")

# States and capitals used as speakers ("Beirut has warned", "West Jerusalem has said").
PLACES = {
    "lebanon", "israel", "beirut", "jerusalem", "west jerusalem", "tel aviv", "washington", "moscow",
    "tehran", "iran", "russia", "syria", "damascus", "france", "paris", "london", "britain",
    "the uk", "china", "beijing", "egypt", "cairo", "qatar", "doha", "turkey", "ankara", "gaza",
    "the us", "the u.s.", "us", "u.s.", "the united states", "united states", "ukraine", "kyiv",
    "germany", "berlin", "jordan", "amman", "saudi arabia", "riyadh", "brussels", "the eu", "europe",
}

# Capitalised words that are not a person's name.
NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "of", "for", "and", "but", "while", "as", "according", "meanwhile",
    "however", "israeli", "lebanese", "american", "us", "u.s.", "russian", "french", "iranian", "prime",
    "minister", "president", "foreign", "defense", "defence", "forces", "office", "press",
    "israel", "lebanon", "beirut", "west", "jerusalem", "tel", "aviv", "white", "house", "un", "tv",
    "idf", "lbci", "axios", "embassy", "ambassador", "envoy", "special", "hezbollah", "hamas", "november",
    "december", "wednesday", "monday", "tuesday", "thursday", "friday", "saturday", "sunday", "earlier",
    "later", "day", "national", "security", "council", "army", "ministry", "government", "news",
}

# Markers of commentary, interpretation or prediction: no checkable claim.
COMMENTARY_PATTERNS = (
    r"\bunderscor(?:e|es|ed|ing)\b", r"\bhighlight(?:s|ed|ing)?\b", r"\brais(?:e|es|ed|ing) questions\b",
    r"\bserves? as a reminder\b", r"\bremains? fraught\b", r"\bwill depend\b", r"\bwill be closely watched\b",
    r"\bcomplicating efforts\b", r"\bremains to be seen\b", r"\bonly time will tell\b",
    r"\bis a reminder\b", r"\bsignals? a shift\b",
)

_VERB_ALT = "|".join(sorted((re.escape(v) for v in REPORTING_VERBS), key=len, reverse=True))
_ADVERBS = r"(?:(?:also|later|repeatedly|again|reportedly|publicly|privately|earlier|previously|"\
           r"quickly|immediately|officially|separately|recently|further|then|had|has|have|"\
           r"would|will|could|may|might)\s+)*"
VERB_RE = re.compile(r"\b" + _ADVERBS + r"(?P<verb>" + _VERB_ALT + r")\b", re.I)
_QUOTE_CHARS = "\"“”'‘’"


@dataclass
class Attribution:
    """One source found in a sentence: the cue, the source phrase, its kind, and any chain."""

    kind: str                     # a label: NAMED_PERSON, UNNAMED, ...
    cue: str                      # verbatim words of the sentence that carry the attribution
    source: str                   # the source phrase as printed
    chain: list = field(default_factory=list)   # outer -> inner, e.g. ["LBCI TV", "a source"]
    start: int = 0
    level: int = 1                # 2 = governs the sentence ("according to", "…, X said."), 1 = subject verb


@dataclass
class SentenceLabel:
    """The helper's reading of one sentence."""

    article_id: str
    sentence_id: str
    text: str
    label: str
    cue: str | None
    source: str | None
    chain: list
    reason: str

    def as_record(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------
# Classifying a source phrase
# ---------------------------------------------------------------------------
def _has(patterns, text: str) -> str | None:
    for p in patterns:
        m = re.search(p, text, re.I)
        if m:
            return m.group(0)
    return None


def _clean_phrase(phrase: str) -> str:
    phrase = phrase.strip(" ,;:—-" + _QUOTE_CHARS)
    phrase = re.sub(r"^(?:and|but|while|whereas|meanwhile|however|then|so|earlier in the day|"
                    r"on \w+(?: \d+)?|in a statement|in a separate incident)\s*,?\s+", "", phrase, flags=re.I)
    phrase = re.sub(r"\s+(?:also|later|repeatedly|again|reportedly|publicly|earlier|previously|"
                    r"has|have|had|was|were|is|are)$", "", phrase, flags=re.I)
    return phrase.strip(" ,")


def _looks_like_name(phrase: str) -> bool:
    """Two capitalised words in a row that are not titles, places or bodies ("Nawaf Salam"),
    or a single capitalised word that is the whole phrase ("Salam", "Netanyahu")."""
    toks = re.findall(r"[A-Z][\w’'.-]*|[a-z][\w’'.-]*", phrase)
    caps = [t for t in toks if t[0].isupper() and t.lower().rstrip("’'s") not in NOT_NAMES
            and t.lower() not in NOT_NAMES]
    words_ = phrase.split()
    if len(words_) == 1 and caps and phrase.lower() not in PLACES:
        return True
    for a, b in zip(toks, toks[1:]):
        if a in caps and b in caps:
            return True
    return False


def classify_source(phrase: str) -> str | None:
    """The kind of source a phrase names, or None when it is not a source at all.

    >>> [classify_source(p) for p in ["unnamed sources", "a spokeswoman for Netanyahu",
    ...  "Axios", "Lebanese Prime Minister Nawaf Salam", "Beirut", "The attack"]]
    ['UNNAMED', 'NAMED_INSTITUTION', 'MEDIA_OUTLET', 'NAMED_PERSON', 'NAMED_INSTITUTION', None]
    """
    p = _clean_phrase(phrase)
    low = p.lower()
    if not p:
        return None
    if low in ("he", "she", "they", "it", "we", "i", "who", "which", "that"):
        return "PRONOUN"
    if _has(OUTLET_WORDS, low):
        return "MEDIA_OUTLET"
    # an office, a statement, a spokesperson *for* someone: on the record
    if re.search(r"(?:’s|'s) office\b|\boffice of\b|\bstatements?\b|\bspokes(?:wo)?(?:man|person) for\b", low):
        return "NAMED_INSTITUTION"
    if _has(UNNAMED_WORDS, low):
        return "UNNAMED"
    # an indefinite title ("a diplomat", "one minister") or a counted group ("two councillors")
    if re.match(r"^(?:a|an|one|another)\b", low) and any(t in low for t in TITLE_WORDS):
        return "UNNAMED"
    if re.match(r"^(?:some|many|several|few|two|three|four|five|six|seven|eight|nine|ten|dozens|\d+)\s+\w+s\b", low):
        return "UNNAMED"
    if _looks_like_name(p):
        return "NAMED_PERSON"
    if _has(INSTITUTION_WORDS, low):
        return "NAMED_INSTITUTION"
    bare = re.sub(r"^(?:both|the)\s+", "", low)
    parts = [x.strip() for x in re.split(r"\band\b|,", bare) if x.strip()]
    if parts and all(x in PLACES or "the " + x in PLACES for x in parts):
        return "NAMED_INSTITUTION"
    return None


# ---------------------------------------------------------------------------
# Finding attributions in a sentence
# ---------------------------------------------------------------------------
def side_parts(sentence: str) -> list[tuple[int, int]]:
    """Spans that do not carry the main claim: a leading 'While …,' clause, an aside between
    dashes, a trailing ', with … ' phrase, and 'what X claims/calls'.

    >>> s = "While talks stalled, sources said the deal is off."
    >>> [s[a:b] for a, b in side_parts(s)]
    ['While talks stalled,']
    """
    spans = []
    m = re.match(r"^(?:While|Although|Though|Whereas|Despite|Even as|Even though)\b[^,]*,", sentence)
    if m:
        spans.append((0, m.end()))
    for m in re.finditer(r"—[^—]*(?:—|$)", sentence):
        spans.append(m.span())
    for m in re.finditer(r",\s+with\b[^,]*(?:,|$)", sentence):
        spans.append((m.start(), len(sentence) if not m.group(0).endswith(",") else m.end()))
    for m in re.finditer(r"\bwhat\s+(?:\w+\s+){1,3}?(?:claims?|calls?|called|describes?|described|says?|said|termed)\b",
                         sentence, re.I):
        spans.append(m.span())
    for m in re.finditer(r",\s+which\s+(?:reportedly|allegedly)\b[^,]*,", sentence):
        spans.append(m.span())
    return spans


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _subject_before(sentence: str, end: int) -> tuple[str, int]:
    """The words before a verb, back to the start of their clause."""
    head = sentence[:end]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind("—"), head.rfind("”"), head.rfind("“"))
    for m in re.finditer(r"\b(?:that|but|while|whereas|as)\s|(?<![A-Z]\w)(?<![A-Z]\w\w)(?<![A-Z]\w{3})(?<![A-Z]\w{4})(?<![A-Z]\w{5})(?<![A-Z]\w{6})\s+and\s(?![A-Z])", head):
        if m.start() > cut:
            cut = m.end() - 1
    start = cut + 1
    return head[start:].strip(), start


def _antecedent(sentence: str, rel_start: int) -> tuple[str, int]:
    """For ', who accused' / ', which claimed': the noun phrase before the comma
    ("condemnation from Lebanese authorities, who accused" -> "Lebanese authorities")."""
    head = sentence[:rel_start].rstrip(" ,")
    cut = max(head.rfind(","), head.rfind("—"))
    for m in re.finditer(r"\b(?:from|by|of|with)\s", head):
        if m.start() > cut:
            cut = m.end() - 1
    phrase = head[cut + 1:]
    return phrase.strip(), cut + 1 + (len(phrase) - len(phrase.lstrip()))


def _split_chain(phrase: str) -> list[str]:
    """'a source cited by LBCI TV' -> ['LBCI TV', 'a source'] (outer first).

    >>> _split_chain("reports from LBCI TV channel")
    ['LBCI TV channel']
    """
    phrase = re.sub(r"^(?:(?:a |the )?(?:reports?|statements?|comments?|remarks?) (?:from|by)|"
                    r"(?:a |the )?(?:report|statement) (?:in|on))\s+", "", phrase.strip(), flags=re.I)
    m = re.search(r"^(.*?)\s+(?:cited|quoted) by\s+(.*)$", phrase, re.I)
    if m:
        return [_clean_phrase(m.group(2)), _clean_phrase(m.group(1))]
    return [_clean_phrase(phrase)]


def _is_negated(sentence: str, verb_start: int) -> bool:
    before = sentence[max(0, verb_start - 25):verb_start]
    return bool(re.search(r"\b(?:not|never|n't|declined to|refused to)\s+(?:\w+\s+)?$", before, re.I))


def find_attributions(sentence: str) -> list[Attribution]:
    """Every attribution in a sentence, in reading order, with the parts that do not carry
    the main claim left out.

    >>> [(a.kind, a.source) for a in find_attributions("“We will respond,” he said.")]
    [('PRONOUN', 'he')]
    >>> [(a.kind, a.chain, a.level) for a in find_attributions("The ministry denied it, a source cited by AFP said.")]
    [('NAMED_INSTITUTION', ['The ministry'], 1), ('UNNAMED', ['AFP', 'a source'], 2)]
    """
    found: list[Attribution] = []
    skip = side_parts(sentence)
    taken: list[tuple[int, int]] = []

    def add(kind, cue_start, cue_end, source, chain=None, level=1, at=None):
        if kind is None or _inside(cue_start, skip):
            return
        if any(a <= cue_start < b for a, b in taken):
            return
        taken.append((cue_start, cue_end))
        found.append(Attribution(kind, sentence[cue_start:cue_end], source, chain or [source],
                                 at if at is not None else cue_start, level))

    # 1. "according to X[, which cited Y]" and "reports from X"
    for m in re.finditer(r"\b(?:according to|reports? from|as reported by)\s+([^,.;]+)", sentence, re.I):
        chain = _split_chain(m.group(1))
        end = m.end()
        inner = re.match(r",\s+which\s+(?:cited|quoted)\s+([^,.;]+)", sentence[m.end():])
        if inner:
            chain.append(_clean_phrase(inner.group(1)))
            end = m.end() + inner.end()
        kinds = [classify_source(c) for c in chain]
        if len(chain) == 1 and kinds[0] is None:
            kinds[0] = classify_source(m.group(1))      # "statements from …", "a report in …"
        if kinds[-1] in (None, "PRONOUN") and re.search(r"reports?\b", m.group(0), re.I):
            kinds[-1] = "MEDIA_OUTLET"
        add(kinds[-1], m.start(), end, chain[-1], chain, level=2)

    # 2. "…, as cited by media" after a quote or a statement: an outer link
    relay = re.search(r",?\s*as (?:cited|quoted|reported) by\s+([^,.;]+)", sentence, re.I)

    # 3. passive with an agent: "was confirmed by the army", "was quoted by Reuters as saying"
    for m in re.finditer(r"\b(?:was|were|has been|have been|is|are)\s+(?:\w+ly\s+)?(" + _VERB_ALT +
                         r"|quoted|cited|announced)(?:\s+as\s+[^,.;]{1,40}?)?\s+by\s+([^,.;]+)", sentence, re.I):
        if _is_negated(sentence, m.start()):
            continue
        src = _clean_phrase(re.split(r"\s+as saying\b", m.group(2))[0])
        add(classify_source(src), m.start(), m.end(), src, level=2)

    # 4. "X told Y" / "X said" / ", X said." / "said X"
    for m in VERB_RE.finditer(sentence):
        verb = m.group("verb")
        vstart = m.start("verb")
        if _is_negated(sentence, vstart):
            continue
        if re.search(r"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?$", sentence[:vstart], re.I):
            continue                                    # passive: handled above or a hedge
        if re.match(r"reports?\b", verb, re.I) and re.search(r"(?:according to|from)\s+$", sentence[:vstart], re.I):
            continue
        after = sentence[m.end():]
        # inverted: "…,” said Foreign Minister Jean Dupont."
        inv = re.match(r"\s+((?:the\s+)?[A-Z][^,.;]*|an?\s+[^,.;]+)", after) if re.search(r"[,”\"]\s*$", sentence[:m.start()]) and verb.lower() in ("said", "says", "added", "told") else None
        head = sentence[:m.start()].rstrip()
        if inv and (head.endswith(",") or head.endswith("”") or head.endswith('"')) and \
                classify_source(inv.group(1)) not in (None,):
            src = _clean_phrase(inv.group(1))
            add(classify_source(src), m.start(), m.end() + inv.end(), src, level=2)
            continue
        if re.search(r"\b(?:the|a|an|this|that|these|those|its|his|her|their|our|such|any|no)\s+$",
                     sentence[:vstart], re.I):
            continue                                    # "the report", "the claims": a noun, not a verb
        subject, sstart = _subject_before(sentence, m.start())
        level = 1
        if re.match(r"^(?:who|which|that)$", subject, re.I):
            subject, sstart = _antecedent(sentence, sstart)
        # ", officials said," or ", the embassy said." : governs the whole sentence
        if re.search(r",\s*$", sentence[:sstart + 1]) and re.match(r"^\s*[,.]|^\s*$", after):
            level = 2
        chain = _split_chain(subject)                # "a source cited by AFP said"
        kind = classify_source(chain[-1])
        if kind is None:
            continue
        src = chain[-1]
        obj = re.match(r"\s+([A-Z][\w]*(?:\s+[A-Z][\w]*)*|the outlet|the newspaper|the channel|the agency)", after)
        if verb.lower() in ("told", "tells", "tell") and obj and classify_source(obj.group(1)) == "MEDIA_OUTLET":
            chain = [obj.group(1), src]
        if relay:
            chain = [_clean_phrase(relay.group(1))] + chain
        cue_start = sstart + (len(sentence[sstart:m.start()]) - len(sentence[sstart:m.start()].lstrip()))
        cue_end = m.end() + (obj.end() if obj and len(chain) > 1 and chain[0] == obj.group(1) else 0)
        if relay and relay.start() >= m.end():
            cue_end = relay.end()
        add(kind, cue_start, cue_end, src, chain, level=level)

    found.sort(key=lambda a: a.start)
    return found


def find_hedges(sentence: str, main_only: bool = True) -> list[str]:
    """Hedge expressions in a sentence ("reportedly", "was said to", "believed to").

    >>> find_hedges("He was said to have met them, and reportedly left.")
    ['was said to', 'reportedly']
    """
    skip = side_parts(sentence) if main_only else []
    hits = []
    for p in HEDGE_PATTERNS:
        for m in re.finditer(p, sentence, re.I):
            if not _inside(m.start(), skip) and not any(m.start() >= s and m.end() <= e for _, s, e in hits):
                hits.append((m.group(0), m.start(), m.end()))
    hits.sort(key=lambda h: h[1])
    # "was said to" also contains "said to": keep the longest only
    out = []
    for h in hits:
        if not any(o[1] <= h[1] < o[2] and o != h for o in hits if len(o[0]) > len(h[0])):
            out.append(h[0])
    return out


def is_commentary(sentence: str) -> str | None:
    """The words that mark a sentence as commentary or prediction, or None.

    >>> is_commentary("The talks highlight the fragile nature of relations.")
    'highlight'
    """
    skip = side_parts(sentence)
    for p in COMMENTARY_PATTERNS:
        for m in re.finditer(p, sentence, re.I):
            if not _inside(m.start(), skip):
                return m.group(0)
    return None


# ---------------------------------------------------------------------------
# Labelling
# ---------------------------------------------------------------------------
def label_sentence(text: str, role: str = "body", previous: SentenceLabel | None = None,
                   article_id: str = "", sentence_id: str = "") -> SentenceLabel:
    """Label one sentence by who stands behind its main claim, with a one-line reason.

    >>> label_sentence("Officials familiar with the talks said no deal was reached.").label
    'UNNAMED'
    >>> label_sentence("“It was a mistake,” said Foreign Minister Jean Dupont.").label
    'NAMED_PERSON'
    >>> label_sentence("The ministry did not confirm the report.").label
    'UNATTRIBUTED'
    """
    def result(label, cue=None, source=None, chain=None, reason=""):
        return SentenceLabel(article_id, sentence_id, text, label, cue, source, chain or [], reason)

    if role == "boilerplate":
        return result("NONE", reason="NONE: page furniture, not part of the story")
    attributions = find_attributions(text)
    hedges = find_hedges(text)
    if attributions:
        outer = [a for a in attributions if a.level == 2]
        first = outer[0] if outer else attributions[0]
        # R7: a hedge right on the reporting verb ("officials reportedly urged") wins
        if hedges and first.level == 1 and re.search(r"\breportedly\s+" + re.escape(first.cue.split()[-1]),
                                                     text, re.I) and "reportedly" in hedges:
            return result("HEDGE_ONLY", "reportedly", None, [],
                          f"HEDGE_ONLY: 'reportedly' on '{first.cue}' — the report itself has no source")
        kind, source = first.kind, first.source
        if kind == "PRONOUN":
            if previous is not None and previous.label in ("NAMED_PERSON", "NAMED_INSTITUTION", "UNNAMED"):
                return result(previous.label, first.cue, source, [source],
                              f"{previous.label}: '{first.cue}' — '{source}' points back to "
                              f"'{previous.source}' in the sentence before")
            kind = "UNNAMED"
        chain = first.chain
        via = f" (chain: {' -> '.join(chain)})" if len(chain) > 1 else ""
        return result(kind, first.cue, source, chain, f"{kind}: '{first.cue}'{via}")
    if hedges:
        return result("HEDGE_ONLY", hedges[0], None, [], f"HEDGE_ONLY: '{hedges[0]}', no source named")
    if role == "heading":
        return result("NONE", reason="NONE: a sub-heading with no source")
    marker = is_commentary(text)
    if marker:
        return result("NONE", marker, None, [], f"NONE: commentary or prediction ('{marker}')")
    return result("UNATTRIBUTED", reason="UNATTRIBUTED: no source or hedge found")


def label_article(article) -> list[SentenceLabel]:
    """Label every sentence of an article (a ``medialit.corpus.Article``), in order.

    >>> from medialit.corpus import Article
    >>> art = Article.from_text("999", "Salam told reporters he was tired.\\n“It is over,” he said.\\n")
    >>> [x.label for x in label_article(art)]
    ['NAMED_PERSON', 'NAMED_PERSON']
    """
    out = []
    previous = None
    last_outlet = None
    for s in article.sentences:
        lab = label_sentence(s.text, s.role, previous, article.id, s.id)
        # "the outlet", "the channel": a definite back-reference to the last outlet named
        if last_outlet:
            lab.chain = [last_outlet if re.fullmatch(r"the (?:outlet|channel|newspaper|agency|broadcaster)",
                                                     link, re.I) else link for link in lab.chain]
        for link in lab.chain:
            if classify_source(link) == "MEDIA_OUTLET" and not link.lower().startswith("the "):
                last_outlet = link
        out.append(lab)
        if lab.source:
            previous = lab
    return out


def label_of(articles: dict, sentence_id: str) -> SentenceLabel:
    """The label of one sentence, read in the context of its article (for "he said").

    >>> from medialit.corpus import load_articles
    >>> label_of(load_articles(), "004:s8").label
    'NAMED_PERSON'
    """
    article_id = sentence_id.split(":")[0]
    for lab in label_article(articles[article_id]):
        if lab.sentence_id == sentence_id:
            return lab
    raise KeyError(f"{sentence_id!r} is not a sentence of article {article_id}")


def print_labels(labels: list[SentenceLabel], width: int = 60) -> None:
    """Print sentence labels as a table: id, label, source, the start of the sentence."""
    from .corpus import print_table

    print_table([{"id": x.sentence_id, "label": x.label, "source": _short(x.source or "-", 28),
                  "sentence": _short(x.text, width)} for x in labels])


def show_retellings(articles: dict, sentence_ids: list[str], width: int = 90) -> None:
    """Print the same claim as several articles tell it: id, label, cue, then the sentence."""
    import textwrap

    for sid in sentence_ids:
        lab = label_of(articles, sid)
        print(f"{sid}  {lab.label}  cue: {lab.cue or '-'}")
        for line in textwrap.wrap(lab.text, width=width):
            print("    " + line)
        print()


def source_chain(sentence_label: SentenceLabel, article_id: str = "") -> list[str]:
    """The chain from the article to the origin of a claim, e.g.
    ``['article 000', 'LBCI TV channel', 'unnamed sources']``.

    >>> source_chain(label_sentence("Lebanon hailed the talks, according to a source cited by LBCI TV."), "001")
    ['article 001', 'LBCI TV', 'a source']
    """
    aid = article_id or sentence_label.article_id
    return [f"article {aid}"] + list(sentence_label.chain)


def sourcing_profile(labels: list[SentenceLabel]) -> dict[str, int]:
    """How many sentences of each label, in the order of ``LABELS``.

    >>> sourcing_profile([label_sentence("Sources said so."), label_sentence("It rained.")])["UNNAMED"]
    1
    """
    counts = Counter(x.label for x in labels)
    return {lab: counts.get(lab, 0) for lab in LABELS}


def rests_on_unnamed(label: str) -> bool:
    """The yes/no question of the lesson: does the claim rest on an unnamed source?"""
    return label == "UNNAMED"


# ---------------------------------------------------------------------------
# The anonymous-source checklist
# ---------------------------------------------------------------------------
CHECKLIST = (
    ("specific", "Says who the source is beyond a bare label (an organisation, office or job)"),
    ("knows", "Says how the source knows (took part, saw it, lives there, close to the talks)"),
    ("why_anonymous", "Says why the source is not named"),
    ("fact", "The source supplies a checkable fact, not an opinion, feeling or accusation"),
    ("number", "Says how many sources (a bare plural like 'sources' can hide one)"),
    ("direct", "The outlet talked to the source itself (not via another outlet)"),
)

_KNOWS = r"close to|familiar with|briefed|involved in|present|attended|who (?:took part|was there)|" \
         r"witness|residents|participat|in the room|with knowledge|with direct knowledge"
_WHY = r"condition of anonymity|not authori[sz]ed|anonymously|declined to be named|asked not to be named|" \
       r"because (?:he|she|they) (?:was|were) not|fear of|for (?:his|her|their) safety"
_OPINION = r"\bfrustrat|\bconcern|\burged?\b|\baccus|\bstance\b|\bthreat\b|\binterest\b|\bpotential\b|" \
           r"\bbelieves?\b|\bthinks?\b|\bfeels?\b|\bcondemn|\bopinion|\bexcellent\b|\bhistoric\b|\bhope"
_SPECIFIC = r"\b(?:ministry|department|office|army|military|council|committee|negotiator|adviser|advisor|" \
            r"commander|spokes|aide to|member of|delegation member|state department|foreign ministry|embassy)\b"


def score_anonymous_source(sentence: str, source: str | None = None) -> dict[str, int]:
    """Score an unnamed attribution on the six-point checklist (1 point per item).

    The helper answers from the words only; a reader should check each point.

    >>> s = score_anonymous_source("A senior State Department official, who attended the talks, said on "
    ...     "condition of anonymity that the deal was signed.", "A senior State Department official")
    >>> sum(s.values()), s["why_anonymous"], s["number"]
    (6, 1, 1)
    """
    low = sentence.lower()
    src = (source or sentence).lower()
    return {
        "specific": int(bool(re.search(_SPECIFIC, src))),
        "knows": int(bool(re.search(_KNOWS, low))),
        "why_anonymous": int(bool(re.search(_WHY, low))),
        "fact": int(not re.search(_OPINION, low)),
        "number": int(bool(re.match(r"^(?:a|an|one|two|three|four|five|\d+)\b", src.strip()))),
        "direct": int(not (re.search(r"cited by|as cited|quoted by|reports from|according to reports|told the outlet", low)
                           or _has(OUTLET_WORDS, low))),
    }


# ---------------------------------------------------------------------------
# Comparing with the kit's own reading
# ---------------------------------------------------------------------------
def checklist_rows(articles: dict, kit_scores: dict | None = None) -> list[dict]:
    """One row per sentence the helper labels UNNAMED: the helper's checklist score and,
    when the kit's reading is at hand, the kit's score for the same sentence."""
    rows = []
    for art in articles.values():
        for lab in label_article(art):
            if lab.label != "UNNAMED":
                continue
            score = score_anonymous_source(lab.text, lab.source)
            row = {"id": lab.sentence_id, "source": _short(lab.source or "-", 34),
                   "helper": f"{sum(score.values())}/{len(CHECKLIST)}"}
            if kit_scores is not None:
                kit = kit_scores.get(lab.sentence_id)
                row["kit"] = f"{kit['total']}/{len(CHECKLIST)}" if kit else "-"
            rows.append(row)
    return rows


def compare_with_key(labels: list[SentenceLabel], key_sentences: dict) -> dict:
    """Agreement of the helper with the key: labels (key label or an accepted alternative),
    the unnamed yes/no decision, the confusion table and the list of disagreements.
    """
    rows, agree, agree_strict, yes_no = [], 0, 0, 0
    confusion = {k: Counter() for k in LABELS}
    for lab in labels:
        rec = key_sentences.get(lab.sentence_id)
        if rec is None:
            continue
        ok = lab.label == rec["label"] or lab.label in rec.get("alternatives", [])
        agree += ok
        agree_strict += lab.label == rec["label"]
        yn = rests_on_unnamed(lab.label) == rests_on_unnamed(rec["label"])
        yes_no += yn
        confusion[rec["label"]][lab.label] += 1
        if not ok or not yn:
            rows.append({"id": lab.sentence_id, "key": rec["label"], "helper": lab.label,
                         "accepted": "/".join([rec["label"]] + rec.get("alternatives", [])),
                         "reason": lab.reason})
    n = sum(sum(c.values()) for c in confusion.values())
    return {"n": n, "agree": agree, "agree_strict": agree_strict, "unnamed_agree": yes_no,
            "label_agreement": agree / n if n else 0.0, "strict_agreement": agree_strict / n if n else 0.0,
            "unnamed_agreement": yes_no / n if n else 0.0,
            "confusion": {k: dict(v) for k, v in confusion.items()}, "disagreements": rows}


def print_confusion(confusion: dict) -> None:
    """Print a confusion table: rows = the key's label, columns = the helper's label."""
    short = {"NAMED_PERSON": "PERS", "NAMED_INSTITUTION": "INST", "MEDIA_OUTLET": "MEDIA",
             "UNNAMED": "UNNAM", "HEDGE_ONLY": "HEDGE", "UNATTRIBUTED": "UNATT", "NONE": "NONE"}
    print("key \\ helper".ljust(18) + "".join(short[c].rjust(7) for c in LABELS))
    for r in LABELS:
        print(r.ljust(18) + "".join(str(confusion.get(r, {}).get(c, 0) or ".").rjust(7) for c in LABELS))


# Sentences written for the lesson (not from the five articles), labelled by the kit *before*
# the helper was run on them: a fair test of a tool is text it was not built on.
FRESH_SENTENCES = (
    ("Two senior officials familiar with the negotiations said the ceasefire would be extended by 60 days.", "UNNAMED"),
    ("The agreement was confirmed by the foreign ministry in a brief statement on Friday.", "NAMED_INSTITUTION"),
    ("“We have no interest in escalation,” Defence Minister Anna Berg told AFP.", "NAMED_PERSON"),
    ("Residents of the village described hearing drones overnight.", "UNNAMED"),
    ("The army did not comment on the report.", "UNATTRIBUTED"),
    ("Diplomats say the talks could collapse within days.", "UNNAMED"),
    ("The strike was allegedly carried out by a drone.", "HEDGE_ONLY"),
    ("Israel's military said in a statement that it had struck 12 targets.", "NAMED_INSTITUTION"),
    ("Hezbollah dismissed the claims as “lies”.", "NAMED_INSTITUTION"),
    ("A person with knowledge of the plan, who asked not to be named because the talks are private, "
     "said a second round is planned.", "UNNAMED"),
    ("This is the worst crisis in a decade, according to analysts.", "UNNAMED"),
    ("Local media reported that three people were killed.", "MEDIA_OUTLET"),
    ("Prices rose by 4 percent in October.", "UNATTRIBUTED"),
    ("The talks are widely seen as a turning point.", "HEDGE_ONLY"),
    ("President Aoun’s office said the meeting was “constructive”.", "NAMED_INSTITUTION"),
    ("Officials in Beirut, however, played down the significance of the meeting.", "UNNAMED"),
)


def try_fresh_sentences() -> list[dict]:
    """The helper on ``FRESH_SENTENCES``: one row per sentence with the kit's label and the helper's.

    >>> rows = try_fresh_sentences()
    >>> len(rows), sum(r["agree"] == "yes" for r in rows) <= len(rows)
    (16, True)
    """
    rows = []
    for text, kit_label in FRESH_SENTENCES:
        lab = label_sentence(text)
        rows.append({"kit": kit_label, "helper": lab.label, "agree": "yes" if lab.label == kit_label else "NO",
                     "sentence": text})
    return rows


# ---------------------------------------------------------------------------
# The sourcing profile chart
# ---------------------------------------------------------------------------
# Strong (named, on the record) to weak (no claim): blues, green, then warm colours;
# hatches repeat the order so the chart reads in greyscale.
LABEL_COLORS = {"NAMED_PERSON": "#0072B2", "NAMED_INSTITUTION": "#56B4E9", "MEDIA_OUTLET": "#009E73",
                "UNNAMED": "#D55E00", "HEDGE_ONLY": "#E69F00", "UNATTRIBUTED": "#F0E442", "NONE": "#DDDDDD"}
LABEL_HATCHES = {"NAMED_PERSON": "", "NAMED_INSTITUTION": "", "MEDIA_OUTLET": "..", "UNNAMED": "//",
                 "HEDGE_ONLY": "\\\\", "UNATTRIBUTED": "xx", "NONE": ""}


def plot_sourcing_profile(profiles: dict, ax=None, title: str = "Who stands behind each sentence?"):
    """A stacked horizontal bar per article: how many sentences carry each label.

    ``profiles`` maps an article id (or any row name) to ``sourcing_profile(...)``.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5))
    names = list(profiles)[::-1]                      # first article on top
    left = [0] * len(names)
    for lab in LABELS:
        values = [profiles[n].get(lab, 0) for n in names]
        bars = ax.barh(names, values, left=left, color=LABEL_COLORS[lab], hatch=LABEL_HATCHES[lab],
                       edgecolor="#555555", linewidth=0.6, label=lab.replace("_", " ").lower())
        for bar in bars:
            if hasattr(bar, "set_hatch_linewidth"):  # matplotlib >= 3.10: thinner hatch lines
                bar.set_hatch_linewidth(0.5)
        for bar, v in zip(bars, values):
            if v:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, str(v),
                        ha="center", va="center", fontsize=11,
                        color="white" if lab in ("NAMED_PERSON", "UNNAMED") else "black",
                        bbox=None if lab in ("NAMED_PERSON", "UNNAMED") else
                        {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})
        left = [a + b for a, b in zip(left, values)]
    ax.set_title(title)
    ax.set_xlabel("Number of sentences (headlines and page furniture included)")
    ax.set_ylabel("Article")
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.2), title="Label of the main claim")
    return ax


# ---------------------------------------------------------------------------
# The command line: medialit sources FILE... [--json]
# ---------------------------------------------------------------------------
def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files")
    parser.add_argument("--json", action="store_true",
                        help="one JSON record per sentence (article id, sentence id, text, label, cue, source, reason)")
    parser.add_argument("--width", type=int, default=60, help="width of the sentence column (default 60)")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run(args) -> int:
    from .corpus_cli import read_articles

    articles, failures = read_articles(args.files)
    records = []
    for art in articles:
        labels = label_article(art)
        if args.json:
            for x in labels:
                records.append({"article_id": x.article_id, "sentence_id": x.sentence_id, "text": x.text,
                                "label": x.label, "cue": x.cue, "source": x.source, "reason": x.reason})
            continue
        print(f"Article {art.id} — {art.label}")
        print_labels(labels, args.width)
        profile = sourcing_profile(labels)
        print("profile: " + ", ".join(f"{k} {v}" for k, v in profile.items() if v))
        print()
    if args.json:
        sys.stdout.write("[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n")
    return 1 if failures else 0
