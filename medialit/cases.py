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


def case_info(root: Path | None = None) -> dict:
    """The contents of ``case.json`` (an empty dict when there is none)."""
    path = (root or case_root()) / "case.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
