"""``medialit handouts OUT_DIR [--pdf] [NN ...]``: every lesson as a page to read offline.

Each lesson in the case's ``notebooks/`` folder is run in a fresh kernel and
written as ``OUT_DIR/NN_slug.html`` (one self-contained file: figures, CSS and
alt text inside, nothing loaded from the web), with ``--pdf`` also as
``NN_slug.pdf`` where Chromium is installed. ``OUT_DIR/index.html`` links them.
Links between lessons point at the pages; the "contents" link points at the
index; links into the glossary (``docs/glossary.md``) point at
``OUT_DIR/glossary.html``, written beside the lessons; a link to another file
of the kit (an exercise notebook, say) becomes its path in plain text, since a
handout cannot open it.

A lesson that fails to run gets one line on stderr and no page; the others are
still written, and the exit code is 1. The same lessons give the same bytes.
The index lists every lesson with a page in OUT_DIR, so lessons can be
rendered a few at a time into the same folder.

The pages are the **student's edition** by default: the lessons run with no
answer key (``MEDIALIT_KEY_DIR=none``), exactly as in the student release, so no
page holds key-derived output. ``--teacher`` runs them with the key and puts a
"Teacher's edition" banner at the top of every page, on screen and on paper.

``--exercises`` also writes the exercise of each lesson rendered as a printable **worksheet**
(``OUT_DIR/exercises/NN_slug.html``): the questions with an empty box to write in,
no code, no check lines, no key — for a student without a laptop. ``--instructor``
writes the instructor pages (``docs/instructor/*.md``) as ``OUT_DIR/instructor/*.html``
with the teacher's banner.

Example:
    $ medialit handouts handouts/ --pdf          # every lesson, student's edition
    $ medialit handouts paper/ --exercises --pdf # and the exercises as worksheets
    $ medialit handouts teacher/ --teacher       # with the kit's reading: not for students
    $ medialit handouts /tmp/h 00 01             # two lessons
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from .cases import add_case_option, case_info, chosen_case

GLOSSARY = "docs/glossary.md"          # a case's glossary, if it has one
LESSON_FILE = re.compile(r"^(\d\d)_[A-Za-z0-9_]+\.ipynb$")
MD_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)\)")


def lesson_files(root: Path) -> list[Path]:
    """The lesson notebooks of a case, in order (``notebooks/NN_slug.ipynb``)."""
    folder = Path(root) / "notebooks"
    return sorted(p for p in folder.glob("*.ipynb") if LESSON_FILE.match(p.name)) if folder.is_dir() else []


def lesson_title(nb, fallback: str) -> tuple[str, str]:
    """The ``# NN · Title`` heading of a lesson and the bold question under it.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 02 · Who says so?\\n\\n**Who stands behind each claim?**")])
    >>> lesson_title(nb, "02_who_says_so")
    ('02 · Who says so?', 'Who stands behind each claim?')
    """
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
        if heading:
            question = re.search(r"^\*\*(.+?)\*\*\s*$", cell.source[heading.end():], re.MULTILINE)
            return heading.group(1).strip(), question.group(1).strip() if question else ""
    return fallback, ""


def relink(source: str, lesson_stems: set[str], glossary: bool = False) -> str:
    """Rewrite a markdown cell's links for a folder of handouts (``glossary``: a glossary page is there).

    >>> relink("[next >](02_who.ipynb) | [contents](../README.md#lesson-map)", {"02_who"})
    '[next >](02_who.html) | [contents](index.html)'
    >>> relink("[hedge](../docs/glossary.md#hedge)", set(), glossary=True)
    '[hedge](glossary.html#hedge)'
    >>> relink("Open [the exercise](../exercises/02_who.ipynb) or [the web](https://example.org).", set())
    'Open the exercise (in the kit: `exercises/02_who.ipynb`) or [the web](https://example.org).'
    """
    def swap(match):
        text, target = match.group("text"), match.group("target")
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#)", target, re.IGNORECASE):   # web, mailto, in-page
            return match.group(0)
        path, _, anchor = target.partition("#")
        name = Path(path).name
        if name.endswith(".ipynb") and "/" not in path.lstrip("./") and name[:-6] in lesson_stems:
            return f"[{text}]({name[:-6]}.html{'#' + anchor if anchor else ''})"
        if name == "README.md" and anchor == "lesson-map":
            return f"[{text}](index.html)"
        if glossary and path.removeprefix("../") == GLOSSARY:
            return f"[{text}](glossary.html{'#' + anchor if anchor else ''})"
        # Paths in a lesson are relative to notebooks/; say where the file is in the kit.
        kit_path = path[3:] if path.startswith("../") else f"notebooks/{path.removeprefix('./')}"
        return f"{text} (in the kit: `{kit_path}`)"
    return MD_LINK.sub(swap, source)


TEACHER_BANNER = ("Teacher's edition — this page was made with the answer key present and shows the kit's "
                  "reading. Do not hand it to students; `medialit handouts` without --teacher makes their pages.")
BANNER_CSS = """<style>
.teacher-banner { background: #fff3cd; color: #5c3c00; border: 3px solid #b8860b; font: bold 16px/1.4 system-ui, sans-serif;
  padding: 0.5rem 1rem; margin: 0 0 1rem 0; position: sticky; top: 0; z-index: 10; }
@media print { .teacher-banner { position: fixed; top: 0; left: 0; right: 0; font-size: 10pt; padding: 2pt 6pt; }
  body { margin-top: 3em !important; } }
</style>"""


def add_teacher_banner(page: str) -> str:
    """Put the teacher's-edition banner at the top of a page (fixed on every printed page).

    >>> "Teacher's edition" in add_teacher_banner("<html><head></head><body><p>x</p></body></html>")
    True
    """
    banner = f'<div class="teacher-banner" role="note">{html.escape(TEACHER_BANNER, quote=False)}</div>'
    page = page.replace("</head>", BANNER_CSS + "\n</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + banner, page, count=1)


WORKSHEET_CSS = """<style>
.answer-space { border: 1px solid #777; border-radius: 4px; margin: 0.4rem 0 1.4rem 0; }
.answer-hint { color: #444; font-size: 0.9em; margin: 0.3rem 0 0 0; }
.name-line { border-bottom: 1px solid #777; height: 2em; margin-bottom: 1.5rem; }
@media print { .answer-space { break-inside: avoid; } h3 { break-after: avoid; } }
</style>"""


def worksheet_notebook(nb):
    """An exercise as a worksheet: its prose and questions, each followed by an empty box.

    Code cells are left out (set-up, scratch and check cells); an answer cell's
    comment lines (the form of the answer) stay, as a hint under the box. A
    discussion question gets a larger box. Nothing of the key is in an exercise.

    >>> import nbformat
    >>> ex = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("### Question 1 (1 point)\\n\\nWhich sentence?"),
    ...     nbformat.v4.new_code_cell("# One sentence id\\nq1_id = ...", metadata={"tags": ["answer"]}),
    ...     nbformat.v4.new_code_cell('check("q1", q1_id)', metadata={"tags": ["check"]})])
    >>> [c.cell_type for c in worksheet_notebook(ex).cells]
    ['markdown', 'markdown']
    """
    import copy

    import nbformat

    from .launch import SETUP_CELL_ID, SETUP_NOTE_ID

    out = copy.deepcopy(nb)
    cells, named = [], False
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("id") in (SETUP_CELL_ID, SETUP_NOTE_ID, "student-name-text") or str(cell.get("id", "")).startswith("nav"):
            continue
        nxt = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        if (cell.cell_type == "markdown" and nxt is not None and nxt.cell_type == "code"
                and not {"answer", "check"} & set(nxt.get("metadata", {}).get("tags", []))
                and not cell.source.lstrip().startswith("#")):
            continue                         # the prose that introduces a scratch or set-up cell
        if cell.cell_type == "markdown" and "free-text" in tags:
            cells.append(nbformat.v4.new_markdown_cell('<div class="answer-space" style="height: 14em"></div>'))
            continue
        if cell.cell_type == "markdown":
            text = MD_LINK.sub(lambda m: m.group("text"), cell.source)      # paper has no links
            if text.lstrip().startswith("# ") and not named:
                text += ('\n\n*Paper version: write each answer in the box under its question.*'
                         '\n\n**Name:** <div class="name-line"></div>')
                named = True
            cells.append(nbformat.v4.new_markdown_cell(text))
            continue
        if "answer" in tags:
            comments = [line.lstrip("# ").strip() for line in cell.source.splitlines() if line.lstrip().startswith("#")]
            hint = f'<p class="answer-hint">{html.escape(" ".join(comments))}</p>' if comments else ""
            cells.append(nbformat.v4.new_markdown_cell(f'{hint}<div class="answer-space" style="height: 6em"></div>'))
    out.cells = cells
    return out


def worksheet_page(nb, path: Path) -> tuple[str, str]:
    """A printable worksheet page for an exercise notebook: ``(page_html, title)``."""
    from .export import notebook_to_html

    title, _ = lesson_title(nb, path.stem)
    sheet = worksheet_notebook(nb)
    for cell in sheet.cells:
        cell.source = relink(cell.source, set(), False)
    page = notebook_to_html(sheet, title=f"Worksheet: {title}", base_dir=path.parent)
    return page.replace("</head>", WORKSHEET_CSS + "\n</head>", 1), title


def markdown_page(markdown: str, title: str, teacher: bool = False) -> str:
    """A markdown file (an instructor page) as an offline page."""
    import nbformat

    from .export import notebook_to_html

    page = notebook_to_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown)]), title=title)
    return add_teacher_banner(page) if teacher else page


def lesson_page(nb, path: Path, lesson_stems: set[str], glossary: bool = False,
                teacher: bool = False) -> tuple[str, str, str]:
    """An executed lesson as ``(page_html, title, question)``, its links rewritten for the handouts."""
    from .export import notebook_to_html

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(cell.source, lesson_stems, glossary)
    title, question = lesson_title(nb, path.stem)
    page = notebook_to_html(nb, title=title, base_dir=path.parent)
    return (add_teacher_banner(page) if teacher else page), title, question


INDEX_CSS = """body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 18px;
  line-height: 1.5; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
h1 { font-size: 1.6rem; } ul { list-style: none; padding: 0; } li { margin: 0.8rem 0; }
.question { color: #444; } .failed { color: #a00; }
code { font-size: 0.95em; }"""


def glossary_page(markdown: str) -> str:
    """The case's glossary (markdown, with ``<a id>`` anchors) as one offline page.

    >>> page = glossary_page('# Glossary\\n\\n<a id="hedge"></a>**Hedge**: a word that weakens a claim.')
    >>> '<a id="hedge"></a>' in page and "<strong>Hedge</strong>" in page
    True
    """
    import nbformat

    from .export import notebook_to_html

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown, id="glossary")])
    return notebook_to_html(nb, title="Glossary")


def index_page(case_title: str, rows: list[dict], pdf_note: str = "", glossary: bool = False,
               teacher: bool = False) -> str:
    """The ``index.html`` of a handout folder. ``rows``: name, title, question, html, pdf, error."""
    esc = html.escape
    items = []
    for row in rows:
        if row.get("error"):
            items.append(f'<li class="failed"><strong>{esc(row["name"])}</strong>: not rendered, the lesson '
                         f'failed to run ({esc(row["error"])}).</li>')
            continue
        pdf = f' · <a href="{esc(row["pdf"])}">PDF</a>' if row.get("pdf") else ""
        question = f'<br><span class="question">{esc(row["question"])}</span>' if row.get("question") else ""
        items.append(f'<li><a href="{esc(row["html"])}">{esc(row["title"])}</a>{pdf}{question}</li>')
    note = f"<p>{esc(pdf_note)}</p>\n" if pdf_note else ""
    if glossary:
        note += '<p>Words the lessons use: the <a href="glossary.html">glossary</a>.</p>\n'
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{esc(case_title)}: lessons</title>\n<style>\n{INDEX_CSS}\n</style>\n</head>\n<body>\n"
            f"<h1>{esc(case_title)}</h1>\n<p>The lessons, each run from top to bottom and saved as a page you "
            f"can read without a network. To try the code yourself, open the notebooks in JupyterLab.</p>\n"
            f"{note}<ul>\n" + "\n".join(items) + "\n</ul>\n</body>\n</html>\n")
    return add_teacher_banner(page) if teacher else page


def configure_parser(parser):
    parser.add_argument("out_dir", metavar="OUT_DIR", help="folder for the pages (created if missing)")
    parser.add_argument("lessons", nargs="*", metavar="NN", help="lesson numbers (default: all)")
    parser.add_argument("--pdf", action="store_true", help="also print each page to PDF (needs Chromium)")
    parser.add_argument("--exercises", action="store_true",
                        help="also write each exercise as a printable worksheet (questions and answer space, no key)")
    parser.add_argument("--instructor", action="store_true",
                        help="also write the instructor pages (docs/instructor) as pages, with the teacher's banner")
    parser.add_argument("--teacher", action="store_true",
                        help="the teacher's edition: run with the answer key, a banner on every page "
                             "(default: the student's edition, no key)")
    add_case_option(parser)
    parser.add_argument("--timeout", type=int, default=120, metavar="S", help="seconds allowed per cell (default 120)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N", help="lessons run at the same time (default 2)")
    _allow_options_between_numbers(parser)


def _allow_options_between_numbers(parser) -> None:
    """Accept ``OUT_DIR --pdf 03 04`` as well as ``OUT_DIR 03 04 --pdf``.

    Plain argparse stops reading positionals at the first option; its
    "intermixed" parsing does not. The subcommand parser is called through
    ``parse_known_args`` by ``medialit``'s main parser, so that is where it goes.
    """
    plain = parser.parse_known_args

    def intermixed(args=None, namespace=None):
        parser.parse_known_args = plain          # parse_known_intermixed_args calls it itself
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            parser.parse_known_args = intermixed
    parser.parse_known_args = intermixed


def run(args) -> int:
    from .export import execute_notebooks, find_chromium, html_to_pdf

    root = chosen_case(args)
    files = lesson_files(root)
    if not files:
        print(f"medialit handouts: {root}: no lessons in notebooks/ (is this a case folder?)", file=sys.stderr)
        return 1
    failures = 0
    wanted = list(dict.fromkeys(nn.zfill(2) if nn.isdigit() else nn for nn in args.lessons))   # "3" means "03"
    by_number = {p.name[:2]: p for p in files}
    for nn in wanted:
        if nn not in by_number:
            print(f"medialit handouts: no lesson {nn} in {root / 'notebooks'}", file=sys.stderr)
            failures += 1
    chosen = [by_number[nn] for nn in sorted(wanted) if nn in by_number] if wanted else files
    if not chosen:
        return 1
    out = Path(args.out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"medialit handouts: {out}: cannot create the folder ({exc.strerror})", file=sys.stderr)
        return 1
    pdf_note = ""
    make_pdf = bool(args.pdf)
    if make_pdf and find_chromium() is None:
        pdf_note = ("No PDFs: Chromium is not installed (Debian/Ubuntu: apt-get install chromium). "
                    "Print a page from your browser instead.")
        print(f"medialit handouts: note: {pdf_note}", file=sys.stderr)
        make_pdf = False
    stems = {p.stem for p in files}
    glossary_md = root / GLOSSARY
    has_glossary = glossary_md.is_file()
    if has_glossary:
        (out / "glossary.html").write_text(glossary_page(glossary_md.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {out / 'glossary.html'}")
    rows = []
    teacher = bool(getattr(args, "teacher", False))
    edition = "teacher's edition (with the answer key)" if teacher else "student's edition (no answer key)"
    print(f"rendering the {edition}")
    executed = execute_notebooks(chosen, timeout=args.timeout, jobs=args.jobs,
                                 env=None if teacher else {"MEDIALIT_KEY_DIR": "none"})
    for path, nb in zip(chosen, executed):
        row = {"name": path.stem}
        try:
            if isinstance(nb, BaseException):
                raise nb
            page, row["title"], row["question"] = lesson_page(nb, path, stems, has_glossary, teacher)
        except Exception as exc:          # a lesson that does not run: report it, go on with the others
            row["error"] = _short_error(exc)
            print(f"medialit handouts: {path.name}: failed to run: {row['error']}", file=sys.stderr)
            failures += 1
            rows.append(row)
            continue
        html_path = out / f"{path.stem}.html"
        html_path.write_text(page, encoding="utf-8")
        row["html"] = html_path.name
        print(f"wrote {html_path}")
        if make_pdf:
            try:
                if html_to_pdf(html_path, out / f"{path.stem}.pdf"):
                    row["pdf"] = f"{path.stem}.pdf"
                    print(f"wrote {out / row['pdf']}")
            except RuntimeError as exc:
                print(f"medialit handouts: {path.stem}.pdf: {exc}", file=sys.stderr)
                failures += 1
        rows.append(row)
    extra = []
    chosen_numbers = {p.name[:2] for p in chosen}
    if getattr(args, "exercises", False):
        failures += _write_worksheets(root, out, make_pdf, extra, chosen_numbers)
    if getattr(args, "instructor", False):
        failures += _write_instructor_pages(root, out, make_pdf, extra, chosen_numbers)
    rows = _index_rows(files, rows, out) + extra
    index = out / "index.html"
    index.write_text(index_page(case_info(root).get("title", root.name), rows, pdf_note, has_glossary, teacher),
                     encoding="utf-8")
    print(f"wrote {index}")
    return 1 if failures else 0


def _index_rows(files: list[Path], rendered: list[dict], out: Path) -> list[dict]:
    """Every lesson that has a page in ``out`` (from this run or an earlier one), in lesson order."""
    import nbformat

    now = {row["name"]: row for row in rendered}
    rows = []
    for path in files:
        if path.stem in now:
            rows.append(now[path.stem])
        elif (out / f"{path.stem}.html").is_file():
            title, question = lesson_title(nbformat.read(str(path), as_version=4), path.stem)
            pdf = f"{path.stem}.pdf" if (out / f"{path.stem}.pdf").is_file() else None
            rows.append({"name": path.stem, "title": title, "question": question,
                         "html": f"{path.stem}.html", "pdf": pdf})
    return rows


def _short_error(exc: Exception) -> str:
    """One line about why a lesson did not run (the last line of a cell's traceback)."""
    name = getattr(exc, "ename", None)
    if name:
        return f"{name}: {getattr(exc, 'evalue', '')}".strip()
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1] if text else ''}"


def _write_worksheets(root: Path, out: Path, make_pdf: bool, rows: list, numbers: set) -> int:
    import nbformat

    failures = 0
    for path in sorted((root / "exercises").glob("*.ipynb")):
        if not LESSON_FILE.match(path.name) or path.name[:2] not in numbers:
            continue
        page, title = worksheet_page(nbformat.read(str(path), as_version=4), path)
        failures += _write_extra_page(out, "exercises", path.stem, page, f"Worksheet: {title}", make_pdf, rows)
    return failures


def _write_instructor_pages(root: Path, out: Path, make_pdf: bool, rows: list, numbers: set) -> int:
    failures = 0
    for md in sorted((root / "docs" / "instructor").glob("*.md")):
        if md.name[:2].isdigit() and md.name[:2] not in numbers:
            continue                     # the index page (README) always; lesson pages of the lessons asked for
        text = md.read_text(encoding="utf-8")
        heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        title = heading.group(1).strip() if heading else md.stem
        failures += _write_extra_page(out, "instructor", md.stem, markdown_page(text, title, teacher=True),
                                      f"Instructor: {title}", make_pdf, rows)
    return failures


def _write_extra_page(out: Path, folder: str, stem: str, page: str, title: str, make_pdf: bool, rows: list) -> int:
    """Write ``OUT/folder/stem.html`` (and its PDF), add its index row; 1 when the PDF failed."""
    from .export import html_to_pdf

    target = out / folder / f"{stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    print(f"wrote {target}")
    row = {"name": f"{folder}/{stem}", "title": title, "html": f"{folder}/{stem}.html"}
    rows.append(row)
    if make_pdf:
        try:
            if html_to_pdf(target, target.with_suffix(".pdf")):
                row["pdf"] = f"{folder}/{stem}.pdf"
                print(f"wrote {target.with_suffix('.pdf')}")
        except RuntimeError as exc:
            print(f"medialit handouts: {target.name}: {exc}", file=sys.stderr)
            return 1
    return 0
