"""`medialit handouts` and `medialit.export`: offline pages, the same bytes twice, figures with alt text."""
import argparse
import html
import re
import subprocess
import sys

import nbformat
import pytest
from conftest import KIT_ROOT

from medialit import export, handouts

def _demo_feedback():
    from test_browser import demo_feedback
    return demo_feedback()


FEEDBACK = _demo_feedback()
WEB_TAG = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.IGNORECASE)


def parse(*argv):
    parser = argparse.ArgumentParser()
    handouts.configure_parser(parser)
    return parser.parse_args([str(a) for a in argv])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Lessons 00 and 01 rendered in this process (student's edition, the default); lesson 00 rendered
    again, at the same time, by the command; lesson 00 in the teacher's edition."""
    out, again = tmp_path_factory.mktemp("handouts"), tmp_path_factory.mktemp("handouts-again")
    teacher = tmp_path_factory.mktemp("handouts-teacher")
    second = subprocess.Popen([sys.executable, "-m", "medialit.cli", "handouts", str(again), "00", "--case", KIT_ROOT],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        code = handouts.run(parse(out, "00", "01", "--case", KIT_ROOT))
        teacher_code = handouts.run(parse(teacher, "00", "--teacher", "--exercises", "--instructor", "--case", KIT_ROOT))
        second_out, second_err = second.communicate(timeout=60)
    finally:
        if second.poll() is None:
            second.kill()
            second.communicate()
    assert second.returncode == 0, second_err
    assert teacher_code == 0
    return {"code": code, "out": out, "again": again, "second_out": second_out, "teacher": teacher}


def page(rendered, stem):
    return (rendered["out"] / f"{stem}.html").read_text(encoding="utf-8")


def test_each_lesson_gets_a_page_and_the_index_links_them(rendered):
    assert rendered["code"] == 0
    assert sorted(p.name for p in rendered["out"].iterdir()) == [
        "00_start_here.html", "01_meet_the_articles.html", "glossary.html", "index.html"]
    index = page(rendered, "index")
    assert 'href="00_start_here.html"' in index and 'href="01_meet_the_articles.html"' in index
    assert "01 · Meet the articles" in index
    assert "wrote " in rendered["second_out"]


@pytest.mark.parametrize("stem", ["00_start_here", "01_meet_the_articles", "index", "glossary"])
def test_pages_are_offline(rendered, stem):
    text = page(rendered, stem)
    assert export.web_references(text) == []
    assert not WEB_TAG.search(text), "a script or link tag still loads from the web"
    assert "require.min.js" not in text and "mathjax" not in text.lower()
    assert "Google Colab only" not in text and "KIT_REPOSITORY" not in text, "the Colab set-up cell is left out"


def test_glossary_links_go_to_the_glossary_page_and_its_anchors(rendered):
    glossary = page(rendered, "glossary")
    links = re.findall(r'href="glossary\.html#([a-z-]+)"', page(rendered, "01_meet_the_articles"))
    assert "boilerplate" in links and "lateral-reading" in links
    assert all(f'id="{anchor}"' in glossary for anchor in links)
    assert 'href="glossary.html"' in page(rendered, "index")
    assert "docs/glossary.md" not in page(rendered, "00_start_here")


def test_rendering_twice_gives_the_same_bytes(rendered):
    first = (rendered["out"] / "00_start_here.html").read_bytes()
    assert first == (rendered["again"] / "00_start_here.html").read_bytes()


def test_the_check_line_a_student_sees_is_in_the_page(rendered):
    teacher = html.unescape((rendered["teacher"] / "00_start_here.html").read_text(encoding="utf-8"))
    assert FEEDBACK in teacher
    assert re.search(r"q1: (saved|not yet|not answered)", html.unescape(page(rendered, "00_start_here")))


def test_handouts_are_the_students_edition_unless_teacher_is_asked_for(rendered):
    for stem in ("00_start_here", "01_meet_the_articles", "index"):
        text = page(rendered, stem)
        assert "teacher-banner" not in text and "Teacher's edition" not in html.unescape(text)
        assert "The kit's reading is loaded" not in html.unescape(text)
    for stem in ("00_start_here", "index"):
        text = html.unescape((rendered["teacher"] / f"{stem}.html").read_text(encoding="utf-8"))
        assert 'class="teacher-banner"' in text and "Teacher's edition" in text
        assert "@media print" in text, "the banner is printed on every page too"


def test_figures_are_embedded_with_the_alt_text_beside_them(rendered):
    lesson = nbformat.read(str(KIT_ROOT / "notebooks" / "01_meet_the_articles.ipynb"), as_version=4)
    alts = [" ".join(export.ALT_PREFIX.sub("", c.source).split()) for c in lesson.cells
            if c.cell_type == "markdown" and export.ALT_PREFIX.match(c.source)]
    assert alts, "lesson 01 has figures with alt text"
    text = page(rendered, "01_meet_the_articles")
    images = re.findall(r"<img\b[^>]*>", text)
    assert len(images) == len(alts)
    for tag, alt in zip(images, alts):
        assert "data:image/png;base64," in tag
        found = re.search(r"""\balt=(["'])(.*?)\1""", tag, re.DOTALL)
        assert found and html.unescape(found.group(2)) == alt


def test_links_point_at_pages_not_notebooks(rendered):
    text = page(rendered, "00_start_here")
    assert 'href="01_meet_the_articles.html"' in text and 'href="index.html"' in text
    assert not re.search(r'href="[^"]*\.ipynb', text)


def test_relink_keeps_web_links_and_names_kit_files():
    assert handouts.relink("[next](03_when.ipynb#top)", {"03_when"}) == "[next](03_when.html#top)"
    assert handouts.relink("[x](04_gone.ipynb)", {"03_when"}) == "x (in the kit: `notebooks/04_gone.ipynb`)"
    assert handouts.relink("![a chart](chart.png) [w](https://example.org)", set()) == \
        "![a chart](chart.png) [w](https://example.org)"


# ---------------------------------------------------------------------------
# Small notebooks written for the tests
# ---------------------------------------------------------------------------
def tiny_notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for i, (kind, source, tags) in enumerate(cells):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(make(source, id=f"cell-{i}", metadata={"tags": tags} if tags else {}))
    return nb


def test_hide_input_shows_the_output_only_and_the_input_stays_in_the_notebook():
    nb = tiny_notebook(("code", "print('SECRET' + '_INPUT')", ["hide-input"]), ("code", "1 + 41", []))
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="SECRET_INPUT\n")]
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=2)]
    text = export.notebook_to_html(nb, title="Hidden <input>")
    assert "SECRET_INPUT" in text and "&#39;SECRET&#39;" not in text and "'SECRET'" not in text
    assert "1 + 41" in html.unescape(re.sub(r"<[^>]+>", "", text)) and "42" in text
    assert "<title>Hidden &lt;input&gt;</title>" in text
    assert nb.cells[0].source.startswith("print(")        # the caller's notebook is unchanged


def test_printed_text_gives_the_same_page_however_the_kernel_chunked_it():
    whole, pieces = (tiny_notebook(("code", "show()", [])) for _ in range(2))
    whole.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="001 one\n002 two\n")]
    pieces.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=t)
                               for t in ("001 one\n002", " two\n")]
    assert export.notebook_to_html(whole) == export.notebook_to_html(pieces)


def test_alt_text_comes_from_the_markdown_cell_after_the_figure():
    nb = tiny_notebook(("code", "plot()", []), ("markdown", "*Alt text:* three bars,\n  tallest first.", []),
                       ("code", "plot_again()", []))
    png = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}
    for cell in (nb.cells[0], nb.cells[2]):
        cell.outputs = [nbformat.v4.new_output("display_data", data=dict(png))]
    export.attach_alt_text(nb)
    assert nb.cells[0].outputs[0].metadata["image/png"]["alt"] == "three bars, tallest first."
    # the alt cell sits before the second figure too: the cell right after wins, before is the fallback
    assert nb.cells[2].outputs[0].metadata["image/png"]["alt"] == "three bars, tallest first."
    lone = tiny_notebook(("code", "plot()", []))
    lone.cells[0].outputs = [nbformat.v4.new_output("display_data", data=dict(png))]
    assert f'alt="{export.NO_ALT}"' in export.notebook_to_html(lone)


def test_web_references_finds_script_link_and_css_imports():
    sample = ('<link rel="stylesheet" href="//cdn.example/a.css"><script src="http://x.example/b.js"></script>'
              '<style>@import url("https://fonts.example/c.css");</style><a href="https://ok.example">ok</a>'
              '<img src="data:image/png;base64,AAAA">')
    assert export.web_references(sample) == [
        "//cdn.example/a.css", "http://x.example/b.js", "https://fonts.example/c.css"]


def test_a_lesson_that_fails_is_reported_and_the_others_are_still_written(tmp_path, monkeypatch, capsys):
    case = tmp_path / "case"
    (case / "notebooks").mkdir(parents=True)
    (case / "case.json").write_text('{"title": "A test case"}\n', encoding="utf-8")
    nbformat.write(tiny_notebook(("markdown", "# 00 · Fine\n\n**Does it run?**", []),
                                 ("code", "print('fine ' * 2)", [])), str(case / "notebooks" / "00_fine.ipynb"))
    nbformat.write(tiny_notebook(("markdown", "# 01 · Broken", []), ("code", "raise ValueError('planted')", [])),
                   str(case / "notebooks" / "01_broken.ipynb"))
    nbformat.write(tiny_notebook(("markdown", "# 02 · Rendered before\n\n**Still listed?**", [])),
                   str(case / "notebooks" / "02_earlier.ipynb"))
    monkeypatch.setenv("PATH", str(tmp_path))            # no Chromium here, whatever the machine has
    out = tmp_path / "out"
    out.mkdir()
    (out / "02_earlier.html").write_text("<p>a page from an earlier run</p>", encoding="utf-8")
    code = handouts.run(parse(out, "--pdf", "0", "01", "--case", case))        # "0" is lesson 00
    err = capsys.readouterr().err
    assert code == 1
    assert "01_broken.ipynb: failed to run: ValueError: planted" in err
    assert "Chromium is not installed" in err
    assert sorted(p.name for p in out.iterdir()) == ["00_fine.html", "02_earlier.html", "index.html"]
    assert "fine fine" in (out / "00_fine.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "A test case" in index and "Does it run?" in index
    assert "01_broken</strong>: not rendered" in index and "Chromium is not installed" in index
    assert '<a href="02_earlier.html">02 · Rendered before</a>' in index      # listed, not run again
    assert index.index("00_fine.html") < index.index("01_broken") < index.index("02_earlier.html")


def test_options_may_come_between_the_folder_and_the_lesson_numbers():
    from medialit.cli import build_parser

    args = build_parser().parse_args(["handouts", "out", "--pdf", "03", "04", "--jobs", "1"])
    assert (args.out_dir, args.lessons, args.pdf, args.jobs) == ("out", ["03", "04"], True, 1)
    args = build_parser().parse_args(["handouts", "out", "03"])
    assert (args.lessons, args.pdf) == (["03"], False)


def test_an_unknown_lesson_number_is_an_error(tmp_path, capsys):
    assert handouts.run(parse(tmp_path / "out", "42", "--case", KIT_ROOT)) == 1
    assert "no lesson 42" in capsys.readouterr().err
    assert handouts.run(parse(tmp_path / "out", "--case", tmp_path)) == 1
    assert "no lessons in notebooks/" in capsys.readouterr().err
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert handouts.run(parse(tmp_path / "a-file", "00", "--case", KIT_ROOT)) == 1
    assert "a-file: cannot create the folder" in capsys.readouterr().err


def test_html_to_pdf_is_false_without_chromium(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "p.html").write_text("<p>hello</p>", encoding="utf-8")
    assert export.find_chromium() is None
    assert export.html_to_pdf(tmp_path / "p.html", tmp_path / "p.pdf") is False
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.skipif(export.find_chromium() is None, reason="Chromium is not installed (Debian package `chromium`)")
def test_html_to_pdf_prints_a_page_with_chromium(tmp_path):
    (tmp_path / "p.html").write_text("<!DOCTYPE html><title>t</title><h1>Handout</h1>", encoding="utf-8")
    assert export.html_to_pdf(tmp_path / "p.html", tmp_path / "out" / "p.pdf") is True
    assert (tmp_path / "out" / "p.pdf").read_bytes().startswith(b"%PDF")


def test_worksheets_and_instructor_pages(rendered):
    """Paper for a class without laptops: the exercise as a worksheet with answer space, no key.

    Rendered by the fixture's teacher's-edition run (``00 --teacher --exercises --instructor``).
    """
    import json

    out = rendered["teacher"]
    assert sorted(p.name for p in (out / "exercises").glob("*.html")) == ["00_start_here.html"]
    sheet = html.unescape((out / "exercises" / "00_start_here.html").read_text(encoding="utf-8"))
    questions = json.loads((KIT_ROOT / "exercises" / "questions" / "00.json").read_text(encoding="utf-8"))
    assert sheet.count('class="answer-space"') >= len(questions) and "Name:" in sheet
    assert "check(" not in sheet and "correct (" not in sheet and "import " not in sheet
    assert "Teacher's edition" not in sheet, "a worksheet is for students, whichever edition the lessons are"
    key = json.loads((KIT_ROOT / "solutions" / "keys" / "00_start_here.json").read_text(encoding="utf-8"))
    for spec in key["questions"].values():
        assert spec["why"] not in sheet
    assert export.web_references(sheet) == []
    guide = html.unescape((out / "instructor" / "00_start_here.html").read_text(encoding="utf-8"))
    assert "Teacher's edition" in guide
    index = page({"out": out}, "index")
    assert 'href="exercises/00_start_here.html"' in index and 'href="instructor/README.html"' in index
