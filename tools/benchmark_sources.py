#!/usr/bin/env python3
"""Score the attribution helper (``medialit sources``) on PolNeAR, as its README defines.

Usage (from the repository root):

    python tools/benchmark_sources.py [--split train|dev] [--data DIR] [--errors N] [--jobs N]

``--data`` (default ``../shared/benchmarks/polnear``) holds ``train/`` and ``dev/``, each with
``text/NAME.txt`` and brat standoff ``attributions/NAME_XXXX.ann`` (when an article was
annotated twice, the first annotation file in name order is used). Sentence level, with the
helper's own sentences (the ``start``/``end`` of each record):

* a sentence is **gold-attributed** when an attribution's Source span starts inside it; it
  is a **speech** attribution when that attribution's cue holds a verb of saying or
  "according to". "Verb of saying" here means a verb of Levin's (1993) chapter 37, *Verbs of
  Communication* (``SAYING_VERBS`` below, fixed in advance and independent of the helper's
  own list);
* the helper calls a sentence attributed when its record names a ``source``;
* **precision** = helper-attributed sentences that hold a gold attribution / helper-attributed;
* **speech recall** = gold speech-attributed sentences the helper attributes / gold speech;
* **source match** = of sentences both call attributed, those whose helper ``source`` (or, for
  a pronoun, the speaker it was resolved to) shares a content word with a gold Source span of
  the sentence; a pronoun gold source ("he said") matches any source.

A naive baseline — a sentence is attributed when it contains *said*, *says*, *told* or
*according to* — is scored on the same sentences. The data stay outside the repository;
nothing here is needed by the test suite.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from medialit.attribution import attribute_text  # noqa: E402
from medialit.corpus import STOPWORDS  # noqa: E402

# Levin (1993), English Verb Classes and Alternations, ch. 37 "Verbs of Communication":
# 37.1 transfer of a message, 37.2 tell, 37.3 manner of speaking (the common ones), 37.4
# instrument of communication, 37.5 talk, 37.6 chitchat, 37.7 say, 37.8 complain, 37.9 advise.
SAYING_VERBS = """
ask cite dictate explain quote read recite relay teach tell write
shout whisper yell scream mutter murmur mumble cry holler snap grumble
cable e-mail email fax phone radio telegraph telephone wire tweet
talk speak chat converse gossip
say announce articulate blurt claim confess confide convey declare disclose divulge express
mention note observe proclaim propose recount reiterate relate remark repeat report reveal
state suggest admit allege assert add answer reply respond acknowledge affirm
boast complain object protest
admonish advise alert brief caution counsel instruct notify warn
""".split()

IRREGULAR = {"say": ["said"], "tell": ["told"], "write": ["wrote", "written"], "read": ["read"],
             "speak": ["spoke", "spoken"], "teach": ["taught"], "cry": ["cried", "cries"],
             "reply": ["replied", "replies"], "email": ["emailed"], "e-mail": ["e-mailed"]}


def verb_forms(lemma: str) -> set[str]:
    """say -> {say, says, saying, said}; note -> {note, notes, noting, noted}."""
    forms = {lemma, lemma + "s", *IRREGULAR.get(lemma, [])}
    stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
    forms |= {stem + "ing", stem + "ed" if not lemma.endswith("e") else lemma + "d"}
    if re.search(r"(?:s|sh|ch|x|z)$", lemma):
        forms.add(lemma + "es")
    if re.search(r"[^aeiou][aeiou][pt]$", lemma) and lemma not in ("edit",):
        forms |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}   # chat -> chatting
    return forms


SAYING_FORMS = set().union(*(verb_forms(v) for v in SAYING_VERBS))
NAIVE = re.compile(r"\b(?:said|says|told|according to)\b", re.I)
PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "who", "which", "that", "his", "her", "its",
            "their", "him", "them", "me", "us", "our", "my", "whom"}


def content_words(text: str) -> set[str]:
    toks = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {t for t in toks if t not in STOPWORDS and t not in PRONOUNS and len(t) > 1
            and t not in ("mr", "mrs", "ms", "dr")}


def read_gold(ann_path: Path) -> list[dict]:
    """Attributions of one .ann file: source spans (list of (start, end, text)) and cue text."""
    spans, events = {}, []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, info, text = (line.split("\t") + ["", ""])[:3]
            kind, _, offsets = info.partition(" ")
            pairs = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[tid] = (kind, pairs, text)
        elif line.startswith("E"):
            parts = line.split("\t")[1].split()
            events.append(dict(p.split(":", 1) for p in parts))
    out = []
    for ev in events:
        src, cue = spans.get(ev.get("Source", "")), spans.get(ev.get("Cue", ""))
        if not src:
            continue
        cue_text = cue[2].lower() if cue else ""
        speech = "according to" in cue_text or any(t in SAYING_FORMS for t in re.findall(r"[a-z-]+", cue_text))
        out.append({"start": src[1][0][0], "source": src[2], "speech": speech, "cue": cue_text})
    return out


def score_split(folder: Path, errors: int = 0):
    texts = sorted((folder / "text").glob("*.txt"))
    anns = sorted((folder / "attributions").glob("*.ann"))
    first_ann = {}
    for a in anns:
        first_ann.setdefault(a.name.rsplit("_", 1)[0], a)
    c = dict(sys_att=0, sys_ok=0, gold_speech=0, sys_speech=0, both=0, match=0,
             naive_att=0, naive_ok=0, naive_speech=0, sentences=0)
    misses, wrongs, mismatches = [], [], []
    t0 = time.perf_counter()
    for path in texts:
        text = path.read_text(encoding="utf-8")
        gold = read_gold(first_ann[path.stem]) if path.stem in first_ann else []
        for rec in attribute_text(text, path.stem):
            c["sentences"] += 1
            here = [g for g in gold if rec["start"] <= g["start"] < rec["end"]]
            speech = any(g["speech"] for g in here)
            says = bool(rec.get("source"))
            naive = bool(NAIVE.search(rec["text"]))
            c["gold_speech"] += speech
            if says:
                c["sys_att"] += 1
                c["sys_ok"] += bool(here)
                c["sys_speech"] += speech
                if not here:
                    wrongs.append((path.stem, rec["text"], rec["source"]))
            elif speech:
                misses.append((path.stem, rec["text"], [(g["source"], g["cue"]) for g in here if g["speech"]]))
            if naive:
                c["naive_att"] += 1
                c["naive_ok"] += bool(here)
                c["naive_speech"] += speech
            if says and here:
                c["both"] += 1
                mine = content_words(rec["source"] + " " + (rec.get("speaker") or ""))
                if any(g["source"].lower().strip() in PRONOUNS or mine & content_words(g["source"])
                       for g in here):
                    c["match"] += 1
                else:
                    mismatches.append((path.stem, rec["text"], rec["source"], [g["source"] for g in here]))
    c["seconds"] = time.perf_counter() - t0
    c["articles"] = len(texts)
    return c, misses, wrongs, mismatches


def ratio(a, b):
    return a / b if b else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("train", "dev"), default="dev")
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "benchmarks" / "polnear"),
                        help="PolNeAR folder with train/ and dev/ (default ../shared/benchmarks/polnear)")
    parser.add_argument("--errors", type=int, default=0, help="print N examples of each kind of error")
    args = parser.parse_args(argv)
    folder = Path(args.data) / args.split
    if not (folder / "text").is_dir():
        print(f"benchmark_sources: no PolNeAR {args.split} data in {folder}", file=sys.stderr)
        return 2
    c, misses, wrongs, mismatches = score_split(folder, args.errors)
    print(f"PolNeAR {args.split}: {c['articles']} articles, {c['sentences']} sentences "
          f"({c['gold_speech']} with a gold speech attribution); {c['seconds']:.1f} s")
    print(f"{'':34}{'precision':>10}{'speech recall':>15}{'source match':>14}")
    print(f"{'medialit sources':34}{ratio(c['sys_ok'], c['sys_att']):>10.3f}"
          f"{ratio(c['sys_speech'], c['gold_speech']):>15.3f}{ratio(c['match'], c['both']):>14.3f}")
    print(f"{'naive (said/says/told/according to)':34}{ratio(c['naive_ok'], c['naive_att']):>10.3f}"
          f"{ratio(c['naive_speech'], c['gold_speech']):>15.3f}{'—':>14}")
    if args.errors:
        for title, rows in (("missed speech", misses), ("attributed, no gold", wrongs),
                            ("source mismatch", mismatches)):
            print(f"\n--- {title}: {len(rows)}")
            for row in rows[: args.errors]:
                print("  " + " | ".join(str(x) for x in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
