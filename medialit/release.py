"""The student release: ``medialit release OUT_DIR``.

Copies what a student needs — lessons, exercises (with their answer *forms* in
``exercises/questions/``), articles, the ``medialit`` package, README,
requirements — and leaves out ``solutions/`` (worked exercises and answer keys),
tests, tools and the teacher's docs. With no key in the release, every check
cell runs in "format only" mode: a right answer prints ``qN: saved — your
answer has the right form; it will be graded later.``, never ``correct``.

Saved outputs are never shipped: a teacher who ran a lesson in JupyterLab
(with the key present, the teacher's edition) has its outputs saved in the
notebook, and they can hold key-derived material. The release clears every
output and execution count of lessons and exercises (exercises keep only their
target lines) and says which notebooks it cleared. It writes its own student
README (what to open, how checks work here, how to hand in), not the teacher's.

Before it finishes, the release is scanned: a JSON file that looks like an
answer key (questions with ``accept``/``required``/``why``) or a notebook with
a filled-in answer cell or a saved output stops the command and nothing is published.

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
        if name == "README.md":
            (target / name).write_text(student_readme(root), encoding="utf-8")
        elif src.is_dir():
            shutil.copytree(src, target / name, ignore=_ignore(root))
        elif src.is_file():
            shutil.copy2(src, target / name)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def clear_saved_outputs(target: Path) -> list[str]:
    """Clear outputs a teacher's run left in lessons and exercises; return the notebooks cleared.

    Lessons keep no output at all; exercises keep only the target line under
    each check cell (exactly what ``medialit exercises`` writes).
    """
    from .notebooks import notebook_text, read_notebook, tidy_solution, write_atomic
    cleared = []
    for folder in ("notebooks", "exercises"):
        for path in sorted((target / folder).glob("*.ipynb")):
            before = path.read_text(encoding="utf-8")
            nb = read_notebook(path)
            meta = nb.metadata
            tidy = tidy_solution(nb)
            tidy.metadata = {**meta, "kernelspec": tidy.metadata["kernelspec"]}
            text = notebook_text(tidy)
            if _outputs(before) != _outputs(text):
                write_atomic(path, text)
                cleared.append(path.relative_to(target).as_posix())
    return cleared


def _outputs(text: str) -> list:
    nb = json.loads(text)
    return [(c.get("outputs"), c.get("execution_count")) for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def student_readme(root: Path) -> str:
    """The release's README: for a student, with no solutions, keys or test command in it."""
    from .cases import case_info
    teacher = (root / "README.md").read_text(encoding="utf-8") if (root / "README.md").is_file() else ""
    title = case_info(root).get("title", "The media-literacy kit")
    lesson_map = _section(teacher, "## Lesson map")
    launch = ""
    start, end = "<!-- launch-links:start -->", "<!-- launch-links:end -->"
    if start in teacher and end in teacher:
        launch = teacher[teacher.index(start):teacher.index(end) + len(end)] + "\n\n"
    table = lesson_map.split("\n\n")[0] if lesson_map else ""
    return f"""# {title} — student copy

This is the student copy of the kit: lessons, exercises and the articles. It has no worked
solutions and no answer keys, so your teacher grades the exercises.

## Open it

On a computer with Python 3.10 or newer, in a terminal in this folder (on Windows write
`.venv\\Scripts\\` where it says `.venv/bin/`):

```bash
python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/jupyter lab notebooks/00_start_here.ipynb
```

Next time, open it again with `.venv/bin/jupyter lab` in this folder. Nothing is downloaded
after installing: the kit works offline.

{launch}## Lesson map

{table}

Each lesson is a notebook in `notebooks/`; its exercise is in `exercises/`.

## How the checks work in this copy

Each graded question has an answer cell (replace the `...` with your answer) and a check cell
below it. With no answer key here, the check tells you whether your answer has the right
**form** — `q3: saved — your answer has the right form; it will be graded later.` — or what is
wrong with its form. It never says whether the answer is right: that is your teacher's job.

## Hand in

1. Save the exercise notebook (*File → Save*).
2. Rename it so that your name comes first, for example `amal-haddad_02_who_says_so.ipynb`
   (*File → Rename Notebook…*), unless your teacher collects it through a learning platform
   that adds your name.
3. Hand in the `.ipynb` file as your teacher asks. Do not hand in the lesson notebook: only
   the exercise is graded.

Discussion answers are read by your teacher with a rubric; write them in full sentences.
"""


def _section(text: str, heading: str) -> str:
    if heading not in text:
        return ""
    rest = text[text.index(heading) + len(heading):]
    nxt = rest.find("\n## ")
    return (rest if nxt < 0 else rest[:nxt]).strip()


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
                if cell.get("cell_type") == "code" and cell.get("outputs") and "check" not in tags:
                    raise ReleaseError(f"{f}: cell {cell.get('id')} holds a saved output")


def make_release(out: Path, root: Path = KIT_ROOT, force: bool = False, cleared: list | None = None) -> list[str]:
    """Write the release into ``out`` (built beside it, then moved into place).

    ``cleared``, when given, receives the notebooks whose saved outputs were cleared.
    """
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not force:
        raise ReleaseError(f"{out} is not empty (use --force to replace it)")
    if out == root.resolve() or root.resolve() in out.parents and out.parts[len(root.resolve().parts)] in INCLUDE:
        raise ReleaseError(f"{out} is inside the kit's own folders")
    out.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files = copy_release(root, build)
        done = clear_saved_outputs(build)
        if cleared is not None:
            cleared.extend(done)
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
    cleared: list[str] = []
    try:
        files = make_release(args.out, KIT_ROOT, force=args.force, cleared=cleared)
    except ReleaseError as exc:
        print(f"medialit release: {exc}", file=sys.stderr)
        return 1
    if cleared:
        print(f"cleared saved outputs (they may come from the teacher's edition) in: {', '.join(cleared)}")
    lessons = sum(f.startswith("notebooks/") and f.endswith(".ipynb") for f in files)
    exercises = sum(f.startswith("exercises/") and f.endswith(".ipynb") for f in files)
    print(f"wrote {args.out}: {len(files)} files, {lessons} lessons, {exercises} exercises, "
          "no solutions, no keys, no saved outputs")
    print("check cells in this release check the form of an answer only (no key)")
    return 0
