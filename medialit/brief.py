"""The reliability brief: lessons 01–05 brought together for one article.

A brief answers the kit's three questions for one article — *who is behind it*,
*what is the evidence*, *what do other sources say* — with the measurements of
the earlier lessons beside the reader's own judgement:

* computed here: what the text shows about its publisher (lesson 01), who
  stands behind its sentences (lesson 02), how many of its dates can be fixed
  (lesson 03), how much framing vocabulary it uses (lesson 04), and how many
  articles share its origin (lesson 05);
* judged by the reader: how far to trust it, and why (the brief's free text).

Every score is a simple formula written next to it (``SCORES``); a formula is a
choice, and the lesson asks students to say what each one misses.

Example:
    >>> briefs = build_briefs()
    >>> briefs["003"].scores["independence"], briefs["000"].scores["independence"]
    (100, 33)

A shareable offline page (nbconvert): ``medialit brief --out brief.html``; a
student's own brief from exercise 06 (only its four parts and the article id):
``medialit brief --notebook exercises/06_verdict.ipynb --out my-brief.html``.
"""
from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import load_articles, load_catalog

NAMED = ("NAMED_PERSON", "NAMED_INSTITUTION", "MEDIA_OUTLET")
CLAIM_LABELS = NAMED + ("UNNAMED", "HEDGE_ONLY", "UNATTRIBUTED")

# score name -> (what it measures, the formula, the lesson it comes from)
SCORES = {
    "provenance": ("What the text shows about who published it",
                   "100 × (signals shown + ½ × signals half-shown) ÷ 6 signals of the catalog", "01"),
    "named_sources": ("Sentences with a claim that rest on a named source",
                      "100 × (named person + named institution + media outlet) ÷ sentences with a claim", "02"),
    "dates_fixed": ("Time expressions whose date is fixed without knowing when the text was written",
                    "100 × expressions with a known year ÷ all time expressions", "03"),
    "independence": ("Whether it shares its wording with other articles (then they count as one source)",
                     "100 ÷ number of articles in its group of shared wording", "05"),
}
FRAMING_CATEGORIES = ("killing", "labels", "praise", "threat", "law", "metonyms")
# the helper's labels (lesson 02) in the words a reader of a brief understands
PLAIN_LABELS = {"UNNAMED": "an unnamed source", "HEDGE_ONLY": "only a hedge, no source"}


@dataclass
class Brief:
    """Everything the kit can compute about one article for its reliability brief."""

    article_id: str
    label: str
    who: dict
    sourcing: dict
    dating: dict
    framing: dict
    independence: dict
    to_check: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)


def _provenance(record: dict) -> tuple[dict, int]:
    signals = record.get("signals", {})
    if not signals:
        return {"signals": {}, "shows": record.get("text_shows", []), "does_not_show": record.get("text_does_not_show", [])}, 0
    value = sum({"yes": 1.0, "partial": 0.5}.get(v, 0.0) for v in signals.values())
    return ({"signals": signals, "shows": record.get("text_shows", []),
             "does_not_show": record.get("text_does_not_show", [])},
            round(100 * value / len(signals)))


def _sourcing(article) -> tuple[dict, int, list]:
    from .sources import label_article, sourcing_profile

    labels = label_article(article)
    profile = sourcing_profile([lab for lab, s in zip(labels, article.sentences) if not s.is_boilerplate])
    with_claim = sum(profile[k] for k in CLAIM_LABELS)
    named = sum(profile[k] for k in NAMED)
    weak = [lab for lab in labels if lab.label in ("UNNAMED", "HEDGE_ONLY")]
    return profile, round(100 * named / with_claim) if with_claim else 0, weak


def _dating(article) -> tuple[dict, int]:
    from .dates import article_dates

    found = article_dates(article, None)
    durations = [t for t in found if t.type == "DURATION"]
    points = [t for t in found if t.type != "DURATION"]
    fixed = [t for t in points if re.match(r"^\d{4}", t.value or "")]
    unknown_year = [t for t in points if (t.value or "").startswith("XXXX")]
    vague = [t for t in points if (t.value or "").endswith("_REF")]
    other = len(found) - len(durations) - len(fixed) - len(unknown_year) - len(vague)
    info = {"expressions": len(found), "fixed": len(fixed), "unknown_year": len(unknown_year),
            "vague": len(vague), "durations": len(durations), "other": other,
            "examples_unknown_year": list(dict.fromkeys(t.text for t in unknown_year))[:4]}
    return info, round(100 * len(fixed) / len(found)) if found else 0


def _framing(article) -> dict:
    from .framing import find_terms

    hits = [h for h in find_terms(article) if h.category in FRAMING_CATEGORIES]
    per_category: dict = {}
    for h in hits:
        per_category.setdefault(h.category, []).append(h.term)
    words = len(article.words())
    return {"terms": len(hits), "per_100_words": round(100 * len(hits) / words, 1) if words else 0.0,
            "by_category": {c: sorted(set(t)) for c, t in sorted(per_category.items())}}


def build_briefs(articles: dict | None = None) -> dict[str, Brief]:
    """A brief for every article (the grouping of lesson 05 is computed once).

    >>> sorted(build_briefs())
    ['000', '001', '002', '003', '004']
    """
    from .overlap import group_articles

    articles = articles if articles is not None else load_articles()
    catalog = load_catalog()
    grouping = group_articles(articles)
    out = {}
    for aid, article in articles.items():
        who, provenance = _provenance(catalog.get(aid, {}))
        profile, named_share, weak = _sourcing(article)
        dating, fixed_share = _dating(article)
        group = next(g for g in grouping.groups if aid in g)
        independence = {"group": list(group), "size": len(group),
                        "independent": len(group) == 1,
                        "strongest_link": max((p.ngram_jaccard for p in grouping.pairs if aid in (p.a, p.b)), default=0.0)}
        out[aid] = Brief(
            article_id=aid, label=article.label, who=who, sourcing=profile, dating=dating,
            framing=_framing(article), independence=independence,
            to_check=[{"sentence_id": lab.sentence_id, "label": lab.label, "reason": lab.reason} for lab in weak],
            scores={"provenance": provenance, "named_sources": named_share,
                    "dates_fixed": fixed_share, "independence": round(100 / len(group))})
    return out


def build_brief(article_id: str, articles: dict | None = None) -> Brief:
    """The brief of one article (see :func:`build_briefs`)."""
    return build_briefs(articles)[article_id]


def show_brief(brief: Brief, width: int = 96) -> None:
    """Print a brief in the three parts of the rubric."""
    import textwrap

    def say(text, indent="  "):
        print(textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent + "  "))

    print(f"RELIABILITY BRIEF — article {brief.article_id} ({brief.label})")
    print("\n1. Who is behind it?  (+ the text shows it; - the text does not show it)")
    for item in brief.who["shows"]:
        say(f"+ {item}")
    for item in brief.who["does_not_show"]:
        say(f"- {item}")
    print("\n2. What is the evidence?")
    p = brief.sourcing
    say(f"Sentences by source: named {sum(p[k] for k in NAMED)}, unnamed {p['UNNAMED']}, "
        f"hedge only {p['HEDGE_ONLY']}, unattributed {p['UNATTRIBUTED']}, no claim {p['NONE']}.")
    d = brief.dating
    say(f"Time expressions: {d['expressions']} = dates with a known year {d['fixed']} + year unknown {d['unknown_year']}"
        + (f" (e.g. {', '.join(repr(x) for x in d['examples_unknown_year'])})" if d["examples_unknown_year"] else "")
        + f" + vague {d['vague']} + durations {d['durations']}"
        + (f" + other {d['other']}" if d.get("other") else "") + ".")
    f = brief.framing
    cats = "; ".join(f"{c}: {', '.join(t)}" for c, t in f["by_category"].items())
    say(f"Framing vocabulary: {f['terms']} terms, {f['per_100_words']} per 100 words — {cats or 'none'}.")
    print("\n3. What do other sources say?")
    ind = brief.independence
    if ind["independent"]:
        say("Shares no more than short runs of words (names, stock phrases) with the other articles: by its "
            "wording, its own text. Whether its sources are independent of theirs is a lateral-reading question.")
    else:
        others = ", ".join(a for a in ind["group"] if a != brief.article_id)
        say(f"One of {ind['size']} articles with shared wording ({brief.article_id} with {others}): "
            "together they count as one source, not several.")
    print("\nClaims not to rely on without checking (the helper's reading: check it):")
    if not brief.to_check:
        say("none flagged: the helper flags unnamed sources and hedges only; claims that no other "
            "source carries still need checking (lesson 05).")
    for item in brief.to_check:
        reason = item["reason"]
        for code, words in PLAIN_LABELS.items():
            if reason.startswith(code + ":"):
                reason = words + ":" + reason[len(code) + 1:]
        say(f"{item['sentence_id']}: {reason}")
    print("\nScores (0–100, computed):", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in brief.scores.items()))


def scorecard(briefs: dict[str, Brief]) -> list[dict]:
    """One row per article: the computed scores and the framing density."""
    return [{"id": aid, "label": b.label, **b.scores, "framing_per_100_words": b.framing["per_100_words"]}
            for aid, b in briefs.items()]


def plot_scorecard(briefs: dict[str, Brief], ax=None):
    """A heatmap: articles × computed scores (0–100), each cell annotated with its value."""
    import matplotlib.pyplot as plt

    names = list(SCORES)
    ids = list(briefs)
    values = [[briefs[a].scores[n] for n in names] for a in ids]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.6))
    image = ax.imshow(values, cmap="cividis", vmin=0, vmax=100, aspect="auto")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", fontsize=13, fontweight="bold",
                    color="white" if v < 55 else "black")
    ax.set_xticks(range(len(names)), [n.replace("_", "\n") + f"\n(lesson {SCORES[n][2]})" for n in names])
    ax.set_yticks(range(len(ids)), [f"{a} {briefs[a].label}" for a in ids])
    ax.grid(False)
    ax.set_title("What the kit can compute about each article (0–100)")
    ax.set_xlabel("Computed score (higher = more for a reader to hold on to)")
    ax.set_ylabel("Article")
    ax.figure.colorbar(image, ax=ax, label="score")
    return ax


# ---------------------------------------------------------------------------
# The shareable page
# ---------------------------------------------------------------------------
def brief_notebook(article_ids: list[str] | None = None):
    """A small notebook that computes and prints the briefs (its code is hidden in the page)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    ids = article_ids or sorted(load_articles())
    cells = [new_markdown_cell(
        "# Reliability briefs\n\nFor each article: who is behind it, what the evidence is, what other sources "
        "say — as far as the text and the kit's helpers can tell. Scores are simple formulas, listed at the end; "
        "the judgement is the reader's.", id="title"),
        new_code_cell("from medialit.brief import build_briefs, plot_scorecard, show_brief, SCORES\n"
                      "import matplotlib.pyplot as plt\nfrom medialit.style import use_kit_style\n"
                      "use_kit_style()\nbriefs = build_briefs()", id="setup", metadata={"tags": ["hide-input"]}),
        new_code_cell("plot_scorecard(briefs)\nplt.show()", id="scorecard", metadata={"tags": ["hide-input"]}),
        new_markdown_cell("*Alt text:* a heatmap with one row per article and one column per computed score "
                          "(provenance, named sources, dates fixed, independence), each cell showing its value "
                          "from 0 to 100.", id="scorecard-alt")]
    for aid in ids:
        cells.append(new_code_cell(f'show_brief(briefs["{aid}"])', id=f"brief-{aid}", metadata={"tags": ["hide-input"]}))
    cells.append(new_code_cell('for name, (what, formula, lesson) in SCORES.items():\n'
                               '    print(f"{name.replace(\'_\', \' \')} (lesson {lesson}): {what}. Formula: {formula}.")',
                               id="formulas", metadata={"tags": ["hide-input"]}))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.validate(nb)
    return nb


BRIEF_PARTS = {"d1": "Part 1 — Who is behind it?", "d2": "Part 2 — What is the evidence?",
               "d3": "Part 3 — What do other sources say?", "d4": "Verdict"}
_BRIEF_ARTICLE = re.compile(r"""^\s*brief_article\s*=\s*["'](?P<id>[^"']+)["']""", re.MULTILINE)
_RELATIVE_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|mailto:)[^)]*\)")


def student_brief(exercise) -> tuple[str | None, dict]:
    """The article id and the four brief parts (d1–d4) a student wrote in exercise 06.

    Nothing else of the notebook is read: no code, no answers to the checked questions.

    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell('brief_article = "003"'),
    ...     new_markdown_cell("No byline.", metadata={"tags": ["free-text"], "medialit": {"question": "d1"}})])
    >>> student_brief(nb)
    ('003', {'d1': 'No byline.'})
    """
    article_id, parts = None, {}
    for cell in exercise.cells:
        if cell.cell_type == "code" and article_id is None:
            found = _BRIEF_ARTICLE.search(cell.source)
            if found:
                article_id = found.group("id").strip()
        meta = cell.get("metadata", {})
        question = meta.get("medialit", {}).get("question")
        if cell.cell_type == "markdown" and "free-text" in meta.get("tags", []) and question in BRIEF_PARTS:
            parts[question] = cell.source
    return article_id, parts


def brief_page_notebook(exercise):
    """A notebook of markdown only: the article id and the four parts of the student's brief."""
    from nbformat.v4 import new_markdown_cell, new_notebook

    from .notebooks import FREE_TEXT_PROMPT

    article_id, parts = student_brief(exercise)
    label = load_articles().get(article_id).label if article_id in load_articles() else None
    about = f"article {article_id}" + (f" ({label})" if label else "") if article_id else "an article not named yet"
    cells = [new_markdown_cell(f"# Reliability brief — {about}", id="title")]
    for question, heading in BRIEF_PARTS.items():
        text = parts.get(question, "").strip()
        if not text or text == FREE_TEXT_PROMPT:
            text = "*(not written yet)*"
        cells.append(new_markdown_cell(f"## {heading}\n\n" + _RELATIVE_LINK.sub(r"\1", text), id=f"brief-{question}"))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


def write_brief_page(out_path, notebook_path=None, article_ids=None, timeout: int = 120) -> Path:
    """Write one offline HTML page: the kit's briefs (executed), or a student's own brief.

    With ``notebook_path`` (a student's exercise 06) the page holds only the four parts
    of the brief and the article id — never the exercise's code or checked answers.
    """
    import nbformat

    from .export import execute_notebook, notebook_to_html

    out_path = Path(out_path)
    if notebook_path is None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "brief.ipynb"
            nbformat.write(brief_notebook(article_ids), str(path))
            nb = execute_notebook(path, timeout=timeout)
        title = "Reliability briefs"
    else:
        nb = brief_page_notebook(nbformat.read(str(notebook_path), as_version=4))
        title = nb.cells[0].source.lstrip("# ")
    html = notebook_to_html(nb, title=title)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    from .notebooks import write_atomic
    write_atomic(out_path, html)
    return out_path


def configure_parser(parser):
    parser.add_argument("articles", nargs="*", metavar="ID", help="article ids (default: all)")
    parser.add_argument("--out", required=True, metavar="FILE.html", help="where to write the page")
    parser.add_argument("--notebook", metavar="NB",
                        help="export your own brief from this exercise 06 notebook (its four parts and article id only)")


def run(args) -> int:
    try:
        if args.notebook and not Path(args.notebook).is_file():
            print(f"medialit brief: {args.notebook}: no such notebook", file=sys.stderr)
            return 1
        known = set(load_articles())
        unknown = [a for a in args.articles if a not in known]
        if unknown:
            print(f"medialit brief: no article {', '.join(unknown)} in this case", file=sys.stderr)
            return 1
        path = write_brief_page(args.out, args.notebook, args.articles or None)
    except Exception as exc:   # noqa: BLE001 — one clear line for a teacher, not a traceback
        print(f"medialit brief: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    return 0
