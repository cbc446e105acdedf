"""Shared text between articles: one story told five times, or five stories?

Two independent reports of the same event share *topic words* ("Hezbollah",
"Naqoura", "ceasefire") but hardly ever a run of five words in a row. A text
rewritten from another one keeps whole runs ("a rare moment of diplomatic
engagement between the two nations"). This module measures both and groups
articles into independent sources:

* :func:`ngram_set`, :func:`topic_word_set`, :func:`jaccard` — the two measures;
* :func:`shared_passages` — the longest runs of words two texts share, verbatim,
  with the sentence ids on both sides;
* :func:`align_sentences`, :func:`order_agreement` — do the shared sentences come
  in the same order?
* :func:`compare` — all of the above for one pair; :func:`pair_table` for every pair;
* :func:`group_articles` — single-linkage grouping on a threshold, returned with
  its evidence and its margin;
* the claim matrix of the lesson: :func:`load_claims`, :func:`find_sentences`,
  :func:`claim_support`, :func:`plot_claim_matrix`.

Everything works on any set of texts: a dict of :class:`~medialit.corpus.Article`
or of plain strings. Words come from :func:`medialit.corpus.words` and n-grams
from :func:`nltk.ngrams`, so nothing needs NLTK data.

Example:
    >>> a = "The minister said the talks were a rare moment of calm. Rain fell later."
    >>> b = "Rain fell. The talks were a rare moment of calm, the minister said."
    >>> round(jaccard(ngram_set(a), ngram_set(b)), 2)
    0.4
    >>> shared_passages(a, b)[0].text_a
    'the talks were a rare moment of calm'
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

from nltk import ngrams

from .corpus import WORD_TOKENIZER, Article, words

N = 5                     # the n of the n-grams: five words in a row
DEFAULT_THRESHOLD = 0.02  # 5-gram Jaccard at or above which two texts are linked

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
def as_article(text, article_id: str = "text") -> Article:
    """An :class:`Article` as is, or a plain string turned into one.

    >>> as_article("One line. Two.", "t1").id
    't1'
    """
    if isinstance(text, Article):
        return text
    if isinstance(text, str):
        return Article.from_text(article_id, text)
    raise TypeError(f"expected an Article or a string, not {type(text).__name__}")


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
             "passages": [p.as_dict() for p in self.passages[:passages]]}
        return d


def compare(a, b, n: int = N) -> PairEvidence:
    """Measure one pair: 5-gram and topic Jaccard, shared passages, order.

    >>> ev = compare("Rain fell on the old town of Tyre.", "Rain fell on the old town of Sidon.")
    >>> ev.shared_ngrams, ev.longest.length
    (3, 7)
    """
    art_a, art_b = as_article(a, "a"), as_article(b, "b")
    ga, gb = ngram_set(art_a, n), ngram_set(art_b, n)
    alignment = align_sentences(art_a, art_b, n)
    return PairEvidence(art_a.id, art_b.id, jaccard(ga, gb),
                        jaccard(topic_word_set(art_a), topic_word_set(art_b)), len(ga & gb),
                        shared_passages(art_a, art_b, n), alignment, order_agreement(alignment))


def pair_table(texts, n: int = N) -> list[PairEvidence]:
    """:func:`compare` for every pair, in id order (``000-001``, ``000-002`` …)."""
    arts = as_articles(texts)
    ids = list(arts)
    return [compare(arts[i], arts[j], n) for x, i in enumerate(ids) for j in ids[x + 1:]]


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

    def as_dict(self, passages: int = 3) -> dict:
        d = self.summary()
        d["pairs"] = [p.as_dict(passages) for p in self.pairs]
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
    pairs = pair_table(arts, n)
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
# Printing and plotting
# ---------------------------------------------------------------------------
def print_pair_table(pairs: list[PairEvidence]) -> None:
    """Print one row per pair."""
    from .corpus import print_table

    print_table([p.row() for p in pairs])


def print_passages(passages: list[Passage], width: int = 90) -> None:
    """Print passages verbatim from both sides, with their sentence ids."""
    import textwrap

    for p in passages:
        print(f"{p.a}-{p.b}: {p.length} words")
        for text, sid in ((p.text_a, p.sentence_a), (p.text_b, p.sentence_b)):
            head = f"  {sid:>8}  "
            lines = textwrap.wrap(f"“{text}”", width=width - len(head)) or [""]
            print(head + lines[0])
            for more in lines[1:]:
                print(" " * len(head) + more)


def print_grouping(grouping: Grouping) -> None:
    """Print the groups and the numbers that justify them."""
    s = grouping.summary()
    for k, g in enumerate(grouping.groups, start=1):
        print(f"source {k}: {', '.join(g)}")
    print(f"links (5-gram Jaccard >= {grouping.threshold:g}): {', '.join(s['links']) or 'none'}")
    if s["min_within"] is not None:
        print(f"weakest link inside a group: {s['min_within']:.4f}")
    if s["max_between"] is not None:
        print(f"strongest similarity across groups: {s['max_between']:.4f}")
    if s["margin"] is not None:
        print(f"margin: {s['margin']}x" if s["margin"] != float("inf") else "margin: nothing shared across groups")


def plot_similarity(texts=None, pairs=None, n: int = N, axes=None):
    """Two annotated heatmaps side by side: 5-gram Jaccard (wording) and topic-word Jaccard.

    Pass the texts, or ``pairs`` from :func:`pair_table` to avoid measuring twice.
    Returns the figure.
    """
    import matplotlib.pyplot as plt

    if pairs is None:
        pairs = pair_table(texts, n)
    ids = list(dict.fromkeys([p.a for p in pairs] + [p.b for p in pairs]))
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(13, 5.4), layout="constrained")
    fig = axes[0].figure
    panels = (("ngram_jaccard", f"Shared wording\n(Jaccard of {n}-gram sets)"),
              ("topic_jaccard", "Shared topic words\n(Jaccard of content-word sets)"))
    for ax, (attr, title) in zip(axes, panels):
        grid = [[float("nan")] * len(ids) for _ in ids]
        for p in pairs:
            i, j = ids.index(p.a), ids.index(p.b)
            grid[i][j] = grid[j][i] = getattr(p, attr)
        im = ax.imshow(grid, vmin=0, vmax=0.5 if attr == "topic_jaccard" else 0.1, cmap="cividis")
        ax.set_xticks(range(len(ids)), ids)
        ax.set_yticks(range(len(ids)), ids)
        ax.set_xlabel("article")
        ax.set_ylabel("article")
        ax.set_title(title)
        ax.grid(False)
        for i in range(len(ids)):
            for j in range(len(ids)):
                v = grid[i][j]
                if i == j:
                    ax.text(j, i, "—", ha="center", va="center", color="0.4")
                    continue
                light = v > (0.25 if attr == "topic_jaccard" else 0.05)
                ax.text(j, i, f"{v:.3f}", ha="center", va="center", fontsize=11,
                        color="black" if light else "white")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03, label="Jaccard similarity (note the scale)")
    return fig


# ---------------------------------------------------------------------------
# The claim matrix
# ---------------------------------------------------------------------------
CLAIM_STATUSES = ("stated", "hedged", "contradicted", "absent")
STATUS_MEANING = {
    "stated": "the article says it in its own voice, as fact",
    "hedged": "the article says it but hedges it ('reportedly', 'believed to') or attributes it to someone",
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


def print_found(found: dict[str, list[tuple[str, str]]], width: int = 100) -> None:
    """Print the result of :func:`find_sentences`, one block per article."""
    import textwrap

    for aid, hits in found.items():
        if not hits:
            print(f"{aid}: —")
            continue
        for sid, text in hits:
            lines = textwrap.wrap(text, width=width - 12)
            print(f"{sid:>9}   {lines[0]}")
            for more in lines[1:]:
                print(" " * 12 + more)


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
        return [a for a in self.cells if self.status(a) in ("stated", "hedged")]


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


def load_claims(key: dict | None = None, lesson: str = "05") -> list[Claim] | None:
    """The kit's claim matrix from the answer key, or ``None`` when no key is present."""
    if key is None:
        from .grading import load_key

        key = load_key(lesson)
    if not key or "claims" not in key:
        return None
    return [Claim(c["id"], c["claim"], c["cells"], c.get("short", "")) for c in key["claims"]["items"]]


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


STATUS_STYLE = {  # colour (Okabe-Ito), hatch, letter: readable in greyscale too
    "stated": ("#0072B2", "", "S"),
    "hedged": ("#56B4E9", "//", "H"),
    "contradicted": ("#D55E00", "xx", "C"),
    "absent": ("#FFFFFF", "", ""),
}


def plot_claim_matrix(claims: list[Claim], articles: list[str] | None = None, groups: list | None = None,
                      ax=None, title: str = "Which article carries which claim?", label_width: int = 54):
    """Draw claims (rows) × articles (columns); each cell coloured, hatched and lettered
    by status. With ``groups`` (e.g. ``grouping.groups``), articles of one group sit side
    by side inside a dashed box labelled "one source". Returns the figure."""
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    articles = articles or sorted({a for c in claims for a in c.cells})
    if groups:
        articles = [a for g in groups for a in g if a in articles] + [
            a for a in articles if not any(a in g for g in groups)]
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.45 * len(claims) + 2.2), layout="constrained")
    fig = ax.figure
    for r, c in enumerate(claims):
        for k, a in enumerate(articles):
            colour, hatch, letter = STATUS_STYLE[c.status(a)]
            ax.add_patch(Rectangle((k - 0.5, r - 0.5), 1, 1, facecolor=colour, hatch=hatch,
                                   edgecolor="0.55", linewidth=0.8))
            if letter:
                ax.text(k, r, letter, ha="center", va="center", fontsize=10, fontweight="bold",
                        color="white" if c.status(a) != "hedged" else "black",
                        bbox=dict(boxstyle="round,pad=0.15", fc=colour, ec="none"))
    for g in groups or []:
        cols = [articles.index(a) for a in g if a in articles]
        if len(cols) > 1:
            ax.add_patch(Rectangle((min(cols) - 0.5, -0.5), len(cols), len(claims), fill=False,
                                   edgecolor="black", linewidth=2.2, linestyle="--", zorder=5))
            ax.text((min(cols) + max(cols)) / 2, len(claims) - 0.5 + 0.15, f"one source ({len(cols)} articles)",
                    ha="center", va="top", fontsize=10)
    ax.set_xlim(-0.5, len(articles) - 0.5)
    ax.set_ylim(len(claims) - 0.5 + (0.7 if groups else 0), -0.5)
    ax.set_xticks(range(len(articles)), articles)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.set_yticks(range(len(claims)),
                  [f"{c.id}  " + textwrap.shorten(c.short or c.text, label_width, placeholder="…") for c in claims],
                  fontsize=10)
    ax.set_xlabel("article")
    ax.set_ylabel("claim")
    ax.set_title(title, pad=12)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=STATUS_STYLE[s][0], hatch=STATUS_STYLE[s][1], edgecolor="0.55",
                     label=f"{STATUS_STYLE[s][2] or '·'} {s}") for s in CLAIM_STATUSES]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=4, frameon=False)
    return fig


# ---------------------------------------------------------------------------
# The command: medialit overlap FILE... [--json]
# ---------------------------------------------------------------------------
def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="two or more text files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"5-gram Jaccard that links two texts (default {DEFAULT_THRESHOLD})")
    parser.add_argument("--passages", type=int, default=5, help="how many shared passages to show (default 5)")


def run(args) -> int:
    from .corpus_cli import read_articles

    articles, failures = read_articles(args.files, stderr=sys.stderr)
    arts: dict[str, Article] = {}
    for art in articles:
        if art.id in arts:
            print(f"medialit: {art.path}: id {art.id} already used by {arts[art.id].path}; skipped",
                  file=sys.stderr)
            failures += 1
            continue
        arts[art.id] = art
    if len(arts) < 2:
        print("medialit: overlap needs at least two readable files", file=sys.stderr)
        return 1
    grouping = group_articles(arts, threshold=args.threshold)
    passages = top_passages(grouping.pairs, args.passages)
    if args.json:
        out = grouping.as_dict(passages=args.passages)
        out["top_passages"] = [p.as_dict() for p in passages]
        if out["margin"] == float("inf"):
            out["margin"] = None
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_pair_table(grouping.pairs)
        print()
        print_grouping(grouping)
        print()
        print(f"Longest shared passages (at least {grouping.n} words):")
        if passages:
            print_passages(passages)
        else:
            print("  none")
    return 1 if failures else 0
