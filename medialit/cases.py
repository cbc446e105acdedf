"""A *case* is a folder of articles with its lessons, solutions and keys.

The Naqoura kit is itself a case (its root holds ``case.json``). A teacher can
build another with the same layout and every ``medialit`` helper works on it::

    my-case/
      case.json                 title, language, what the case is about
      articles/*.txt            the texts, never edited
      articles/catalog.json     metadata beside them (optional but recommended)
      solutions/NN_slug.ipynb   worked exercises (the single source)
      solutions/keys/NN_slug.json
      exercises/                written by `medialit exercises --case my-case`
      notebooks/                lessons (optional)

Which case is active: ``$MEDIALIT_CASE`` if set; else the nearest folder,
from the current directory upwards, that holds ``case.json`` (a notebook's
kernel starts in the notebook's folder, so an exercise finds its own case);
else the kit itself.

Example:
    >>> case_root().joinpath("case.json").exists()
    True
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent


def case_root(start: Path | None = None) -> Path:
    """The root folder of the active case (see the module docstring)."""
    env = os.environ.get("MEDIALIT_CASE")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "case.json").is_file():
            return folder
    return KIT_ROOT


def add_case_option(parser) -> None:
    """The ``--case DIR`` option every case-wide subcommand offers."""
    parser.add_argument("--case", metavar="DIR", help="a case folder (default: the active case, see medialit.cases)")


def chosen_case(args) -> Path:
    """The case a subcommand works on: ``--case DIR`` if given, else the active case."""
    return Path(args.case).resolve() if getattr(args, "case", None) else case_root()


def case_info(root: Path | None = None) -> dict:
    """The contents of ``case.json`` (an empty dict when there is none)."""
    path = (root or case_root()) / "case.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


# ---------------------------------------------------------------------------
# `medialit case init DIR FILE...`: start a case of your own
# ---------------------------------------------------------------------------
def catalog_record(path: Path, article_id: str) -> dict:
    """What the kit can compute about one text; the reading fields are left for the teacher."""
    import hashlib

    from .corpus import Article, boilerplate_reason

    art = Article.from_file(path, article_id)
    headline = next((s for s in art.sentences if s.role == "headline"), None)
    return {
        "id": article_id,
        "label": "",
        "file": path.name,
        "headline": headline.text if headline else "none",
        "headline_line": headline.line if headline else None,
        "text_shows": [],
        "text_does_not_show": [],
        "words": len(art.words()),
        "sentences": sum(1 for s in art.sentences if not s.is_boilerplate),
        "boilerplate_lines": [{"line": i + 1, "text": ln, "why": boilerplate_reason(ln)}
                              for i, ln in enumerate(art.lines) if ln.strip() and boilerplate_reason(ln)],
        "line_roles": {},
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def init_case(folder: Path, files: list[Path], title: str) -> list[str]:
    """Create a case folder: case.json, articles/ (copied byte for byte), a catalog.

    Articles are renamed ``001_<name>.txt``, ``002_…`` in the order given, so that
    sentence ids read ``001:s3``. Returns the paths written.
    """
    import shutil

    folder = Path(folder)
    if (folder / "case.json").exists():
        raise FileExistsError(f"{folder} already holds a case (case.json exists)")
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for sub in ("solutions/keys", "exercises", "notebooks"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    written, records = [], []
    for n, src in enumerate(files, start=1):
        src = Path(src)
        src.read_bytes().decode("utf-8")          # refuse a file that is not UTF-8 text
        stem = re.sub(r"^\d{3}_", "", src.stem)     # "003_gazette" keeps its name, not its number
        dest = folder / "articles" / f"{n:03d}_{stem}.txt"
        shutil.copyfile(src, dest)
        records.append(catalog_record(dest, f"{n:03d}"))
        written.append(str(dest))
    about = ("Fill in label, text_shows and text_does_not_show by reading each text; the other fields "
             "were computed by `medialit case init` and are checked by the tests of the kit.")
    (folder / "articles" / "catalog.json").write_text(
        json.dumps({"about": about, "articles": records}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "case.json").write_text(json.dumps(
        {"title": title, "language": "en", "about": "", "articles": "articles/", "lessons": []},
        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return written + [str(folder / "articles" / "catalog.json"), str(folder / "case.json")]


def configure_parser(parser):
    sub = parser.add_subparsers(dest="case_command", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create a case folder from your article files")
    init.add_argument("folder", metavar="DIR")
    init.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, one article each")
    init.add_argument("--title", default="My case", help="a title for the case")
    sub.add_parser("where", help="print the folder of the active case")


def run(args) -> int:
    import sys

    if args.case_command == "where":
        print(case_root())
        return 0
    try:
        for path in init_case(Path(args.folder), [Path(f) for f in args.files], args.title):
            print(f"wrote {path}")
    except (FileExistsError, FileNotFoundError, IsADirectoryError, UnicodeDecodeError) as exc:
        print(f"medialit case: {exc}", file=sys.stderr)
        return 1
    print("Next: read each text and fill in the catalog; write solutions/01_*.ipynb and its key;"
          " then `medialit exercises --case DIR`. See docs/your-own-case.md.")
    return 0
