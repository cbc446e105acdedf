"""Sentences, ids, words and counts: what every lesson stands on."""
import pytest

from medialit.corpus import (Article, concordance, load_articles, make_sentence_splitter,
                             normalise_sentence_id, parse_sentence_id, show_article, words)


@pytest.fixture(scope="module")
def articles():
    return load_articles()


def test_abbreviations_do_not_split_sentences(articles):
    s10 = articles["003"].sentence("003:s10").text
    assert s10 == "The Nov. 23 strike was the first on Beirut in five months."
    assert articles["003"].sentence("003:s16").text.startswith("According to Axios, U.S. envoy Morgan Ortagus")


def test_splitter_on_new_text():
    split = make_sentence_splitter().tokenize
    assert split("Talks began Jan. 5 in Washington, D.C. and ended. Mr. Smith left.") == [
        "Talks began Jan. 5 in Washington, D.C. and ended.", "Mr. Smith left."]


def test_headlines_and_subheads_do_not_merge(articles):
    assert articles["003"].sentence("003:s14").text == "Washington's mediation and regional stakes"
    assert articles["003"].sentence("003:s14").role == "heading"
    assert articles["000"].sentence("000:s1").role == "headline"
    assert articles["002"].sentence("002:s3").role == "headline"
    assert articles["004"].sentence("004:s1").role == "standfirst"


def test_boilerplate_is_marked_not_dropped(articles):
    marked = {s.id: s.text for a in articles.values() for s in a.sentences if s.is_boilerplate}
    assert marked == {"000:s21": "Photos", "002:s1": "KJFK News", "002:s2": "News",
                      "004:s16": "READ MORE: Israel kills senior Hezbollah commander in Beirut"}
    assert "photos" not in articles["000"].words()


def test_sentence_ids_are_stable_and_offsets_point_into_the_text(articles):
    counts = {aid: len(a.sentences) for aid, a in articles.items()}
    assert counts == {"000": 21, "001": 21, "002": 22, "003": 25, "004": 19}
    for art in articles.values():
        for s in art.sentences:
            assert art.text[s.start:s.end] == s.text


@pytest.mark.parametrize("typed", ["003:s10", "003:S10", "3:10", "003 s10", ("003", 10), ("3", "s10"), ["003", 10]])
def test_students_may_type_ids_many_ways(typed):
    assert normalise_sentence_id(typed) == "003:s10"


@pytest.mark.parametrize("bad", ["s10", "", "003", None, 10, True])
def test_bad_ids_are_refused(bad):
    with pytest.raises(ValueError):
        parse_sentence_id(bad)


def test_words_keep_names_and_drop_possessives():
    assert words("Lebanon’s U.S.-backed envoy met Shi’ite leaders in al-Hilweh's camp") == [
        "lebanon", "u.s.", "backed", "envoy", "met", "shi’ite", "leaders", "in", "al-hilweh", "camp"]


def test_article_from_new_text_and_show(capsys):
    art = Article.from_text("777", "A Headline Without Stop\nFirst sentence. Second one.\n\nREAD MORE: elsewhere\n")
    assert [(s.id, s.role) for s in art.sentences] == [
        ("777:s1", "headline"), ("777:s2", "body"), ("777:s3", "body"), ("777:s4", "boilerplate")]
    show_article(art)
    out = capsys.readouterr().out
    assert "777:s4  [boilerplate] READ MORE: elsewhere" in out


def test_freq_and_concordance(articles, capsys):
    assert articles["003"].freq().most_common(1) == [("hezbollah", 10)]
    concordance(articles, "LBCI")
    out = capsys.readouterr().out
    assert "--- 000 Breakthrough: 1 match" in out and "--- 003 Naqoura: 0 matches" in out
