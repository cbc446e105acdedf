"""One look for every chart in the kit: readable on a projector, safe for colour-blind readers.

The palette is Okabe & Ito's (2008) eight colours, chosen to stay distinct for the
common forms of colour blindness. Each article also gets a hatch/marker so that a
chart still reads in greyscale.

Example:
    >>> from medialit.style import use_kit_style, ARTICLE_COLORS
    >>> use_kit_style()
    >>> ARTICLE_COLORS["003"]
    '#009E73'
"""
from __future__ import annotations

OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000",
}
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# The three content-farm retellings share warm hues; the two independent
# outlets get cool ones. Hatches and markers repeat the distinction in greyscale.
ARTICLE_COLORS = {"000": "#E69F00", "001": "#D55E00", "002": "#CC79A7", "003": "#009E73", "004": "#0072B2"}
ARTICLE_HATCHES = {"000": "//", "001": "\\\\", "002": "xx", "003": "", "004": ".."}
ARTICLE_MARKERS = {"000": "o", "001": "s", "002": "^", "003": "D", "004": "v"}

KIT_RC = {
    "figure.figsize": (9, 5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": None,  # filled in by use_kit_style
    "image.cmap": "cividis",
    "svg.hashsalt": "medialit",
}


def use_kit_style() -> None:
    """Apply the kit's matplotlib style (call once at the top of a notebook)."""
    import matplotlib as mpl
    from cycler import cycler

    rc = dict(KIT_RC)
    rc["axes.prop_cycle"] = cycler(color=PALETTE)
    mpl.rcParams.update(rc)


def article_color(article_id: str, index: int = 0) -> str:
    """The colour of an article; articles of another case cycle through the palette."""
    return ARTICLE_COLORS.get(article_id, PALETTE[index % len(PALETTE)])
