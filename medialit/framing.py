"""How is it told? The lesson side of framing (lesson 04): tables, the figure, the kit's reading.

Framing, in Entman's (1993) words, is to "select some aspects of a perceived
reality and make them more salient in a communicating text". The analysis
lives in :mod:`medialit.framing_engine` (text in, records out); this module
gives the lesson its view of the Naqoura case:

* :data:`DEFAULT_ACTORS`: the case's alias table (Hezbollah, Israel, ... with
  their spellings, and the cities that stand for a government), passed by
  default to :func:`find_mentions` and :func:`find_labels`;
* :func:`find_terms`, :func:`category_counts` and :func:`plot_category_heatmap`
  with the **case lexicon** ``framing_lexicon.json`` (categories for this
  story: verbs of killing, ceasefire words, praise of the talks, ...); the
  general loaded-word lexicon of the engine is what ``medialit framing`` uses
  on any text;
* :func:`label_table`, :func:`actor_concordance`, :func:`quote_sentences`;
* the kit's careful reading beside the helper's output: :func:`kit_reading`,
  :func:`compare_with_kit`, :func:`show_helper_vs_kit`, :func:`show_kit`;
* the command ``medialit framing FILE|FOLDER...``.

Keyness and collocations are the engine's (:func:`keyness`,
:func:`article_keyness`, :func:`collocations`), imported here so that the
lesson's imports stay short.

The case lexicon's format: ``{"about": ..., "references": {...}, "categories":
{name: {"title", "definition", "source", "terms": [lower-case word sequences]}}}``.
A term matches whole word tokens (``medialit.corpus.words``), longest term
first, so "air strike" is one hit and not also "strike". The category
``metonyms`` has ``"from_actors": true``: its hits come from :func:`find_labels`
(a city is a government only when it acts or speaks). To try another lexicon,
pass ``lexicon=load_lexicon("my.json")``.

Example:
    >>> art = Article.from_text("t1", "Talks began. Voltaria, the separatist rebel group, rejected them.")
    >>> actors = [Actor("Voltaria", names=("Voltaria",), kind="group")]
    >>> [(lab.actor, lab.label, lab.kind) for lab in find_labels(art, actors)]
    [('Voltaria', 'the separatist rebel group', 'appositive')]
"""
from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from . import framing_engine as engine
from .corpus import Article
from .framing_engine import (HEAD_NOUNS, Actor, KeyTerm, Label, Mention, TermHit,  # noqa: F401 (lesson imports)
                             article_keyness, collocations, keyness, log_likelihood)
from .framing_engine import _QUOTES
from .framing_engine import as_articles as _as_dict

LEXICON_PATH = Path(__file__).with_name("framing_lexicon.json")

# ---------------------------------------------------------------------------
# The case's actors: an alias table, not a limit (medialit.framing_engine.find_actors
# finds actors in any text; this table tells it that "IDF" and "West Jerusalem" are Israel)
# ---------------------------------------------------------------------------
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


def find_mentions(article: Article, actors=DEFAULT_ACTORS, include_boilerplate: bool = False) -> list[Mention]:
    """Every mention of every actor of the case, in reading order (see the engine).

    >>> art = Article.from_text("t2", "Israeli jets struck. West Jerusalem said so. Beirut, the capital, was hit.")
    >>> [(m.actor, m.form, m.kind) for m in find_mentions(art)]
    [('Israel', 'Israeli', 'adjective'), ('Israel', 'West Jerusalem', 'metonym')]
    """
    return engine.find_mentions(article, actors, include_boilerplate)


def find_labels(article: Article, actors=DEFAULT_ACTORS, include_boilerplate: bool = False) -> list[Label]:
    """Labels attached to each actor of the case, sentence by sentence (see :class:`Label`).

    Places tied to an actor ("a camp linked to Hamas") are not labels of the actor.

    >>> art = Article.from_text("t3", "The Iran-backed Hezbollah fired. Officials said the group had rockets.")
    >>> [(lab.label, lab.kind) for lab in find_labels(art)]
    [('Iran-backed', 'modifier'), ('the group', 'anaphor')]
    """
    return engine.find_labels(article, actors, include_boilerplate, heads=HEAD_NOUNS)


def _forms(mentions) -> list[tuple[str, int]]:
    return sorted(Counter(m.form for m in mentions).items(), key=lambda x: (-x[1], x[0]))


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
            rows.append({
                "actor": actor.name,
                "article": aid,
                "mentions": len(mentions),
                "forms": ", ".join(f"{f} ×{n}" for f, n in _forms(mentions)),
                "labels": "; ".join(f"{lab.label} ({lab.sentence_id})" for lab in labels),
            })
    return rows


# ---------------------------------------------------------------------------
# The case lexicon
# ---------------------------------------------------------------------------
@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> dict:
    """The case lexicon (or the lexicon file at ``path``):
    ``{"categories": {name: {title, definition, source, terms}}}``.

    >>> sorted(load_lexicon()["categories"])[:3]
    ['civilians', 'economy', 'force']
    """
    return json.loads(Path(path or LEXICON_PATH).read_text(encoding="utf-8"))


CATEGORY_ORDER = ("killing", "force", "labels", "truce", "praise", "threat", "economy", "civilians", "law", "metonyms")


def find_terms(article: Article, lexicon: dict | None = None, actors=DEFAULT_ACTORS,
               include_boilerplate: bool = False) -> list[TermHit]:
    """Hits of the case lexicon (or ``lexicon``), longest term first, never two hits on the same words;
    then the names for a government that :func:`find_labels` finds (category ``metonyms``).

    >>> art = Article.from_text("t5", "The air strike killed two. Talks were historic.")
    >>> [(h.category, h.term) for h in find_terms(art)]
    [('force', 'air strike'), ('killing', 'killed'), ('praise', 'historic')]
    """
    lexicon = lexicon or load_lexicon()
    hits = engine.find_terms(article, lexicon, include_boilerplate)
    from_actors = [c for c, spec in lexicon["categories"].items() if spec.get("from_actors")]
    if from_actors:
        starts = {s.id: s.start for s in article.sentences}
        for lab in find_labels(article, actors, include_boilerplate):
            if lab.kind in ("metonym", "epithet"):
                a = starts[lab.sentence_id] + lab.start
                hits.append(TermHit(from_actors[0], lab.label, lab.sentence_id, lab.label, a, a + len(lab.label)))
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
# Concordance
# ---------------------------------------------------------------------------
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
        found = find_labels(art, actors)
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
# The command line: medialit framing FILE|FOLDER... [--json]
# ---------------------------------------------------------------------------
def expand_paths(paths) -> list[str]:
    """Files as given; a folder becomes its ``*.txt`` files in name order."""
    out = []
    for p in paths:
        path = Path(p)
        out.extend(str(f) for f in sorted(path.glob("*.txt"))) if path.is_dir() else out.append(p)
    return out


def print_report(rep: dict) -> None:
    """Print what :func:`medialit.framing_engine.analyse` found in one text."""
    print(f"=== {rep['article']}  ({rep['words']} words)  {rep['file'] or ''}".rstrip())
    named = [a for a in rep["actors"] if a["kind"] != "role"]
    roles = [a for a in rep["actors"] if a["kind"] == "role"]
    print("Actors found in the text (a first draft: read the text to check each one):")
    if not named:
        print("  (no name found)")
    for row in named:
        forms = ", ".join(f"{f} ×{n}" for f, n in sorted(row["forms"].items(), key=lambda x: (-x[1], x[0])))
        print(f"  {row['actor']} ({row['kind']}): {row['mentions']} mention{'s' if row['mentions'] != 1 else ''}"
              f" ({forms})")
        for lab in row["labels"]:
            print(f"      {lab['sentence']:<9} {lab['kind']:<10} {lab['label']}")
    if roles:
        print("People named by their role: " + ", ".join(
            f"{r['actor']} ×{r['mentions']}" if r["mentions"] > 1 else r["actor"] for r in roles))
    print(f"Loaded words ({rep['lexicon_name']}; a hit is a place to look, not a verdict):")
    if not rep["loaded_words"]:
        print("  (none)")
    for cat, hits in rep["loaded_words"].items():
        counted = Counter(h["text"].lower() for h in hits)
        print(f"  {cat:<13} {len(hits):>3}  " + ", ".join(
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
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files, or folders of .txt files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--top", type=int, default=8, help="how many key words per article (default 8)")
    parser.add_argument("--reference", choices=("others", "kit"), default="others",
                        help="keyness reference: the other files given (default) or the kit's five articles")
    parser.add_argument("--lexicon", default="general",
                        help="'general' (loaded words for any news text, default), 'kit' (the Naqoura "
                             "case lexicon) or the path of a lexicon file")
    parser.add_argument("--seed", choices=("none", "kit"), default="none",
                        help="'kit': also use the Naqoura case's alias table (IDF = Israel, West Jerusalem "
                             "= Israel's government, ...); default none")


def run(args) -> int:
    import sys

    from .corpus import load_articles
    from .corpus_cli import read_articles

    articles, failures = read_articles(expand_paths(args.files), stderr=sys.stderr)
    if args.lexicon == "general":
        lexicon, lexicon_name = engine.load_lexicon(), "general lexicon"
    elif args.lexicon == "kit":
        lexicon, lexicon_name = load_lexicon(), "the Naqoura case lexicon"
    else:
        try:
            lexicon, lexicon_name = engine.load_lexicon(args.lexicon), args.lexicon
        except (OSError, ValueError) as exc:
            print(f"medialit: {args.lexicon}: cannot read the lexicon ({exc})", file=sys.stderr)
            return 1
    seed = DEFAULT_ACTORS if args.seed == "kit" else ()
    kit = None
    reports = []
    given = Counter(w for a in articles for w in a.content_words())
    for art in articles:
        if args.reference == "kit" or len(articles) < 2:
            kit = kit if kit is not None else list(load_articles().values())
            counts = Counter(w for k in kit if k.text != art.text for w in k.content_words())
            where = "the kit's articles"
        else:
            counts = given - Counter(art.content_words())
            where = "the other files given"
        rep = engine.analyse(art, lexicon=lexicon, seed=seed, top=args.top, reference_counts=counts)
        if args.lexicon == "kit":      # the case lexicon's names for a government come from the labels
            rep["loaded_words"] = {}
            for h in find_terms(art, lexicon):
                rep["loaded_words"].setdefault(h.category, []).append(
                    {"term": h.term, "text": h.text, "sentence": h.sentence_id, "start": h.start, "end": h.end})
        rep["reference"], rep["lexicon_name"] = where, lexicon_name
        reports.append(rep)
    if args.json:
        json.dump(reports, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for rep in reports:
            print_report(rep)
    return 1 if failures else 0
