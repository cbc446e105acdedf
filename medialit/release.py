"""The student release: ``medialit release OUT_DIR``.

Copies what a student needs — lessons, exercises (with their answer *forms* in
``exercises/questions/``), articles, the ``medialit`` package, README,
requirements — and leaves out ``solutions/`` (worked exercises and answer keys),
tests, tools and the teacher's docs. With no key in the release, every check
cell runs in "format only" mode: a right answer prints ``qN: saved — your
answer has the right form; it will be graded later.``, never ``correct``.

Before it finishes, the release is scanned: a JSON file that looks like an
answer key (questions with ``accept``/``required``/``why``) or a notebook with
a filled-in answer cell stops the command and nothing is published.

Example:
    >>> looks_like_key({"questions": {"q1": {"kind": "choice", "accept": ["b"]}}})
    True
    >>> looks_like_key({"q1": {"kind": "choice", "points": 1}})
    False
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .corpus import KIT_ROOT

INCLUDE = ["README.md", "requirements.txt", "pyproject.toml", "case.json", "LICENSE", "LICENSE.md",
           "articles", "notebooks", "exercises", "medialit", "docs"]
EXCLUDE_NAMES = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".DS_Store"}
EXCLUDE_PATHS = {"docs/instructor", "docs/grading.md", "solutions"}
KEY_FIELDS = {"accept", "required", "optional", "why", "must_mention", "mistakes", "examples"}


class ReleaseError(Exception):
    """The release would contain something a student must not see."""


def looks_like_key(data) -> bool:
    """True for an answer key (or part of one): entries that carry answers or teacher notes."""
    if isinstance(data, dict):
        if "questions" in data and isinstance(data["questions"], dict):
            return any(isinstance(s, dict) and KEY_FIELDS & set(s) for s in data["questions"].values())
        if "rubrics" in data:
            return True
        return any(looks_like_key(v) for v in data.values() if isinstance(v, (dict, list)))
    if isinstance(data, list):
        return any(looks_like_key(v) for v in data)
    return False


def _ignore(root: Path):
    def ignore(folder, names):
        rel = Path(folder).resolve().relative_to(root)
        out = set()
        for n in names:
            p = (rel / n).as_posix().lstrip("./") if str(rel) != "." else n
            if n in EXCLUDE_NAMES or n.endswith((".pyc", ".egg-info")) or p in EXCLUDE_PATHS:
                out.add(n)
        return out
    return ignore


def copy_release(root: Path, target: Path) -> list[str]:
    """Copy the student's part of the kit at ``root`` into ``target``; return the files."""
    for name in INCLUDE:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=_ignore(root))
        elif src.is_file():
            shutil.copy2(src, target / name)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def verify(target: Path, files: list[str]) -> None:
    """Raise ReleaseError if anything in the release gives an answer away."""
    from .notebooks import PLACEHOLDER_COMMENT
    for f in files:
        if f.startswith("solutions/") or "/keys/" in f:
            raise ReleaseError(f"{f} is part of the teacher's edition")
        path = target / f
        if path.suffix not in (".json", ".ipynb"):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if path.suffix == ".json" and looks_like_key(data):
            raise ReleaseError(f"{f} looks like an answer key")
        if path.suffix == ".ipynb":
            for cell in data.get("cells", []):
                tags = cell.get("metadata", {}).get("tags", [])
                src = "".join(cell.get("source", ""))
                if "answer" in tags and cell.get("cell_type") == "code" and PLACEHOLDER_COMMENT not in src:
                    raise ReleaseError(f"{f}: answer cell {cell.get('id')} holds an answer")
                if "free-text" in tags and "Model answer" in src:
                    raise ReleaseError(f"{f}: free-text cell {cell.get('id')} holds a model answer")


def make_release(out: Path, root: Path = KIT_ROOT, force: bool = False) -> list[str]:
    """Write the release into ``out`` (built beside it, then moved into place)."""
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(f"{out} is not empty (use --force to replace it)")
    if out == root.resolve() or root.resolve() in out.parents and out.parts[len(root.resolve().parts)] in INCLUDE:
        raise ReleaseError(f"{out} is inside the kit's own folders")
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files = copy_release(root, build)
        verify(build, files)
        if out.exists():
            shutil.rmtree(out)
        os.replace(build, out)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return files


def configure_parser(parser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="folder to write the student release into")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it is not empty")


def run(args) -> int:
    try:
        files = make_release(args.out, KIT_ROOT, force=args.force)
    except ReleaseError as exc:
        print(f"medialit release: {exc}", file=sys.stderr)
        return 1
    lessons = sum(f.startswith("notebooks/") and f.endswith(".ipynb") for f in files)
    exercises = sum(f.startswith("exercises/") and f.endswith(".ipynb") for f in files)
    print(f"wrote {args.out}: {len(files)} files, {lessons} lessons, {exercises} exercises, no solutions, no keys")
    print("check cells in this release check the form of an answer only (no key)")
    return 0
