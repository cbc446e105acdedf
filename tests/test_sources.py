"""Tests for medialit.sources: sentences written for the tests, the CLI, then the five articles
against the kit's own reading (solutions/keys/02_who_says_so.json)."""
import json
import pytest

from conftest import KIT_ROOT
from medialit import sources
from medialit.corpus import Article, load_articles
from medialit.grading import load_key
from medialit.sources import classify_source, find_hedges, label_sentence

# --- sentences written for the tests: (sentence, label, words the cue must contain) -------
CASES = [
    # reporting verbs and named speakers
    ("Foreign Minister Jean Dupont said the border would reopen on Monday.", "NAMED_PERSON", "said"),
    ("Dupont told reporters that the border would reopen.", "NAMED_PERSON", "told"),
    ("The border will reopen on Monday, Dupont said.", "NAMED_PERSON", "Dupont said"),
    # quotes before and after the speaker
    ("“The border will reopen,” said Foreign Minister Jean Dupont.", "NAMED_PERSON", "said"),
    ("Jean Dupont said: “The border will reopen.”", "NAMED_PERSON", "said"),
    # institutions, offices, spokespeople, states as speakers
    ("The health ministry said 12 people were injured.", "NAMED_INSTITUTION", "said"),
    ("A spokesman for the prime minister described the talks as useful.", "NAMED_INSTITUTION", "described"),
    ("According to a statement from the president's office, the visit was cancelled.", "NAMED_INSTITUTION", "According to"),
    ("Paris has warned that it may recall its ambassador.", "NAMED_INSTITUTION", "warned"),
    ("The attack was confirmed by the army on Tuesday.", "NAMED_INSTITUTION", "confirmed by"),
    ("The plan was described as historic by supporters.", "UNNAMED", "described as historic by"),
    ("Two councillors who voted against it said the cost was too high.", "UNNAMED", "said"),
    # media outlets and chains
    ("According to Reuters, the talks will resume next week.", "MEDIA_OUTLET", "According to Reuters"),
    ("Local media reported that three people were killed.", "UNNAMED", "reported"),   # no outlet named (02-9)
    ("The minister resigned, according to a source cited by the BBC.", "UNNAMED", "cited by"),
    ("A senior commander told AFP that the convoy was hit twice.", "UNNAMED", "told AFP"),
    ("The meeting took place in Geneva, the ministry said, as cited by media.", "NAMED_INSTITUTION", "as cited by media"),
    # unnamed sources
    ("Officials familiar with the plan said it would be announced on Friday.", "UNNAMED", "said"),
    ("Sources said the deal was signed late on Sunday.", "UNNAMED", "Sources said"),
    ("The plan, two diplomats said, includes a new buffer zone.", "UNNAMED", "said"),
    ("Witnesses reported hearing three explosions.", "UNNAMED", "reported"),
    ("The strike hit a school, according to local residents.", "UNNAMED", "according to"),
    ("The fighting spread, and officials said the road was closed.", "UNNAMED", "officials said"),
    # hedges without a source
    ("The convoy was reportedly hit near the border.", "HEDGE_ONLY", "reportedly"),
    ("The commander is believed to have fled the city.", "HEDGE_ONLY", "believed to"),
    ("The envoy was said to have played a key role.", "HEDGE_ONLY", "was said to"),
    ("Officials reportedly urged both sides to stop.", "HEDGE_ONLY", "reportedly"),
    # negations attribute nothing
    ("The army did not confirm the number of casualties.", "UNATTRIBUTED", None),
    ("No casualties were confirmed.", "UNATTRIBUTED", None),
    # claims with no source; commentary
    ("The bridge was closed for three days in March.", "UNATTRIBUTED", None),
    ("While the talks stalled, the bridge was closed for three days.", "UNATTRIBUTED", None),
    ("The attack was a reminder — analysts say — of how fragile the truce is.", "UNATTRIBUTED", None),
    ("These events highlight the fragile nature of the truce.", "NONE", "highlight"),
    ("The future of the region will depend on the next round of talks.", "NONE", "will depend"),
]


# --- the sentences of issue 14 and review H1 (real-news phrasings the old helper missed) --------
ISSUE_14 = [
    ("The campaign says the ad will air nationally next week.", "NAMED_INSTITUTION"),
    ("Clinton now says she opposes the deal.", "NAMED_PERSON"),
    ("The state's campaign chairman, Phil Lovas, said he cannot comment on the race.", "NAMED_PERSON"),
    ("The commission says on its website that the debate will go ahead.", "NAMED_INSTITUTION"),
    ("Clinton beats Trump by 46 percent to 42 percent, according to the poll.", "NAMED_INSTITUTION"),
    ("A reporter for USA Today spotted Stein at the rally and reported her presence on Twitter.", "MEDIA_OUTLET"),
    ("Senior Hezbollah official Ali Damush said the group would not disarm.", "NAMED_PERSON"),
    ("Israeli defence minister Israel Katz said the army would keep up its strikes.", "NAMED_PERSON"),
    ("Ali Ammar, a Hezbollah lawmaker, said on Sunday that the talks were a trap.", "NAMED_PERSON"),
    ("The report noted that the talks had been postponed twice.", "MEDIA_OUTLET"),
    ("Saudi news outlet Hadath reported that the envoy had left Beirut.", "MEDIA_OUTLET"),
    ("Local assessments indicated that the damage was extensive.", "UNNAMED"),
    # review H1
    ("Hezbollah official Ali Haddad said the group had not been consulted.", "NAMED_PERSON"),
    ("Qatari news outlet Nabd reported that four people were killed.", "MEDIA_OUTLET"),
    ("Axios quoted a source familiar with the plan as saying the deal was close.", "UNNAMED"),
    ("U.S. officials hope the talks will resume next week.", "UNNAMED"),
    ("The source, who requested anonymity, revealed that a second meeting was planned.", "UNNAMED"),
    ("In a statement, the movement said it would respond.", "NAMED_INSTITUTION"),
    ("However, the Prime Minister contradicted the claim, stressing that no deal had been signed.",
     "NAMED_INSTITUTION"),
    ("Mayor Dana Reyes had promised that no centre would close.", "NAMED_PERSON"),
]

# --- more sentences of our own, written into this file (with the label the kit's rules give)
# BEFORE the helper was run on any of them: a fair test is text the helper was not tuned on.
# On the first run 20 of these 23 were right; the three misses ("Police have learned",
# "…, the Daily Ledger reported, citing two aides", "A study by the Larsen Institute found")
# were fixed by general rules (regular past tenses of irregular-looking verbs, "citing X" as the
# inner link of a chain, a document named by its author), not by words of these sentences.
WRITTEN_BEFORE_RUNNING = [
    ("The electoral commission is warning that turnout could fall below 40 percent.", "NAMED_INSTITUTION"),
    ("Police have learned that the suspect left the city on Friday.", "NAMED_INSTITUTION"),
    ("“The bridge is safe,” said Tomas Varga, the region's chief engineer.", "NAMED_PERSON"),
    ("Mira Solberg, a spokeswoman for the port authority, told the Coastal Times that ships were delayed.",
     "NAMED_PERSON"),
    ("According to Health Minister Rafael Ortiz, 40 clinics will close.", "NAMED_PERSON"),
    ("The union said in a statement on Tuesday that the strike would continue.", "NAMED_INSTITUTION"),
    ("The ministry says on its website that the border crossing is open.", "NAMED_INSTITUTION"),
    ("Ortiz's claim that the clinics were empty was disputed by doctors.", "UNNAMED"),
    ("Several residents told reporters they had heard gunfire.", "UNNAMED"),
    ("Clinton is now saying that the deal was a mistake.", "NAMED_PERSON"),
    ("She has repeatedly warned that the plan would fail.", "UNNAMED"),      # nobody to point back to
    ("“We will not leave,” one protester shouted.", "UNNAMED"),
    ("The Daily Ledger reported that the mayor had resigned.", "MEDIA_OUTLET"),
    ("The mayor had resigned, the Daily Ledger reported, citing two aides.", "UNNAMED"),   # chain, R3
    ("Analysts say the currency could lose a fifth of its value.", "UNNAMED"),
    ("The currency could lose a fifth of its value, a senior banker said.", "UNNAMED"),
    ("The plant was reportedly closed for repairs.", "HEDGE_ONLY"),
    ("The governor did not say when the curfew would end.", "UNATTRIBUTED"),
    ("A study by the Larsen Institute found that rents rose by 12 percent.", "NAMED_INSTITUTION"),
    ("Ahmed Karimi, 54, a shopkeeper in the old market, said prices had doubled.", "NAMED_PERSON"),
    ("The talks collapsed on Monday.", "UNATTRIBUTED"),
    ("In a post on social media, the senator called the ruling “a disgrace”.", "NAMED_INSTITUTION"),
    ("Witnesses said the convoy was hit twice, and the army later confirmed the strike.", "UNNAMED"),
]


@pytest.mark.parametrize("text,label", ISSUE_14 + WRITTEN_BEFORE_RUNNING,
                         ids=[c[0][:40] for c in ISSUE_14 + WRITTEN_BEFORE_RUNNING])
def test_labels_real_news_phrasings(text, label):
    result = label_sentence(text)
    assert result.label == label, result.reason


# --- issue 14, speech recall: one invented sentence per pattern added (counts on PolNeAR train are
# in the engine's comments and the issue log); (sentence, label, source the helper must name)
SPEECH_PATTERNS = [
    # a fronted adverbial before the subject of "…, saying" / "… to say"
    ("On Monday, Mayor Dana Reyes toured the flooded district, saying the repairs would take a year.",
     "NAMED_PERSON", "Mayor Dana Reyes"),
    ("As the hearing dragged on, Senator Ola Berg took to the radio to say the bill was dead.",
     "NAMED_PERSON", "Senator Ola Berg"),
    # the subject of the clause "to say" hangs on; the object of "led X to say"
    ("The room was so quiet that Councillor Ines Mardale was prompted to say the vote was over.",
     "NAMED_PERSON", "Councillor Ines Mardale"),
    ("The defeat led party chairman Tomas Lind to concede that the vote was lost.",
     "NAMED_PERSON", "party chairman Tomas Lind"),
    # the words of a text: whoever put the text out, or the text itself
    ("The dockers' union released a statement on Friday saying the strike would go on.",
     "NAMED_INSTITUTION", "The dockers' union"),
    ("A protester held up a sign reading “Save the harbour.”", "UNNAMED", "A protester"),
    ("The council posted a notice that said the pool would close.", "NAMED_INSTITUTION", "The council"),
    ("The watchdog published a report detailing failures at the port.", "NAMED_INSTITUTION", "The watchdog"),
    ("Residents received a message that said the water was unsafe.", "UNNAMED", "a message"),
    # aspect: "is already claiming", "began talking about", "spoke … about"
    ("The campaign is already claiming victory in the northern districts.", "NAMED_INSTITUTION", "The campaign"),
    ("Councillor Ines Mardale began talking about the ferry schedule.", "NAMED_PERSON", "Councillor Ines Mardale"),
    ("Reyes spoke at the town hall on Tuesday about the new budget.", "NAMED_PERSON", "Reyes"),
    # inverted verbs that are often nouns, after a quotation
    ("“The bridge will stay shut until spring,” read the statement.", "NAMED_INSTITUTION", "the statement"),
    ("“Entry is free for residents,” the notice states.", "NAMED_INSTITUTION", "the notice"),
    ("“It was late again,” Reyes added to the Coastal Times.", "NAMED_PERSON", "Reyes"),
    # an apposition holding a quoted title; a party label before the comma; a clause after a dash
    ("Lena Varga, the author of “Quiet Harbours,” said the port was dying.",
     "NAMED_PERSON", "Lena Varga, the author of “Quiet Harbours”"),
    ("Rep. Dana Holt (D-Ore.), said the bill was late.", "NAMED_PERSON", "Rep. Dana Holt"),
    ("The vote was delayed — Ann Lee, a council spokeswoman, said the ballots were late.",
     "NAMED_PERSON", "Ann Lee, a council spokeswoman"),
    # relative clauses: "in which X cited", "residents who claim", "things the mayor has said"
    ("The ruling, in which Judge Mara Holt cited the new law, was published on Friday.",
     "NAMED_PERSON", "Judge Mara Holt"),
    ("The coalition includes residents who claim the water is unsafe.", "UNNAMED", "residents"),
    ("Here are five things the mayor has said about the ferry.", "NAMED_INSTITUTION", "the mayor"),
    # a name right before the verb after a long opening phrase without a comma
    ("At the town hall meeting on the harbour plan Mayor Dana Reyes said the ferry would run.",
     "NAMED_PERSON", "Mayor Dana Reyes"),
    # gerunds after "in", "of", "upon"; "He's suggesting"
    ("The minister erred in saying that the bridge was safe.", "NAMED_INSTITUTION", "The minister"),
    ("He's suggesting that the vote be delayed.", "UNNAMED", "He"),
    # passives with an agent after "being" and with a wh-clause after the agent
    ("The port closed after being warned by the weather agency that a storm was coming.",
     "NAMED_INSTITUTION", "the weather agency"),
    # speakers the word lists did not know: titles, counts, documents
    ("The former secretary of state talked about the treaty.", "NAMED_INSTITUTION", "The former secretary of state"),
    ("In the Ostby poll, 43 said they would vote for the ferry plan.", "UNNAMED", "43"),
    ("Some analyses suggest the tax will raise little money.", "UNNAMED", "Some analyses"),
    ("A ferry worker emailed Ms. Varga the new timetable.", "UNNAMED", "A ferry worker"),
    # a possessive pronoun before a nominal cue points back like "he said"
    ("Critics seized on her remark that the pool was a luxury.", "UNNAMED", "her"),
    # an adverbial phrase between the auxiliary and the verb
    ("Board members have in recent months argued that the levy is too high.", "UNNAMED", "Board members"),
    # a name after a long opening without a comma: it starts after an outlet or a place
    ("During an interview with the editors of the Harbour Gazette Reyes said the ferry would run.",
     "NAMED_PERSON", "Reyes"),
    ("At a packed meeting in a church hall in rural Vermont Lindqvist said the plant would close.",
     "NAMED_PERSON", "Lindqvist"),
    # a subject with a relative clause (and an aside) before the verb
    ("The doctors who warned that the wards were full, for example, said more staff were needed.",
     "UNNAMED", "The doctors"),
    ("A spokesman for the union that called the strike said talks would resume.",
     "NAMED_INSTITUTION", "A spokesman for the union"),
    # "cry out", "crying “…”" (Levin 37.3); "they state"; "seldom speaks of"; "was heard telling"
    ("Protesters cried out that the quota was unfair.", "UNNAMED", "Protesters"),
    ("They state their aim is to cut the harbour fees.", "UNNAMED", "They"),
    ("Mayor Reyes seldom speaks of her years at sea.", "NAMED_PERSON", "Mayor Reyes"),
    ("Councillor Ines Mardale was heard on a recording telling staff to delete the files.",
     "NAMED_PERSON", "Councillor Ines Mardale"),
]
# ... and what still attributes nothing (kit rules R2, R10, and words that are not speech)
NOT_SPEECH = [
    "Residents were handed a leaflet with the new timetable.",
    "The department did not respond to requests for comment.",             # R10: a negation
    "While the mayor said the ferry would run, the harbour stayed closed.",  # R2: a side clause
    "The ferry sailed on time, with the captain saying the sea was calm.",   # R2: a 'with X saying' phrase
    "Mayor Reyes stopped writing her speech and left the hall.",
    "There are some industries in Ostby that might respond to the tax.",
    "Voters stayed home in Ostby.",
    "The baby cried all night in the ferry cabin.",                         # "cry" without words
    "The northern states sent their delegates home.",                       # "states": a noun
]


@pytest.mark.parametrize("text,label,source", SPEECH_PATTERNS, ids=[c[0][:40] for c in SPEECH_PATTERNS])
def test_speech_patterns_of_issue_14(text, label, source):
    result = label_sentence(text)
    assert (result.label, result.source) == (label, source), result.reason


@pytest.mark.parametrize("text", NOT_SPEECH, ids=[t[:40] for t in NOT_SPEECH])
def test_patterns_of_issue_14_leave_these_unattributed(text):
    result = label_sentence(text)
    assert result.source is None and result.label in ("UNATTRIBUTED", "HEDGE_ONLY", "NONE"), result.reason


def test_a_speaker_does_not_run_across_a_full_stop_after_a_name():
    # "Ostby." looks like an abbreviation; the next sentence's speaker is not "Ostby. Local officials"
    records = sources.attribute_text("Voters stayed home in Ostby. Local officials said the turnout was low.\n", "x")
    assert [r["source"] for r in records] == [None, "Local officials"]
    records = sources.attribute_text("The budget was backed by the Rev. Federico Lind, who said it was fair.\n"
                                     "Vatican spokesman the Rev. Federico Lombardi told reporters it was fair.\n", "x")
    assert records[-2]["source"] and "Federico Lombardi" in records[-2]["source"]


def test_pronoun_resolves_to_a_person_and_prints_the_antecedent(capsys):
    art = Article.from_text("999", "Defence Minister Israel Cohen said the army would respond.\n"
                                   "He added that more strikes were possible.\n"
                                   "The ministry said the border was calm.\n"
                                   "“It is over,” he said.\n")
    labels = sources.label_article(art)
    assert [x.label for x in labels] == ["NAMED_PERSON", "NAMED_PERSON", "NAMED_INSTITUTION", "NAMED_PERSON"]
    assert labels[3].speaker == "Defence Minister Israel Cohen"       # "he" is a person, not the ministry
    sources.print_labels(labels)
    assert "He → Defence Minister Israel Cohen" in capsys.readouterr().out


def test_a_long_last_line_without_full_stop_is_not_a_sub_heading():
    art = Article.from_text("999", "Title\nIt rained.\nFive people were killed when a bridge collapsed in the "
                                   "northern town on Sunday\n")
    assert sources.label_article(art)[-1].label == "UNATTRIBUTED"


def test_records_carry_offsets_into_the_text():
    text = "It rained.\n“We will stay,” said Tomas Varga, the mayor. Officials said the road was closed.\n"
    records = sources.attribute_text(text, "x")
    for rec in records:
        assert text[rec["start"]:rec["end"]] == rec["text"]
        if rec["source"]:
            assert text[rec["source_start"]:rec["source_end"]] == rec["source"]
            assert text[rec["cue_start"]:rec["cue_end"]] == rec["cue"]
    assert [r["source"] for r in records] == [None, "Tomas Varga, the mayor", "Officials"]


def test_engine_imports_no_plotting_and_no_key():
    import subprocess
    import sys
    code = ("import sys, medialit.attribution as a; a.attribute_text('Officials said so.'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'medialit')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=KIT_ROOT, check=True).stdout
    assert "matplotlib" not in out and "medialit.grading" not in out and "medialit.sources" not in out


@pytest.mark.parametrize("text,label,cue", CASES, ids=[c[0][:40] for c in CASES])
def test_labels_sentences_written_for_the_tests(text, label, cue):
    result = label_sentence(text)
    assert result.label == label, result.reason
    assert result.reason.startswith(label + ":")
    if cue:
        assert cue.lower() in (result.cue or "").lower(), result.reason


def test_reason_quotes_the_cue_in_one_line():
    r = label_sentence("Lebanon praised the talks, according to reports from LBCI TV, which cited unnamed sources.")
    assert r.label == "UNNAMED"
    assert r.reason.startswith("UNNAMED: 'according to reports from LBCI TV, which cited unnamed sources'")
    assert "\n" not in r.reason


def test_chains_run_from_outer_outlet_to_inner_source():
    r = label_sentence("Lebanon praised the talks, according to reports from LBCI TV, which cited unnamed sources.")
    assert r.chain == ["LBCI TV", "unnamed sources"]
    assert sources.source_chain(r, "000") == ["article 000", "LBCI TV", "unnamed sources"]
    r = label_sentence("A US official told the outlet that talks went well.")
    assert r.chain == ["the outlet", "A US official"]
    r = label_sentence("The meeting took place in Geneva, the ministry said, as cited by media.")
    assert r.chain == ["media", "the ministry"]


def test_several_sources_in_one_sentence_the_main_clause_decides():
    # the sentence-level attribution ("according to") beats the speaker it reports on
    r = label_sentence("Lebanon hailed the talks as excellent, according to unnamed sources.")
    assert (r.label, r.source) == ("UNNAMED", "unnamed sources")
    # a trailing ", with X claiming" phrase does not carry the main claim
    r = label_sentence("The strike reportedly hit the city centre, with officials claiming it was a response.")
    assert r.label == "HEDGE_ONLY"
    # two attributions: both are found, in reading order
    found = sources.find_attributions("The army said the camp was hit, but residents said a school was hit.")
    assert [a.kind for a in found] == ["NAMED_INSTITUTION", "UNNAMED"]


def test_the_outlet_points_back_to_the_last_outlet_named():
    art = Article.from_text("999", "According to Axios, talks went well.\nA US official told the outlet that more talks are planned.\n")
    assert sources.label_article(art)[1].chain == ["Axios", "A US official"]


def test_pronoun_takes_the_label_of_the_speaker_before():
    art = Article.from_text("999", "Minister Jean Dupont told reporters the border would reopen.\n"
                                   "“We are ready,” he said.\n")
    labels = sources.label_article(art)
    assert [x.label for x in labels] == ["NAMED_PERSON", "NAMED_PERSON"]
    assert "points back" in labels[1].reason
    assert label_sentence("“We are ready,” he said.").label == "UNNAMED"   # nobody to point back to


def test_classify_source_and_hedges():
    assert classify_source("a US official") == "UNNAMED"
    assert classify_source("the diplomat") == "NAMED_INSTITUTION"
    assert classify_source("a diplomat") == "UNNAMED"
    assert classify_source("West Jerusalem") == "NAMED_INSTITUTION"
    assert classify_source("Nawaf Salam") == "NAMED_PERSON"
    assert classify_source("the storm") is None
    assert find_hedges("It was reportedly hit and is believed to be closed.") == ["reportedly", "is believed to"]


def test_boilerplate_is_none_and_profile_counts_every_sentence():
    art = Article.from_text("999", "READ MORE: Something else\nSources said it rained.\nIt rained.\n")
    labels = sources.label_article(art)
    assert [x.label for x in labels] == ["NONE", "UNNAMED", "UNATTRIBUTED"]
    profile = sources.sourcing_profile(labels)
    assert list(profile) == list(sources.LABELS) and sum(profile.values()) == 3


def test_checklist_scorer_on_written_sentences():
    weak = sources.score_anonymous_source("Sources said the deal was excellent, according to LBCI TV.", "Sources")
    assert weak == {"specific": 0, "knows": 0, "why_anonymous": 0, "fact": 0, "number": 0, "direct": 0}
    strong = sources.score_anonymous_source(
        "A Foreign Ministry official who attended the talks told this newspaper, speaking on condition of "
        "anonymity because he was not authorized to speak, that the meeting lasted four hours.",
        "A Foreign Ministry official")
    assert sum(strong.values()) == 6
    # first-hand only when the words show it (review U3): a bare "witnesses reported" scores 0
    assert sources.score_anonymous_source("Witnesses reported hearing explosions.", "Witnesses")["direct"] == 0
    assert [k for k, _ in sources.CHECKLIST] == list(strong)


# --- the command line ---------------------------------------------------------------
def _cli(capsys, monkeypatch, *args):
    """Run `medialit sources ARGS` in this process (the module's own parser and run)."""
    import argparse
    from types import SimpleNamespace
    monkeypatch.chdir(KIT_ROOT)
    parser = argparse.ArgumentParser(prog="medialit sources")
    sources.configure_parser(parser)
    code = sources.run(parser.parse_args(list(args)))
    out = capsys.readouterr()
    return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_cli_json_has_one_record_per_sentence_and_bad_files_fail_cleanly(tmp_path, capsys, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text("Officials said the road was closed.\nIt rained.\n", encoding="utf-8")
    binary = tmp_path / "bad.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    proc = _cli(capsys, monkeypatch, str(good), str(tmp_path / "missing.txt"), str(binary), "--jsonl")
    assert proc.returncode != 0
    assert "missing.txt: no such file" in proc.stderr and "bad.txt: not a UTF-8 text file" in proc.stderr
    assert "Traceback" not in proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]      # JSON lines
    assert [r["sentence_id"] for r in records] == ["good:s1", "good:s2"]
    assert {"article_id", "sentence_id", "text", "label", "cue", "source", "reason", "start", "end",
            "cue_start", "cue_end", "source_start", "source_end", "speaker", "chain", "file"} <= set(records[0])
    assert records[0]["label"] == "UNNAMED" and records[0]["source"] == "Officials"
    assert (records[0]["start"], records[0]["end"], records[0]["source_start"]) == (0, 35, 0)
    proc = _cli(capsys, monkeypatch, str(good), "--json")                 # the same records as one JSON list
    assert json.loads(proc.stdout) == records


def test_cli_takes_a_folder_and_many_files_in_one_call(tmp_path, capsys, monkeypatch):
    for i in range(45):                      # enough files for the worker processes to start
        (tmp_path / f"a{i:02d}.txt").write_text(f"Officials said road {i} was closed.\nIt rained.\n", encoding="utf-8")
    proc = _cli(capsys, monkeypatch, str(tmp_path), "--jsonl", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 90
    assert [r["article_id"] for r in records[::2]] == [f"a{i:02d}" for i in range(45)]     # in file order


def test_cli_table_on_an_article(capsys, monkeypatch):
    proc = _cli(capsys, monkeypatch, "articles/001_0fe7bd8865b6a628.txt")
    assert proc.returncode == 0, proc.stderr
    assert "001:s1" in proc.stdout and "UNNAMED" in proc.stdout and "profile:" in proc.stdout


# --- the five articles against the kit's reading ---------------------------------------
@pytest.fixture(scope="module")
def comparison():
    key = load_key("02")
    labels = [x for art in load_articles().values() for x in sources.label_article(art)]
    return sources.compare_with_key(labels, key["sentences"]), key


def test_the_key_covers_every_sentence_verbatim(comparison):
    _, key = comparison
    texts = {s.id: s.text for art in load_articles().values() for s in art.sentences}
    assert set(key["sentences"]) == set(texts)
    for sid, rec in key["sentences"].items():
        assert rec["label"] in sources.LABELS and set(rec["alternatives"]) <= set(sources.LABELS)
        assert rec["text"] == texts[sid]
        for quoted in (rec["source"], rec["cue"]):
            assert quoted is None or quoted in texts[sid], (sid, quoted)
        if rec["alternatives"]:
            assert rec.get("why"), f"{sid}: a borderline call needs a why"


def test_helper_agrees_with_the_key(comparison):
    result, _ = comparison
    assert result["n"] == 108
    assert result["label_agreement"] >= 0.90, result["disagreements"]
    assert result["unnamed_agreement"] >= 0.95, result["disagreements"]


def test_checklist_in_the_key_scores_every_unnamed_sentence(comparison):
    _, key = comparison
    unnamed = {sid for sid, rec in key["sentences"].items() if rec["label"] == "UNNAMED"}
    scores = key["checklist"]["scores"]
    assert set(scores) == unnamed
    for sid, rec in scores.items():
        assert len(rec["scores"]) == len(key["checklist"]["items"]) and rec["total"] == sum(rec["scores"])


def test_cli_is_listed_in_the_medialit_command():
    from medialit.cli import COMMANDS
    assert COMMANDS["sources"][0] == "medialit.sources"


def test_numbers_quoted_in_the_lesson_prose(comparison):
    """notebooks/02_who_says_so.ipynb quotes these numbers in its prose and alt text."""
    result, key = comparison
    assert (result["agree"], result["unnamed_agree"]) == (108, 108)
    assert sum(1 for rec in key["sentences"].values() if rec["alternatives"]) == 46
    assert sum(r["agree"] == "yes" for r in sources.try_fresh_sentences()) == 15
    articles = load_articles()
    profiles = {aid: list(sources.sourcing_profile(sources.label_article(art)).values())
                for aid, art in articles.items()}
    assert profiles == {"000": [0, 4, 0, 2, 3, 6, 6], "001": [0, 7, 0, 7, 1, 4, 2], "002": [0, 6, 0, 3, 3, 3, 7],
                        "003": [0, 3, 2, 4, 2, 13, 1], "004": [4, 6, 0, 0, 0, 8, 1]}
    rows = sources.checklist_rows(articles, key["checklist"]["scores"])
    differ = [(int(r["helper"][0]), int(r["kit"][0])) for r in rows if r["helper"] != r["kit"]]
    assert len(rows) == 16 and len(differ) == 5 and all(k - h == 1 for h, k in differ)
    assert max(rec["total"] for rec in key["checklist"]["scores"].values()) == 2
