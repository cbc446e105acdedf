"""The articles are sacred: byte-for-byte as collected (the seeds), and the catalog covers them."""
import hashlib
import json

from conftest import KIT_ROOT
from medialit.corpus import load_articles

ARTICLES = KIT_ROOT / "articles"

# The sha256 of each text as collected (the seeds). Written here as well as in
# the catalog, so that editing a text and its catalog entry together still fails.
PUBLISHED_SHA256 = {
    "000_daae686c5dfe400a.txt": "43e564b39035b97b7b2fa5d68fbdec21811fc80d1667a851d204c02b370c6950",
    "001_0fe7bd8865b6a628.txt": "7c5a98854b359060afc4b01ee74a1cdb64216d2911280cac3999558dbc33f075",
    "002_58ab0ecc0a1d13e4.txt": "812ee826b9e1e860e0466e21a98e3ea6d6645ed77e02d2841bc667a4de1c8a6c",
    "003_e9d2e54b478fccd7.txt": "89d0acbfe5d357ab3b119587327fbd54607e1258fe1c49909350212572ea3dca",
    "004_04cad554d14962ae.txt": "d9e5a9d781b8c81e5f667e61d080c391a9eae42983e27a76617cfcb158529a58",
}


def catalog():
    return json.loads((ARTICLES / "catalog.json").read_text(encoding="utf-8"))["articles"]


def test_texts_are_byte_for_byte_as_published():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ARTICLES.glob("*.txt")}
    assert found == PUBLISHED_SHA256


def test_catalog_covers_every_file_with_its_checksum():
    records = catalog()
    assert sorted(r["file"] for r in records) == sorted(PUBLISHED_SHA256)
    for r in records:
        assert r["sha256"] == PUBLISHED_SHA256[r["file"]], r["file"]
        assert r["id"] == r["file"][:3]


def test_catalog_fields_are_complete():
    for r in catalog():
        for field in ("label", "headline", "text_shows", "text_does_not_show", "words", "sentences",
                      "boilerplate_lines", "signals", "place_spelling"):
            assert field in r, (r["id"], field)
        assert r["text_shows"] and r["text_does_not_show"]
        assert set(r["signals"].values()) <= {"yes", "partial", "no"}


def test_catalog_counts_and_boilerplate_match_the_texts():
    articles = load_articles()
    for r in catalog():
        art = articles[r["id"]]
        assert r["words"] == len(art.words()), r["id"]
        assert r["sentences"] == sum(1 for s in art.sentences if not s.is_boilerplate), r["id"]
        lines = art.lines
        for bp in r["boilerplate_lines"]:
            assert lines[bp["line"] - 1] == bp["text"], (r["id"], bp)
        marked = sorted({s.line for s in art.sentences if s.is_boilerplate})
        assert marked == [bp["line"] for bp in r["boilerplate_lines"]], r["id"]


def test_headline_as_printed_is_verbatim():
    articles = load_articles()
    for r in catalog():
        if r["headline"] != "none":
            assert articles[r["id"]].lines[r["headline_line"] - 1] == r["headline"]


def test_place_spelling_is_in_the_text():
    articles = load_articles()
    for r in catalog():
        assert r["place_spelling"] in articles[r["id"]].text
