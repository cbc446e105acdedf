"""Score ``medialit.dates`` on public TimeML gold data, with the TempEval-3 definitions.

Usage (from the repository root):

    python tools/benchmark_dates.py [DATA_DIR] [--errors N]

DATA_DIR (default ``../shared/benchmarks/timeml``) holds one folder per data set of
``*.tml`` files (TempEval-3 platinum, WikiWars). For each document the finder runs on
the raw text of ``<TEXT>`` with the document's creation time (the ``<DCT>``) and its
expressions are compared with the gold ``TIMEX3`` tags:

* **relaxed span**: a system expression matches a gold one when the spans overlap
  (one-to-one); precision, recall and F1 over those matches;
* **strict span**: the spans are identical;
* **value F1**: as TempEval-3 scores attributes: a relaxed match whose normalised
  value equals the gold value counts; P = counted / system expressions,
  R = counted / gold expressions (type F1 likewise).

The data stay outside the repository; nothing here is needed by the test suite.
"""
from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from medialit.dates import find_dates  # noqa: E402


def read_tml(path: Path) -> tuple[str, str, list[dict]]:
    """Return (raw text of <TEXT>, DCT as YYYY-MM-DD, gold TIMEX3 list with offsets)."""
    root = ET.parse(path).getroot()
    dct = ""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = (timex.get("value") or "")[:10]
            break
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path.name}: no <TEXT> element")
    pieces: list[str] = []
    gold: list[dict] = []

    def walk(el, inside_text: bool):
        if el.tag == "TIMEX3" and inside_text:
            start = sum(map(len, pieces))
            inner = "".join(el.itertext())
            pieces.append(inner)
            gold.append({"start": start, "end": start + len(inner), "text": inner,
                         "type": el.get("type"), "value": el.get("value") or ""})
        else:
            if el.text:
                pieces.append(el.text)
            for child in el:
                walk(child, True)
        if el is not text_el and el.tail:
            pieces.append(el.tail)

    walk(text_el, True)
    return "".join(pieces), dct, gold


def match(system: list, gold: list[dict]) -> list[tuple]:
    """One-to-one pairs (system, gold) by overlap; larger overlaps first."""
    pairs = []
    for s in system:
        for g in gold:
            overlap = min(s.end, g["end"]) - max(s.start, g["start"])
            if overlap > 0:
                pairs.append((overlap, s, g))
    pairs.sort(key=lambda p: -p[0])
    used_s, used_g, out = set(), set(), []
    for _, s, g in pairs:
        if id(s) in used_s or id(g) in used_g:
            continue
        used_s.add(id(s))
        used_g.add(id(g))
        out.append((s, g))
    return out


def f1(correct: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = correct / n_sys if n_sys else 0.0
    r = correct / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_folder(folder: Path, show_errors: int = 0) -> dict:
    n_sys = n_gold = relaxed = strict = value = type_ok = 0
    errors = []
    for path in sorted(folder.glob("*.tml")):
        text, dct, gold = read_tml(path)
        system = find_dates(text, dct or None)
        pairs = match(system, gold)
        n_sys += len(system)
        n_gold += len(gold)
        relaxed += len(pairs)
        strict += sum(1 for s, g in pairs if (s.start, s.end) == (g["start"], g["end"]))
        value += sum(1 for s, g in pairs if s.value == g["value"])
        type_ok += sum(1 for s, g in pairs if s.type == g["type"])
        if show_errors:
            matched_s = {id(s) for s, _ in pairs}
            matched_g = {id(g) for _, g in pairs}
            errors += [(path.name, "missed", g["text"], g["value"]) for g in gold if id(g) not in matched_g]
            errors += [(path.name, "extra", s.text, s.value) for s in system if id(s) not in matched_s]
            errors += [(path.name, "value", f"{s.text} | {g['text']}", f"{s.value} != {g['value']}")
                       for s, g in pairs if s.value != g["value"]]
    return {"documents": len(list(folder.glob("*.tml"))), "gold": n_gold, "system": n_sys,
            "relaxed": f1(relaxed, n_sys, n_gold), "strict": f1(strict, n_sys, n_gold),
            "value": f1(value, n_sys, n_gold), "type": f1(type_ok, n_sys, n_gold), "errors": errors}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", default=str(REPO / ".." / "shared" / "benchmarks" / "timeml"))
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="also list up to N errors per data set")
    args = parser.parse_args(argv)
    data = Path(args.data_dir)
    if not data.is_dir():
        print(f"benchmark_dates: {data}: no such folder", file=sys.stderr)
        return 1
    folders = [d for d in sorted(data.iterdir()) if d.is_dir() and any(d.glob("*.tml"))]
    if not folders:
        print(f"benchmark_dates: {data}: no folder with .tml files", file=sys.stderr)
        return 1
    header = f"{'data set':<16} {'docs':>4} {'gold':>5} {'found':>5}   {'relaxed P/R/F1':>18}   {'strict P/R/F1':>18}   {'value P/R/F1':>18}   {'type F1':>7}"
    print(header)
    print("-" * len(header))
    results = {}
    for folder in folders:
        r = score_folder(folder, args.errors)
        results[folder.name] = r
        fmt = lambda t: "/".join(f"{100 * x:5.1f}" for x in t)  # noqa: E731
        print(f"{folder.name:<16} {r['documents']:>4} {r['gold']:>5} {r['system']:>5}   {fmt(r['relaxed'])}   "
              f"{fmt(r['strict'])}   {fmt(r['value'])}   {100 * r['type'][2]:7.1f}")
    if args.errors:
        for name, r in results.items():
            print(f"\n--- {name}: first {args.errors} errors")
            for e in r["errors"][: args.errors]:
                print("  ", *e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
