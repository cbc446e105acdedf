"""Lesson 06's reliability brief: computed parts, the scorecard, the shareable page."""
import pytest

from conftest import KIT_ROOT, run_medialit
from medialit.brief import SCORES, build_briefs, scorecard, show_brief
from medialit.corpus import Article


@pytest.fixture(scope="module")
def briefs():
    return build_briefs()


def test_scores_follow_their_formulas(briefs):
    # provenance from the catalog signals: 002 = (headline 1 + outlet ½ + furniture 1 + source ½) / 6
    assert briefs["002"].scores["provenance"] == 50
    assert briefs["001"].scores["provenance"] == 8          # only "names its source" half-shown
    assert {a: b.scores["independence"] for a, b in briefs.items()} == {
        "000": 33, "001": 33, "002": 33, "003": 100, "004": 100}
    for b in briefs.values():
        assert set(b.scores) == set(SCORES)
        assert all(0 <= v <= 100 for v in b.scores.values())
        p = b.sourcing
        with_claim = sum(p[k] for k in ("NAMED_PERSON", "NAMED_INSTITUTION", "MEDIA_OUTLET", "UNNAMED",
                                         "HEDGE_ONLY", "UNATTRIBUTED"))
        named = p["NAMED_PERSON"] + p["NAMED_INSTITUTION"] + p["MEDIA_OUTLET"]
        assert b.scores["named_sources"] == round(100 * named / with_claim)


def test_weak_claims_are_listed_with_their_sentence(briefs):
    flagged = {item["sentence_id"] for item in briefs["000"].to_check}
    assert "000:s2" in flagged                     # "which cited unnamed sources"
    assert all(i["label"] in ("UNNAMED", "HEDGE_ONLY") for b in briefs.values() for i in b.to_check)


def test_brief_on_texts_written_for_the_test():
    texts = {
        "a": Article.from_text("a", "Officials said the dam would open on Monday. It was reportedly delayed.\n"),
        "b": Article.from_text("b", "Officials said the dam would open on Monday. It was reportedly delayed.\n"),
        "c": Article.from_text("c", "Mayor Ann Lowe said on May 4, 2026, that the dam opened.\n"),
    }
    briefs = build_briefs(texts)
    assert briefs["a"].independence["group"] == ["a", "b"] and briefs["c"].independence["independent"]
    assert briefs["c"].scores["named_sources"] == 100 and briefs["a"].scores["named_sources"] == 0
    assert briefs["c"].scores["dates_fixed"] == 100


def test_show_brief_has_the_three_parts(briefs, capsys):
    show_brief(briefs["004"])
    out = capsys.readouterr().out
    for part in ("1. Who is behind it?", "2. What is the evidence?", "3. What do other sources say?"):
        assert part in out
    assert len(scorecard(briefs)) == 5


def test_brief_command_writes_one_offline_page(tmp_path):
    from medialit.export import web_references

    out = tmp_path / "briefs.html"
    code, _, err = run_medialit("brief", "003", "004", "--out", out, cwd=KIT_ROOT)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "RELIABILITY BRIEF — article 003" in page and "RELIABILITY BRIEF — article 000" not in page
    assert "data:image/png;base64" in page and web_references(page) == []
    code, _, err = run_medialit("brief", "999", "--out", out, cwd=KIT_ROOT)
    assert code == 1 and "no article 999" in err


def test_time_expressions_add_up(briefs):
    for b in briefs.values():
        d = b.dating
        assert d["expressions"] == d["fixed"] + d["unknown_year"] + d["vague"] + d["durations"] + d["other"], b.article_id


def test_an_independent_article_is_not_said_to_share_nothing(briefs, capsys):
    show_brief(briefs["003"])
    out = capsys.readouterr().out
    assert "Shares no passage" not in out and "short runs of words" in out


def test_a_students_page_holds_only_the_article_and_the_four_parts(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    def free(question, text):
        return new_markdown_cell(text, metadata={"tags": ["free-text"], "medialit": {"question": question}})

    nb = new_notebook(cells=[
        new_code_cell('q1_person = "SECRET-ANSWER-ONE"\ncheck("q1", q1_person)'),
        free("d5", "SECRET-DISCUSSION"),
        new_code_cell('# the id of your article\nbrief_article = "003"'),
        new_code_cell("show_brief(briefs[brief_article])"),
        free("d1", "No byline, see [the glossary](../docs/glossary.md)."),
        free("d2", "EVIDENCE-PART"), free("d3", "*Replace this text with your answer.*"), free("d4", "VERDICT-3/5")])
    path = tmp_path / "06_verdict.ipynb"
    nbformat.write(nb, str(path))
    out = tmp_path / "my-brief.html"
    code, _, err = run_medialit("brief", "--notebook", path, "--out", out, cwd=KIT_ROOT)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "Reliability brief — article 003 (Naqoura)" in page
    for part in ("Part 1 — Who is behind it?", "Part 2 — What is the evidence?", "Part 3 — What do other sources say?",
                 "Verdict", "EVIDENCE-PART", "VERDICT-3/5", "not written yet"):
        assert part in page, part
    for secret in ("SECRET-ANSWER-ONE", "SECRET-DISCUSSION", "q1_person", "show_brief", "glossary.md"):
        assert secret not in page, secret
