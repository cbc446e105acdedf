"""Notebooks on disk: deterministic writing, and exercises generated from solutions.

``solutions/NN_slug.ipynb`` is the single source of an exercise. ``medialit
exercises`` writes ``exercises/NN_slug.ipynb`` from it:

* an answer cell (tag ``answer``) keeps its leading comment lines; the solution
  code after them becomes ``qN_name = ...``;
* a free-text cell (tag ``free-text``) becomes a "replace this text" prompt;
* a cell tagged ``solution-only`` is left out;
* everything else is copied, cell ids kept; only check cells keep an output:
  the line a correct answer prints (the target the student aims for).

It also writes ``exercises/questions/NN.json`` (the form of each answer, no
answers) and tidies the solution (outputs of other cells cleared).

Example:
    $ medialit exercises            # write everything
    $ medialit exercises --check    # exit 1 and list files that drifted
"""
from __future__ import annotations


import ast
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path


from .cases import KIT_ROOT, add_case_option, chosen_case
from .grading import answer_notes_markdown, correct_line, load_key, public_questions

ANSWER_VAR = re.compile(r"^q\d+[a-z]?_\w+$")
CHECK_SOURCE = re.compile(r'^check\("(?P<q>q\d+[a-z]?)", (?P<var>q\d+[a-z]?_\w+)\)$')
PLACEHOLDER_COMMENT = "# ← replace ... with your answer"
FREE_TEXT_PROMPT = "*Replace this text with your answer.*"


class NotebookError(ValueError):
    """A solution notebook does not follow the conventions in CONTRIBUTING.md."""


# ---------------------------------------------------------------------------
# Reading and writing
# ---------------------------------------------------------------------------
def read_notebook(path) -> nbformat.NotebookNode:
    import nbformat   # imported when used: `medialit exercises --help` starts fast
    return nbformat.read(str(path), as_version=4)


def notebook_text(nb) -> str:
    """The exact text the kit writes for a notebook (sorted keys, one space indent)."""
    import nbformat
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def write_atomic(path, text: str) -> None:
    """Write a file so that a reader sees the old content or the new, never half."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)          # mkstemp makes 0600; others on a class server must read it
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def question_of(cell) -> str | None:
    return cell.get("metadata", {}).get("medialit", {}).get("question")


def lesson_number(path) -> str:
    return Path(path).name.split("_")[0]


# ---------------------------------------------------------------------------
# Solutions -> exercises
# ---------------------------------------------------------------------------
def graded_cells(nb) -> list[dict]:
    """Describe every graded question of a solution or exercise notebook.

    Returns one dict per question: question, points, answer_var, answer cell
    id, check cell id (in notebook order).
    """
    out, answer_cells = [], {}
    for cell in nb.cells:
        t = tags(cell)
        if "answer" in t:
            answer_cells[question_of(cell)] = cell
        if "check" in t:
            meta = cell.get("metadata", {}).get("medialit", {})
            m = CHECK_SOURCE.match("".join(cell.source).strip())
            if not m:
                raise NotebookError(f"check cell {cell.get('id')}: source must be exactly check(\"qN\", qN_name)")
            q = meta.get("question")
            if q != m["q"]:
                raise NotebookError(f"check cell {cell.get('id')}: metadata says {q!r}, source says {m['q']!r}")
            if "points" not in meta:
                raise NotebookError(f"check cell {cell.get('id')}: no points in metadata")
            if "nbval-check-output" not in t:
                raise NotebookError(f"check cell {cell.get('id')}: needs the tag nbval-check-output")
            ans = answer_cells.get(q)
            if ans is None:
                raise NotebookError(f"check cell {cell.get('id')}: no answer cell for {q} before it")
            out.append({"question": q, "points": meta["points"], "answer_var": m["var"],
                        "answer_cell": ans.get("id"), "check_cell": cell.get("id")})
    return out


def free_text_cells(nb) -> list[dict]:
    """Discussion questions: id, question, points, rubric reference."""
    out = []
    for cell in nb.cells:
        if "free-text" in tags(cell):
            meta = cell.get("metadata", {}).get("medialit", {})
            out.append({"question": meta.get("question"), "points": meta.get("points", 0),
                        "rubric": meta.get("rubric"), "cell": cell.get("id")})
    return out


def assigned_name(source: str) -> str:
    """The one ``qN_name`` an answer cell assigns (its last top-level assignment)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise NotebookError(f"answer cell does not parse: {exc}") from None
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name) and ANSWER_VAR.match(t.id)]
    if not names:
        raise NotebookError("answer cell assigns no variable named like q3_unnamed")
    return names[-1]


def exercise_answer_source(source: str) -> str:
    """Keep the leading comment lines of a solution's answer cell; blank the answer."""
    var = assigned_name(source)
    lines = source.splitlines()
    head = []
    for line in lines:
        if line.strip().startswith("#") or not line.strip() and head:
            head.append(line)
        else:
            break
    while head and not head[-1].strip():
        head.pop()
    return "\n".join(head + [f"{var} = ...  {PLACEHOLDER_COMMENT}"])


def tidy_solution(nb) -> nbformat.NotebookNode:
    """A copy of a solution with the kit's stored-output rule applied."""
    import nbformat
    nb = copy.deepcopy(nb)
    points = {g["check_cell"]: (g["question"], g["points"]) for g in graded_cells(nb)}
    ordinal = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
            continue
        ordinal += 1
        cell.execution_count = None
        cell.outputs = []
        if cell.get("id") in points:
            # nbval wants a stored output to come with an execution count: use the
            # cell's place among code cells, as after "Run All".
            q, p = points[cell.get("id")]
            cell.execution_count = ordinal
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=correct_line(q, p) + "\n")]
    nb.metadata = _clean_metadata(nb.metadata)
    return nb


def _clean_metadata(meta) -> dict:
    meta = dict(meta)
    meta["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    meta["language_info"] = {"name": "python"}
    return meta


def make_exercise(solution) -> nbformat.NotebookNode:
    """The exercise notebook generated from a (tidied) solution notebook."""
    nb = tidy_solution(solution)
    cells = []
    for cell in nb.cells:
        t = tags(cell)
        if "solution-only" in t:
            continue
        cell = copy.deepcopy(cell)
        if "answer" in t:
            cell.source = exercise_answer_source("".join(cell.source))
        elif "free-text" in t:
            cell.source = FREE_TEXT_PROMPT
        cells.append(cell)
    nb.cells = cells
    nb.metadata.setdefault("medialit", {})
    nb.metadata["medialit"] = {**nb.metadata["medialit"], "role": "exercise"}
    return nb


def check_ids(nb, name: str) -> None:
    ids = [c.get("id") for c in nb.cells]
    if any(not i for i in ids) or len(set(ids)) != len(ids):
        raise NotebookError(f"{name}: every cell needs a unique id")


def check_against_key(nb, key: dict | None, name: str) -> None:
    """Points and question ids in the notebook agree with the key."""
    if key is None:
        return
    for g in graded_cells(nb):
        spec = key["questions"].get(g["question"])
        if spec is None:
            raise NotebookError(f"{name}: {g['question']} is not in the key")
        if spec.get("points", 1) != g["points"]:
            raise NotebookError(f"{name}: {g['question']} has {g['points']} points in the notebook, "
                                f"{spec.get('points', 1)} in the key")


def planned_files(root: Path = KIT_ROOT, lessons=None) -> dict[Path, str]:
    """Every file ``medialit exercises`` would write now, with its content."""
    files = {}
    for sol_path in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        number = lesson_number(sol_path)
        if lessons and number not in lessons:
            continue
        solution = read_notebook(sol_path)
        check_ids(solution, sol_path.name)
        key = load_key(number, root / "solutions" / "keys")
        check_against_key(solution, key, sol_path.name)
        tidy = tidy_solution(solution)
        files[sol_path] = notebook_text(tidy)
        files[root / "exercises" / sol_path.name] = notebook_text(make_exercise(tidy))
        guide = root / "docs" / "instructor" / f"{sol_path.stem}.md"
        if key is not None and guide.exists():
            files[guide] = with_answer_notes(guide.read_text(encoding="utf-8"), key, guide.name)
        if key is not None:
            forms = public_questions(key)
            files[root / "exercises" / "questions" / f"{number}.json"] = json.dumps(
                forms, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return files


NOTES_START = "<!-- answer-notes:start (written by `medialit exercises` from the key; do not edit) -->"
NOTES_END = "<!-- answer-notes:end -->"


def with_answer_notes(page: str, key: dict, name: str) -> str:
    """An instructor-guide page with its answer-notes block rendered from the key."""
    if NOTES_START not in page or NOTES_END not in page:
        raise NotebookError(f"{name}: the guide page needs the answer-notes markers")
    head, rest = page.split(NOTES_START, 1)
    _, tail = rest.split(NOTES_END, 1)
    return f"{head}{NOTES_START}\n\n{answer_notes_markdown(key)}\n{NOTES_END}{tail}"


def drifted_files(root: Path = KIT_ROOT, lessons=None) -> list[Path]:
    """Files whose content differs from what ``medialit exercises`` would write."""
    return [p for p, text in planned_files(root, lessons).items()
            if not p.exists() or p.read_text(encoding="utf-8") != text]


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------
def configure_parser(parser):
    parser.add_argument("lessons", nargs="*", metavar="NN", help="lesson numbers (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if exercises/ differ from what would be written")
    add_case_option(parser)


def run(args) -> int:
    root = chosen_case(args)
    if not (root / "solutions").is_dir():
        print(f"medialit exercises: {root}: no solutions/ folder (is this a case folder?)", file=sys.stderr)
        return 1
    try:
        if args.check:
            drift = drifted_files(root, args.lessons or None)
            for p in drift:
                print(f"out of date: {p.relative_to(root)}")
            if drift:
                print("run `medialit exercises` to regenerate", file=sys.stderr)
            return 1 if drift else 0
        written = 0
        for path, text in planned_files(root, args.lessons or None).items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                write_atomic(path, text)
                print(f"wrote {path.relative_to(root)}")
                written += 1
        print(f"{written} file{'s' if written != 1 else ''} written; everything else was up to date")
        return 0
    except NotebookError as exc:
        print(f"medialit exercises: {exc}", file=sys.stderr)
        return 1
