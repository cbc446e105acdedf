"""The articles as a corpus: lines, sentences with stable ids, words, counts.

Everything here runs on NLTK's data-free parts only (Punkt with parameters set in
code, RegexpTokenizer, FreqDist, Text), so it works offline and gives the same
result whether or not NLTK data is installed.

Example:
    >>> from medialit.corpus import load_articles
    >>> articles = load_articles()
    >>> articles["003"].sentence("003:s10").text
    'The Nov. 23 strike was the first on Beirut in five months.'
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .cases import KIT_ROOT, case_root

# NLTK is imported on first use, not here: importing it takes about 0.3 s, and most
# ``medialit`` commands never split a sentence. The objects are the same as before.


class _BuiltOnFirstUse:
    """Stands for an NLTK object and builds it the first time one of its methods is used."""

    def __init__(self, build):
        self._build = build
        self._real = None

    def __getattr__(self, name):
        if name.startswith("__"):                 # copy, pickle: no special methods here
            raise AttributeError(name)
        if self._real is None:
            self._real = self._build()
        return getattr(self._real, name)

ARTICLES_DIR = KIT_ROOT / "articles"   # the kit's own articles; see articles_dir()


def articles_dir() -> Path:
    """The articles folder of the active case (the kit's own ``articles/`` by default)."""
    return case_root() / "articles"

# Abbreviations that end with a period but do not end a sentence. Punkt stores
# them lower-case and without the final period ("U.S." -> "u.s").
ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "d.c",
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "rep", "sen", "gov",
    "st", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "approx", "est",
    "a.m", "p.m",
}

# Lines that belong to the web page, not to the story. Each pattern is matched
# against a whole, stripped line.
BOILERPLATE_PATTERNS = [
    (re.compile(r"^READ MORE:.*$"), "link to another story"),
    (re.compile(r"^(Photos?|Videos?|Gallery|Advertisement|Share|Related)$", re.I), "page furniture"),
    (re.compile(r"^[A-Z0-9]{2,6} News$"), "site banner"),
    (re.compile(r"^News$"), "site section label"),
]

# Initialisms ("U.S."), words with inner hyphens or apostrophes ("al-Hilweh",
# "Shi’ite"), and the possessive "’s" as a token of its own.
WORD_PATTERN = r"(?:[A-Z]\.){2,}|[A-Za-z0-9]+(?:(?:-|['’](?!s\b))[A-Za-z0-9]+)*|['’]s\b"


def _word_tokenizer():
    from nltk.tokenize.regexp import RegexpTokenizer

    return RegexpTokenizer(WORD_PATTERN)


WORD_TOKENIZER = _BuiltOnFirstUse(_word_tokenizer)

# A small English stopword list that ships with the kit, so that no NLTK data
# is needed. Function words only; every content word is kept.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the
their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t said says say which whose may might must shall upon
""".split())


def make_sentence_splitter():
    """Return NLTK's Punkt splitter with the kit's abbreviations set in code.

    >>> make_sentence_splitter().tokenize("The Nov. 23 strike. The U.S. envoy came.")
    ['The Nov. 23 strike.', 'The U.S. envoy came.']
    """
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


SENTENCE_SPLITTER = _BuiltOnFirstUse(make_sentence_splitter)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, with the id students type (``"003:s10"``)."""

    article_id: str
    number: int          # 1, 2, 3 ... in reading order
    line: int            # 1-based line (paragraph) of the file
    start: int           # character offsets in the file's text
    end: int
    text: str
    role: str            # "headline", "standfirst", "heading", "body" or "boilerplate"

    @property
    def id(self) -> str:
        return f"{self.article_id}:s{self.number}"

    @property
    def is_boilerplate(self) -> bool:
        return self.role == "boilerplate"


@dataclass
class Article:
    """A news text and everything the lessons read off it.

    >>> art = Article.from_text("999", "Title line\\nA body. Another one.\\n")
    >>> [s.id for s in art.sentences]
    ['999:s1', '999:s2', '999:s3']
    """

    id: str
    text: str
    path: Path | None = None
    label: str = ""
    line_roles: dict = field(default_factory=dict)   # line number -> role, from the catalog
    sentences: list = field(default_factory=list)

    @classmethod
    def from_text(cls, article_id: str, text: str, path=None, label: str = "", line_roles=None):
        art = cls(id=article_id, text=text, path=path, label=label or article_id,
                  line_roles={int(k): v for k, v in (line_roles or {}).items()})
        art.sentences = split_sentences(art.id, art.text, art.line_roles)
        return art

    @classmethod
    def from_file(cls, path, article_id: str | None = None, label: str = "", line_roles=None):
        path = Path(path)
        text = path.read_bytes().decode("utf-8")
        return cls.from_text(article_id or article_id_from_name(path.name), text, path, label, line_roles)

    # --- lines ------------------------------------------------------------
    @property
    def lines(self) -> list[str]:
        """The lines of the file (paragraphs), without line ends; empty lines kept."""
        return self.text.split("\n")

    @property
    def body_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.role == "body"]

    def sentence(self, sentence_id) -> Sentence:
        """Look a sentence up by id: ``"003:s10"``, ``("003", 10)`` or ``10``."""
        art, number = parse_sentence_id(sentence_id, default_article=self.id)
        if art != self.id or not 1 <= number <= len(self.sentences):
            raise KeyError(f"{sentence_id!r} is not a sentence of article {self.id}")
        return self.sentences[number - 1]

    # --- words ------------------------------------------------------------
    def words(self, include_boilerplate: bool = False) -> list[str]:
        """Word tokens, lower-cased; possessive 's is split off."""
        out = []
        for s in self.sentences:
            if s.is_boilerplate and not include_boilerplate:
                continue
            out.extend(words(s.text))
        return out

    def content_words(self) -> list[str]:
        """Words minus the kit's stopword list and numbers."""
        return [w for w in self.words() if w not in STOPWORDS and not w.isdigit()]

    def freq(self) -> nltk.FreqDist:
        """A FreqDist of content words."""
        from nltk.probability import FreqDist

        return FreqDist(self.content_words())

    def nltk_text(self) -> nltk.Text:
        """An ``nltk.Text`` for concordance and similar (case kept)."""
        from nltk.text import Text

        toks = []
        for s in self.sentences:
            if not s.is_boilerplate:
                toks.extend(words(s.text, lower=False))
        return Text(toks, name=self.label)

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.label!r}: {len(self.sentences)} sentences>"


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


def words(text: str, lower: bool = True) -> list[str]:
    """Split text into word tokens with NLTK's RegexpTokenizer.

    The possessive "’s" is dropped when ``lower`` is true (counting words) and
    kept as its own token otherwise (reading concordance lines).

    >>> words("Lebanon’s U.S. envoy met al-Hilweh’s Shi’ite leaders")
    ['lebanon', 'u.s.', 'envoy', 'met', 'al-hilweh', 'shi’ite', 'leaders']
    """
    return list(_words(text, lower))


@lru_cache(maxsize=16384)
def _words(text: str, lower: bool) -> tuple[str, ...]:
    """:func:`words`, kept for texts seen before (the helpers read the same sentences many times)."""
    toks = WORD_TOKENIZER.tokenize(text)
    if lower:
        return tuple(t.lower() for t in toks if t not in ("'s", "’s"))
    return tuple(toks)


def article_id_from_name(name: str) -> str:
    """``"003_e9d2e54b478fccd7.txt"`` -> ``"003"``; other names -> the stem."""
    m = re.match(r"^(\d{3})_", name)
    return m.group(1) if m else Path(name).stem


def boilerplate_reason(line: str) -> str | None:
    """Why a line is page boilerplate, or None when it is part of the story."""
    stripped = line.strip()
    for pattern, reason in BOILERPLATE_PATTERNS:
        if pattern.match(stripped):
            return reason
    return None


def guess_line_role(line: str, line_number: int, first_text_line: int) -> str:
    """Role of a line when the catalog says nothing: boilerplate, headline, heading or body."""
    if boilerplate_reason(line):
        return "boilerplate"
    stripped = line.strip()
    if stripped and stripped[-1] not in ".!?\"'”’)":
        return "headline" if line_number == first_text_line else "heading"
    return "body"


def split_sentences(article_id: str, text: str, line_roles: dict | None = None) -> list[Sentence]:
    """Split each line with Punkt; a line never shares a sentence with the next."""
    line_roles = line_roles or {}
    sentences = []
    offset = 0
    lines = text.split("\n")
    first_text = next((i + 1 for i, ln in enumerate(lines) if ln.strip() and not boilerplate_reason(ln)), 1)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            role = line_roles.get(number) or guess_line_role(line, number, first_text)
            for start, end in SENTENCE_SPLITTER.span_tokenize(line):
                sentences.append(Sentence(article_id, len(sentences) + 1, number,
                                          offset + start, offset + end, line[start:end], role))
        offset += len(line) + 1
    return sentences


_ID_RE = re.compile(r"^\s*(\w+?)\s*[:/ ,.-]\s*s?\s*(\d+)\s*$", re.I)


def parse_sentence_id(value, default_article: str | None = None) -> tuple[str, int]:
    """Accept the ways a student may write a sentence id; return ``(article, number)``.

    >>> parse_sentence_id("003:s10"), parse_sentence_id(("3", 10)), parse_sentence_id("003 S10")
    (('003', 10), ('003', 10), ('003', 10))
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a sentence id")
    if isinstance(value, int) and default_article:
        return default_article, value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        art, num = value
        art = str(art).strip()
        art = art.zfill(3) if art.isdigit() else art
        if isinstance(num, str):
            num = num.strip().lower().lstrip("s")
        return art, int(num)
    if isinstance(value, str):
        m = _ID_RE.match(value)
        if m:
            art = m.group(1)
            return (art.zfill(3) if art.isdigit() else art), int(m.group(2))
    raise ValueError(f"{value!r} is not a sentence id like \"003:s10\"")


def normalise_sentence_id(value, default_article: str | None = None) -> str:
    """``("3", 10)`` -> ``"003:s10"``."""
    art, num = parse_sentence_id(value, default_article)
    return f"{art}:s{num}"


def load_catalog(folder=None) -> dict:
    """The catalog beside the articles, as ``{article_id: record}`` (empty if none)."""
    return dict(_read_catalog(str(Path(folder).resolve() if folder else articles_dir())))


@lru_cache(maxsize=16)
def _read_catalog(folder: str) -> dict:
    path = Path(folder) / "catalog.json"
    if not path.exists():
        return {}
    records = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return {r["id"]: r for r in records}


def load_articles(folder=None) -> dict[str, Article]:
    """Load every ``*.txt`` in the folder (default: the kit's ``articles/``).

    >>> sorted(load_articles())
    ['000', '001', '002', '003', '004']
    """
    folder = Path(folder) if folder else articles_dir()
    catalog = load_catalog(str(folder))
    out = {}
    for path in sorted(folder.glob("*.txt")):
        aid = article_id_from_name(path.name)
        rec = catalog.get(aid, {})
        out[aid] = Article.from_file(path, aid, rec.get("label", ""), rec.get("line_roles"))
    return out


def load_article(article_id: str, folder=None) -> Article:
    """One article of the kit by id (``"003"``)."""
    return load_articles(folder)[article_id]


def show_article(article: Article, width: int = 90, show_roles: bool = True) -> None:
    """Print an article sentence by sentence with the ids students type.

    Boilerplate and headings are marked in the margin, never hidden.
    """
    import textwrap

    print(f"Article {article.id} — {article.label}")
    for s in article.sentences:
        tag = "" if s.role == "body" or not show_roles else f"[{s.role}] "
        prefix = f"{s.id:>9}  "
        body = textwrap.wrap(tag + s.text, width=width - len(prefix)) or [""]
        print(prefix + body[0])
        for more in body[1:]:
            print(" " * len(prefix) + more)


def corpus_table(articles: dict[str, Article]) -> list[dict]:
    """One row of figures per article: lines, sentences, words, vocabulary.

    Boilerplate lines are counted apart and left out of the word figures.
    """
    rows = []
    for aid, art in articles.items():
        toks = art.words()
        rows.append({
            "id": aid,
            "label": art.label,
            "paragraphs": sum(1 for ln in art.lines if ln.strip()),
            "sentences": sum(1 for s in art.sentences if not s.is_boilerplate),
            "boilerplate": sum(1 for s in art.sentences if s.is_boilerplate),
            "words": len(toks),
            "vocabulary": len(set(toks)),
            "lexical_diversity": round(len(set(toks)) / len(toks), 2) if toks else 0.0,
        })
    return rows


def print_table(rows: list[dict], columns: list[str] | None = None) -> None:
    """Print a list of dicts as an aligned plain-text table (deterministic)."""
    if not rows:
        print("(no rows)")
        return
    columns = columns or list(rows[0])
    cells = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def concordance(articles: dict[str, Article], word: str, width: int = 70, lines: int = 25) -> None:
    """Print a concordance of ``word`` in every article, using ``nltk.Text``."""
    for aid, art in articles.items():
        text = art.nltk_text()
        hits = text.concordance_list(word, width=width, lines=lines)
        print(f"--- {aid} {art.label}: {len(hits)} match{'es' if len(hits) != 1 else ''}")
        for h in hits:
            print("  " + h.line)


SIGNAL_LEVELS = {"no": 0, "partial": 1, "yes": 2}


def provenance_table(catalog: dict | None = None) -> tuple[list[str], list[str], list[list[str]]]:
    """What each text shows about who published it, from the catalog.

    Returns ``(article_ids, signal_names, values)`` with values "yes", "partial" or "no".
    """
    catalog = catalog if catalog is not None else load_catalog()
    ids = sorted(catalog)
    names = list(catalog[ids[0]]["signals"]) if ids else []
    return ids, names, [[catalog[a]["signals"][n] for n in names] for a in ids]


def plot_provenance(catalog: dict | None = None, ax=None):
    """A grid: one row per article, one column per provenance signal (yes / partial / no).

    Shapes repeat the colours (filled circle, half, empty) so it reads in greyscale.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    catalog = catalog if catalog is not None else load_catalog()
    ids, names, values = provenance_table(catalog)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.2))
    styles = {"yes": ("#009E73", "o", "full"), "partial": ("#E69F00", "o", "left"), "no": ("#FFFFFF", "o", "none")}
    for row, aid in enumerate(ids):
        for col, value in enumerate(values[row]):
            color, marker, fill = styles[value]
            ax.plot(col, row, marker=marker, markersize=22, fillstyle=fill, color="#333333" if value == "no" else color,
                    markerfacecolor=color if value != "no" else "none", markerfacecoloralt="white",
                    markeredgecolor="#333333", markeredgewidth=1.5, linestyle="none")
    ax.set_xticks(range(len(names)), [n.replace(" ", "\n") for n in names])
    ax.set_yticks(range(len(ids)), [f"{a} {catalog[a]['label']}" for a in ids])
    ax.set_xlim(-0.6, len(names) - 0.4)
    ax.set_ylim(len(ids) - 0.4, -0.6)
    ax.grid(False)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("What each text shows about who published it")
    ax.set_xlabel("Signal a reader can check in the text itself")
    ax.set_ylabel("Article")
    legend = [Line2D([], [], marker="o", markersize=12, linestyle="none", markeredgecolor="#333333", **kw, label=lab)
              for lab, kw in [("yes", {"color": "#009E73"}),
                              ("partial", {"color": "#E69F00", "fillstyle": "left", "markerfacecoloralt": "white"}),
                              ("no", {"color": "#333333", "markerfacecolor": "none"})]]
    ax.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="In the text?")
    return ax


def plot_lengths(articles: dict, ax=None):
    """Horizontal bars: words per article, with the sentence count written on each bar."""
    import matplotlib.pyplot as plt

    from .style import ARTICLE_COLORS, ARTICLE_HATCHES

    rows = corpus_table(articles)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.8))
    labels = [f"{r['id']} {r['label']}" for r in rows]
    for i, r in enumerate(rows):
        ax.barh(i, r["words"], color=ARTICLE_COLORS.get(r["id"], "#0072B2"), hatch=ARTICLE_HATCHES.get(r["id"], ""),
                edgecolor="#333333")
        ax.text(r["words"] + 8, i, f"{r['words']} words · {r['sentences']} sentences", va="center", fontsize=11)
    ax.set_yticks(range(len(rows)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(r["words"] for r in rows) * 1.45)
    ax.set_xlabel("Words in the story (boilerplate left out)")
    ax.set_title("How long is each article?")
    ax.grid(axis="y", visible=False)
    return ax
