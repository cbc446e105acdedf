"""Time expressions for lesson 03: tables, the kit's reading beside the helper's, a timeline.

The finding and normalising is done by the engine, ``medialit.timex`` (text in, TimeML
records out); this module adds what the lesson needs on top of it: the expressions of an
``Article`` with their sentence ids, tables, the comparison with the kit's reading (the
answer key of lesson 03), the helper's own timeline, a timeline plot, and the command
``medialit dates``. The engine's names the lessons use (``find_dates``, ``TimeExpression``,
``parse_dct`` ...) are importable from here as well.

Example:
    >>> [(t.text, t.value) for t in find_dates("They met on Wednesday.", dct="2025-12-03")]
    [('Wednesday', '2025-12-03')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
from dataclasses import replace

from .timex import (ABSOLUTE, DCT, EVENT, MODIFIERS, MONTHS, PARTS_OF_DAY, PREVIOUS, SEASONS, UNITS,  # noqa: F401
                    WEEKDAYS, TimeExpression, duration_value, find_dates, format_value, is_narrative,
                    looks_future, parse_dct, shift, value_to_date)


def article_dates(article, dct=None) -> list[TimeExpression]:
    """The time expressions of an ``Article``, each with the id of its sentence.

    Boilerplate lines ("READ MORE: ...") are skipped.

    >>> from medialit.corpus import load_article
    >>> [(t.sentence_id, t.text, t.value) for t in article_dates(load_article("003"), "2025-12-03")][:2]
    [('003:s1', 'Wednesday', '2025-12-03'), ('003:s1', 'over three decades', 'P30Y')]
    """
    found = []
    for t in find_dates(article.text, dct):
        sentence = next((s for s in article.sentences if s.start <= t.start < s.end), None)
        if sentence is None or sentence.is_boilerplate:
            continue
        found.append(replace(t, sentence_id=sentence.id))
    return found


def interval_text(t: TimeExpression) -> str:
    """``earliest .. latest`` as one short string ('' when the text gives no bounds)."""
    if not (t.earliest or t.latest):
        return ""
    if t.earliest == t.latest:
        return f"≈ {t.earliest}"
    return f"{t.earliest or '…'} .. {t.latest or '…'}"


def dates_table(expressions: list[TimeExpression]) -> list[dict]:
    """Rows for ``medialit.corpus.print_table``."""
    rows = []
    for t in expressions:
        anchor = t.anchor or "-"
        if t.anchor_text:
            anchor += f": {t.anchor_text[:40]}"
        rows.append({"sentence": t.sentence_id, "text": t.text, "type": t.type,
                     "value": t.value + (f" ({t.mod})" if t.mod else ""), "anchor": anchor,
                     "interval": interval_text(t)})
    return rows


def weekdays_between(weekday: str, after, before) -> list[dt.date]:
    """Every date with the given weekday strictly after ``after`` and strictly before ``before``.

    The heart of the meeting-date puzzle: a Wednesday less than two weeks after 23 November 2025.

    >>> weekdays_between("Wednesday", "2025-11-23", "2025-12-07")
    [datetime.date(2025, 11, 26), datetime.date(2025, 12, 3)]
    """
    wd = WEEKDAYS[weekday.lower()]
    start, end = parse_dct(after), parse_dct(before)
    out, d = [], start + dt.timedelta(days=1)
    while d < end:
        if d.isoweekday() == wd:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


# ---------------------------------------------------------------------------
# The kit's careful reading (teacher's edition) beside the helper's output
# ---------------------------------------------------------------------------
KEY_LESSON = "03"
NO_KEY_MESSAGE = ("The kit's own reading (every expression, the meeting-date derivation, the events) is in the "
                  "teacher's edition (solutions/keys/03_when_did_it_happen.json); here you see the helper's output only.")


def kit_reading(section: str | None = None):
    """A section of the kit's reading ("expressions", "derivations", "events", "narration",
    "disagreements", "clues"), or None when the answer key is not present
    (student release: ``MEDIALIT_KEY_DIR=none``)."""
    from .grading import kit_reading as read_key_section

    return read_key_section(KEY_LESSON, section)


def print_dates(article, dct=None) -> None:
    """Print the time expressions of one article as a table (sentence, text, type, value, anchor)."""
    from .corpus import print_table

    found = article_dates(article, dct)
    print(f"Article {article.id}: {len(found)} time expressions (writing date: {parse_dct(dct) or 'unknown'})")
    print_table(dates_table(found))


def compare_with_kit(articles: dict, kit_expressions: list[dict], dct=None, field: str = "value") -> list[dict]:
    """The kit's expressions against ``article_dates``: one row per expression.

    ``status`` is ``"same"``, ``"other value"`` (found, different value), ``"missed"``
    or ``"extra"`` (found by the helper, not in the kit's reading). ``field`` is the key
    field to compare with: ``"value"`` (text alone) or ``"resolved"`` (with the derived DCT).
    """
    got = {}
    for art in articles.values():
        for t in article_dates(art, dct):
            got[(t.sentence_id, t.text)] = t
    rows, seen = [], set()
    for e in kit_expressions:
        k = (e["sentence"], e["text"])
        seen.add(k)
        t = got.get(k)
        status = "missed" if t is None else "same" if t.value == e[field] else "other value"
        rows.append({"sentence": e["sentence"], "text": e["text"], "kit": e[field],
                     "helper": t.value if t else "-", "status": status})
    for k, t in got.items():
        if k not in seen:
            rows.append({"sentence": k[0], "text": k[1], "kit": "-", "helper": t.value, "status": "extra"})
    return rows


def value_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a DATE value covers; None when the year is unknown.

    >>> value_interval("2025-08"), value_interval("XXXX-11-19")
    ((datetime.date(2025, 8, 1), datetime.date(2025, 8, 31)), None)
    """
    m = re.match(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:T|$)", value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = dt.date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def events_from_dates(articles: dict, dct=None) -> tuple[list[dict], dict]:
    """The helper's own timeline: every dated expression becomes an event (no reading involved).

    Returns ``(events, narration)`` in the form ``plot_timeline`` takes. Each DATE or
    TIME expression whose value has a year becomes a bar over the days it covers; a
    length of time with bounds (``earliest``/``latest``) becomes a bar over them. The
    narration of each article is the order of its expressions. Whether two expressions
    name the *same* event is a question of reading, which this function does not answer.
    """
    events, narration = [], {}
    for aid, art in articles.items():
        told = []
        for t in article_dates(art, dct):
            span = value_interval(t.value) if t.type in ("DATE", "TIME") else None
            if span is None and (t.earliest or t.latest):
                lo = value_interval(t.earliest)[0] if t.earliest and value_interval(t.earliest) else None
                hi = value_interval(t.latest)[1] if t.latest and value_interval(t.latest) else None
                span = (lo, hi) if (lo or hi) else None
            if span is None:
                continue
            eid = f"{t.sentence_id}:{t.start}"
            events.append({"id": eid, "label": f"{t.text} ({t.sentence_id})",
                           "earliest": span[0].isoformat() if span[0] else None,
                           "latest": span[1].isoformat() if span[1] else None, "articles": [aid]})
            told.append(eid)
        narration[aid] = {"told": told, "misleads": False}
    return events, narration


# ---------------------------------------------------------------------------
# A timeline of events with uncertain dates
# ---------------------------------------------------------------------------
def _draw_events(ax, dated: list[dict], lo_axis: dt.date, hi_axis: dt.date, mark_before: bool) -> None:
    """Draw each dated event on one axis, clipped to [lo_axis, hi_axis]."""
    from .style import ARTICLE_HATCHES, ARTICLE_MARKERS, article_color

    for y, e in enumerate(dated):
        arts = e.get("articles") or ["?"]
        color = article_color(arts[0])
        marker = ARTICLE_MARKERS.get(arts[0], "o")
        lo = parse_dct(e["earliest"]) if e.get("earliest") else None
        hi = parse_dct(e["latest"]) if e.get("latest") else None
        if hi is not None and hi < lo_axis:          # before this axis
            if mark_before:
                ax.plot([lo_axis], [y], marker="<", markersize=11, color=color, clip_on=False)
                years = f"{lo.year}" if lo and lo.year == hi.year else f"before {hi:%b %Y}" if lo is None else f"{lo.year}–{hi.year}"
                ax.annotate(f"{years} (off the chart)", (lo_axis, y), xytext=(10, 0),
                            textcoords="offset points", va="center", fontsize=10)
            continue
        if lo is not None and lo > hi_axis:          # after this axis: drawn on the next one
            continue
        if e.get("candidates"):
            days = [d for d in (parse_dct(x) for x in e["candidates"]) if lo_axis <= d <= hi_axis]
            if len(days) > 1:
                ax.plot(days, [y] * len(days), linestyle=":", color=color, linewidth=2)
            ax.plot(days, [y] * len(days), linestyle="none", marker=marker, markersize=10, color=color,
                    markeredgecolor="black", zorder=3)
        elif lo is not None and lo == hi:
            ax.plot([lo], [y], marker=marker, markersize=10, color=color, markeredgecolor="black", zorder=3)
        else:
            left = max(lo, lo_axis) if lo else lo_axis
            right = min(hi, hi_axis) if hi else hi_axis
            ax.barh(y, (right - left).days + 1, left=left, height=0.5, color=color, alpha=0.85,
                    edgecolor="black", linewidth=0.6, hatch=ARTICLE_HATCHES.get(arts[0], ""), zorder=2)
            if lo is None and mark_before:
                ax.plot([lo_axis], [y], marker="<", markersize=11, color="black", clip_on=False)
            if hi is None or hi > hi_axis:
                ax.plot([hi_axis], [y], marker=">", markersize=11, color="black", clip_on=False)
        if e.get("better") and lo_axis <= parse_dct(e["better"]) <= hi_axis:
            ax.plot([parse_dct(e["better"])], [y], marker="*", markersize=18, color="black", zorder=4)


def plot_timeline(events: list[dict], narration: dict | None = None, zoom=("2025-11-12", "2026-01-04"),
                  start="2023-06-01", title: str = "When did it happen? One timeline from five articles"):
    """Draw events as bars from ``earliest`` to ``latest``; beside them, each article's telling order.

    ``events``: dicts with ``id``, ``label``, ``earliest``, ``latest`` (ISO dates, or None for an
    open end), ``articles`` (ids; the mark takes the colour of the first) and optionally
    ``candidates`` (the only days possible: dots joined by a dotted line) and ``better`` (the
    better reading: a star). Events with no date at all are left out.

    Two date panels share the rows (earliest event at the top): the long view from ``start``,
    and a zoom on the weeks ``zoom`` = (first day, last day).

    ``narration``: ``{article: {"told": [event ids in the order told], "misleads": bool}}``.
    A third panel draws one line per article through the events in the order it tells them:
    an arrow that climbs is a step back in time. Articles whose telling implies a false
    order are marked under their column. Returns the matplotlib figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .style import ARTICLE_HATCHES, ARTICLE_MARKERS, article_color

    zoom_lo, zoom_hi = parse_dct(zoom[0]), parse_dct(zoom[1])
    long_lo = parse_dct(start)
    dated = [e for e in events if e.get("earliest") or e.get("latest")]
    # a row's place: its first possible day, or its last one when the start is open ("before June")
    dated.sort(key=lambda e: (e.get("earliest") or e.get("latest"), e.get("latest") or "9999"))
    row = {e["id"]: i for i, e in enumerate(dated)}
    ratios = [1.5, 1.3] + ([1.3] if narration else [])
    fig, axes = plt.subplots(1, len(ratios), figsize=(16 if narration else 12, 0.48 * len(dated) + 2.6),
                             sharey=True, gridspec_kw={"width_ratios": ratios, "wspace": 0.06})
    ax_long, ax_zoom = axes[0], axes[1]
    _draw_events(ax_long, dated, long_lo, zoom_lo, mark_before=True)
    _draw_events(ax_zoom, dated, zoom_lo, zoom_hi, mark_before=False)
    ax_long.set_xlim(long_lo, zoom_lo)
    ax_long.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax_long.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax_long.set_xlabel("date: the long view")
    ax_zoom.set_xlim(zoom_lo, zoom_hi)
    ax_zoom.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.WE))
    ax_zoom.xaxis.set_major_formatter(mdates.DateFormatter("%d\n%b"))
    ax_zoom.set_xlabel(f"zoom, {zoom_lo:%b} – {zoom_hi:%b %Y} (ticks: Wednesdays)")
    ax_zoom.set_facecolor("#f7f7f7")
    ax_long.set_yticks(range(len(dated)))
    ax_long.set_yticklabels([f"{e['label']}  [{','.join(e.get('articles', []))}]" for e in dated], fontsize=10)
    ax_long.set_ylim(len(dated) - 0.5, -0.7)
    fig.suptitle(title, x=0.01, y=0.99, ha="left", fontsize=15, fontweight="bold")
    tellers = sorted({a for e in dated for a in (e.get("articles") or [])} | set(narration or {}))
    handles = [Patch(facecolor=article_color(a), hatch=ARTICLE_HATCHES.get(a, ""), edgecolor="black",
                     label=f"article {a}") for a in tellers]
    handles += [Line2D([], [], marker="*", color="black", linestyle="none", markersize=13, label="better reading"),
                Line2D([], [], color="grey", linestyle=":", marker="o", label="only these days possible"),
                Line2D([], [], color="black", linestyle="none", marker="<", label="open start"),
                Line2D([], [], color="black", linestyle="none", marker=">", label="open end")]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=len(handles), fontsize=9,
               title="bar = the days the texts allow; colour = the first article listed", title_fontsize=9,
               frameon=False)        # below the panels, so that it covers no bar
    fig.subplots_adjust(bottom=1.4 / fig.get_figheight())
    if narration:
        ax2 = axes[2]
        arts = list(narration)
        for k, art in enumerate(arts):
            told = [ev for ev in narration[art]["told"] if ev in row]
            n = max(len(told) - 1, 1)
            xs = [k + 0.12 + 0.76 * i / n for i in range(len(told))]
            ys = [row[ev] for ev in told]
            color = article_color(art)
            ax2.plot(xs, ys, color=color, linewidth=1.2, alpha=0.6)
            ax2.plot(xs, ys, linestyle="none", marker=ARTICLE_MARKERS.get(art, "o"), markersize=8, color=color,
                     markeredgecolor="black", zorder=3)
            for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:]):
                if y1 < y0:      # told later, happened earlier: a step back in time
                    ax2.annotate("", (x1, y1), (x0, y0),
                                 arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.2, "shrinkA": 5, "shrinkB": 5})
        ax2.set_xticks([k + 0.5 for k in range(len(arts))])
        ax2.set_xticklabels([f"{a} ⚠" if narration[a].get("misleads") else a for a in arts], fontsize=12)
        for label, art in zip(ax2.get_xticklabels(), arts):
            if narration[art].get("misleads"):
                label.set_color("#D55E00")
                label.set_fontweight("bold")
        ax2.set_xlim(0, len(arts))
        ax2.set_xlabel("article; ⚠ = its telling implies a false order")
        ax2.set_title("Order told, left to right (arrow up = back in time)", loc="left", fontsize=11)
        ax2.grid(axis="x", visible=False)
        for k in range(1, len(arts)):
            ax2.axvline(k, color="grey", linewidth=0.6)
    return fig


# ---------------------------------------------------------------------------
# The command line: medialit dates FILE... [--dct YYYY-MM-DD] [--json]
# ---------------------------------------------------------------------------
def _dct_arg(value: str) -> dt.date:
    import argparse

    try:
        return parse_dct(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a real date in the form YYYY-MM-DD (e.g. 2025-12-03)")


def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="article text files, or folders (every *.txt file in them, in name order)")
    parser.add_argument("--dct", type=_dct_arg, default=None,
                        help="the date the texts were written (YYYY-MM-DD); default: unknown")
    parser.add_argument("--json", action="store_true", help="print JSON records instead of a table")


def expand_paths(paths) -> list[str]:
    """Each folder in ``paths`` becomes the ``*.txt`` files in it (sorted); files stay as given.

    >>> from medialit.corpus import KIT_ROOT
    >>> [p.rsplit("/", 1)[-1][:4] for p in expand_paths([str(KIT_ROOT / "articles"), "notes.txt"])]
    ['000_', '001_', '002_', '003_', '004_', 'note']
    """
    from pathlib import Path

    out = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out += [str(f) for f in sorted(path.glob("*.txt")) if f.is_file()]
        else:
            out.append(str(p))
    return out


def run(args) -> int:
    from .corpus import print_table
    from .corpus_cli import read_articles

    articles, failures = read_articles(expand_paths(args.files), stderr=sys.stderr)
    if args.json:
        out = {a.id: [t.as_dict() for t in article_dates(a, args.dct)] for a in articles}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for art in articles:
            found = article_dates(art, args.dct)
            dct_text = args.dct.isoformat() if args.dct else "unknown"
            print(f"Article {art.id}: {len(found)} time expressions (DCT {dct_text})")
            print_table(dates_table(found))
            print()
    return 1 if failures else 0
