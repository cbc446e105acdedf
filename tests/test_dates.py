"""Tests for medialit.dates: sentences written for the tests, the five articles, the CLI."""
import datetime as dt
import json
import sys
import textwrap

import pytest

from medialit.cli import main as cli_main
from medialit.corpus import KIT_ROOT, load_articles
from medialit.dates import article_dates, find_dates, parse_dct, weekdays_between

KEY_PATH = KIT_ROOT / "solutions" / "keys" / "03_when_did_it_happen.json"


def found(text, dct=None):
    return [(t.text, t.type, t.value) for t in find_dates(text, dct)]


# --- sentences written for the tests -------------------------------------------
@pytest.mark.parametrize("text, dct, expected", [
    # calendar dates, with and without year
    ("The treaty was signed on March 3, 2012, in Geneva.", None, [("March 3, 2012", "DATE", "2012-03-03")]),
    ("Voting ends 12 April 2031.", None, [("12 April 2031", "DATE", "2031-04-12")]),
    ("Talks opened on Oct. 7 and closed on October 9.", None,
     [("Oct. 7", "DATE", "XXXX-10-07"), ("October 9", "DATE", "XXXX-10-09")]),
    ("Talks opened on Oct. 7.", "2019-10-20", [("Oct. 7", "DATE", "2019-10-07")]),
    ("The law took effect in January 2020.", None, [("January 2020", "DATE", "2020-01")]),
    ("The bridge opened in 1937.", None, [("1937", "DATE", "1937")]),
    ("Prices rose in the 1970s.", None, [("the 1970s", "DATE", "197")]),
    # months without a year: the nearest one
    ("The budget was passed in August.", "2025-12-03", [("August", "DATE", "2025-08")]),
    ("The budget was passed in August.", None, [("August", "DATE", "XXXX-08")]),
    ("The festival returns in June.", "2013-03-22", [("June", "DATE", "2013-06")]),
    # weekdays: past tense looks back, future looks ahead, the DCT's own day counts
    ("The ministers met on Friday.", "2024-05-08", [("Friday", "DATE", "2024-05-03")]),
    ("The ministers will meet on Friday.", "2024-05-08", [("Friday", "DATE", "2024-05-10")]),
    ("The ministers met on Wednesday.", "2024-05-08", [("Wednesday", "DATE", "2024-05-08")]),
    ("The ministers met on Wednesday.", None, [("Wednesday", "DATE", "XXXX-WXX-3")]),
    # deictic words
    ("Last year's harvest was poor; next year will be better.", "2022-06-01",
     [("Last year", "DATE", "2021"), ("next year", "DATE", "2023")]),
    ("He resigned yesterday and leaves today.", "2010-02-10",
     [("yesterday", "DATE", "2010-02-09"), ("today", "DATE", "2010-02-10")]),
    ("Both parties hope to agree before the new year.", "2018-11-30", [("the new year", "DATE", "2019")]),
    ("The shop closed three years ago.", "2015-07-01", [("three years ago", "DATE", "2012")]),
    ("For now the road stays shut; recently it flooded.", None,
     [("now", "DATE", "PRESENT_REF"), ("recently", "DATE", "PAST_REF")]),
    # lengths of time
    ("The siege lasted for nine months.", None, [("nine months", "DURATION", "P9M")]),
    ("It was the first vote in over three decades.", None, [("over three decades", "DURATION", "P30Y")]),
    ("Nobody had seen such rain in decades.", None, [("decades", "DURATION", "PXDE")]),
    ("The strike lasted more than a year.", None, [("more than a year", "DURATION", "P1Y")]),
    ("A region worn down by years of drought.", None, [("years", "DURATION", "PXY")]),
    ("The wait was two and a half hours.", None, [("two and a half hours", "DURATION", "PT2H30M")]),
    # times of day and repeating times
    ("The blast came in the early hours of June 2.", None, [("the early hours of June 2", "TIME", "XXXX-06-02TMO")]),
    ("The train leaves at 6:45 p.m. tomorrow.", "2021-09-09", [("6:45 p.m. tomorrow", "TIME", "2021-09-10T18:45")]),
    ("The council meets every week.", None, [("every week", "SET", "P1W")]),
    # fiscal years, weekends, day-month dates with "May", a part of a day-month date
    ("The company expects a loss for the current fiscal year.", "1989-11-02",
     [("the current fiscal year", "DATE", "1989")]),
    ("Traders squared positions ahead of the weekend.", "1989-10-30", [("the weekend", "DATE", "1989-W44-WE")]),
    ("The fleet sailed on 27 May 1905.", None, [("27 May 1905", "DATE", "1905-05-27")]),
    ("The attack came on the night of 8 February 1904.", None,
     [("the night of 8 February 1904", "TIME", "1904-02-08TNI")]),
    ("The editorial ran on Saturday, April 25: it was short.", "1998-04-24",
     [("Saturday, April 25", "DATE", "1998-04-25")]),
])
def test_written_sentences(text, dct, expected):
    assert found(text, dct) == expected


# --- issue 15 and review H2: each invented sentence, with the value TimeML gives it ----------
# The expected values were written from the guidelines before the rules: TimeML 1.2.1
# (Sauri et al. 2006) §2.2.1 (what a TIMEX3 spans) and §2.2.3 (type, value, mod), as TimeBank
# applies them; TIDES 2005 for relative dates (written at the unit the words name).
@pytest.mark.parametrize("text, dct, expected", [
    # tense of the clause, not of the sentence
    ("The coach predicted Wednesday that the team will win.", "2026-01-09",            # Fri
     [("Wednesday", "DATE", "2026-01-07")]),
    ("The company said Monday that it intends to sell the unit.", "1989-11-02",        # Thu
     [("Monday", "DATE", "1989-10-30")]),
    ("The mayor planned to leave for Oslo on Thursday.", "2025-10-27",                  # Mon
     [("Thursday", "DATE", "2025-10-30")]),
    ("Prices fell sharply in March.", "1989-11-02", [("March", "DATE", "1989-03")]),
    ("The plant will reopen in March.", "1989-11-02", [("March", "DATE", "1990-03")]),
    ("Saturday night the fans celebrated in the square.", "1991-02-25",                # Mon
     [("Saturday night", "TIME", "1991-02-23TNI")]),
    # "last <month>" strictly before the DCT; "this <month>" in the DCT's year; a year from "last year"
    ("The band released the album last May.", "2026-02-27", [("last May", "DATE", "2025-05")]),
    ("The fair closed last November.", "2026-02-27", [("last November", "DATE", "2025-11")]),
    ("The vote is due this September.", "2026-02-05", [("this September", "DATE", "2026-09")]),
    ("The truce of 27 November last year still holds.", "2025-12-05",
     [("27 November last year", "DATE", "2024-11-27")]),
    # "earlier this month/year": the DCT's month/year, whatever was named before
    ("Earlier this month, the club signed a new coach.", "2026-03-10", [("Earlier this month", "DATE", "2026-03")]),
    ("The shop closed in July. Earlier this month, the club signed a new coach.", "2025-10-15",
     [("July", "DATE", "2025-07"), ("Earlier this month", "DATE", "2025-10")]),
    ("The school earlier this year adopted a new timetable.", "2026-03-10", [("earlier this year", "DATE", "2026")]),
    # "in two weeks" in a future clause is a date, written to the week
    ("The council will meet again in two weeks.", "2026-02-05", [("two weeks", "DATE", "2026-W08")]),
    # the reference time moves: "the day before" the day just told; "today" inside a dated quotation
    ("The day before, activists had blocked the bridge.", "2026-01-14", [("The day before", "DATE", "2026-01-13")]),
    ("The ministers met on Tuesday. The day before, activists had blocked the bridge.", "2026-01-15",   # Thu
     [("Tuesday", "DATE", "2026-01-13"), ("The day before", "DATE", "2026-01-12")]),
    ('"We are ready to sign today," the minister said on Sunday.', "2025-12-03",      # Wed
     [("today", "DATE", "2025-11-30"), ("Sunday", "DATE", "2025-11-30")]),
    # a year before: the period in focus (the quarter of a business report), else the DCT, to the month
    ("Sales rose from a year earlier.", "2026-02-05", [("a year earlier", "DATE", "2025-02")]),
    ("The ceasefire took effect nearly a year ago.", "2025-11-28", [("nearly a year ago", "DATE", "2024-11")]),
    ("The bakery posted a third-quarter profit of $30,000, up from $20,000 a year ago.", "2025-11-05",
     [("third-quarter", "DATE", "2025-Q3"), ("a year ago", "DATE", "2024-Q3")]),
    ("Net income rose to $5 million in the quarter from $4 million in the year-ago quarter.", "1989-11-02",
     [("the quarter", "DATE", "1989-Q3"), ("the year-ago quarter", "DATE", "1988-Q3")]),
    # fiscal periods as TimeML writes them
    ("The bakery earned $20,000 in the 2024 quarter.", "2025-02-05", [("the 2024 quarter", "DATE", "2024-Q4")]),
    ("It made a third-quarter profit, its best result in the latest quarter.", "1989-11-02",
     [("third-quarter", "DATE", "1989-Q3"), ("the latest quarter", "DATE", "1989-Q3")]),
    # "last week": the year, the week left open (TimeBank's writing); "this week": the DCT's week
    ("The board met last week and meets again this week.", "1989-11-02",
     [("last week", "DATE", "1989-WXX"), ("this week", "DATE", "1989-W44")]),
    # fractions and spelled-out years
    ("The flight took about 5 1/2 hours.", None, [("about 5 1/2 hours", "DURATION", "PT5H30M")]),
    ("The lease runs for 2 1/2 years.", None, [("2 1/2 years", "DURATION", "P2Y6M")]),
    ("In nineteen eighty-four the mill closed.", None, [("nineteen eighty-four", "DATE", "1984")]),
    ("He was born in nineteen ninety-six.", None, [("nineteen ninety-six", "DATE", "1996")]),
    # a day and a clock time are one expression
    ("The strike hit on Nov. 19, at 00:39, near the camp.", "2025-12-03",
     [("Nov. 19, at 00:39", "TIME", "2025-11-19T00:39")]),
    # ages and adjectival "quarterly" are not time expressions
    ("A 7-year-old pupil won, and a man, 52 years old, came second.", None, []),
    ("Its quarterly payout stays at 5 cents.", None, []),
])
def test_issue_15_and_review_h2_sentences(text, dct, expected):
    assert found(text, dct) == expected


def test_engine_imports_no_matplotlib_and_no_nltk():
    """The engine (text in, TimeML records out) loads neither plotting nor NLTK."""
    import subprocess

    code = ("import sys, medialit.timex; from medialit.fast_imports import PackageLoadedOnFirstUse as stand_in; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'nltk', 'numpy', 'pandas') "
            "and type(sys.modules[m]) is not stand_in]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_lesson_names_still_import_from_dates():
    from medialit import dates

    for name in ("NO_KEY_MESSAGE", "article_dates", "compare_with_kit", "events_from_dates", "find_dates",
                 "kit_reading", "plot_timeline", "print_dates", "weekdays_between", "TimeExpression", "parse_dct"):
        assert hasattr(dates, name), name


def test_no_false_alarms_on_numbers_and_modal_may():
    assert found("She may visit 1,983 schools and 2500 people may come.") == []
    assert found("Troops march on; the march was long.") == []


def test_relative_anchors_and_intervals():
    text = "The plant was hit on March 2. Just days later, on March 6, it closed. At the time, few noticed."
    got = find_dates(text, None)
    later = next(t for t in got if t.text == "Just days later")
    assert (later.type, later.value, later.anchor, later.anchor_text) == ("DURATION", "PXD", "previous expression", "March 2")
    assert (later.earliest, later.latest) == ("XXXX-03-04", "XXXX-03-11")
    at_the_time = next(t for t in got if t.text == "the time")
    assert at_the_time.value == "XXXX-03-06" and at_the_time.anchor_text == "March 6"


def test_event_anchor_and_bounds():
    got = find_dates("The summit came less than two weeks after the flood hit the coast.")
    assert len(got) == 1
    t = got[0]
    assert (t.value, t.mod, t.anchor) == ("P2W", "LESS_THAN", "event")
    assert t.anchor_text.startswith("after the flood")
    first = find_dates("On May 30, it was the first rally in the capital in five months.", "2020-06-01")
    span = next(t for t in first if t.text == "five months")
    assert span.latest == "2019-12-30"          # the previous rally: at least five months before May 30


def test_present_perfect_duration_is_anchored_to_dct():
    t = find_dates("Activists have been campaigning for six months.", "2024-09-15")[0]
    assert (t.value, t.anchor, t.earliest) == ("P6M", "DCT", "2024-03-15")


def test_narrative_text_uses_the_story_year():
    text = "The war began in 1904. In 1905 the fleet sailed. On 10 August the fleet was sunk. By 1907 a treaty held."
    values = [t.value for t in find_dates(text, "2009-12-19")]
    assert "1905-08-10" in values


def test_parse_dct_rejects_bad_dates():
    assert parse_dct("2025-12-03") == dt.date(2025, 12, 3)
    with pytest.raises(ValueError):
        parse_dct("2025-02-30")
    with pytest.raises(ValueError):
        parse_dct("3 Dec 2025")


def test_weekdays_between_is_the_meeting_puzzle():
    assert weekdays_between("Wednesday", "2025-11-23", "2025-12-07") == [dt.date(2025, 11, 26), dt.date(2025, 12, 3)]
    assert weekdays_between("Sunday", "2025-11-23", "2025-11-30") == []


# --- the five articles against the key ------------------------------------------
@pytest.fixture(scope="module")
def key():
    if not KEY_PATH.exists():
        pytest.skip("no answer key in this copy of the kit")
    return json.loads(KEY_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles():
    return load_articles()


def _by_sentence(found_list):
    return {(t.sentence_id, t.text): t for t in found_list}


def test_every_key_expression_found_with_the_text_alone(key, articles):
    got = {}
    for aid, art in articles.items():
        got.update(_by_sentence(article_dates(art, None)))
    missing = [(e["sentence"], e["text"]) for e in key["expressions"] if (e["sentence"], e["text"]) not in got]
    assert not missing
    wrong = [(e["sentence"], e["text"], got[(e["sentence"], e["text"])].value, e["value"])
             for e in key["expressions"] if got[(e["sentence"], e["text"])].value != e["value"]]
    assert not wrong
    # nothing found that the key does not list
    extra = set(got) - {(e["sentence"], e["text"]) for e in key["expressions"]}
    assert not extra


@pytest.mark.parametrize("dct", ["2025-12-03", "2025-12-04", "2025-12-09"])
def test_every_key_expression_resolved_with_the_derived_dct(key, articles, dct):
    """Any writing date the key allows for 003/004 gives the same resolved values."""
    got = {}
    for aid, art in articles.items():
        got.update(_by_sentence(article_dates(art, dct)))
    wrong = [(e["sentence"], e["text"], got[(e["sentence"], e["text"])].value, e["resolved"])
             for e in key["expressions"] if got[(e["sentence"], e["text"])].value != e["resolved"]]
    assert not wrong


def test_anchor_kinds_match_the_key_where_the_finder_can_see_them(key, articles):
    got = {}
    for art in articles.values():
        got.update(_by_sentence(article_dates(art, None)))
    kind = {"": "", "DCT": "DCT", "expression": "previous expression", "event": "event"}
    # 004:s11 'ended more than a year of': the event anchor is in the verb, which a pattern cannot see
    checked = [e for e in key["expressions"] if (e["sentence"], e["text"]) != ("004:s11", "more than a year")]
    wrong = [(e["sentence"], e["text"]) for e in checked if got[(e["sentence"], e["text"])].anchor != kind[e["anchor"]]]
    assert not wrong


def test_meeting_date_derivation_is_consistent(key):
    d = key["derivations"]["meeting_date"]
    allowed = [x.isoformat() for x in weekdays_between("Wednesday", "2025-11-23", "2025-12-07")]
    assert d["allowed"] == allowed and d["better"] in allowed
    events = {e["id"]: e for e in key["events"]}
    assert events["meeting"]["candidates"] == allowed
    for e in key["events"]:
        if e["earliest"] and e["latest"]:
            assert e["earliest"] <= e["latest"], e["id"]


def test_key_quotes_are_verbatim(key, articles):
    for e in key["expressions"]:
        aid = e["sentence"].split(":")[0]
        assert e["text"] in articles[aid].sentence(e["sentence"]).text, e
    for d in key["disagreements"]:
        for side in ("a", "b"):
            aid = d[side]["sentence"].split(":")[0]
            assert d[side]["text"] in articles[aid].sentence(d[side]["sentence"]).text, d["id"]


# --- the command line ---------------------------------------------------------------
def test_cli_table_and_json(capsys):
    path = str(KIT_ROOT / "articles" / "003_e9d2e54b478fccd7.txt")
    assert cli_main(["dates", path, "--dct", "2025-12-04"]) == 0
    out = capsys.readouterr().out
    assert "003:s10" in out and "2025-11-23" in out and "DCT 2025-12-04" in out
    assert cli_main(["dates", path, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)["003"]
    assert {"sentence_id": "003:s10", "text": "Nov. 23", "value": "XXXX-11-23"}.items() <= \
        next(r for r in records if r["text"] == "Nov. 23").items()


def test_cli_bad_file_still_processes_the_others(tmp_path, capsys):
    good = tmp_path / "900_test.txt"
    good.write_text("Rescuers arrived on 4 July 2019.\n", encoding="utf-8")
    code = cli_main(["dates", str(tmp_path / "missing.txt"), str(good)])
    captured = capsys.readouterr()
    assert code == 1
    assert "missing.txt: no such file" in captured.err
    assert "2019-07-04" in captured.out


def test_cli_takes_many_files_and_a_folder(tmp_path, capsys):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "901_a.txt").write_text("The bridge reopened on 4 July 2019.\n", encoding="utf-8")
    (folder / "902_b.txt").write_text("The vote was held in March 2020.\n", encoding="utf-8")
    (folder / "notes.md").write_text("Not an article: 1 May 1999.\n", encoding="utf-8")
    single = tmp_path / "903_c.txt"
    single.write_text("Talks ended in 1993.\n", encoding="utf-8")
    assert cli_main(["dates", str(folder), str(single), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert list(records) == ["901", "902", "903"]
    assert [r["value"] for r in records["902"]] == ["2020-03"]


def test_cli_bad_dct_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli_main(["dates", str(KIT_ROOT / "articles" / "003_e9d2e54b478fccd7.txt"), "--dct", "2025-13-01"])
    assert exc.value.code != 0
    assert "YYYY-MM-DD" in capsys.readouterr().err


# --- the benchmark script on a tiny document written for the test --------------------
TINY_TML = textwrap.dedent("""\
    <?xml version="1.0" ?>
    <TimeML>
    <DOCID>tiny</DOCID>
    <DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2020-05-06">May 6, 2020</TIMEX3></DCT>
    <TEXT>
    The port <EVENT eid="e1">reopened</EVENT> <TIMEX3 tid="t1" type="DATE" value="2020-05-05">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3>. It closed in <TIMEX3 tid="t3" type="DATE" value="2020-04">April</TIMEX3> for <TIMEX3 tid="t4" type="DURATION" value="PXD">the holidays</TIMEX3>.
    </TEXT>
    </TimeML>
    """)


def test_benchmark_scoring_on_a_tiny_document(tmp_path):
    sys.path.insert(0, str(KIT_ROOT / "tools"))
    try:
        import benchmark_dates
    finally:
        sys.path.pop(0)
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "tiny.tml").write_text(TINY_TML, encoding="utf-8")
    text, dct, gold = benchmark_dates.read_tml(folder / "tiny.tml")
    assert dct == "2020-05-06" and [g["text"] for g in gold] == ["yesterday", "three weeks", "April", "the holidays"]
    assert text[gold[0]["start"]:gold[0]["end"]] == "yesterday"
    r = benchmark_dates.score_folder(folder)
    assert (r["gold"], r["system"]) == (4, 3)
    assert r["relaxed"][0] == 1.0 and r["relaxed"][1] == 0.75
    assert r["value"][1] == 0.75
    assert benchmark_dates.main([str(tmp_path / "no-such-folder")]) == 1


def test_benchmark_reads_heideltime_output_without_running_it():
    """HeidelTime's inline TIMEX3 tags are mapped back onto the document's characters."""
    sys.path.insert(0, str(KIT_ROOT / "tools"))
    try:
        import benchmark_dates
    finally:
        sys.path.pop(0)
    text = "Profits rose & fell in the third quarter.\nLast week was cold."
    tagged = ('<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\nProfits rose & fell in '
              '<TIMEX3 tid="t1" type="DATE" value="1989-Q3">the third quarter</TIMEX3>.\n'
              '<TIMEX3 tid="t2" type="DATE" value="1989-W43">Last week</TIMEX3> was cold.\n</TimeML>\n')
    tags = benchmark_dates._align(text, tagged)
    assert [(text[t.start:t.end], t.type, t.value) for t in tags] == [
        ("the third quarter", "DATE", "1989-Q3"), ("Last week", "DATE", "1989-W43")]
