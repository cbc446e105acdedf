"""Shared text between articles, the engine: one story told five times, or five stories?

Text in, records out (no printing, no plotting, no answer key); the lesson side
is :mod:`medialit.overlap`.

Two independent reports of the same event share *topic words* ("Hezbollah",
"Naqoura", "ceasefire") but hardly ever a run of five words in a row. A text
rewritten from another one keeps whole runs ("a rare moment of diplomatic
engagement between the two nations"). A *thorough* paraphrase keeps neither
the runs nor the wording, but it keeps the content words of each sentence in
the order of the original. This module measures all three:

* :func:`ngram_set`, :func:`topic_word_set`, :func:`jaccard` — shared wording and shared topic;
* :func:`shared_passages` — the longest runs of words two texts share, verbatim,
  with the sentence ids on both sides;
* :func:`align_sentences`, :func:`order_agreement` — do the shared sentences come
  in the same order?
* :func:`content_alignment`, :func:`paraphrase_evidence` — sentences that share
  most of their content words, in the same order: a paraphrase cannot be ruled out;
* :func:`compare` — all of the above for one pair; :func:`pair_table` for every pair;
* :func:`group_articles` — single-linkage grouping on a threshold, returned with
  its evidence, its margin and the pairs a paraphrase may join;
* the records of the lesson's claim matrix: :class:`Claim`, :func:`build_claim`,
  :func:`find_sentences`, :func:`claim_support`.

Everything works on any set of texts: a dict of :class:`~medialit.corpus.Article`
or of plain strings. Words come from :func:`medialit.corpus.words` and n-grams
from :func:`nltk.ngrams` (imported when first used), so nothing needs NLTK data.

Example:
    >>> a = "The minister said the talks were a rare moment of calm. Rain fell later."
    >>> b = "Rain fell. The talks were a rare moment of calm, the minister said."
    >>> round(jaccard(ngram_set(a), ngram_set(b)), 2)
    0.4
    >>> shared_passages(a, b)[0].text_a
    'the talks were a rare moment of calm'
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .corpus import STOPWORDS, WORD_TOKENIZER, Article, as_article, words  # noqa: F401 (as_article: re-exported)

N = 5                     # the n of the n-grams: five words in a row
DEFAULT_THRESHOLD = 0.02  # 5-gram Jaccard at or above which two texts are linked


def ngrams(sequence, n: int):
    """``nltk.ngrams``, imported when first used (the command starts faster).

    >>> list(ngrams(["a", "b", "c"], 2))
    [('a', 'b'), ('b', 'c')]
    """
    from nltk.util import ngrams as nltk_ngrams

    return nltk_ngrams(sequence, n)


GROUPING_RATIONALE = (
    "Two texts are linked when the Jaccard similarity of their sets of 5-word sequences "
    "(5-grams) is at least {threshold:g}; groups are the connected sets of links "
    "(single linkage: one strong link is enough to join two texts). Why 5-grams: writers "
    "reporting the same event independently share names and set phrases (\"Prime Minister "
    "Benjamin Netanyahu's office\") but rarely five words in a row otherwise. Measured on the "
    "kit's five articles (300-600 words each): independent pairs share at most 2 5-grams "
    "(Jaccard at most 0.003), retellings share 29 to 61 (Jaccard 0.037 to 0.076). The default "
    "threshold, 0.02, sits between the two; it is set for 5-grams and texts of this length "
    "(with 2-grams every pair of the five passes it), so check it again on other texts. Why "
    "single linkage: a rewrite of a rewrite may share little with the original and still come "
    "from it, so one chain of copies is one source. Limits: very short texts give noisy "
    "Jaccard values, a thorough paraphrase leaves no 5-grams behind, and shared wording shows "
    "a common origin, not who copied whom. Always read the shared passages before trusting a "
    "group."
)


# ---------------------------------------------------------------------------
# Texts and tokens
# ---------------------------------------------------------------------------


def as_articles(texts) -> dict[str, Article]:
    """A dict ``{id: Article}`` from a dict of Articles/strings or a list of Articles.

    >>> sorted(as_articles({"a": "One text.", "b": "Another text."}))
    ['a', 'b']
    """
    if isinstance(texts, dict):
        return {str(k): as_article(v, str(k)) for k, v in texts.items()}
    out = {}
    for i, t in enumerate(texts):
        art = as_article(t, f"text{i + 1}")
        out[art.id] = art
    return out


@dataclass(frozen=True)
class Token:
    """One word of an article, where it sits, and in which sentence."""

    word: str          # lower-cased, as medialit.corpus.words gives it
    sentence_id: str
    start: int         # character offsets in the article's text
    end: int


def tokens(text) -> list[Token]:
    """The words of a text (boilerplate left out) with their place in the text.

    The words are exactly those of :func:`medialit.corpus.words`, sentence by sentence.

    >>> [(t.word, t.sentence_id) for t in tokens(as_article("Rain fell. Lebanon’s sun!", "x"))]
    [('rain', 'x:s1'), ('fell', 'x:s1'), ('lebanon', 'x:s2'), ('sun', 'x:s2')]
    """
    art = as_article(text)
    out = []
    for s in art.sentences:
        if s.is_boilerplate:
            continue
        spans = [(a, b) for a, b in WORD_TOKENIZER.span_tokenize(s.text)
                 if s.text[a:b] not in ("'s", "’s")]
        ws = words(s.text)
        assert len(ws) == len(spans), "tokens and words() disagree"
        out.extend(Token(w, s.id, s.start + a, s.start + b) for w, (a, b) in zip(ws, spans))
    return out


# ---------------------------------------------------------------------------
# The two measures
# ---------------------------------------------------------------------------
def ngram_set(text, n: int = N) -> set[tuple[str, ...]]:
    """The set of n-word sequences of a text, sentence by sentence (boilerplate left out).

    An n-gram never straddles two sentences, so putting the same sentences in
    another order leaves the set unchanged.

    >>> sorted(ngram_set("A rare moment of calm today. Rain fell.", n=5))
    [('a', 'rare', 'moment', 'of', 'calm'), ('rare', 'moment', 'of', 'calm', 'today')]
    """
    out = set()
    for sentence_words in _sentence_words(as_article(text)):
        out.update(ngrams(sentence_words, n))
    return out


def _sentence_words(art: Article) -> list[list[str]]:
    return [words(s.text) for s in art.sentences if not s.is_boilerplate]


def topic_word_set(text) -> set[str]:
    """The set of content words (no stopwords, no numbers): what a text is *about*.

    >>> sorted(topic_word_set("The talks in Naqoura were on 3 December."))
    ['december', 'naqoura', 'talks']
    """
    return set(as_article(text).content_words())


def jaccard(a: set, b: set) -> float:
    """Shared items divided by all items: 0 = nothing shared, 1 = the same set.

    >>> jaccard({1, 2, 3}, {2, 3, 4})
    0.5
    >>> jaccard(set(), set())
    0.0
    """
    union = a | b
    return len(a & b) / len(union) if union else 0.0


MEASURES = {
    "5-gram": "Jaccard of 5-gram sets (shared wording)",
    "topic": "Jaccard of content-word sets (shared topic)",
}


def similarity_matrix(texts, measure: str = "5-gram", n: int = N) -> tuple[list[str], list[list[float]]]:
    """Every pair's similarity: ``(ids, rows)``; ``measure`` is ``"5-gram"`` or ``"topic"``.

    With ``measure="5-gram"`` and another ``n``, n-grams of that length are used.

    >>> ids, rows = similarity_matrix({"a": "One two three four five six.", "b": "One two three four five."})
    >>> ids, rows[0][1]
    (['a', 'b'], 0.5)
    """
    arts = as_articles(texts)
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {sorted(MEASURES)}")
    sets = {k: (ngram_set(a, n) if measure == "5-gram" else topic_word_set(a)) for k, a in arts.items()}
    ids = list(arts)
    return ids, [[1.0 if i == j else jaccard(sets[i], sets[j]) for j in ids] for i in ids]


# ---------------------------------------------------------------------------
# Shared passages
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Passage:
    """A run of words two texts share, verbatim on both sides."""

    a: str                      # article ids
    b: str
    length: int                 # in words
    text_a: str                 # as printed in a
    text_b: str                 # as printed in b
    sentence_a: str             # the sentence id of the run in a (a run never leaves its sentence)
    sentence_b: str

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "words": self.length, "text_a": self.text_a,
                "text_b": self.text_b, "sentence_a": self.sentence_a,
                "sentence_b": self.sentence_b}


def shared_passages(a, b, min_words: int = N) -> list[Passage]:
    """Every maximal run of at least ``min_words`` words that both texts contain, longest first.

    A run stays inside one sentence on each side, like the n-grams. Runs are found wherever they sit in either text (a reordered copy still
    shows its passages). Words are compared lower-cased, so the verbatim texts
    on the two sides may differ in capitals, punctuation and a possessive "’s".

    >>> p = shared_passages("Rain fell on the old town of Tyre at dawn.", "At dawn rain fell on the old town.")[0]
    >>> p.length, p.text_a, p.text_b
    (6, 'Rain fell on the old town', 'rain fell on the old town')
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    ta, tb = tokens(art_a), tokens(art_b)
    wa, wb = [t.word for t in ta], [t.word for t in tb]
    sa, sb = [t.sentence_id for t in ta], [t.sentence_id for t in tb]

    def same_sentence(sent, i, k):
        return sent[i] == sent[i + k - 1]

    seeds: dict[tuple, list[int]] = {}
    for j, gram in enumerate(ngrams(wb, min_words)):
        if same_sentence(sb, j, min_words):
            seeds.setdefault(gram, []).append(j)
    found = []
    for i, gram in enumerate(ngrams(wa, min_words)):
        if not same_sentence(sa, i, min_words):
            continue
        for j in seeds.get(gram, ()):
            if i > 0 and j > 0 and wa[i - 1] == wb[j - 1] and sa[i - 1] == sa[i] and sb[j - 1] == sb[j]:
                continue            # not the start of a maximal run
            k = min_words
            while (i + k < len(wa) and j + k < len(wb) and wa[i + k] == wb[j + k]
                   and sa[i + k] == sa[i] and sb[j + k] == sb[j]):
                k += 1
            found.append(Passage(
                art_a.id, art_b.id, k,
                art_a.text[ta[i].start:ta[i + k - 1].end],
                art_b.text[tb[j].start:tb[j + k - 1].end],
                sa[i], sb[j]))
    found.sort(key=lambda p: (-p.length, _sentence_number(p.sentence_a), p.text_a))
    return found


def _sentence_number(sentence_id: str) -> int:
    return int(sentence_id.rsplit(":s", 1)[1])


# ---------------------------------------------------------------------------
# Order: do the shared sentences come in the same order?
# ---------------------------------------------------------------------------
def align_sentences(a, b, n: int = N) -> list[tuple[str, str, int]]:
    """Pair each sentence of ``a`` with the sentence of ``b`` that shares most n-grams.

    Returns ``(sentence_a, sentence_b, shared n-grams)`` for every sentence of
    ``a`` that shares at least one n-gram, in the reading order of ``a``.

    >>> align_sentences("Rain fell on the old town. The sun came out at noon today.",
    ...                 "The sun came out at noon. Rain fell on the old town.")
    [('a:s1', 'b:s2', 2), ('a:s2', 'b:s1', 2)]
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    grams_b = {s.id: set(ngrams(words(s.text), n)) for s in art_b.sentences if not s.is_boilerplate}
    out = []
    for s in art_a.sentences:
        if s.is_boilerplate:
            continue
        mine = set(ngrams(words(s.text), n))
        best, best_count = None, 0
        for sid, theirs in grams_b.items():
            c = len(mine & theirs)
            if c > best_count:
                best, best_count = sid, c
        if best:
            out.append((s.id, best, best_count))
    return out


def longest_increasing_run(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (not necessarily contiguous).

    >>> longest_increasing_run([1, 5, 2, 3, 9, 4])
    4
    """
    import bisect

    tails: list[int] = []
    for v in values:
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
        else:
            tails[k] = v
    return len(tails)


def order_agreement(alignment: list[tuple[str, str, int]]) -> dict:
    """How well the aligned sentences keep their order in the other text.

    ``in_order`` is the longest increasing subsequence of the partner sentence
    numbers; ``kendall_tau`` runs from 1 (same order) through 0 (no relation)
    to -1 (reversed); ``None`` when fewer than two sentences are aligned.

    >>> order_agreement([("a:s1", "b:s1", 3), ("a:s2", "b:s3", 2), ("a:s3", "b:s2", 1)])
    {'aligned': 3, 'in_order': 2, 'kendall_tau': 0.33}
    """
    seq = [_sentence_number(sb) for _, sb, _ in alignment]
    k = len(seq)
    if k < 2:
        return {"aligned": k, "in_order": k, "kendall_tau": None}
    conc = disc = 0
    for i in range(k):
        for j in range(i + 1, k):
            if seq[j] > seq[i]:
                conc += 1
            elif seq[j] < seq[i]:
                disc += 1
    return {"aligned": k, "in_order": longest_increasing_run(seq),
            "kendall_tau": round((conc - disc) / (k * (k - 1) / 2), 2)}


# ---------------------------------------------------------------------------
# One pair, every pair
# ---------------------------------------------------------------------------
@dataclass
class PairEvidence:
    """Everything measured about one pair of texts."""

    a: str
    b: str
    ngram_jaccard: float
    topic_jaccard: float
    shared_ngrams: int
    passages: list = field(default_factory=list)   # Passage, longest first
    alignment: list = field(default_factory=list)  # (sentence_a, sentence_b, shared)
    order: dict = field(default_factory=dict)
    content_order: dict = field(default_factory=dict)   # see content_alignment
    paraphrase: dict | None = None                      # see paraphrase_evidence

    @property
    def longest(self) -> Passage | None:
        return self.passages[0] if self.passages else None

    def row(self) -> dict:
        """One line of the pair table (numbers rounded for reading)."""
        return {"pair": f"{self.a}-{self.b}", "5gram_jaccard": round(self.ngram_jaccard, 3),
                "topic_jaccard": round(self.topic_jaccard, 3), "shared_5grams": self.shared_ngrams,
                "longest_passage": self.longest.length if self.longest else 0,
                "aligned_sentences": self.order.get("aligned", 0),
                "kendall_tau": self.order.get("kendall_tau")}

    def as_dict(self, passages: int = 3) -> dict:
        d = {"a": self.a, "b": self.b, "ngram_jaccard": round(self.ngram_jaccard, 4),
             "topic_jaccard": round(self.topic_jaccard, 4), "shared_ngrams": self.shared_ngrams,
             "order": self.order, "alignment": [list(x) for x in self.alignment],
             "passages": [p.as_dict() for p in self.passages[:passages]],
             "content_order": {k: v for k, v in self.content_order.items() if k not in ("pairs", "texts")},
             "paraphrase": self.paraphrase}
        return d


def compare(a, b, n: int = N, threshold: float = DEFAULT_THRESHOLD) -> PairEvidence:
    """Measure one pair: 5-gram and topic Jaccard, shared passages, order, and whether a
    paraphrase cannot be ruled out (``paraphrase``: see :func:`paraphrase_evidence`).

    >>> ev = compare("Rain fell on the old town of Tyre.", "Rain fell on the old town of Sidon.")
    >>> ev.shared_ngrams, ev.longest.length
    (3, 7)
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    ga, gb = ngram_set(art_a, n), ngram_set(art_b, n)
    alignment = align_sentences(art_a, art_b, n)
    ev = PairEvidence(art_a.id, art_b.id, jaccard(ga, gb),
                      jaccard(topic_word_set(art_a), topic_word_set(art_b)), len(ga & gb),
                      shared_passages(art_a, art_b, n), alignment, order_agreement(alignment),
                      content_alignment(art_a, art_b))
    ev.paraphrase = paraphrase_evidence(ev, threshold)
    return ev


def pair_table(texts, n: int = N, threshold: float = DEFAULT_THRESHOLD) -> list[PairEvidence]:
    """:func:`compare` for every pair, in id order (``000-001``, ``000-002`` …)."""
    arts = as_articles(texts)
    ids = list(arts)
    return [compare(arts[i], arts[j], n, threshold) for x, i in enumerate(ids) for j in ids[x + 1:]]


def top_passages(pairs: list[PairEvidence], k: int = 5, one_per_pair: bool = False) -> list[Passage]:
    """The ``k`` longest shared passages over all pairs."""
    pool = [p for ev in pairs for p in (ev.passages[:1] if one_per_pair else ev.passages)]
    return sorted(pool, key=lambda p: (-p.length, p.a, p.b, p.text_a))[:k]


# ---------------------------------------------------------------------------
# Grouping into independent sources
# ---------------------------------------------------------------------------
@dataclass
class Grouping:
    """Groups of texts that share an origin, with the evidence for every decision."""

    groups: list            # lists of ids; one list = one independent source
    pairs: list             # PairEvidence for every pair
    threshold: float
    n: int = N

    @property
    def rationale(self) -> str:
        return GROUPING_RATIONALE.format(threshold=self.threshold)

    @property
    def links(self) -> list[PairEvidence]:
        """The pairs at or above the threshold: the edges that joined groups."""
        return [p for p in self.pairs if p.ngram_jaccard >= self.threshold]

    def group_of(self, article_id: str) -> int:
        """Index of the group an article belongs to."""
        for k, g in enumerate(self.groups):
            if article_id in g:
                return k
        raise KeyError(article_id)

    def same_group(self, a: str, b: str) -> bool:
        return self.group_of(a) == self.group_of(b)

    @property
    def within(self) -> list[PairEvidence]:
        return [p for p in self.pairs if self.same_group(p.a, p.b)]

    @property
    def between(self) -> list[PairEvidence]:
        return [p for p in self.pairs if not self.same_group(p.a, p.b)]

    @property
    def min_within(self) -> float | None:
        """The weakest similarity between two texts of the same group."""
        return min((p.ngram_jaccard for p in self.within), default=None)

    @property
    def max_between(self) -> float | None:
        """The strongest similarity between two texts of different groups."""
        return max((p.ngram_jaccard for p in self.between), default=None)

    @property
    def margin(self) -> float | None:
        """``min_within / max_between``: how many times stronger the weakest link inside
        a group is than the strongest link across groups (``inf`` when nothing is shared
        across groups, ``None`` when there is nothing to compare)."""
        lo, hi = self.min_within, self.max_between
        if lo is None or hi is None:
            return None
        return float("inf") if hi == 0 else lo / hi

    def summary(self) -> dict:
        margin = self.margin
        return {"groups": self.groups, "threshold": self.threshold, "n": self.n,
                "min_within": None if self.min_within is None else round(self.min_within, 4),
                "max_between": None if self.max_between is None else round(self.max_between, 4),
                "margin": None if margin is None else (margin if margin == float("inf") else round(margin, 1)),
                "links": [f"{p.a}-{p.b}" for p in self.links], "rationale": self.rationale}

    @property
    def possible_paraphrases(self) -> list[PairEvidence]:
        """Pairs in different groups whose sentences share content words in the same order:
        the 5-grams do not link them, but a paraphrase cannot be ruled out."""
        return [p for p in self.between if p.paraphrase]

    def as_dict(self, passages: int = 3) -> dict:
        d = self.summary()
        d["pairs"] = [p.as_dict(passages) for p in self.pairs]
        d["possible_paraphrases"] = [{"a": p.a, "b": p.b, **p.paraphrase} for p in self.possible_paraphrases]
        return d


def group_articles(texts, threshold: float = DEFAULT_THRESHOLD, n: int = N) -> Grouping:
    """Group texts into independent sources by single linkage on 5-gram Jaccard.

    See ``GROUPING_RATIONALE`` for why this threshold and this linkage.

    >>> g = group_articles({"a": "Rain fell on the old town of Tyre at dawn.",
    ...                     "b": "Rain fell on the old town of Tyre at noon.",
    ...                     "c": "Storms hit Sidon before dawn, officials said."})
    >>> g.groups
    [['a', 'b'], ['c']]
    """
    arts = as_articles(texts)
    pairs = pair_table(arts, n, threshold)
    parent = {k: k for k in arts}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for p in pairs:
        if p.ngram_jaccard >= threshold:
            parent[root(p.b)] = root(p.a)
    groups: dict[str, list[str]] = {}
    for k in arts:
        groups.setdefault(root(k), []).append(k)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), list(arts).index(g[0])))
    return Grouping(ordered, pairs, threshold, n)




# ---------------------------------------------------------------------------
# Paraphrase: content words in the same order
# ---------------------------------------------------------------------------
SENTENCE_MATCH = 0.4   # Dice of two sentences' content-word sets at or above which they are aligned
MIN_CONTENT_WORDS = 3  # shorter sentences ("7 p.m.", "he asks.") carry too little to align
PARAPHRASE_SHARE = 0.5  # share of the shorter text's sentences aligned in order for the caveat
PARAPHRASE_RATIONALE = (
    "A pair that the 5-grams do not link is flagged when most sentences of the shorter text "
    "have a partner in the other text that shares at least {match:.0%} of their content words "
    "(sentences of fewer than {least} content words, such as a time stamp, are left out) "
    "(Dice coefficient of the sets of content words, endings -s, -es, -ed, -ing removed), and "
    "those partners come in the same order: {share:.0%} of the shorter text's sentences or 5 "
    "sentences, whichever is fewer (at least 3, or all of a shorter text), on one increasing "
    "chain. An independent report of the same event shares names and topic words, but not "
    "sentence after sentence in order. Measured on pairs the team wrote (tests/test_overlap.py): "
    "thorough paraphrases keep 5 of 6 and 5 of 5 sentences in order, light rewrites 6 of 6 and "
    "5 of 5, independent reports of the same event 1 and 0, unrelated texts 0; on the kit's five "
    "articles the independent pairs keep 0 and the retellings 6 to 8 (of 20); on 84 political "
    "news articles (PolNeAR dev, 3,486 pairs) no pair is flagged. Limits: a "
    "paraphrase that reorders its sentences or rewrites only a few of them is not flagged, and "
    "two reports built on the same press release may be flagged: read the aligned sentences."
).format(match=SENTENCE_MATCH, share=PARAPHRASE_SHARE, least=MIN_CONTENT_WORDS)


def _stem(word: str) -> str:
    """A crude stem, enough to match "flooded" with "flood" and "repairs" with "repair".

    >>> [_stem(w) for w in ("flooded", "repairs", "pumping", "gas")]
    ['flood', 'repair', 'pump', 'gas']
    """
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


def content_sets(text) -> list[tuple[str, set]]:
    """Each sentence's id and its set of stemmed content words (boilerplate left out).

    >>> [(sid, sorted(words)) for sid, words in content_sets(as_article("The rain flooded Tyre. It rained.", "x"))]
    [('x:s1', ['flood', 'rain', 'tyre']), ('x:s2', ['rain'])]
    """
    art = as_article(text)
    return [(s.id, {_stem(w) for w in words(s.text) if w not in STOPWORDS and not w.isdigit()})
            for s in art.sentences if not s.is_boilerplate]


def dice(a: set, b: set) -> float:
    """2·|shared| / (|a| + |b|): 0 = nothing shared, 1 = the same set.

    >>> dice({1, 2, 3}, {2, 3, 4, 5})
    0.5714285714285714
    """
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def content_alignment(a, b, match: float = SENTENCE_MATCH) -> dict:
    """Pair each sentence of ``a`` with the sentence of ``b`` sharing most content words
    (kept when their Dice is at least ``match``), and count how many keep their order.

    Sentences with fewer than ``MIN_CONTENT_WORDS`` content words are left out.
    Returns ``{"aligned", "in_order", "sentences" (of the shorter text, long enough to compare), "pairs":
    [(sentence_a, sentence_b, dice), ...], "texts": {sentence id: text}}``.

    >>> r = content_alignment("Rain flooded the harbour. Crews pumped water.",
    ...                       "Crews pumped the water out. Floods hit the harbour.")
    >>> r["aligned"], r["in_order"], r["pairs"][0][:2]
    (2, 1, ('a:s1', 'b:s2'))
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    sa, sb = content_sets(art_a), content_sets(art_b)
    pairs = []
    sa = [(sid, mine) for sid, mine in sa if len(mine) >= MIN_CONTENT_WORDS]
    sb = [(tid, theirs) for tid, theirs in sb if len(theirs) >= MIN_CONTENT_WORDS]
    for sid, mine in sa:
        best, score = None, 0.0
        for tid, theirs in sb:
            d = dice(mine, theirs)
            if d > score:
                best, score = tid, d
        if best and score >= match:
            pairs.append((sid, best, round(score, 2)))
    chain = longest_increasing_run([_sentence_number(t) for _, t, _ in pairs])
    by_id = {s.id: s.text for art in (art_a, art_b) for s in art.sentences}
    texts = {sid: by_id[sid] for p in pairs for sid in p[:2]}
    return {"aligned": len(pairs), "in_order": chain, "sentences": min(len(sa), len(sb)), "pairs": pairs,
            "texts": texts}


def paraphrase_evidence(ev: PairEvidence, threshold: float = DEFAULT_THRESHOLD,
                        share: float = PARAPHRASE_SHARE) -> dict | None:
    """The evidence that a pair the 5-grams do not link may still be a paraphrase, or None.

    See ``PARAPHRASE_RATIONALE``. The evidence: aligned sentences, how many in order, and
    the sentence pairs to read side by side.

    >>> ev = compare("Heavy rain flooded the old harbour. Fire crews pumped out the square. "
    ...              "The mayor blamed the council.",
    ...              "The old harbour was flooded by heavy rain. The square was pumped dry by fire crews. "
    ...              "The council was blamed by the mayor.")
    >>> ev.ngram_jaccard, ev.paraphrase["in_order"], ev.paraphrase["sentences"]
    (0.0, 3, 3)
    """
    co = ev.content_order
    if ev.ngram_jaccard >= threshold or not co or not co["sentences"]:
        return None
    needed = max(min(3, co["sentences"]), min(share * co["sentences"], 5))
    if co["in_order"] < needed:
        return None
    return {"aligned": co["aligned"], "in_order": co["in_order"], "sentences": co["sentences"],
            "ngram_jaccard": round(ev.ngram_jaccard, 4), "topic_jaccard": round(ev.topic_jaccard, 4),
            "pairs": [list(p) for p in co["pairs"]], "texts": co["texts"]}


# ---------------------------------------------------------------------------
# The claim matrix
# ---------------------------------------------------------------------------
CLAIM_STATUSES = ("stated", "attributed", "hedged", "contradicted", "absent")
STATUS_MEANING = {
    "stated": "the article says it in its own voice, as fact",
    "attributed": "the article credits it to a source ('according to', 'X said')",
    "hedged": "the article weakens it without naming a source ('reportedly', 'believed to')",
    "contradicted": "the article says something that cannot be true at the same time",
    "absent": "the article does not say it",
}


def find_sentences(texts, *terms: str) -> dict[str, list[tuple[str, str]]]:
    """Sentences that contain every term (case-insensitive), per article: the helper for
    filling a claim matrix by hand.

    >>> find_sentences({"a": "Talks were excellent. Rain fell."}, "excellent")
    {'a': [('a:s1', 'Talks were excellent.')]}
    """
    arts = as_articles(texts)
    wanted = [t.lower() for t in terms]
    return {aid: [(s.id, s.text) for s in art.sentences
                  if not s.is_boilerplate and all(t in s.text.lower() for t in wanted)]
            for aid, art in arts.items()}


@dataclass(frozen=True)
class Claim:
    """One atomic claim and how each article carries it."""

    id: str
    text: str
    cells: dict     # article id -> {"status", "sentence", "evidence"}
    short: str = ""  # a label for charts

    def status(self, article_id: str) -> str:
        return self.cells.get(article_id, {}).get("status", "absent")

    def carried_by(self) -> list[str]:
        """Articles that state or hedge the claim."""
        return [a for a in self.cells if self.status(a) in ("stated", "attributed", "hedged")]


def build_claim(claim_id: str, text: str, reading: dict, texts, short: str = "") -> Claim:
    """A claim row from your own reading: ``{article: (status, sentence id)}``;
    articles left out are ``absent``. The evidence is the sentence itself.

    >>> arts = {"a": "Talks were excellent, sources said. Rain fell.", "b": "Rain fell."}
    >>> c = build_claim("c1", "The talks went well", {"a": ("hedged", "a:s1")}, arts)
    >>> c.status("a"), c.status("b"), c.cells["a"]["evidence"]
    ('hedged', 'absent', 'Talks were excellent, sources said.')
    """
    arts = as_articles(texts)
    cells = {}
    for aid in arts:
        status, sid = reading.get(aid, ("absent", None))
        if status not in CLAIM_STATUSES:
            raise ValueError(f"status must be one of {CLAIM_STATUSES}, not {status!r}")
        cells[aid] = ({"status": "absent"} if status == "absent" else
                      {"status": status, "sentence": sid, "evidence": arts[aid].sentence(sid).text})
    return Claim(claim_id, text, cells, short)


def claim_support(claims: list[Claim], grouping: Grouping) -> list[dict]:
    """Per claim: how many articles carry it, and how many *independent sources*.

    Five articles from one origin are one source: this is the number that counts
    for corroboration.
    """
    rows = []
    for c in claims:
        carried = c.carried_by()
        rows.append({"claim": c.id, "articles": len(carried),
                     "sources": len({grouping.group_of(a) for a in carried}),
                     "carried_by": ",".join(carried) or "—", "text": c.text})
    return rows
