"""Notebooks to pages: run a notebook, render it as one offline HTML file, print it to PDF.

The one home for the kit's exports (``medialit handouts`` uses it; so does the
reliability brief). Three functions, each usable alone, and ``web_references``,
the offline check::

    nb = execute_notebook("notebooks/01_meet_the_articles.ipynb")   # fresh kernel
    # or several at once: execute_notebooks(paths, jobs=2) -> [notebook or exception, ...]
    html = notebook_to_html(nb, title="01 · Meet the articles")       # one offline page
    Path("01.html").write_text(html, encoding="utf-8")
    html_to_pdf("01.html", "01.pdf")        # False when Chromium is not installed

What "offline" means here: the page is a single file. Figures are inline
(``data:image/png;base64,…``), the CSS is inline, and there is no ``<script
src=…>`` or ``<link href=…>`` to the web: nbconvert's require.js, MathJax and
mermaid loaders are left out (LaTeX in markdown is shown as typed). Figures get
their alt text from the markdown cell beside them that starts ``*Alt text:*``.

The output is deterministic: the same notebook gives the same bytes (no
timestamps, no execution timings).

Example:
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello", id="hello")])
    >>> page = notebook_to_html(nb, title="A test page")
    >>> "<title>A test page</title>" in page
    True
    >>> web_references(page)
    []
    >>> page == notebook_to_html(nb, title="A test page")
    True
"""
from __future__ import annotations

import copy
import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

ALT_PREFIX = re.compile(r"^\s*[*_]Alt text:[*_]\s*", re.IGNORECASE)
NO_ALT = "Figure: no description was given for this image"
HIDE_INPUT_TAG = "hide-input"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Flags for a headless Chromium that never reaches out to the network on its own.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync")

# nbconvert's lab template, without anything that loads from the web, with alt
# text on figures and a little CSS for reading on paper and on a projector (in
# html_head_css, the last block of the head, so that it wins over the lab CSS).
_TEMPLATE_NAME = "medialit_offline.html.j2"
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
:root { --jp-content-font-size1: 16px; --jp-code-font-size: 14px; --jp-ui-font-size1: 14px; }
main { max-width: 62rem; margin: 0 auto; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
@page { size: A4; margin: 14mm; }
@media print {
  :root { --jp-content-font-size1: 12pt; --jp-code-font-size: 9pt; }
  .jp-RenderedImage, img { break-inside: avoid; }
  /* no In [n]: prompts on paper; printed tables (up to ~120 characters) fit the A4 width */
  .jp-InputPrompt, .jp-OutputPrompt { display: none; }
  .jp-OutputArea-output pre { font-size: 7pt; line-height: 1.3; }
  .jp-OutputArea-output pre, .jp-InputArea pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  h1, h2, h3 { break-after: avoid; }
}
</style>
{%- endblock html_head_css -%}
{% block data_png scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ ((output | get_metadata('alt', 'image/png')) or (cell | get_metadata('alt')) or no_alt) | escape_html }}">
</div>
{%- endblock data_png %}
{% block data_jpg scoped %}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/jpeg;base64,{{ output.data['image/jpeg'] | escape_html }}" alt="{{ ((output | get_metadata('alt', 'image/jpeg')) or (cell | get_metadata('alt')) or no_alt) | escape_html }}">
</div>
{%- endblock data_jpg %}
"""
# Belt and braces: any script/link tag that still points at the web is removed.
_WEB_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", re.IGNORECASE)
_WEB_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", re.IGNORECASE)


def _client(path: Path, timeout: int):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    return client, nb


# Figures inline even when the caller set MPLBACKEND=Agg (as the test suite does).
_KERNEL_ENV = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}


def execute_notebook(path, timeout: int = 60):
    """Run every cell of the notebook at ``path`` in a fresh kernel; return the executed notebook.

    The kernel starts in the notebook's own folder (so a lesson finds its case)
    and draws figures inline, even when ``MPLBACKEND`` is set to a non-interactive
    backend in the caller's environment. ``timeout`` is per cell, in seconds. A
    cell that raises stops the run with ``nbclient.exceptions.CellExecutionError``.
    """
    client, nb = _client(Path(path), timeout)
    # The kernel's own stderr (start-up warnings) is not part of the notebook; errors in
    # cells still arrive as outputs, and a dead kernel still raises.
    client.execute(env=dict(os.environ, **_KERNEL_ENV), stderr=subprocess.DEVNULL)
    return nb


def execute_notebooks(paths, timeout: int = 60, jobs: int = 2, env: dict | None = None) -> list:
    """Run several notebooks as :func:`execute_notebook` does, ``jobs`` kernels at a time.

    Returns a list in the order of ``paths``: the executed notebook, or the
    exception that stopped it (one failure does not stop the others). ``env``
    adds to the kernels' environment (e.g. ``{"MEDIALIT_KEY_DIR": "none"}`` for
    the student's edition).
    """
    from jupyter_core.utils import run_sync

    paths = [Path(p) for p in paths]
    env = dict(os.environ, **_KERNEL_ENV, **(env or {}))

    async def run_all():
        import asyncio

        gate = asyncio.Semaphore(max(1, int(jobs)))

        async def one(path):
            async with gate:
                client, nb = _client(path, timeout)
                await client.async_execute(env=env, stderr=subprocess.DEVNULL)
                return nb
        return await asyncio.gather(*(one(p) for p in paths), return_exceptions=True)

    return list(run_sync(run_all)())


def attach_alt_text(nb) -> None:
    """Give each figure the alt text written in the markdown cell right after (or before) it.

    The kit's convention (CONTRIBUTING.md) puts ``*Alt text:* …`` in the markdown
    cell next to a figure; this copies it into the image output's metadata, where
    the HTML template reads it. A cell's own ``alt`` metadata wins.
    """
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code" or "alt" in cell.get("metadata", {}):
            continue
        images = [o for o in cell.get("outputs", [])
                  if "image/png" in o.get("data", {}) or "image/jpeg" in o.get("data", {})]
        if not images:
            continue
        alt = None
        for j in (i + 1, i - 1):
            if 0 <= j < len(cells) and cells[j].cell_type == "markdown" and ALT_PREFIX.match(cells[j].source):
                alt = " ".join(ALT_PREFIX.sub("", cells[j].source).split())
                break
        if alt:
            for output in images:
                meta = output.setdefault("metadata", {})
                for mime in ("image/png", "image/jpeg"):
                    if mime in output["data"]:
                        meta.setdefault(mime, {})["alt"] = alt


def merge_streams(nb) -> None:
    """Join consecutive stdout (or stderr) pieces of a cell into one output.

    A kernel sends printed text in chunks whose boundaries depend on timing;
    joined, the same cell always gives the same page.
    """
    for cell in nb.cells:
        merged = []
        for output in cell.get("outputs", []):
            last = merged[-1] if merged else None
            if (last is not None and output.get("output_type") == "stream" == last.get("output_type")
                    and output.get("name") == last.get("name")):
                last["text"] = last["text"] + output["text"]
            else:
                merged.append(output)
        if "outputs" in cell:
            cell["outputs"] = merged


def notebook_to_html(nb, title: str | None = None, hide_input_tags=(HIDE_INPUT_TAG,), base_dir=None) -> str:
    """Render a notebook (executed or not) as one standalone, offline HTML page.

    ``title`` goes into ``<title>`` (default: the notebook's metadata title, or
    "Notebook"). Cells tagged ``hide-input`` show their output only; the Colab
    set-up cell and its note are left out. ``base_dir``
    is where relative image paths in markdown are looked up (they are inlined).
    The notebook passed in is not changed.
    """
    from .launch import SETUP_CELL_ID, SETUP_NOTE_ID

    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)                 # would pull the widget manager from a CDN
    # the Colab set-up cell and its note mean nothing on a page
    nb.cells = [c for c in nb.cells if c.get("id") not in (SETUP_CELL_ID, SETUP_NOTE_ID)]
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    merge_streams(nb)
    attach_alt_text(nb)
    if title:
        nb.metadata["title"] = title
    exporter = _html_exporter(tuple(sorted(hide_input_tags)))
    resources = {"metadata": {"name": title or nb.metadata.get("title", "Notebook")}}
    if base_dir is not None:
        resources["metadata"]["path"] = str(base_dir)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body = _WEB_LINK.sub("", _WEB_SCRIPT.sub("", body))
    return body if body.endswith("\n") else body + "\n"


@functools.lru_cache(maxsize=4)
def _html_exporter(hide_input_tags: tuple):
    """One nbconvert exporter per process (and per set of hidden tags): its templates compile once."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = set(hide_input_tags)
    exporter = HTMLExporter(config=config, template_name="lab", embed_images=True,
                            extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})])
    exporter.template_file = _TEMPLATE_NAME
    exporter.environment.globals["no_alt"] = NO_ALT
    return exporter


_RESOURCE_ATTR = re.compile(r"<(?P<tag>script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*"
                            r"[\"']?(?P<url>(?:https?:)?//[^\"'\s>]+)", re.IGNORECASE)
_CSS_URL = re.compile(r"(?:@import\s+|url\(\s*)[\"']?(?P<url>(?:https?:)?//[^\"')\s]+)", re.IGNORECASE)


def web_references(page: str) -> list[str]:
    """Every resource a page would fetch from the web (should be none for an offline page).

    Looks at ``src``/``href`` of script, link, img, iframe and media tags and at
    CSS ``url(…)``/``@import``. Ordinary links (``<a href>``) are not resources.

    >>> web_references('<script src="https://cdn.example/x.js"></script><a href="https://example.org">a</a>')
    ['https://cdn.example/x.js']
    """
    return [m.group("url") for m in _RESOURCE_ATTR.finditer(page)] + [m.group("url") for m in _CSS_URL.finditer(page)]


def find_chromium() -> str | None:
    """The path of a Chromium on PATH (``chromium`` or ``chromium-browser``), or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html_path, pdf_path, timeout: int = 60) -> bool:
    """Print an HTML file to PDF with headless Chromium. False (no error) when Chromium is missing.

    Chromium runs with a fresh profile that is deleted afterwards, no network
    services of its own, and no header/footer (no date or file path on the page).
    A Chromium that is present but fails raises ``RuntimeError`` with its message.
    """
    chromium = find_chromium()
    if chromium is None:
        return False
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="medialit-chromium-")
    try:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf_path}", html_path.as_uri()]
        # Its own process group, so that on a timeout every Chromium helper process goes too.
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RuntimeError(f"Chromium did not finish printing {html_path.name} within {timeout} s") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if proc.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print {html_path.name} (exit {proc.returncode}): "
                           f"{stderr.strip()[-500:]}")
    return True
