"""One story or five? The lesson side of overlap (lesson 05): tables, passages, figures, the command.

The measures live in :mod:`medialit.overlap_engine` (text in, records out) and
are imported here, so that the lesson's imports stay short
(``from medialit.overlap import group_articles, print_grouping``). This module adds:

* printing: :func:`print_pair_table`, :func:`print_passages`, :func:`print_grouping`
  (with the caveat when a paraphrase cannot be ruled out), :func:`print_paraphrases`,
  :func:`print_found`;
* figures: :func:`plot_similarity`, :func:`plot_claim_matrix`;
* the kit's claim matrix from the answer key: :func:`load_claims`;
* the command ``medialit overlap FILE|FOLDER...``.

Example:
    >>> g = group_articles({"a": "Rain fell on the old town of Tyre at dawn.",
    ...                     "b": "Rain fell on the old town of Tyre at noon."})
    >>> print_grouping(g)
    source 1: a, b
    links (5-gram Jaccard >= 0.02): a-b
    weakest link inside a group: 0.7143
"""
from __future__ import annotations

import json
import sys

from .corpus import Article
from .overlap_engine import (CLAIM_STATUSES, DEFAULT_THRESHOLD, GROUPING_RATIONALE, MEASURES, N,  # noqa: F401
                             PARAPHRASE_RATIONALE, STATUS_MEANING, Claim, Grouping, PairEvidence, Passage,
                             Token, align_sentences, as_article, as_articles, build_claim, claim_support,
                             compare, content_alignment, find_sentences, group_articles, jaccard,
                             longest_increasing_run, ngram_set, order_agreement, pair_table,
                             paraphrase_evidence, shared_passages, similarity_matrix, tokens,
                             top_passages, topic_word_set)

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
    print(f"links ({grouping.n}-gram Jaccard >= {grouping.threshold:g}): {', '.join(s['links']) or 'none'}")
    if s["min_within"] is not None:
        print(f"weakest link inside a group: {s['min_within']:.4f}")
    if s["max_between"] is not None:
        print(f"strongest similarity across groups: {s['max_between']:.4f}")
    if s["margin"] is not None:
        print(f"margin: {s['margin']}x" if s["margin"] != float("inf") else "margin: nothing shared across groups")
    for p in grouping.possible_paraphrases:
        e = p.paraphrase
        print(f"paraphrase cannot be ruled out: {p.a}-{p.b} ({e['in_order']} of {e['sentences']} sentences "
              f"share most content words, in the same order, though {grouping.n}-gram Jaccard is "
              f"{p.ngram_jaccard:.3f}); read the aligned sentences")


def print_paraphrases(pairs, width: int = 100) -> None:
    """Print the aligned sentences of every pair where a paraphrase cannot be ruled out."""
    import textwrap

    for p in pairs:
        if not p.paraphrase:
            continue
        print(f"{p.a}-{p.b}: {p.paraphrase['in_order']} of {p.paraphrase['sentences']} sentences "
              f"in the same order (content words shared: Dice)")
        for sa, sb, d in p.paraphrase["pairs"]:
            for sid in (sa, sb):
                text = p.paraphrase["texts"][sid]
                head = f"  {sid:>14}  "
                lines = textwrap.wrap(text, width=width - len(head)) or [""]
                print(head + lines[0])
                for more in lines[1:]:
                    print(" " * len(head) + more)
            print(f"  {'':>14}  Dice {d:.2f}")


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



def load_claims(key: dict | None = None, lesson: str = "05") -> list[Claim] | None:
    """The kit's claim matrix from the answer key, or ``None`` when no key is present."""
    if key is None:
        from .grading import load_key

        key = load_key(lesson)
    if not key or "claims" not in key:
        return None
    return [Claim(c["id"], c["claim"], c["cells"], c.get("short", "")) for c in key["claims"]["items"]]


STATUS_STYLE = {  # colour (Okabe-Ito), hatch, letter: readable in greyscale too
    "stated": ("#0072B2", "", "S"),
    "attributed": ("#009E73", "\\\\", "A"),
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
                        color="black" if c.status(a) == "hedged" else "white",
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
# The command: medialit overlap FILE|FOLDER... [--json]
# ---------------------------------------------------------------------------
def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="two or more text files, or folders of .txt files")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                        help=f"5-gram Jaccard that links two texts (default {DEFAULT_THRESHOLD})")
    parser.add_argument("--passages", type=int, default=5, help="how many shared passages to show (default 5)")


def run(args) -> int:
    from .corpus_cli import read_articles

    from .framing import expand_paths

    articles, failures = read_articles(expand_paths(args.files), stderr=sys.stderr)
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
        if grouping.possible_paraphrases:
            print()
            print("Pairs the 5-grams do not link, but whose sentences share content words in the same order")
            print("(a paraphrase cannot be ruled out; read them side by side):")
            print_paraphrases(grouping.possible_paraphrases)
    return 1 if failures else 0
