"""Launch links (Binder, a JupyterHub with nbgitpuller, Google Colab) and the Colab set-up cell.

Where a case is published is written once, in ``case.json`` (``"repository"``
and ``"branch"``). From it come:

* the links of ``medialit links`` (printed, and written into the README between
  the ``launch-links`` markers);
* the **set-up cell** near the top of every lesson and exercise. Where the kit
  is installed (JupyterLab, Binder, a hub) the cell does nothing. Where it is
  missing (Google Colab opens one notebook on its own) it clones the case's
  repository, installs it with pip and moves into it; then the lesson runs as
  anywhere else. Without a repository in ``case.json`` it stops with a clear
  message instead of guessing.

``medialit links --repo URL --write`` records the repository, rewrites the
set-up cells of ``notebooks/`` and ``solutions/``, regenerates ``exercises/``
and the README block. A test fails when any of them disagrees with ``case.json``.

Example:
    >>> links = launch_links("https://github.com/school/naqoura-kit", "main", ["00_start_here"])
    >>> links["binder"]
    'https://mybinder.org/v2/gh/school/naqoura-kit/main?urlpath=lab/tree/notebooks/00_start_here.ipynb'
    >>> links["colab"]["00_start_here"]
    'https://colab.research.google.com/github/school/naqoura-kit/blob/main/notebooks/00_start_here.ipynb'
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import quote

from .cases import add_case_option, case_info, case_root, chosen_case

SETUP_NOTE_ID, SETUP_CELL_ID = "colab-note", "colab-setup"
SETUP_NOTE = ("*Google Colab only:* the next cell fetches and installs the kit the first time you run it.\n"
              "Anywhere else — JupyterLab on your computer, Binder, a school hub — it does nothing.")
SETUP_CELL = '''#@title Google Colab only: install the kit when it is missing (elsewhere this does nothing)
import importlib.util
if importlib.util.find_spec("medialit") is None:
    import os, subprocess, sys
    KIT_REPOSITORY, KIT_BRANCH = {repository}, {branch}  # written by `medialit links --write`
    if not KIT_REPOSITORY:
        raise SystemExit("The kit is not installed here, and this copy does not say where it is published. "
                         "Open the lesson from the kit's own folder instead (see its README).")
    kit = os.path.abspath({folder})
    if not os.path.isdir(kit):
        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", KIT_BRANCH, KIT_REPOSITORY, kit],
                       check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", kit], check=True)
    sys.path.insert(0, kit)
    os.environ["MEDIALIT_CASE"] = kit
    os.chdir(kit)'''
README_START, README_END = "<!-- launch-links:start -->", "<!-- launch-links:end -->"
GITHUB = re.compile(r"^https://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")


def publication(root: Path | None = None) -> tuple[str, str]:
    """``(repository, branch)`` from the case's ``case.json``; ``("", "main")`` when not published."""
    info = case_info(root)
    return info.get("repository", ""), info.get("branch", "main")


def setup_cell_source(repository: str = "", branch: str = "main") -> str:
    """The source of the set-up cell for a case published at ``repository`` (``""``: not published).

    >>> 'KIT_REPOSITORY, KIT_BRANCH = "", "main"' in setup_cell_source()
    True
    """
    folder = GITHUB.match(repository).group("repo") if GITHUB.match(repository) else "kit"
    return SETUP_CELL.format(repository=json.dumps(repository), branch=json.dumps(branch), folder=json.dumps(folder))


def setup_cells(repository: str = "", branch: str = "main") -> list:
    """The two cells that go right after a notebook's title cell: a one-line note and the set-up code."""
    import nbformat

    note = nbformat.v4.new_markdown_cell(SETUP_NOTE, id=SETUP_NOTE_ID)
    code = nbformat.v4.new_code_cell(setup_cell_source(repository, branch), id=SETUP_CELL_ID,
                                     metadata={"cellView": "form", "jupyter": {"source_hidden": True},
                                               "tags": ["colab-setup"]})
    return [note, code]


def with_setup_cells(nb, repository: str = "", branch: str = "main"):
    """``nb`` with its set-up cells current: replaced where present, else inserted after the title cell."""
    fresh = setup_cells(repository, branch)
    ids = [c.get("id") for c in nb.cells]
    if SETUP_CELL_ID in ids:
        for cell in fresh:
            nb.cells[ids.index(cell.id)] = cell
        return nb
    at = ids.index("title") + 1 if "title" in ids else 0
    nb.cells[at:at] = fresh
    return nb


def launch_links(repository: str, branch: str, lessons: list[str], hub: str = "") -> dict:
    """Binder, nbgitpuller and Colab links for a case published on GitHub at ``repository``."""
    m = GITHUB.match(repository)
    if not m:
        raise ValueError(f"{repository!r} is not a GitHub repository address (https://github.com/OWNER/REPO)")
    owner, repo = m["owner"], m["repo"]
    first = f"notebooks/{lessons[0]}.ipynb" if lessons else "notebooks"
    hub = hub.rstrip("/") or "https://HUB"
    return {
        "binder": f"https://mybinder.org/v2/gh/{owner}/{repo}/{branch}?urlpath=lab/tree/{first}",
        "nbgitpuller": (f"{hub}/hub/user-redirect/git-pull?repo={quote(f'https://github.com/{owner}/{repo}', safe='')}"
                        f"&branch={branch}&urlpath={quote(f'lab/tree/{repo}/{first}', safe='')}"),
        "colab": {stem: f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/notebooks/{stem}.ipynb"
                  for stem in lessons},
    }


def readme_block(repository: str, branch: str, lessons: list[str], hub: str = "") -> str:
    """The README's launch-links block (between the markers)."""
    if not repository:
        body = ("The kit does not know yet where it is published, so these links cannot be filled in. Once it is "
                "on GitHub, run `medialit links --repo https://github.com/OWNER/REPO --write`: that writes the "
                "Binder, hub and Colab links here and lets the first cell of each lesson install the kit in Colab.")
        return f"{README_START}\n{body}\n{README_END}"
    links = launch_links(repository, branch, lessons, hub)
    lines = [f"- **Binder** (no install; builds from `requirements.txt`): [launch lesson 00]({links['binder']})",
             f"- **A school JupyterHub with nbgitpuller** (replace `https://HUB` with your hub): `{links['nbgitpuller']}`",
             "- **Google Colab** (one lesson at a time; its set-up cell installs the kit):"]
    lines += [f"  [![Open {stem} in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url}) `{stem}`"
              for stem, url in links["colab"].items()]
    return README_START + "\n" + "\n".join(lines) + "\n" + README_END


def drifted_setup_cells(root: Path | None = None) -> list[str]:
    """Lessons, solutions and exercises whose set-up cell is missing or differs from ``case.json``."""
    from .notebooks import read_notebook

    root = Path(root or case_root())
    want = setup_cell_source(*publication(root))
    drift = []
    for folder in ("notebooks", "solutions", "exercises"):
        for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
            cells = {c.get("id"): c for c in read_notebook(path).cells}
            if SETUP_CELL_ID not in cells or cells[SETUP_CELL_ID].source != want:
                drift.append(f"{folder}/{path.name}")
    return drift


def configure_parser(parser):
    parser.add_argument("--repo", metavar="URL", help="where the case is published (https://github.com/OWNER/REPO)")
    parser.add_argument("--branch", default=None, help="the branch students should get (default: main)")
    parser.add_argument("--hub", default="", metavar="URL", help="your JupyterHub's address, for the nbgitpuller link")
    parser.add_argument("--write", action="store_true",
                        help="record the repository in case.json and update the set-up cells, exercises and README")
    add_case_option(parser)


def run(args) -> int:
    from .notebooks import notebook_text, read_notebook, write_atomic

    root = chosen_case(args)
    repository, branch = publication(root)
    repository, branch = args.repo or repository, args.branch or branch
    lessons = [p.stem for p in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))]
    if repository and not GITHUB.match(repository):
        print(f"medialit links: {repository!r} is not https://github.com/OWNER/REPO", file=sys.stderr)
        return 1
    if GITHUB.match(repository or "-") and GITHUB.match(repository)["owner"] == "OWNER":
        print("medialit links: replace OWNER/REPO with your repository's address (copied from the README as is?)",
              file=sys.stderr)
        return 1
    if repository:
        links = launch_links(repository, branch, lessons, args.hub)
        print(f"Binder      {links['binder']}\nnbgitpuller {links['nbgitpuller']}")
        for url in links["colab"].values():
            print(f"Colab       {url}")
    elif not args.write:
        print("medialit links: no repository yet: pass --repo https://github.com/OWNER/REPO", file=sys.stderr)
        return 1
    if not args.write:
        return 0
    if repository:          # without one, --write only makes the set-up cells and README say "not published"
        info = case_info(root)
        if (info.get("repository"), info.get("branch")) != (repository, branch):
            info.update(repository=repository, branch=branch)
            write_atomic(root / "case.json", json.dumps(info, indent=1, ensure_ascii=False) + "\n")
            print("wrote case.json")
    # Exercises are generated from solutions; a student release has none, so its exercises are stamped.
    has_solutions = (root / "solutions").is_dir()
    for folder in ("notebooks", "solutions" if has_solutions else "exercises"):
        for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
            text = notebook_text(with_setup_cells(read_notebook(path), repository, branch))
            if text != path.read_text(encoding="utf-8"):
                write_atomic(path, text)
                print(f"wrote {path.relative_to(root)}")
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if README_START in text and README_END in text:
            start, end = text.index(README_START), text.index(README_END) + len(README_END)
            new = text[:start] + readme_block(repository, branch, lessons, args.hub) + text[end:]
            if new != text:
                write_atomic(readme, new)
                print("wrote README.md (launch links)")
    if not has_solutions:
        return 0
    import argparse

    from .notebooks import run as write_exercises
    return write_exercises(argparse.Namespace(lessons=[], check=False, case=str(root)))
