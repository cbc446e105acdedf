"""Tests for medialit.overlap: texts written for the tests, then the five articles."""
import json
import pytest

from medialit import overlap
from medialit.corpus import load_articles

# --- texts written for the tests ------------------------------------------------
# A short fictional report, then: a copy with synonyms swapped (two or three words
# per sentence), a copy with its sentences in reverse order, and an independent
# report of the same (fictional) event by another writer: same names, same topic,
# its own words.
ORIGINAL = (
    "Heavy rain flooded the old harbour of Port Amsel on Tuesday night, the town council said.\n"
    "Water rose more than a metre above the quay and forced forty families to leave their homes before dawn.\n"
    "Fire crews from three nearby villages pumped water out of the market square until late on Wednesday.\n"
    "The mayor, Ilse Varga, called the flood the worst the town had seen in twenty years.\n"
    "Engineers had warned in a report last spring that the sea wall was too low for winter storms.\n"
    "The council will meet on Friday to decide how to pay for repairs to the harbour and the sea wall.\n"
)
SYNONYMS = (
    "Heavy rain swamped the old harbour of Port Amsel on Tuesday evening, the town council stated.\n"
    "Water climbed more than a metre above the quay and forced forty households to leave their homes before sunrise.\n"
    "Fire teams from three nearby villages pumped water out of the central square until late on Wednesday.\n"
    "The mayor, Ilse Varga, described the flood as the worst the town had seen in two decades.\n"
    "Engineers had cautioned in a study last spring that the sea wall was too low for winter gales.\n"
    "The council will gather on Friday to decide how to fund repairs to the harbour and the sea wall.\n"
)
REORDERED = "\n".join(reversed(ORIGINAL.strip().split("\n"))) + "\n"
SAME_TOPIC = (
    "Port Amsel is counting the cost of a storm that sent the sea over its harbour wall.\n"
    "Residents of the quay district spent Tuesday night in the sports hall after the flood reached their doors.\n"
    "Mayor Ilse Varga said repairs to the harbour would cost millions and asked the region for help.\n"
    "Volunteers and fire crews worked through Wednesday to clear mud from the market.\n"
    "Some residents said the council had ignored warnings about the wall for years.\n"
)
OTHER_TOPIC = (
    "The school orchestra of Port Amsel gave its spring concert in the church on Sunday.\n"
    "Forty pupils played music by three local composers to a full house.\n"
)
TEST_TEXTS = {"original": ORIGINAL, "synonyms": SYNONYMS, "reordered": REORDERED, "same-topic": SAME_TOPIC}


@pytest.fixture(scope="module")
def articles():
    return load_articles()


@pytest.fixture(scope="module")
def grouping(articles):
    return overlap.group_articles(articles)


# --- measures ------------------------------------------------------------------
def test_identical_texts_have_jaccard_one_and_disjoint_zero():
    assert overlap.jaccard(overlap.ngram_set(ORIGINAL), overlap.ngram_set(ORIGINAL)) == 1.0
    assert overlap.jaccard(overlap.ngram_set(ORIGINAL), overlap.ngram_set(OTHER_TOPIC)) == 0.0


def test_ngrams_use_corpus_words_and_nltk():
    # possessive 's dropped, lower-cased, as medialit.corpus.words does
    assert ("lebanon", "foreign", "ministry", "has", "hailed") in overlap.ngram_set("Lebanon’s foreign ministry has hailed it.")


def test_synonym_copy_keeps_some_wording_and_all_the_topic():
    ev = overlap.compare(ORIGINAL, SYNONYMS)
    indep = overlap.compare(ORIGINAL, SAME_TOPIC)
    # the copy loses most of its 5-grams to the swaps, but keeps far more than an independent text
    assert 0.1 < ev.ngram_jaccard < 0.5
    assert ev.ngram_jaccard > 10 * max(indep.ngram_jaccard, 0.005)
    assert ev.topic_jaccard > 0.5
    assert ev.order["kendall_tau"] == 1.0 and ev.order["aligned"] == 6


def test_reordered_copy_shares_wording_but_not_order():
    ev = overlap.compare(ORIGINAL, REORDERED)
    assert ev.ngram_jaccard == 1.0           # 5-grams stay inside sentences: order does not matter
    assert ev.order == {"aligned": 6, "in_order": 1, "kendall_tau": -1.0}
    # the longest passage is the longest sentence, whole, with its id on both sides
    longest = ev.longest
    assert (longest.sentence_a, longest.sentence_b) == ("a:s6", "b:s1")
    assert longest.length == 20
    assert longest.text_a == longest.text_b == ORIGINAL.split("\n")[5].rstrip(".")


def test_same_topic_independent_text_shares_topic_words_not_5grams():
    ev = overlap.compare(ORIGINAL, SAME_TOPIC)
    assert ev.topic_jaccard > 0.15
    assert ev.ngram_jaccard < 0.01
    assert ev.topic_jaccard > 20 * ev.ngram_jaccard
    assert all(p.length < 8 for p in ev.passages)


def test_passages_are_verbatim_with_sentence_ids():
    a = overlap.as_article(ORIGINAL, "a")
    b = overlap.as_article(SYNONYMS, "b")
    passages = overlap.shared_passages(a, b)
    assert passages and passages == sorted(passages, key=lambda p: -p.length)
    for p in passages:
        assert p.text_a in a.sentence(p.sentence_a).text
        assert p.text_b in b.sentence(p.sentence_b).text
        assert len(p.text_a.split()) >= p.length >= 5


def test_order_agreement_handles_short_alignments():
    assert overlap.order_agreement([]) == {"aligned": 0, "in_order": 0, "kendall_tau": None}
    assert overlap.longest_increasing_run([3, 2, 1]) == 1


def test_grouping_of_test_texts():
    g = overlap.group_articles(TEST_TEXTS)
    assert g.groups == [["original", "synonyms", "reordered"], ["same-topic"]]
    assert g.margin > 10
    assert {f"{p.a}-{p.b}" for p in g.links} >= {"original-synonyms", "original-reordered"}


def test_threshold_is_what_groups():
    # at 1.0 only a copy with exactly the same 5-grams links: the reordered one
    g = overlap.group_articles(TEST_TEXTS, threshold=1.0)
    assert g.groups == [["original", "reordered"], ["synonyms"], ["same-topic"]]
    alone = overlap.group_articles({"x": ORIGINAL, "y": OTHER_TOPIC})
    assert alone.groups == [["x"], ["y"]] and alone.min_within is None and alone.margin is None


def test_similarity_matrix_is_symmetric():
    ids, rows = overlap.similarity_matrix(TEST_TEXTS, "topic")
    assert ids == list(TEST_TEXTS)
    assert all(rows[i][j] == rows[j][i] for i in range(4) for j in range(4))
    with pytest.raises(ValueError):
        overlap.similarity_matrix(TEST_TEXTS, "cosine")


# --- the five articles -----------------------------------------------------------
def test_five_articles_group_into_one_shared_origin_and_two_independent(grouping):
    assert grouping.groups == [["000", "001", "002"], ["003"], ["004"]]


def test_five_articles_margin_is_wide(grouping):
    # measured: weakest inside link 000-001 = 0.0376, strongest across 002-004 = 0.0026 (14.4x)
    assert grouping.min_within > 0.03
    assert grouping.max_between < 0.005
    assert grouping.margin > 10


def test_topic_words_alone_separate_far_less_clearly(grouping):
    within = min(p.topic_jaccard for p in grouping.within)     # 0.310 (000-001)
    between = max(p.topic_jaccard for p in grouping.between)   # 0.163 (003-004)
    assert within > between
    assert within / between < 3 < grouping.margin


def test_five_articles_longest_passage(grouping):
    top = overlap.top_passages(grouping.pairs, 1)[0]
    assert (top.a, top.b, top.length) == ("000", "002", 24)
    assert (top.sentence_a, top.sentence_b) == ("000:s2", "002:s4")
    assert "according to reports from LBCI TV channel, which cited unnamed sources" in top.text_a


def test_shared_sentences_keep_their_order_in_the_copies(grouping):
    for p in grouping.within:
        assert p.order["aligned"] >= 6 and p.order["kendall_tau"] >= 0.8


# --- the command -----------------------------------------------------------------
def run_cli(capfd, *args):
    from medialit.cli import main

    code = main(["overlap", *args])
    out, err = capfd.readouterr()
    return code, out, err


def test_cli_table_and_bad_file(tmp_path, capfd):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ORIGINAL, encoding="utf-8")
    b.write_text(REORDERED, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00 not utf-8")
    code, out, err = run_cli(capfd, str(a), str(tmp_path / "missing.txt"), str(bad), str(b))
    assert code == 1
    assert err.count("\n") == 2 and "missing.txt: no such file" in err and "bad.txt: not a UTF-8" in err
    assert "a-b" in out and "source 1: a, b" in out


def test_cli_json_on_articles(articles, capfd):
    code, out, err = run_cli(capfd, *[str(art.path) for art in articles.values()], "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["groups"] == [["000", "001", "002"], ["003"], ["004"]]
    assert len(data["pairs"]) == 10 and data["top_passages"][0]["words"] == 24


def test_cli_needs_two_files(tmp_path, capfd):
    code, out, err = run_cli(capfd, str(tmp_path / "nothing.txt"))
    assert code == 1 and "at least two" in err


# --- the kit's reading (solutions/keys/05_one_story_or_five.json) -----------------
@pytest.fixture(scope="module")
def key():
    from medialit.corpus import KIT_ROOT

    path = KIT_ROOT / "solutions" / "keys" / "05_one_story_or_five.json"
    if not path.exists():
        pytest.skip("no answer key in this release")
    return json.loads(path.read_text(encoding="utf-8"))


def test_claim_matrix_quotes_are_verbatim(key, articles):
    claims = overlap.load_claims(key)
    assert len(claims) >= 10
    for c in claims:
        assert set(c.cells) == set(articles), c.id
        for aid, cell in c.cells.items():
            assert cell["status"] in overlap.CLAIM_STATUSES, (c.id, aid)
            if cell["status"] != "absent":
                assert cell["sentence"].startswith(aid + ":")
                assert cell["evidence"] in articles[aid].sentence(cell["sentence"]).text, (c.id, aid)


def test_single_source_and_mutation_quotes_are_verbatim(key, articles):
    claims = {c.id: c for c in overlap.load_claims(key)}
    for s in key["single_source"]:
        assert s["evidence"] in articles[s["article"]].sentence(s["sentence"]).text, s["id"]
        assert s["search"] and s["where"] and s["confirmation"]
        # a single-source claim has one independent source behind it
        carried = claims[s["claim"]].carried_by()
        assert s["article"] in carried
    for m in key["mutations"]:
        for sid, quote in m["steps"]:
            assert quote in articles[sid.split(":")[0]].sentence(sid).text, (m["id"], sid)


def test_key_grouping_numbers_match_the_measurement(key, grouping):
    k = key["grouping"]
    assert k["groups"] == grouping.groups
    assert k["min_within"] == round(grouping.min_within, 4)
    assert k["max_between"] == round(grouping.max_between, 4)
    for p in grouping.pairs:
        assert k["pairs"][f"{p.a}-{p.b}"]["5gram_jaccard"] == round(p.ngram_jaccard, 4)


def test_claim_support_counts_groups_not_articles(key, grouping):
    rows = {r["claim"]: r for r in overlap.claim_support(overlap.load_claims(key), grouping)}
    assert (rows["c4"]["articles"], rows["c4"]["sources"]) == (3, 1)    # three retellings, one source
    assert (rows["c2"]["articles"], rows["c2"]["sources"]) == (4, 2)
    assert (rows["c12"]["articles"], rows["c12"]["sources"]) == (2, 2)
    single = [r["claim"] for r in rows.values() if r["articles"] == 1]
    assert set(single) >= {"c8", "c9", "c10", "c15"}


# --- paraphrase: few 5-grams, many content words in the same order (issue 14, review H4) ---------
# Written for these tests on 2026-12-02 before the paraphrase check was written. For each
# original: a thorough paraphrase (every sentence reworded, the order kept), and for the second
# topic also a light rewrite, an independent report of the same event and an unrelated text.
PARAPHRASE = (
    "According to the town council, the old port of Port Amsel was under water on Tuesday night after heavy rainfall.\n"
    "Before sunrise forty households had to abandon their houses as the sea climbed over a metre higher than the quay.\n"
    "Until late Wednesday, firefighters from three neighbouring villages were pumping the market square dry.\n"
    "Ilse Varga, the mayor, said no flood in twenty years had hit the town so hard.\n"
    "A report written by engineers last spring had already warned that winter storms could top the low sea wall.\n"
    "On Friday the council is to meet and decide who pays to repair the sea wall and the harbour.\n"
)
FERRY = (
    "The ferry between Kell and the island of Orsa will stop running on 1 March, the shipping company Nordline said on Monday.\n"
    "Nordline said the route had lost money for six years and that the ship needed repairs it could not afford.\n"
    "About 300 people live on Orsa, and most of them travel to Kell for school, work and the doctor.\n"
    "The island's councillor, Petra Holm, said the decision would cut Orsa off from the mainland.\n"
    "The regional government has promised to look for another operator before the summer.\n"
)
FERRY_LIGHT = (
    "The ferry between Kell and the island of Orsa will stop sailing on 1 March, the shipping firm Nordline announced on Monday.\n"
    "Nordline said the route had lost money for six years and that the vessel needed repairs it could not pay for.\n"
    "About 300 people live on Orsa, and most of them travel to Kell for school, jobs and the doctor.\n"
    "The island's councillor, Petra Holm, said the decision would cut Orsa off from the mainland.\n"
    "The regional government has pledged to look for another operator before the summer.\n"
)
FERRY_PARAPHRASE = (
    "Nordline, the shipping company, announced on Monday that its Kell to Orsa ferry service ends on 1 March.\n"
    "After six years of losses on the route, the company cannot pay for the repairs its ship now needs, it said.\n"
    "Orsa has roughly 300 residents, who mostly depend on trips to Kell to reach their schools, jobs and doctors.\n"
    "Petra Holm, who represents the island on the council, warned that Orsa would be cut off from the mainland.\n"
    "Before summer, the regional government will try to find a different operator, it has promised.\n"
)
FERRY_INDEPENDENT = (
    "Islanders on Orsa held a meeting in the school hall on Tuesday evening to plan how to keep a boat link to Kell.\n"
    "Fishermen offered to carry passengers in the spring, but said they had no licence for it.\n"
    "Councillor Petra Holm told the meeting she had written to the transport minister.\n"
    "Nordline, which has run the route since 2009, did not answer questions about selling its ship.\n"
    "A petition to save the ferry had 2,400 signatures by Wednesday.\n"
)
FERRY_UNRELATED = (
    "The Kell football club lost its home match against Brenna 2-0 on Saturday.\n"
    "The coach said his young team had played well in the first half but tired after the break.\n"
    "The club plays its next match away on Sunday week.\n"
)
PAIRS = {   # (a, b) -> what the pair is
    "light rewrite": (ORIGINAL, SYNONYMS),
    "thorough paraphrase": (ORIGINAL, PARAPHRASE),
    "independent report": (ORIGINAL, SAME_TOPIC),
    "unrelated": (ORIGINAL, OTHER_TOPIC),
    "ferry light rewrite": (FERRY, FERRY_LIGHT),
    "ferry thorough paraphrase": (FERRY, FERRY_PARAPHRASE),
    "ferry independent report": (FERRY, FERRY_INDEPENDENT),
    "ferry unrelated": (FERRY, FERRY_UNRELATED),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_paraphrase_check_on_pairs_we_wrote(name):
    a, b = PAIRS[name]
    ev = overlap.compare(a, b)
    linked = ev.ngram_jaccard >= overlap.DEFAULT_THRESHOLD
    flagged = ev.paraphrase is not None
    if "light" in name:
        assert linked and not flagged          # the 5-grams already link it
    elif "paraphrase" in name:
        assert not linked and flagged, (ev.ngram_jaccard, ev.content_order)
        assert ev.paraphrase["aligned"] >= 4 and ev.paraphrase["in_order"] >= 4
    else:
        assert not linked and not flagged, (name, ev.content_order)


def test_paraphrase_caveat_is_printed_with_aligned_sentences(capsys):
    g = overlap.group_articles({"original": ORIGINAL, "paraphrase": PARAPHRASE, "other": SAME_TOPIC})
    assert g.groups == [["original"], ["paraphrase"], ["other"]]      # 5-grams do not link them
    overlap.print_grouping(g)
    out = capsys.readouterr().out
    assert "paraphrase cannot be ruled out: original-paraphrase" in out
    assert "original-other" not in out.split("paraphrase cannot be ruled out")[1]
    overlap.print_paraphrases(g.pairs)
    out = capsys.readouterr().out
    assert "original:s4" in out and "paraphrase:s4" in out and "Ilse Varga" in out


def test_print_grouping_says_the_actual_n(articles, capsys):
    overlap.print_grouping(overlap.group_articles(articles, n=3))
    out = capsys.readouterr().out
    assert "links (3-gram Jaccard >= 0.02)" in out and "5-gram" not in out


def test_cli_paraphrase_caveat_and_folder(tmp_path, capfd):
    for name, text in (("original", ORIGINAL), ("paraphrase", PARAPHRASE), ("other", OTHER_TOPIC)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    code, out, err = run_cli(capfd, str(tmp_path))
    assert code == 0, err
    assert "paraphrase cannot be ruled out" in out and "original-paraphrase" in out
    code, out, err = run_cli(capfd, str(tmp_path), "--json")
    data = json.loads(out)
    assert [f"{p['a']}-{p['b']}" for p in data["possible_paraphrases"]] == ["original-paraphrase"]
