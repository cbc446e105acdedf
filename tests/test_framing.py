"""Tests for medialit.framing (lesson 04): labels, lexicon, keyness, CLI, and the key's quotes.

Most texts here are written for the tests (invented places and groups), so that the
finders are checked on sentences they have never seen.
"""
from __future__ import annotations

import json
import math

import pytest

from medialit import framing
from medialit.cli import main
from medialit.corpus import Article, load_articles
from medialit.framing import (Actor, article_keyness, category_counts, collocations, compare_with_kit,
                              find_labels, find_mentions, find_terms, keyness, log_likelihood)

VOLTARIA = Actor("Voltaria Front", names=("Voltaria Front", "Front"), kind="group")
MERANIA = Actor("Merania", names=("Merania", "Meranian"), metonyms=(("Port Ilse", "subject"), ("Ilse Hill", "always")))
TEST_ACTORS = (VOLTARIA, MERANIA)

NEW_ARTICLE = """Merania and rebels agree to talks
The Voltaria Front, the outlawed separatist rebel group, said on Monday it would attend.
Port Ilse has welcomed the step, while the Merania-backed Voltaria Front has not commented.
Fighters loyal to Voltaria Front shelled a depot, and the movement later denied it.
Officials said the group had lost two commanders, and that Voltaria Front, which is widely seen as a criminal network, was weakened.
Ilse Hill says talks will fail. Diplomats in Port Ilse said little.
The separatist militia Voltaria Front rejected a demand.
Observers criticised the siege of Voltaria Front, a demand that has been repeated.
"""


@pytest.fixture(scope="module")
def new_article():
    return Article.from_text("901", NEW_ARTICLE)


@pytest.fixture(scope="module")
def kit():
    return load_articles()


# --- labels on unseen text ------------------------------------------------------------
def test_labels_on_new_article(new_article):
    got = {(lab.sentence_id, lab.actor, lab.label, lab.kind) for lab in find_labels(new_article, TEST_ACTORS)}
    assert ("901:s2", "Voltaria Front", "the outlawed separatist rebel group", "appositive") in got
    assert ("901:s3", "Merania", "Port Ilse", "metonym") in got
    assert ("901:s4", "Voltaria Front", "Fighters", "linked") in got
    assert ("901:s5", "Voltaria Front", "the group", "anaphor") in got
    assert ("901:s5", "Voltaria Front", "seen as a criminal network", "relative") in got
    assert ("901:s6", "Merania", "Ilse Hill", "metonym") in got
    assert ("901:s8", "Voltaria Front", "The separatist militia", "descriptor") in got


def test_hyphenated_backer_is_a_modifier_label(new_article):
    labels = [lab for lab in find_labels(new_article, TEST_ACTORS) if lab.kind == "modifier"]
    assert [(lab.sentence_id, lab.label) for lab in labels] == [("901:s3", "Merania-backed")]


def test_no_label_without_a_head_noun(new_article):
    """'Voltaria Front, a demand that ...': an apposition to the clause, not a label."""
    labels = [lab.label for lab in find_labels(new_article, TEST_ACTORS) if lab.sentence_id == "901:s9"]
    assert labels == []


def test_place_after_preposition_is_not_a_government(new_article):
    mentions = [(m.sentence_id, m.form) for m in find_mentions(new_article, TEST_ACTORS) if m.kind == "metonym"]
    assert ("901:s3", "Port Ilse") in mentions          # "Port Ilse has welcomed"
    assert ("901:s7", "Port Ilse") not in mentions      # "Diplomats in Port Ilse said"


def test_default_actors_on_invented_sentences():
    art = Article.from_text("902", "Washington says the truce holds. Hamas, a Palestinian movement, agreed. "
                                   "Tel Aviv claims otherwise. Beirut, the capital, was quiet. The Kremlin has warned.")
    labels = {(lab.actor, lab.label, lab.kind) for lab in find_labels(art)}
    assert ("US", "Washington", "metonym") in labels
    assert ("Hamas", "a Palestinian movement", "appositive") in labels
    assert ("Israel", "Tel Aviv", "metonym") in labels
    assert ("Russia", "Kremlin", "metonym") in labels
    assert not any(label == "Beirut" for _, label, _ in labels)


def test_us_is_not_us():
    art = Article.from_text("903", "Tell us more, said the US envoy. US-brokered talks began.")
    forms = [m.form for m in find_mentions(art)]
    assert forms == ["US", "US"]


def test_kit_labels_hezbollah(kit):
    def labels(aid):
        return [lab.label for lab in find_labels(kit[aid]) if lab.actor == "Hezbollah" and lab.kind != "anaphor"]
    assert labels("000") == ["the Lebanese Shiite militant group"]
    assert labels("001") == ["the Iran-backed Shi’ite militia"]
    assert labels("004") == ["the military group", "Iran-backed"]


def test_helper_against_kit_reading(kit):
    reading = framing.kit_reading("actor_labels")
    if reading is None:
        pytest.skip("answer key not present")
    rows = compare_with_kit(kit, reading)
    status = [r["status"] for r in rows]
    assert status.count("extra") == 0
    # 28 since places tied to an actor ("a training camp operated by Hamas", "a 'command and
    # control center' linked to Hezbollah") are no longer reported as labels (review 04-6)
    assert status.count("found") >= 28
    assert status.count("found") + status.count("missed") == 38


def test_places_are_not_linked_labels():
    art = Article.from_text("905", "Jets hit a camp linked to Hamas. Gunmen linked to Hamas fled.")
    assert [(lab.sentence_id, lab.label) for lab in find_labels(art)] == [("905:s2", "Gunmen")]


# --- lexicon ------------------------------------------------------------------------------
def test_lexicon_is_documented():
    lex = framing.load_lexicon()
    assert set(framing.CATEGORY_ORDER) == set(lex["categories"])
    for name, spec in lex["categories"].items():
        assert spec["title"] and len(spec["definition"]) > 40 and spec["source"], name
        for term in spec["terms"]:
            assert term == term.lower().strip(), term


def test_terms_longest_match_first():
    art = Article.from_text("904", "A precision strike and an air strike; the ceasefire held, the armistice too. "
                                   "Officials hailed a significant breakthrough.")
    got = [(h.category, h.term) for h in find_terms(art)]
    assert got == [("force", "precision strike"), ("force", "air strike"), ("truce", "ceasefire"),
                   ("truce", "armistice"), ("praise", "significant breakthrough")]


def test_category_counts_on_kit(kit):
    counts = category_counts(kit)
    # 004: ceasefire ×4, truce, armistice ("peace agreement" is not a ceasefire word: review 04-4)
    assert [counts[a]["truce"] for a in kit] == [0, 0, 0, 3, 6]
    assert counts["004"]["metonyms"] == 7     # West Jerusalem ×3, Beirut ×3, the Jewish State
    assert counts["003"]["killing"] == 2      # assassinated, killed


# --- keyness ------------------------------------------------------------------------------
def test_word_frequent_only_in_target_ranks_top():
    target = "harbour harbour harbour harbour ship ship talks talks".split()
    reference = ("talks talks talks ship ship ship ship border border border " * 3).split()
    ranked = keyness(target, reference, min_count=1)
    assert ranked[0].word == "harbour"
    assert ranked[0].reference == 0 and ranked[0].direction == "+"
    under = keyness(target, reference, direction="-")
    assert under[0].word == "border"


def test_log_likelihood_matches_the_formula():
    a, b, c, d = 5, 2, 100, 400
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    expected = 2 * (a * math.log(a / e1) + b * math.log(b / e2))
    assert log_likelihood(a, b, c, d) == pytest.approx(expected)
    assert log_likelihood(3, 12, 100, 400) == 0.0        # same relative frequency


def test_article_keyness_on_kit(kit):
    top = article_keyness(kit, "004", top=3)
    assert {k.word for k in top} == {"agreement", "jerusalem", "west"}
    assert all(k.ll == pytest.approx(11.38) for k in top)


def test_collocations_use_kit_stopwords(kit):
    pairs = dict(collocations(kit, top=40))
    assert "west jerusalem" in pairs and "prime minister" in pairs
    assert not any(w in ("the", "of", "and") for p in pairs for w in p.split())


# --- concordance and figure ---------------------------------------------------------------
def test_actor_concordance_lists_sentence_ids(kit):
    lines = framing.actor_concordance(kit, "Russia")
    assert len(lines) == 2 and all(line.startswith("001:") for line in lines)


def test_heatmap_draws(kit):
    import matplotlib
    matplotlib.use("Agg")
    ax = framing.plot_category_heatmap(kit)
    assert len(ax.texts) == 5 * len(framing.CATEGORY_ORDER)
    import matplotlib.pyplot as plt
    plt.close(ax.figure)


# --- CLI ----------------------------------------------------------------------------------
def test_cli_text_and_bad_file(tmp_path, capsys):
    good = tmp_path / "new.txt"
    good.write_text(NEW_ARTICLE.replace("Voltaria Front", "Hamas"), encoding="utf-8")
    code = main(["framing", str(good), str(tmp_path / "missing.txt")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "missing.txt: no such file" in err and len(err.strip().splitlines()) == 1
    assert "Hamas (organisation):" in out and "the outlawed separatist rebel group" in out
    assert "Key words against the kit's articles" in out    # one good file: the kit is the reference


def test_cli_json(capsys):
    files = [str(a.path) for a in load_articles().values()][3:5]
    assert main(["framing", *files, "--json", "--lexicon", "kit"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["article"] for d in data] == ["003", "004"]
    hez = next(a for a in data[1]["actors"] if a["actor"] == "Hezbollah")
    labels = [(lab["label"], lab["kind"], lab["sentence"]) for lab in hez["labels"]]
    assert ("the military group", "descriptor", "004:s2") in labels
    first = data[1]["loaded_words"]["truce"][0]
    assert (first["term"], first["sentence"]) == ("ceasefire", "004:s1")
    text = load_articles()["004"].text
    assert text[first["start"]:first["end"]] == first["text"]          # offsets into the file's text
    assert all(text[lab["start"]:lab["end"]] == lab["label"] for lab in hez["labels"])


def test_cli_folder_and_general_lexicon(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(COUNCIL_STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(RIVER_STORY, encoding="utf-8")
    assert main(["framing", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["article"] for d in data] == ["a", "b"]
    assert {"intensity", "violence", "blame", "labels", "stance verbs"} <= set(data[0]["loaded_words"])
    assert "Maria Okafor" in {a["actor"] for a in data[0]["actors"]}


def test_cli_binary_file(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    assert main(["framing", str(bad)]) == 1
    assert "not a UTF-8 text file" in capsys.readouterr().err


# --- the answer key: every quote verbatim -------------------------------------------------
def test_key_quotes_are_verbatim(kit):
    key = framing.kit_reading()
    if key is None:
        pytest.skip("answer key not present")

    def text(sid):
        return kit[sid.split(":")[0]].sentence(sid).text

    for actor, per_article in key["actor_labels"].items():
        for aid, items in per_article.items():
            for it in items:
                assert it["sentence"].startswith(aid + ":")
                assert it["category"] in key["actor_label_categories"]
                assert it["label"] in text(it["sentence"]), (actor, it)
    for it in key["loaded_terms"]:
        assert it["category"] in key["loaded_term_categories"]
        assert it["term"] in text(it["sentence"]), it
    for aid, sheet in key["entman"].items():
        for col in ("problem_definition", "causal_interpretation", "moral_evaluation", "treatment_recommendation"):
            assert sheet[col], (aid, col)
            for it in sheet[col]:
                assert it["quote"] in text(it["sentence"]), (aid, it)
    assert set(key["omissions"]) == set(kit) == set(key["headlines"])


# --- the engine on fresh text (issue 14) ----------------------------------------------------
# These two paragraphs were written for this test on 2026-12-02 at 16:13 UTC and added to this
# file BEFORE the general lexicon (medialit/data/loaded_words.json) and the actor finder of
# medialit.framing_engine were written. At that moment the old helper found 1 of the 9 loaded
# words below ("militant") and no actor. Do not tune the lexicon to these sentences: add whole
# word families and record the method in the lexicon's "method" field.
COUNCIL_STORY = """Dunmore council votes to slash youth centre funding
Councillors in Dunmore voted on Tuesday to slash funding for the town's three youth centres by half, a move the opposition Green Party called reckless.
"This is a betrayal of every family in the east end," said Maria Okafor, the party's leader on the council.
Furious parents stormed the public gallery before the vote, and the outcry spread online within hours.
Council leader Tom Brandt insisted the cuts were unavoidable.
One resident compared the council to a regime that ignores its own citizens, while a local newspaper called the organisers of the protest a militant fringe.
The Dunmore Residents' Association, a volunteer group founded in 1998, said it would ask a court to review the decision.
"""
COUNCIL_LOADED = ("slash", "reckless", "betrayal", "furious", "stormed", "outcry", "regime", "insisted", "militant")

# Another topic, to show the lexicon and the actor finder are not built for one story.
RIVER_STORY = """Harlow Mining fined after river spill
Regulators fined Harlow Mining two million pounds on Friday after toxic waste from its Crane Hill site poisoned a stretch of the River Wenn.
Environmental campaigners accused the company of a cover-up and of "shameful contempt" for local people.
Chief executive Sarah Lind, a former government adviser, admitted mistakes but claimed the damage had been exaggerated by activists.
The Wenn Valley Anglers' Club, which has about 400 members, called the fine a slap on the wrist.
Villagers spoke of a devastating blow to tourism, and one farmer said the firm's bosses were "thugs in suits".
Lind said the company would pay for the clean-up.
"""
RIVER_LOADED = ("poisoned", "cover-up", "shameful", "contempt", "admitted", "claimed", "exaggerated",
                "slap on the wrist", "devastating", "thugs")


def test_engine_finds_loaded_words_in_a_fresh_paragraph():
    from medialit.framing_engine import find_loaded_words

    found = {hit.text.lower() for hit in find_loaded_words(COUNCIL_STORY)}
    hits = [w for w in COUNCIL_LOADED if any(w in f.split() or w == f for f in found)]
    assert len(hits) >= 8, (hits, found)


def test_engine_finds_actors_and_labels_in_a_fresh_paragraph():
    from medialit.framing_engine import find_actors

    actors = {a.name: a for a in find_actors(COUNCIL_STORY)}
    for name in ("Green Party", "Maria Okafor", "Tom Brandt", "Dunmore Residents' Association"):
        assert name in actors, (name, sorted(actors))
    labels = {(a.name, lab.label) for a in actors.values() for lab in a.labels}
    assert ("Maria Okafor", "the party's leader") in labels
    assert ("Tom Brandt", "Council leader") in labels
    assert ("Dunmore Residents' Association", "a volunteer group") in labels
    groups = {a.name for a in actors.values() if a.kind == "role"}
    assert {"councillors", "parents"} <= groups, groups
    assert "Tuesday" not in actors and "This" not in actors


def test_engine_generalises_to_another_topic():
    from medialit.framing_engine import find_actors, find_loaded_words

    found = {hit.text.lower() for hit in find_loaded_words(RIVER_STORY)}
    hits = [w for w in RIVER_LOADED if w in found]
    assert len(hits) >= 8, (hits, found)
    actors = {a.name: a for a in find_actors(RIVER_STORY)}
    assert {"Harlow Mining", "Sarah Lind", "Wenn Valley Anglers' Club"} <= set(actors), sorted(actors)
    lind = actors["Sarah Lind"]
    assert {"Chief executive", "a former government adviser"} <= {lab.label for lab in lind.labels}
    assert lind.mentions == 2                      # "Lind said" is the same person
    assert actors["River Wenn"].kind == "place"


def test_engine_imports_no_matplotlib():
    import subprocess
    import sys

    code = ("import sys, medialit.framing_engine, medialit.framing, medialit.overlap_engine, medialit.overlap; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_general_lexicon_is_documented():
    from medialit.framing_engine import load_lexicon

    lex = load_lexicon()
    assert lex["method"] and lex["licence"] and lex["references"]
    assert {"intensity", "violence", "blame", "labels"} <= set(lex["categories"])
    for name, spec in lex["categories"].items():
        assert spec["title"] and len(spec["definition"]) > 40 and spec["source"], name
        for line in spec["terms"]:
            assert line == line.lower().strip() and "||" not in line, line


def test_seed_table_merges_aliases():
    from medialit.framing import DEFAULT_ACTORS
    from medialit.framing_engine import find_actors

    text = "West Jerusalem has warned Beirut. The IDF said Israeli jets struck. Jo Marr, a farmer, fled."
    actors = {a.name: a for a in find_actors(text, seed=DEFAULT_ACTORS)}
    assert actors["Israel"].kind == "state" and actors["Israel"].mentions == 3
    assert actors["Jo Marr"].kind == "person"


def test_engine_labels_of_an_unseen_group_without_a_seed():
    from medialit.framing_engine import find_actors

    text = ("Talks resumed on Monday. Israeli jets struck a depot of the militant group Hezbollah near Tyre. "
            "Hezbollah, the Iran-backed party, denied any role, and the group said it would respond.")
    actors = {a.name: a for a in find_actors(text)}
    labels = [(lab.kind, lab.label) for lab in actors["Hezbollah"].labels]
    assert labels == [("descriptor", "the militant group"), ("appositive", "the Iran-backed party"),
                      ("anaphor", "the group")]
    assert "Israeli" in actors and actors["Tyre"].kind == "place" and "Monday" not in actors
