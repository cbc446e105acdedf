"""The date engine: find time expressions, normalise them to TimeML values, say what they hang on.

Text in, TimeML records out: no printing, no plotting, no answer key (those are the
lesson side, ``medialit.dates``). Standard library only (``re``, ``datetime``).

A *time expression* is a stretch of text that names a time: "November 19", "on
Wednesday", "last year's", "for nine months", "in decades". TimeML (the standard of
the TempEval shared tasks) gives each one a **type** and a **value**:

=========  ==========================================  =========================
type       what it names                               value examples
=========  ==========================================  =========================
DATE       a calendar day, month, year, week ...       ``2025-11-23``, ``2024-11``,
                                                       ``XXXX-11-19``, ``PAST_REF``
TIME       a time of day                               ``XXXX-11-19TMO``, ``T15:00``
DURATION   a length of time                            ``P9M``, ``P30Y``, ``PXDE``
SET        a repeating time                            ``P1W`` ("every week")
=========  ==========================================  =========================

Many expressions mean nothing until they are **anchored**: "last year" needs the
date the text was written (the *document creation time*, DCT); "just days later"
needs the date mentioned before it; "less than two weeks after" needs an event.
Each record says what it is anchored to, and when the text only *bounds* a date it
gives the interval (``earliest``, ``latest``) the words allow.

The finder is a set of hand-written rules (stdlib ``re`` and ``datetime`` only), in families:

* **patterns** find candidate spans (calendar dates, weekdays, months, quarters and fiscal
  periods, clock times with their day, spelled-out years, lengths of time, repeating times);
  the longest wins;
* **tense of the clause** the expression sits in (not of the whole sentence) picks the past or
  the coming weekday/month: "said Monday that it will sell" → the past Monday; "planned to
  leave on Thursday" → the coming one (``tense_of``);
* **a reference time that moves**: "the day before", "a year earlier", "that quarter" take
  the time told before; "today" inside a quotation dated "he said on Sunday" is that Sunday;
* **the period in focus** of a business report: "the quarter", "the latest period", "a year
  ago", "the year-ago quarter" follow the quarter the text reports on;
* **not time expressions**: ages ("a 6-year-old"), adjectives ("a quarterly payout").

Example:
    >>> [(t.text, t.type, t.value) for t in find_dates("They met on Wednesday, less than two weeks after the Nov. 23 strike.")]
    [('Wednesday', 'DATE', 'XXXX-WXX-3'), ('less than two weeks', 'DURATION', 'P2W'), ('Nov. 23', 'DATE', 'XXXX-11-23')]
    >>> [(t.text, t.value) for t in find_dates("They met on Wednesday.", dct="2025-12-03")]
    [('Wednesday', '2025-12-03')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import asdict, dataclass, replace

# ---------------------------------------------------------------------------
# The record
# ---------------------------------------------------------------------------
ABSOLUTE, DCT, PREVIOUS, EVENT = "", "DCT", "previous expression", "event"


@dataclass(frozen=True)
class TimeExpression:
    """One time expression, shaped like a TimeML ``TIMEX3``.

    ``start``/``end`` are character offsets in the text that was searched.
    ``anchor`` is ``""`` (absolute: needs nothing), ``"DCT"`` (needs the writing
    date), ``"previous expression"`` (needs the time named just before it) or
    ``"event"`` (needs the date of an event, named in ``anchor_text``).
    ``earliest``/``latest`` (ISO dates, ``""`` when open) bound the date the
    expression points to when the words only bound it.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str = ""
    anchor: str = ABSOLUTE
    anchor_text: str = ""
    earliest: str = ""
    latest: str = ""
    note: str = ""
    sentence_id: str = ""

    @property
    def is_relative(self) -> bool:
        return self.anchor != ABSOLUTE

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "hours": "MO",
                "midday": "MI", "daytime": "DT"}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "half a": 0.5, "half an": 0.5,
}
VAGUE_QUANTITY = r"(?:several|a\s+few|few|many|some|a\s+couple\s+of|a\s+number\s+of|numerous|couple\s+of)"
# unit -> (TimeML letter, is a time unit (PT...), granularity)
UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "fortnight": ("W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("DE", False), "century": ("CE", False),
}
MODIFIERS = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "some": "APPROX", "approximately": "APPROX",
    "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN", "under": "LESS_THAN",
    "fewer than": "LESS_THAN", "just under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN", "at least": "EQUAL_OR_MORE",
    "well over": "MORE_THAN", "close to": "LESS_THAN",
}

# --- regular-expression pieces ----------------------------------------------
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|"
          r"Aug(?:ust|\.)?|Sep(?:t(?:ember)?)?\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)(?![a-z])")
_MONTH_FULL = r"(?:January|February|March|April|June|July|August|September|October|November|December)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)(?!\d|,\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = (r"(?:\d+\s+[13]/[24]|\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
            r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|dozen|a\s+hundred|hundred|"
            r"half\s+an?|an?)")
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# "nineteen ninety-six", "nineteen oh five", "two thousand", "two thousand and one"
_SPELLED_YEAR = (rf"(?:(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)[- ]"
                 rf"(?:hundred(?:[- ]and)?[- ])?(?:{_TENS}(?:[- ]{_ONES})?|{_TEENS}|oh[- ]{_ONES})"
                 rf"|two[- ]thousand(?:(?:[- ]and)?[- ](?:{_TEENS}|{_ONES}))?)")
_CLOCK = r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|(?:[01]?\d|2[0-3]):[0-5]\d\b|noon\b|midnight\b)"
_ZONE = r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|local\s+time)"
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
_MOD = (r"(?:(?:just|well)\s+(?:over|under)|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|"
        r"close\s+to|about|around|roughly|approximately|nearly|almost|over|under|some)")
_EDGE = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"
_FUTURE = re.compile(r"\b(will|won['’]t|shall|going to|(?:is|are|was|were) (?:due|set|scheduled|expected|planned) to|"
                     r"(?:is|are|be) (?:expected|scheduled|due|slated|supposed)\b|"
                     r"(?:is|are) to|plans? to|intends? to|upcoming|next)\b|['’]ll\b", re.I)
_PRESENT_PERFECT = re.compile(r"\b(has|have|had)\s+(?:\w+\s+)?been\b|\b(has|have)\s+\w+ed\b", re.I)


def _num(word: str) -> float | None:
    """'nine' -> 9, 'twenty-one' -> 21, '3' -> 3, '5 1/2' -> 5.5, 'a' -> 1; vague words -> None.

    >>> _num("twenty-one"), _num("nine"), _num("a"), _num("5 1/2"), _num("several")
    (21, 9, 1, 5.5, None)
    """
    w = re.sub(r"\s+", " ", word.lower().strip())
    m = re.fullmatch(r"(\d+) ([13])/([24])", w)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w) if "." in w else int(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in NUMBER_WORDS and m.group(2) in NUMBER_WORDS:
        return NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]
    return None


def spelled_year(words: str) -> int | None:
    """The year a spelled-out year names.

    >>> spelled_year("nineteen ninety-six"), spelled_year("two thousand and one"), spelled_year("nineteen oh five")
    (1996, 2001, 1905)
    """
    w = re.sub(r"[\s-]+", " ", words.lower()).replace(" and ", " ").replace(" hundred", "")
    parts = w.split(" ")
    if parts[:2] == ["two", "thousand"]:
        rest = " ".join(parts[2:])
        return 2000 + (int(_num(rest)) if rest else 0)
    century = NUMBER_WORDS.get(parts[0])
    rest = " ".join(p for p in parts[1:] if p != "oh")
    n = _num(rest) if rest else None
    if century is None or n is None:
        return None
    return century * 100 + int(n)


def is_age(text: str, start: int, end: int) -> bool:
    """Is text[start:end] someone's age ("a 6-year-old", "52 years old", "aged 6 years")?

    Ages are not time expressions: an age is a property of a person, and TimeBank (annotated
    with the TimeML 1.2.1 guidelines) leaves its ages untagged (one "8-month-old" apart).

    >>> t = "A 6-year-old boy and a man, 52 years old."
    >>> is_age(t, 2, 8), is_age(t, 28, 36), is_age("It lasted 52 years.", 10, 18)
    (True, True, False)
    """
    after = text[end:end + 8]
    before = text[max(0, start - 12):start]
    return bool(re.match(r"[- ]old\b|-olds?\b|\s+of\s+age\b", after)) or bool(re.search(r"\baged?\s+$", before, re.I))


def _unit(word: str) -> str:
    w = word.lower().rstrip("s")
    return "century" if w.startswith("centur") else w


def duration_value(number, unit: str) -> str:
    """The TimeML value of a length of time.

    >>> duration_value(9, "month"), duration_value(3, "decade"), duration_value(None, "decade"), duration_value(2, "hour")
    ('P9M', 'P30Y', 'PXDE', 'PT2H')
    """
    letter, is_time = UNITS[unit]
    if number is None:
        return ("PTX" if is_time else "PX") + letter
    if unit == "fortnight":
        number = number * 2
    if unit == "decade":
        number, letter = number * 10, "Y"
    elif unit == "century":
        number, letter = number * 100, "Y"
    elif unit == "quarter":
        number, letter = number * 3, "M"
    if number != int(number):          # half a year -> P6M; 2 1/2 years -> P2Y6M; 5 1/2 hours -> PT5H30M
        whole = int(number)
        smaller = {"Y": ("M", 12), "M": ("D", 30), "D": ("H", 24), "H": ("M", 60)}.get(letter)
        if letter == "W":
            return f"P{int(round(number * 7))}D"
        if smaller:
            part = int(round((number - whole) * smaller[1]))
            if is_time or letter == "D":
                head = f"P{whole}D" if letter == "D" and whole else "P"
                if letter == "D":
                    return f"{head}T{part}H"
                return f"PT{whole}{letter}{part}{smaller[0]}" if whole else f"PT{part}{smaller[0]}"
            return f"P{whole}{letter}{part}{smaller[0]}" if whole else f"P{part}{smaller[0]}"
    n = int(round(number))
    return f"PT{n}{letter}" if is_time else f"P{n}{letter}"


# ---------------------------------------------------------------------------
# Dates as values
# ---------------------------------------------------------------------------
def parse_dct(value) -> dt.date | None:
    """A DCT given as ``date``, ``"YYYY-MM-DD"`` (or None). Raises ValueError on a bad date.

    >>> parse_dct("2025-12-03")
    datetime.date(2025, 12, 3)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    return dt.date.fromisoformat(s)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def shift(d: dt.date, number, unit: str) -> dt.date:
    """Move a date by a number of units (negative = back in time).

    >>> shift(dt.date(2025, 11, 23), 14, "day"), shift(dt.date(2025, 12, 3), -9, "month")
    (datetime.date(2025, 12, 7), datetime.date(2025, 3, 3))
    """
    number = int(number)
    if unit == "day":
        return d + dt.timedelta(days=number)
    if unit in ("week", "fortnight"):
        return d + dt.timedelta(weeks=number * (2 if unit == "fortnight" else 1))
    if unit == "month":
        return _add_months(d, number)
    if unit == "quarter":
        return _add_months(d, 3 * number)
    if unit == "year":
        return _add_months(d, 12 * number)
    if unit == "decade":
        return _add_months(d, 120 * number)
    if unit == "century":
        return _add_months(d, 1200 * number)
    return d  # hours, minutes: the day does not change at our granularity


def format_value(d: dt.date, granularity: str) -> str:
    """A date written to the granularity the text gives.

    >>> [format_value(dt.date(2025, 12, 3), g) for g in ("day", "week", "month", "quarter", "year", "decade")]
    ['2025-12-03', '2025-W49', '2025-12', '2025-Q4', '2025', '202']
    """
    if granularity == "day":
        return d.isoformat()
    if granularity in ("week", "fortnight"):
        y, w, _ = d.isocalendar()
        return f"{y}-W{w:02d}"
    if granularity == "month":
        return f"{d.year}-{d.month:02d}"
    if granularity == "quarter":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if granularity == "decade":
        return str(d.year)[:3]
    if granularity == "century":
        return str(d.year)[:2]
    return str(d.year)


_DUMMY_YEAR = 2001  # a year with no 29 February, used to count days when the year is unknown


def value_to_date(value: str) -> tuple[dt.date | None, bool]:
    """A day-precise TimeML value as a date; the flag says the year was unknown.

    >>> value_to_date("XXXX-11-19"), value_to_date("2025-11-23T15:00")
    ((datetime.date(2001, 11, 19), True), (datetime.date(2025, 11, 23), False))
    """
    m = re.match(r"^(\d{4}|XXXX)-(\d\d)-(\d\d)", value)
    if not m:
        return None, False
    unknown = m.group(1) == "XXXX"
    try:
        return dt.date(_DUMMY_YEAR if unknown else int(m.group(1)), int(m.group(2)), int(m.group(3))), unknown
    except ValueError:
        return None, False


def _render(d: dt.date, unknown_year: bool, granularity: str = "day") -> str:
    s = format_value(d, granularity)
    return "XXXX" + s[4:] if unknown_year else s


def _granularity_of(value: str) -> str | None:
    if re.match(r"^(\d{4}|XXXX)-\d\d-\d\d", value):
        return "day"
    if re.match(r"^(\d{4}|XXXX)-WXX-\d$", value):
        return "weekday"
    if re.match(r"^\d{4}-W\d\d$", value):
        return "week"
    if re.match(r"^(\d{4}|XXXX)-\d\d$", value):
        return "month"
    if re.match(r"^\d{4}$", value):
        return "year"
    return None


# ---------------------------------------------------------------------------
# Context: tense and sentences
# ---------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"[.?!][\"'’”)]*\s|\n")


def _sentence_start(text: str, start: int) -> int:
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 600), start):
        left = m.end()
    return left


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (ends: . ? ! with any closing quotes, or a new line)."""
    left = _sentence_start(text, start)
    m = _SENTENCE_END.search(text, end)
    return text[left:m.start() + 1 if m else len(text)]


def looks_future(sentence: str) -> bool:
    """Does the sentence speak of the future? (a rough test on a few words)

    >>> looks_future("Talks will resume in January."), looks_future("Talks resumed in January.")
    (True, False)
    """
    return bool(_FUTURE.search(sentence))


# Where a clause ends, for the tense test: punctuation, quotes, and the words that open a new clause.
_CLAUSE_BREAK = re.compile(r"[;:\"“”()]|,\s|\s[-–—]+\s|\b(?:that|which|who|because|but|while|whereas|although|"
                           r"as|so|since|until|after|before|when|where|if|then)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|said|told|ago|earlier|last|(?!(?:need|speed|feed|seed|bed|red|"
                   r"shed|hundred|indeed|united|limited|based|related|interested|ed)\b)(?![a-z]*eed\b)[a-z]{2,}ed)\b"
                   r"|\b(?:began|came|went|met|won|lost|held|left|made|took|gave|fell|rose|sold|paid|spoke|"
                   r"saw|got|put|set|ran|hit|led|struck|became|found|brought|thought|knew|sent|built|"
                   r"broke|wrote|chose|drove|grew|flew|fought|caught|bought)\b", re.I)
_PRESENT = re.compile(r"\b(?:is|are|am|has|have|does|says|hopes|remains|seems|wants|needs|believes|sees|thinks|"
                      r"plans|expects|continues|holds|stays|keeps|knows|means|shows|suggests|insists|argues|warns)\b")
# "planned to leave", "was going to meet": a plan reported in the past, for a time still ahead of it
_FUTURE_IN_PAST = re.compile(r"\b(?:planned|intended|scheduled|set|due|slated|going)\s+to\b|\bwould\b|"
                             r"\b(?:postponed|delayed|adjourned|deferred|rescheduled|put\s+off|moved)\s+(?:\w+\s+)?"
                             r"(?:until|till|to)\s*$", re.I)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause an expression sits in: its sentence cut at commas, quotes and clause words.

    >>> clause_around("He said Monday that it will sell the unit.", 8, 14)
    'He said Monday '
    """
    sentence_start = _sentence_start(text, start)
    sentence = _sentence_around(text, start, end)
    s, e = start - sentence_start, end - sentence_start
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, max(s, 0)):
        left = m.end()
    m = _CLAUSE_BREAK.search(sentence, e)
    right = m.start() if m else len(sentence)
    return sentence[left:right]


def tense_of(text: str, start: int, end: int) -> str:
    """'future', 'past' or '' (no sign) for the clause of text[start:end], else for its sentence.

    The clause decides: in "said Monday that it will sell" Monday is past;
    in "planned to leave on Thursday" Thursday is still ahead.

    >>> t = "The coach predicted Wednesday that the team will win."
    >>> tense_of(t, 20, 29), tense_of("The mayor planned to leave on Thursday.", 30, 38)
    ('past', 'future')
    """
    return clause_tense(text, start, end)[0]


def clause_tense(text: str, start: int, end: int) -> tuple[str, bool]:
    """``tense_of`` and whether the expression's own clause said so (True) or only its sentence."""
    if re.search(r"\b(?:since|ago)\s*$", text[max(0, start - 8):start], re.I):
        return "past", True                 # "since March": a time before now
    if re.search(r"\b(?:through|until|till|by)\s*$", text[max(0, start - 8):start], re.I):
        sentence = _sentence_around(text, start, end)
        if not _FUTURE_IN_PAST.search(sentence.split(text[start:end])[0]) and not _FUTURE.search(sentence):
            return "", False                # "loans through January": a period's end, on either side of now
    for level, piece in enumerate((clause_around(text, start, end), _sentence_around(text, start, end))):
        expression = text[start:end]
        before = piece.split(expression)[0] if expression in piece else piece
        rest = piece.replace(expression, " ")
        if re.search(r"\bhad\b", rest, re.I):
            return "past", level == 0       # "had been due to expire Friday": the past perfect
        # "planned to leave on Thursday": a plan told in the past, for a time after it
        if _FUTURE.search(rest) or _FUTURE_IN_PAST.search(before):
            return "future", level == 0
        if _PAST.search(rest):
            return "past", level == 0
    return "", False


def _month_year(month: int, dct: dt.date, future, day: int | None = None, sure: bool = False) -> int:
    """The year of a month (and day) named without a year.

    ``future`` is the tense of the clause: ``"past"`` (or False) takes the latest occurrence not
    after the DCT, ``"future"`` (or True) the first not before it, ``""`` the one nearest the DCT.
    (A bare month in a past-tense clause is never put in the next year.)

    >>> _month_year(8, dt.date(2025, 12, 3), "past"), _month_year(6, dt.date(2013, 3, 22), "")
    (2025, 2013)
    >>> _month_year(3, dt.date(1989, 11, 2), "past"), _month_year(3, dt.date(1989, 11, 2), "future")
    (1989, 1990)
    """
    tense = {True: "future", False: "past", None: ""}.get(future, future)
    options = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = dt.date(y, month, min(day or 15, calendar.monthrange(y, month)[1]))
        options.append((abs((d - dct).days), -y, y, (d - dct).days))
    nearest = min(options)
    # the tense overrides the nearest reading only when that reading is months away on the wrong side
    if tense == "past" and nearest[3] > (31 if sure and not day else 120):
        return nearest[2] - 1
    if tense == "future" and nearest[3] < (-31 if sure and not day else -120):
        return nearest[2] + 1
    return nearest[2]


def _weekday_date(weekday: int, dct: dt.date, future: bool, shift_weeks: int = 0) -> dt.date:
    """The date of a weekday named in a text written on ``dct``.

    Past tense: the most recent such day on or before the DCT; future: the next on or after.
    """
    diff = weekday - dct.isoweekday()
    if future:
        days = diff if diff >= 0 else diff + 7
    else:
        days = diff if diff <= 0 else diff - 7
    return dct + dt.timedelta(days=days + 7 * shift_weeks)


# ---------------------------------------------------------------------------
# The rules. Each is (name, compiled regex); the handler of the same name in
# _Resolver turns a match into type/value/anchor.
# ---------------------------------------------------------------------------
class _LazyRegex:
    """A rule's regular expression, compiled the first time it is used (importing stays quick)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags, self._compiled = pattern, flags, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


def _r(pattern: str, flags=0):
    return _LazyRegex(pattern, flags)


_I = re.I
RULES = [
    # calendar dates written in digits
    ("iso", _r(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("numeric", _r(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")),
    # parts of a day tied to a date: "the early hours of November 19", "Wednesday night"
    ("part_of_date", _r(rf"\b(?:the\s+)?(?:(early|late)\s+)?(hours|morning|afternoon|evening|night)\s+of\s+"
                        rf"(?:(?P<wd>{_WEEKDAY})|(?:(?:{_WEEKDAY}),?\s+)?(?P<mo>{_MONTH})\s+(?P<dy>{_DAY})(?:,?\s+(?P<yr>{_YEAR}))?"
                        rf"|(?P<dy2>{_DAY})\s+(?P<mo2>{_MONTH_FULL}|May)(?:,?\s+(?P<yr2>{_YEAR}))?)")),
    ("weekday_part", _r(rf"\b(?:(early|late)\s+)?({_WEEKDAY})\s+(morning|afternoon|evening|night)\b")),
    ("early_weekday", _r(rf"\b([Ee]arly|[Ll]ate|[Ee]arlier|[Ll]ater)\s+({_WEEKDAY})\b")),
    # "late yesterday", "earlier today": the modifier belongs to the expression (TimeML 1.2.1 §2.2.1, extent)
    ("edge_deictic", _r(r"\b(early|late|earlier|later)\s+(today|yesterday|tomorrow)\b", _I)),
    ("deictic_part", _r(r"\b(yesterday|tomorrow|this|last|that)\s+(morning|afternoon|evening|night)\b", _I)),
    ("tonight", _r(r"\b(tonight|overnight)\b", _I)),
    # weekday + date: "Wednesday, Nov. 23, 2025"
    ("weekday_mdy", _r(rf"\b(?:{_WEEKDAY}),?\s+({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?")),
    # a clock time with its day, as one expression: "Nov. 19, at 00:39", "5 p.m. EST Nov. 9", "noon Thursday"
    ("date_clock", _r(rf"\b(?:(?P<wd>{_WEEKDAY})|(?P<mo>{_MONTH})\s+(?P<dy>{_DAY})(?:,?\s+(?P<yr>{_YEAR}))?),?\s+(?:at\s+)?"
                      rf"(?P<clock>{_CLOCK})(?:\s+(?:{_ZONE}))?")),
    ("clock_date", _r(rf"\b(?P<clock>{_CLOCK})(?:\s+(?:{_ZONE}))?,?\s+(?:on\s+)?(?:(?P<wd>{_WEEKDAY})|(?P<mo>{_MONTH})\s+(?P<dy>{_DAY})"
                      rf"(?:,?\s+(?P<yr>{_YEAR}))?|(?P<deictic>today|yesterday|tomorrow))\b")),
    # a day or month with "last year" / "this year": "27 November last year", "June last year"
    ("date_rel_year", _r(rf"\b(?:(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH_FULL})|(?P<m2>{_MONTH})(?:\s+(?P<d2>{_DAY}))?),?\s+"
                         rf"(?P<rel>last|this|next)\s+year\b(?!['’])")),
    # spelled-out years: "nineteen ninety-six", "January nineteen ninety-seven", "the year two thousand"
    ("spelled_year", _r(rf"\b(?:(?P<mo>{_MONTH_FULL})\s+|(?P<season>(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+of)\s+|"
                        rf"(?P<the>the\s+year)\s+)?(?P<y>{_SPELLED_YEAR})\b(?![- ](?:percent|people|dollars|times|"
                        rf"miles|feet|years|months|days|hours|men|women|troops|of\b))", _I)),
    # "the day before", "the night before", "the day after": the day next to the time just named
    ("day_before", _r(r"\b(?P<t>[Tt]he\s+(?:day|night|morning|evening)\s+(?:before|after))(?=\s*[,.;:]|\s+(?:that|when)\b)")),
    ("mdy", _r(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})")),
    ("dmy", _r(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})")),
    ("md", _r(rf"\b(?:(?:mid|early|late)-?\s*)?({_MONTH})\s+({_DAY})\b")),
    ("dm", _r(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH_FULL}|May)\b")),
    ("edge_month_year", _r(rf"\b({_EDGE})[- ]?\s*({_MONTH})(?:,?\s+({_YEAR}))?", _I)),
    ("my", _r(rf"\b({_MONTH}),?\s+(?:of\s+)?({_YEAR})")),
    ("weekday", _r(rf"\b(?:(last|next|this|coming|past)\s+)?({_WEEKDAY})\b", _I)),
    ("rel_month", _r(rf"\b(?:(?P<edge>[Ee]arly|[Ll]ate|[Mm]id)[- ])?(last|next|this|coming|past)\s+({_MONTH_FULL}|May)\b")),
    ("month", _r(rf"\b(?:(?:[Ii]n|[Ss]ince|until|till|[Bb]y|of|[Ff]or|[Ff]rom|during|throughout|around|[Bb]efore|[Aa]fter|between|and|through|to|late|early|mid|[Ll]ast|[Nn]ext|[Tt]his)\s+|(?<=\n)|^)(?P<t>{_MONTH_FULL}|May)\b(?!\s+\d)")),
    # seasons and quarters
    ("season", _r(r"\b(?:(this|last|next|the)\s+)?(?:(early|late)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(\d{4}))?\b", _I)),
    # fiscal periods (TimeML 1.2.1 guidelines §2.2.3, value: quarters are written YYYY-Qn, as in TimeBank)
    ("quarter", _r(r"\b(?:the\s+)?(?:(?P<pre>\d{4}|(?:this|last|next)\s+year['’]s|(?:comparable\s+)?year-(?:ago|earlier))\s+)?"
                   r"(?:fiscal[- ])?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|this|next|current|previous)"
                   r"[- ](?:fiscal[- ])?quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<yr>\d{4}))?\b", _I)),
    ("period", _r(r"\b(?:(?P<the>[Tt]he|[Tt]his|[Tt]hat|[Ii]ts)\s+)?(?:(?P<pre>\d{4}|latest|most\s+recent|recent|same|(?:comparable\s+|corresponding\s+)?"
                  r"year-(?:ago|earlier)|(?:last|this)\s+year['’]s|comparable|corresponding|just-ended|just\s+ended)\s+)?"
                  r"(?:fiscal\s+)?(?P<unit>quarter|period)\b(?!-)(?P<post>\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)))?")),
    ("fiscal_year", _r(r"\b(?:[Tt]he\s+|[Tt]his\s+|[Ii]ts\s+)(?:(?P<which>current|latest|last|previous|prior|next|coming|new|same)\s+)?"
                       r"(?:fiscal|full)\s+year\b(?!['’-])")),
    ("decade_word", _r(r"\b(?:the\s+)?(?:(early|mid|late)[- ])?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b", _I)),
    ("year_ago_adj", _r(r"\b(year-(?:ago|earlier))\b", _I)),
    ("decade", _r(r"\b(?:the\s+)?(?:(early|mid|late)[- ])?(\d{3}0)['’]?s\b|\bthe\s+['’](\d0)s\b", _I)),
    ("century", _r(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+century\b", _I)),
    ("year", _r(rf"\b(?:(early|mid|late)[- ])?(?:(?:fiscal|the\s+year)\s+)?(?<![$£€\d.,])({_YEAR})\b(?!\s*(?:%|percent|people|km|miles|troops|soldiers|members|times|dollars|euros))", _I)),
    # anchored to the DCT by a word
    ("ago", _r(rf"\b(?:{_MOD}\s+)?(?:({_NUMWORD})|({VAGUE_QUANTITY}))\s+({_UNIT})\s+ago\b|\b({_UNIT})\s+ago\b", _I)),
    ("later_earlier", _r(rf"\b(?:(?:just|only)\s+)?(?:{_MOD}\s+)?(?:({_NUMWORD})|({VAGUE_QUANTITY}))?\s*\b({_UNIT})\s+(later|earlier)\b", _I)),
    ("in_the_unit", _r(r"\b(earlier|later)\s+(?:in|that|this)\s+(?:the\s+)?(day|week|month|year)\b", _I)),
    ("same_unit", _r(r"\b(?:the\s+)(same|next|following|previous|preceding)\s+(day|week|month|year)\b", _I)),
    ("edge_rel", _r(r"\b(earlier|later|early|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of)\s+(this|last|next|the|)\s*(year|month|week|decade|century)\b", _I)),
    ("rel_unit", _r(r"\b(?:the\s+)?(this|last|next|coming|current|previous|past|present)\s+(year|month|week|weekend|decade|century|quarter)(?:['’]s)?\b", _I)),
    ("weekend", _r(r"\b[Tt]he\s+weekend\b(?!['’])")),
    ("new_year", _r(r"\b(?:the\s+)?new\s+year(?!['’]s\s+(?:day|eve))\b", _I)),
    ("holiday", _r(r"\b(New\s+Year['’]s\s+(?:Day|Eve)|Christmas(?:\s+(?:Day|Eve))?|Halloween|Valentine['’]s\s+Day)\b")),
    ("deictic", _r(r"\b(today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b", _I)),
    ("present_ref", _r(r"\b(now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment|right\s+now)\b", _I)),
    ("recent_units", _r(r"\b(?:in\s+)?(?P<t>(?:the\s+)?recent\s+(years|months|weeks|days|decades))\b", _I)),
    ("past_ref", _r(r"\b(recently|recent|the\s+past(?!\s+(?:\d|\w+\s+(?:year|month|week|day|decade)))|in\s+the\s+past|formerly)\b", _I)),
    ("future_ref", _r(r"\b(?:in\s+)?(the\s+future|the\s+near\s+future|the\s+coming\s+(?:days|weeks|months|years))\b", _I)),
    ("the_time", _r(r"\b[Aa]t\s+(?P<t>the\s+time)\b(?!\s+(?:of|when|that|\w+ed\b))")),
    # clock times
    ("clock", _r(r"\b(\d{1,2})(?::(\d\d))?\s*(a\.m\.|p\.m\.|am\b|pm\b)|\b([01]?\d|2[0-3]):([0-5]\d)\b(?!:)", _I)),
    ("noon", _r(r"\b(noon|midnight|midday)\b", _I)),
    # repeating times
    ("set_every", _r(rf"\b(every|each)\s+(?:(other|{_NUMWORD})\s+)?({_UNIT}|{_WEEKDAY}|morning|evening|night)\b", _I)),
    ("set_adverb", _r(r"\b(daily|weekly|monthly|annually|yearly|hourly|quarterly|nightly)\b", _I)),
    ("set_times", _r(rf"\b(once|twice|(?:{_NUMWORD})\s+times)\s+(?:a|an|per|every)\s+({_UNIT})\b", _I)),
    # lengths of time (last: the other rules win on the same span)
    ("duration_past", _r(rf"\b(?:the\s+)?(past|last|next|coming|previous|first|final)\s+(?:({_NUMWORD})|({VAGUE_QUANTITY}))\s+({_UNIT})\b", _I)),
    ("duration_past1", _r(rf"\b(?:the\s+)?(past|last|next|coming|previous|first|final)\s+({_UNIT})\b(?!\s+ago)", _I)),
    ("duration", _r(rf"\b(?:the\s+(?=(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s))?(?:({_MOD})\s+)?({_NUMWORD})(?:\s+and\s+a\s+half)?[- ]({_UNIT})(?:\s+and\s+a\s+half)?\b", _I)),
    ("duration_vague", _r(rf"\b(?:({_MOD})\s+)?({VAGUE_QUANTITY})\s+({_UNIT})\b", _I)),
    ("vague_after", _r(r"\b(?:(?:just|only|mere)\s+)?(days|weeks|months|years|hours|decades)\s+(?=after\b|before\b)", _I)),
    ("duration_of", _r(r"(?<![\w-])(decades|years|months|weeks)(?=\s+of\s+(?!the\b|age\b)[a-z])", _I)),
    ("duration_bare", _r(r"\b(?:in|for|over|within|of|after)\s+(?P<t>decades|years|months|weeks|days|hours|minutes|centuries)\b(?!\s+(?:ago|later|earlier))", _I)),
]
RULE_PRIORITY = {name: i for i, (name, _) in enumerate(RULES)}


@dataclass
class _Candidate:
    start: int
    end: int
    rule: str
    match: re.Match


# Speed: a rule whose every match holds one of a few words is run only in a window around
# those words (a scan of the whole text tries its long optional prefixes at every word).
_TRIGGERS = {name: re.compile(pattern, re.I) for name, pattern in {
    "later_earlier": r"\b(?:later|earlier)\b",
    "ago": r"\bago\b",
    "set_every": r"\b(?:every|each)\b", "set_times": r"\b(?:once|twice|times)\b",
    "in_the_unit": r"\b(?:earlier|later)\b", "same_unit": r"\b(?:same|next|following|previous|preceding)\b",
    "spelled_year": r"\b(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|thousand)\b",
    "quarter": r"quarter", "period": r"quarter|period",
    "season": r"spring|summer|autumn|fall|winter",
}.items()}
_BACK, _AHEAD = 100, 60      # the longest prefix before / text after a trigger word that a match can hold
_MAX_LENGTH = 200            # no time expression is longer


def _matches(name: str, rx, text: str):
    trigger = _TRIGGERS.get(name)
    if trigger is None:
        yield from rx.finditer(text)
        return
    seen, windows = set(), []
    for k in trigger.finditer(text):
        lo, hi = max(0, k.start() - _BACK), min(len(text), k.end() + _AHEAD)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        # matches that start in the window; the search runs on past its end so none is cut short
        for m in rx.finditer(text, lo, min(len(text), hi + _MAX_LENGTH)):
            if m.start() >= hi:
                break
            if m.span() not in seen:
                seen.add(m.span())
                yield m


def _all_candidates(text: str) -> list[_Candidate]:
    """Every rule's matches, longest first (then the earlier rule)."""
    found = []
    for name, rx in RULES:
        for m in _matches(name, rx, text):
            s, e = m.span("t") if "t" in rx.groupindex else m.span()
            while e > s and text[e - 1] in " ,":
                e -= 1
            if e > s:
                found.append(_Candidate(s, e, name, m))
    found.sort(key=lambda c: (-(c.end - c.start), RULE_PRIORITY[c.rule], c.start, c.end))
    return found


def _choose(found: list[_Candidate], rejected: set) -> list[_Candidate]:
    """Non-overlapping candidates: the longest wins; ``rejected`` ones are passed over."""
    taken: list[_Candidate] = []
    for c in found:
        if (c.start, c.end, c.rule) in rejected:
            continue
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


# ---------------------------------------------------------------------------
# Turning a match into a TimeML record
# ---------------------------------------------------------------------------
def is_narrative(text: str, dct: dt.date | None) -> bool:
    """Is the text a history told long after the fact (most years named ≥ 10 years before the DCT)?

    Then a month or day named without a year belongs to the year the story is at,
    not to the writing date ("On 8 February 1904 ... On 10 August ...").

    >>> is_narrative("In 1904 war broke out. In 1905 it ended. By 1907 a treaty held.", dt.date(2009, 12, 19))
    True
    """
    if dct is None:
        return False
    years = sorted(int(y) for y in re.findall(r"(?<![\d$.,])(1[0-9]\d\d|20\d\d)(?![\d%])", text))
    news_words = re.findall(r"\b(?:yesterday|today|tomorrow|last\s+week|this\s+week|next\s+week)\b", text, re.I)
    if len(news_words) >= 2 and 2 * len(news_words) >= len(years):
        return False                 # told from the writing day: news, however old the years it names
    return len(years) >= 3 and years[len(years) // 2] <= dct.year - 10


YEAR_BACK = "the same period a year before the one in focus"


class _Resolver:
    def __init__(self, text: str, dct: dt.date | None):
        self.text = text
        self.dct = dct
        self.narrative = is_narrative(text, dct)
        self.previous: list[TimeExpression] = []

    def story_year(self) -> int | None:
        """In a narrative: the year of the last expression with a known year."""
        for t in reversed(self.previous):
            m = re.match(r"^(\d{4})(?:-\d\d)?(?:-\d\d)?(?:$|T)", t.value)
            if m and t.type in ("DATE", "TIME") and t.anchor != DCT:   # "tomorrow" in a quote is not the story's year
                return int(m.group(1))
        return None

    # --- helpers ----------------------------------------------------------
    def sentence(self, c) -> str:
        return _sentence_around(self.text, c.start, c.end)

    def future(self, c) -> bool:
        return self.tense(c) == "future"

    def tense(self, c) -> str:
        """'future', 'past' or '' for the clause the expression sits in (see ``tense_of``)."""
        return tense_of(self.text, c.start, c.end)

    def rec(self, c, type_, value, **kw) -> TimeExpression:
        return TimeExpression(c.start, c.end, self.text[c.start:c.end], type_, value, **kw)

    def anchor_expression(self, need: str = "day") -> TimeExpression | None:
        """The most recent expression that can anchor an anaphoric one."""
        for t in reversed(self.previous):
            if t.type not in ("DATE", "TIME"):
                continue
            g = _granularity_of(t.value.split("T")[0] if "T" in t.value and not t.value.startswith("T") else t.value)
            if need == "day" and g in ("day", "weekday"):
                return t
            if need == "any" and g is not None:
                return t
        return None

    def month_day(self, c, month: int, day: int, year: str | None) -> tuple[str, str]:
        if year:
            return f"{int(year):04d}-{month:02d}-{day:02d}", ABSOLUTE
        if self.narrative and self.story_year() and self.tense(c) != "future":
            return f"{self.story_year():04d}-{month:02d}-{day:02d}", PREVIOUS
        if self.dct:
            y = _month_year(month, self.dct, self.tense(c), day)
            return f"{y:04d}-{month:02d}-{day:02d}", DCT
        return f"XXXX-{month:02d}-{day:02d}", DCT

    def _weekday_value(self, c, name: str, shift_weeks: int = 0, future: bool | None = None) -> str:
        wd = WEEKDAYS[name.lower()]
        if self.dct:
            fut = self.future(c) if future is None else future
            return _weekday_date(wd, self.dct, fut, shift_weeks).isoformat()
        return f"XXXX-WXX-{wd}"

    # --- clock times with their day, years with "last year", spelled-out years --------
    def _clock_value(self, clock: str) -> str | None:
        w = clock.lower()
        if w == "noon":
            return "12:00"
        if w == "midnight":
            return "24:00"
        m = re.match(r"(\d{1,2})(?::(\d\d))?\s*(a\.m\.|p\.m\.|am|pm)?", w)
        h, mi, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if ampm:
            if h > 12:
                return None
            if ampm.startswith("p") and h != 12:
                h += 12
            if ampm.startswith("a") and h == 12:
                h = 0
        return f"{h:02d}:{mi:02d}"

    def _day_of(self, c, g) -> tuple[str, str] | None:
        if g.get("wd"):
            return self._weekday_value(c, g["wd"]), DCT
        if g.get("deictic"):
            offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["deictic"].lower()]
            return ((self.dct + dt.timedelta(days=offset)).isoformat() if self.dct else "XXXX-XX-XX"), DCT
        month = MONTHS[g["mo"].lower().rstrip(".")]
        day = int(re.match(r"\d+", g["dy"]).group())
        if day > calendar.monthrange(2000, month)[1]:
            return None
        return self.month_day(c, month, day, g.get("yr"))

    def date_clock(self, c):
        g = c.match.groupdict()
        clock = self._clock_value(g["clock"])
        day = self._day_of(c, g)
        if clock is None or day is None:
            return None
        return self.rec(c, "TIME", f"{day[0]}T{clock}", anchor=day[1])

    clock_date = date_clock

    def date_rel_year(self, c):
        g = c.match.groupdict()
        month = MONTHS[(g["m1"] or g["m2"]).lower().rstrip(".")]
        if not self.dct:
            return None
        year = self.dct.year + {"last": -1, "this": 0, "next": 1}[g["rel"]]
        d = g["d1"] or g["d2"]
        if d:
            day = int(re.match(r"\d+", d).group())
            if day > calendar.monthrange(year, month)[1]:
                return None
            return self.rec(c, "DATE", f"{year}-{month:02d}-{day:02d}", anchor=DCT)
        return self.rec(c, "DATE", f"{year}-{month:02d}", anchor=DCT)

    def spelled_year(self, c):
        g = c.match.groupdict()
        year = spelled_year(g["y"])
        if year is None or (year == 2000 and not (g["the"] or g["mo"] or g["season"])) or year > 2100:
            return None
        if g["mo"]:
            return self.rec(c, "DATE", f"{year}-{MONTHS[g['mo'].lower()]:02d}")
        if g["season"]:
            season = re.search(r"spring|summer|autumn|fall|winter", g["season"], re.I).group().lower()
            return self.rec(c, "DATE", f"{year}-{SEASONS[season]}")
        return self.rec(c, "DATE", str(year))

    def day_before(self, c):
        """'The day before, ...': the day before (after) the last day named, else before (after) the DCT."""
        words = c.match.group("t").lower().split()
        step = -1 if words[-1] == "before" else 1
        part = {"night": "TNI", "morning": "TMO", "evening": "TEV"}.get(words[1], "")
        a = self.anchor_expression("day")
        base, unknown = (value_to_date(a.value) if a else (self.dct, False))
        if base is None:
            return self.rec(c, "TIME" if part else "DATE", "XXXX-XX-XX" + part, anchor=PREVIOUS if a else DCT)
        value = _render(base + dt.timedelta(days=step), unknown) + part
        return self.rec(c, "TIME" if part else "DATE", value, anchor=PREVIOUS if a else DCT,
                        anchor_text=a.text if a else "")

    # --- handlers: return a TimeExpression or None ------------------------
    def iso(self, c):
        y, m, d = (int(g) for g in c.match.groups())
        try:
            dt.date(y, m, d)
        except ValueError:
            return None
        return self.rec(c, "DATE", f"{y:04d}-{m:02d}-{d:02d}")

    def numeric(self, c):
        mo, d, y = (int(g) for g in c.match.groups())
        if y < 100:
            y += 2000 if y < 50 else 1900
        try:
            dt.date(y, mo, d)
        except ValueError:
            return None
        return self.rec(c, "DATE", f"{y:04d}-{mo:02d}-{d:02d}")

    def part_of_date(self, c):
        edge, part = c.match.group(1), c.match.group(2).lower()
        code = PARTS_OF_DAY[part]
        mod = "START" if (edge or "").lower() == "early" or part == "hours" else "END" if edge else ""
        if c.match.group("wd"):
            date_value, anchor = self._weekday_value(c, c.match.group("wd")), DCT
        else:
            g = c.match.groupdict()
            month = MONTHS[(g["mo"] or g["mo2"]).lower().rstrip(".")]
            day = int(re.match(r"\d+", g["dy"] or g["dy2"]).group())
            if day > calendar.monthrange(2000, month)[1]:
                return None
            date_value, anchor = self.month_day(c, month, day, g["yr"] or g["yr2"])
        note = "'the early hours' = just after midnight; TimeML has no code for it, so morning (MO) with mod START" if part == "hours" else ""
        return self.rec(c, "TIME", f"{date_value}T{code}", mod=mod, anchor=anchor, note=note)

    def weekday_part(self, c):
        edge, wd, part = c.match.groups()
        mod = {"early": "START", "late": "END"}.get((edge or "").lower(), "")
        return self.rec(c, "TIME", f"{self._weekday_value(c, wd)}T{PARTS_OF_DAY[part.lower()]}", mod=mod, anchor=DCT)

    def early_weekday(self, c):
        edge, wd = c.match.groups()
        mod = {"early": "START", "late": "END"}.get(edge.lower(), "")
        return self.rec(c, "DATE", self._weekday_value(c, wd), mod=mod, anchor=DCT)

    def edge_deictic(self, c):
        edge, word = (g.lower() for g in c.match.groups())
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[word]
        mod = {"early": "START", "late": "END"}.get(edge, "")
        if not self.dct:
            return self.rec(c, "DATE", "XXXX-XX-XX" if offset else "PRESENT_REF", mod=mod, anchor=DCT)
        return self.rec(c, "DATE", (self.dct + dt.timedelta(days=offset)).isoformat(), mod=mod, anchor=DCT)

    def deictic_part(self, c):
        which, part = (g.lower() for g in c.match.groups())
        code = PARTS_OF_DAY[part]
        if which == "that":
            a = self.anchor_expression("day")
            if not a:
                return self.rec(c, "TIME", f"XXXX-XX-XXT{code}", anchor=PREVIOUS)
            return self.rec(c, "TIME", f"{a.value.split('T')[0]}T{code}", anchor=PREVIOUS, anchor_text=a.text)
        offset = {"yesterday": -1, "tomorrow": 1, "this": 0, "last": -1}[which]
        if which == "last" and part != "night":
            return None
        if not self.dct:
            return self.rec(c, "TIME", f"XXXX-XX-XXT{code}", anchor=DCT)
        return self.rec(c, "TIME", f"{(self.dct + dt.timedelta(days=offset)).isoformat()}T{code}", anchor=DCT)

    def tonight(self, c):
        base = self.dct.isoformat() if self.dct else "XXXX-XX-XX"
        return self.rec(c, "TIME", f"{base}TNI", anchor=DCT)

    def weekday_mdy(self, c):
        mo, d, y = c.match.groups()
        value, anchor = self.month_day(c, MONTHS[mo.lower().rstrip(".")], int(re.match(r"\d+", d).group()), y)
        return self.rec(c, "DATE", value, anchor=anchor)

    def mdy(self, c):
        mo, d, y = c.match.groups()
        return self._day(c, MONTHS[mo.lower().rstrip(".")], d, y)

    def dmy(self, c):
        d, mo, y = c.match.groups()
        return self._day(c, MONTHS[mo.lower().rstrip(".")], d, y)

    def _day(self, c, month, d, y):
        day = int(re.match(r"\d+", d).group())
        if y:
            try:
                dt.date(int(y), month, day)
            except ValueError:
                return None
        elif day > 31 or day > calendar.monthrange(2000, month)[1]:
            return None
        value, anchor = self.month_day(c, month, day, y)
        return self.rec(c, "DATE", value, anchor=anchor)

    def md(self, c):
        mo, d = c.match.groups()
        if mo == "May" and not re.match(r"\d", d):
            return None
        return self._day(c, MONTHS[mo.lower().rstrip(".")], d, None)

    def dm(self, c):
        d, mo = c.match.groups()
        return self._day(c, MONTHS[mo.lower()], d, None)

    def _month_value(self, c, month: int, year: str | None) -> tuple[str, str]:
        if year:
            return f"{int(year):04d}-{month:02d}", ABSOLUTE
        if self.narrative and self.story_year() and self.tense(c) != "future":
            return f"{self.story_year():04d}-{month:02d}", PREVIOUS
        if self.dct:
            tense, sure = clause_tense(self.text, c.start, c.end)
            return f"{_month_year(month, self.dct, tense, sure=sure):04d}-{month:02d}", DCT
        return f"XXXX-{month:02d}", DCT

    def edge_month_year(self, c):
        edge, mo, y = c.match.groups()
        edge = edge.lower()
        mod = "START" if edge in ("early",) or "beginning" in edge or "start" in edge else "MID" if "mid" in edge else "END"
        value, anchor = self._month_value(c, MONTHS[mo.lower().rstrip(".")], y)
        return self.rec(c, "DATE", value, mod=mod, anchor=anchor)

    def my(self, c):
        mo, y = c.match.groups()
        return self.rec(c, "DATE", f"{int(y):04d}-{MONTHS[mo.lower().rstrip('.')]:02d}")

    def weekday(self, c, name=None, shift_weeks=0, future=None):
        if name is not None:                      # called as a helper
            return self._weekday_value(c, name, shift_weeks, future)
        which, wd = c.match.groups()
        if not wd[0].isupper():
            return None
        which = (which or "").lower()
        if which in ("last", "past"):
            value = self._weekday_value(c, wd, -1 if self.dct and self.dct.isoweekday() == WEEKDAYS[wd.lower()] else 0, False)
        elif which in ("next", "coming"):
            value = self._weekday_value(c, wd, 1 if self.dct and self.dct.isoweekday() == WEEKDAYS[wd.lower()] else 0, True)
        else:
            value = self._weekday_value(c, wd, 0, None)
        return self.rec(c, "DATE", value, anchor=DCT)

    def vague_after(self, c):
        rec = self.rec(c, "DURATION", duration_value(None, _unit(c.match.group(1))))
        return self._duration_anchor(c, rec, None, _unit(c.match.group(1)))

    def rel_month(self, c):
        edge, which, mo = c.match.groups()
        month = MONTHS[mo.lower()]
        if not self.dct:
            return self.rec(c, "DATE", f"XXXX-{month:02d}", anchor=DCT)
        which = which.lower()
        year = self.dct.year                      # "this September": the one of the DCT's year
        if which in ("last", "past"):             # "last May": the latest May strictly before the DCT's month
            year = self.dct.year if month < self.dct.month else self.dct.year - 1
        elif which in ("next", "coming"):         # "next May": the first May strictly after it
            year = self.dct.year if month > self.dct.month else self.dct.year + 1
        mod = {"early": "START", "late": "END", "mid": "MID"}.get((edge or "").lower(), "")
        return self.rec(c, "DATE", f"{year:04d}-{month:02d}", mod=mod, anchor=DCT)

    def month(self, c):
        mo = c.match.group("t")
        value, anchor = self._month_value(c, MONTHS[mo.lower()], None)
        return self.rec(c, "DATE", value, anchor=anchor)

    def season(self, c):
        which, edge, season, year = c.match.groups()
        if not which and not year and not edge:
            return None
        code = SEASONS[season.lower()]
        mod = {"early": "START", "late": "END"}.get((edge or "").lower(), "")
        if year:
            return self.rec(c, "DATE", f"{year}-{code}", mod=mod)
        which = (which or "").lower()
        if which == "the" and not edge:
            return None
        if not self.dct:
            return self.rec(c, "DATE", f"XXXX-{code}", mod=mod, anchor=DCT)
        y = self.dct.year + {"last": -1, "next": 1}.get(which, 0)
        return self.rec(c, "DATE", f"{y}-{code}", mod=mod, anchor=DCT)

    def focus_period(self, quarters_only: bool = False) -> TimeExpression | None:
        """The reporting period in focus: the latest quarter named before (or, unless
        ``quarters_only``, the latest "nine months" or a day or month with a year)."""
        latest = self.default_quarter() or (9999, 4)
        for t in reversed(self.previous):
            if t.note == YEAR_BACK:
                continue                    # "the year-ago quarter" is compared with, not reported on
            if re.match(r"^\d{4}-Q\d$", t.value):
                if (int(t.value[:4]), int(t.value[-1])) > latest:
                    continue                # a quarter still ahead ("a fourth-quarter charge") is not the one reported
                return t
            if not quarters_only and (t.type == "DURATION" and re.search(r"\bmonths\b", t.text, re.I)):
                return t
            if not quarters_only and t.type == "DATE" and re.match(r"^\d{4}-\d\d(?:-\d\d)?$", t.value):
                return t
        return None

    def default_quarter(self) -> tuple[int, int] | None:
        """The quarter a business report speaks of by default: the last one completed before the DCT."""
        if not self.dct:
            return None
        q, y = (self.dct.month - 1) // 3, self.dct.year
        return (y - 1, 4) if q == 0 else (y, q)

    def focus_quarter_default(self) -> tuple[int, int] | None:
        """In a text that speaks of quarters at all, the quarter reported on by default."""
        if any(re.match(r"^\d{4}-Q\d$", t.value) for t in self.previous):
            return self.default_quarter()
        return None

    def _quarter_in_focus(self) -> tuple[int, int] | None:
        f = self.focus_period(quarters_only=True)
        if f:
            return int(f.value[:4]), int(f.value[-1])
        return self.default_quarter()

    def quarter(self, c):
        m = c.match
        if re.match(r"(?i)the\s+(?:fiscal[- ])?\w+-quarter", m.group(0)) and not m.group("pre"):
            # "the third-quarter loss": the adjective alone is the expression (TimeML 1.2.1 §2.2.1, extent)
            c = _Candidate(c.start + len(re.match(r"(?i)the\s+", m.group(0)).group()), c.end, c.rule, m)
        which = m.group("ord").lower()
        pre = re.sub(r"\s+", " ", (m.group("pre") or "").lower())
        year = m.group("yr") or (pre if pre.isdigit() else None)
        ordinal = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(which)
        if year and ordinal:
            return self.rec(c, "DATE", f"{year}-Q{ordinal}")
        if not self.dct:
            return self.rec(c, "DATE", f"XXXX-Q{ordinal}" if ordinal else "XXXX-QX", anchor=DCT)
        q = (self.dct.month - 1) // 3 + 1
        y = self.dct.year
        if ordinal:
            if "year-" in pre or pre.startswith("last year"):
                focus = self._quarter_in_focus()
                return self.rec(c, "DATE", f"{(focus[0] if focus else y) - 1}-Q{ordinal}", anchor=DCT, note=YEAR_BACK)
            elif pre.startswith("next year"):
                y += 1
            elif pre.startswith("this year"):
                pass
            elif ordinal > q and not self.future(c):
                y -= 1
            return self.rec(c, "DATE", f"{y}-Q{ordinal}", anchor=DCT)
        if which == "this" and self.focus_period(quarters_only=True):
            f = self.focus_period(quarters_only=True)
            return self.rec(c, "DATE", f.value, anchor=PREVIOUS, anchor_text=f.text)
        step = {"last": -1, "previous": -1, "next": 1}.get(which, 0)
        q += step
        if q == 0:
            q, y = 4, y - 1
        elif q == 5:
            q, y = 1, y + 1
        return self.rec(c, "DATE", f"{y}-Q{q}", anchor=DCT)

    def period(self, c):
        """'the quarter', 'the latest period', 'the year-ago quarter', 'the 1988 period': the
        reporting period in focus (the quarter named last, else the last completed quarter)."""
        m = c.match
        the, unit = (m.group("the") or "").lower(), m.group("unit")
        pre = re.sub(r"\s+", " ", (m.group("pre") or "").lower())
        post = (m.group("post") or "").strip().lower()
        if not pre and not post and not (the in ("the", "this", "that") and unit == "quarter"):
            return None
        if pre in ("recent", "same", "comparable", "corresponding") and not post and unit == "period":
            return None
        back = 1 if ("year-" in pre or "last year" in pre or post) else 0
        focus = self.focus_period(quarters_only=True)
        if the == "that" and focus:
            return self.rec(c, "DATE", focus.value, anchor=PREVIOUS, anchor_text=focus.text)
        if pre.isdigit():
            if focus is None and unit == "period":
                return self.rec(c, "DATE", pre)
            q = int(focus.value[-1]) if focus else (self.default_quarter() or (0, 0))[1]
            return self.rec(c, "DATE", f"{pre}-Q{q}" if q else pre)
        if focus is None and unit == "period" and back:
            months = self.focus_period()
            if months is not None and months.type == "DURATION":     # "the first nine months ... the year-earlier period"
                return self.rec(c, "DATE", str(self.dct.year - 1) if self.dct else "XXXX", anchor=DCT)
        yq = (int(focus.value[:4]), int(focus.value[-1])) if focus else self.default_quarter()
        if yq is None:
            return self.rec(c, "DATE", "XXXX-QX", anchor=DCT)
        anchor = (PREVIOUS, focus.text) if focus else (DCT, "")
        return self.rec(c, "DATE", f"{yq[0] - back}-Q{yq[1]}", anchor=anchor[0], anchor_text=anchor[1],
                        note=YEAR_BACK if back else "")

    def fiscal_year(self, c):
        """'the current fiscal year', 'the full year': the DCT's year (the one before for
        'latest'/'last'/'previous': a fiscal year is named once it has been reported)."""
        which = (c.match.group("which") or "").lower()
        if which == "same":
            return None
        if not self.dct:
            return self.rec(c, "DATE", "XXXX", anchor=DCT)
        step = {"latest": -1, "last": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1, "new": 1}.get(which, 0)
        return self.rec(c, "DATE", str(self.dct.year + step), anchor=DCT)

    def decade_word(self, c):
        edge, word = c.match.groups()
        tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}[word.lower()]
        if not c.match.group(0).lower().startswith("the") and not edge:
            return None                     # "in her forties" is an age
        if re.search(r"\b(?:her|his|their|its|my|our|your)\s+$", self.text[max(0, c.start - 8):c.start], re.I):
            return None
        mod = {"early": "START", "mid": "MID", "late": "END"}.get((edge or "").lower(), "")
        return self.rec(c, "DATE", f"19{tens}", mod=mod)

    def year_ago_adj(self, c):
        """'year-ago results', 'year-earlier profit': the same period a year before the one in focus."""
        return self._a_year_before(c, earlier=c.match.group(1).lower().endswith("earlier"))

    def _a_year_before(self, c, earlier: bool):
        """'a year ago' / 'a year earlier' (and 'year-ago'): the period in focus, one year back.

        In a business report the period in focus is the quarter just named ("net rose from
        $5 million a year earlier" = the same quarter of the year before); after a day or month
        with a year, "a year earlier" is that day or month a year back; otherwise the DCT one
        year back, to the month.
        """
        f = self.focus_period(quarters_only=not earlier)
        if f is not None and re.match(r"^\d{4}-Q\d$", f.value):
            return self.rec(c, "DATE", f"{int(f.value[:4]) - 1}{f.value[4:]}", anchor=PREVIOUS, anchor_text=f.text,
                            note=YEAR_BACK)
        if f is None and not earlier and self.focus_quarter_default():
            y, q = self.focus_quarter_default()
            return self.rec(c, "DATE", f"{y - 1}-Q{q}", anchor=DCT, note=YEAR_BACK)
        if f is not None and f.type == "DATE":
            base, _ = value_to_date(f.value)
            if base is not None:
                return self.rec(c, "DATE", format_value(shift(base, -1, "year"), "day"), anchor=PREVIOUS,
                                anchor_text=f.text, note=YEAR_BACK)
            return self.rec(c, "DATE", f"{int(f.value[:4]) - 1}{f.value[4:]}", anchor=PREVIOUS, anchor_text=f.text,
                            note=YEAR_BACK)
        if f is not None and f.type == "DURATION" and self.dct:
            return self.rec(c, "DATE", str(self.dct.year - 1), anchor=DCT)
        if not self.dct:
            return self.rec(c, "DATE", "XXXX", anchor=DCT, note="a year before the DCT")
        return self.rec(c, "DATE", format_value(shift(self.dct, -1, "year"), "month"), anchor=DCT)

    def decade(self, c):
        edge, full, short = c.match.groups()
        if full:
            value = full[:3]
        else:
            value = ("19" if int(short) > 20 else "20") + short[0]
        mod = {"early": "START", "mid": "MID", "late": "END"}.get((edge or "").lower(), "")
        return self.rec(c, "DATE", value, mod=mod)

    def century(self, c):
        n = int(c.match.group(1))
        return self.rec(c, "DATE", f"{n - 1:02d}")

    def year(self, c):
        edge, y = c.match.groups()
        year = int(y)
        if year < 1000:
            return None
        mod = {"early": "START", "mid": "MID", "late": "END"}.get((edge or "").lower(), "")
        return self.rec(c, "DATE", str(year), mod=mod)

    def ago(self, c):
        m = c.match
        unit = _unit(m.group(3) or m.group(4))
        number = _num(m.group(1)) if m.group(1) else None
        if number == 1 and unit == "year":
            return self._a_year_before(c, earlier=False)
        if number is None:
            return self.rec(c, "DATE", "PAST_REF", anchor=DCT)
        granularity = unit if unit in ("day", "week", "month", "year", "decade", "century") else "day"
        if unit == "quarter":
            granularity = "quarter"
        if not self.dct:
            return self.rec(c, "DATE", "XXXX" + ("-XX-XX" if granularity == "day" else ""), anchor=DCT,
                            note=f"{number} {unit}(s) before the DCT")
        d = shift(self.dct, -number, unit if unit in UNITS else "day")
        return self.rec(c, "DATE", format_value(d, granularity), anchor=DCT)

    def later_earlier(self, c):
        m = c.match
        number = _num(m.group(1)) if m.group(1) else None
        unit = _unit(m.group(3))
        direction = 1 if m.group(4).lower() == "later" else -1
        if number == 1 and unit == "year" and direction == -1:
            return self._a_year_before(c, earlier=True)
        a = self.anchor_expression("day" if unit in ("day", "week", "hour", "minute") else "any")
        if number is None:
            # vague: "just days later" = a length of time whose end the text only bounds
            rec = self.rec(c, "DURATION", duration_value(None, unit), anchor=PREVIOUS, anchor_text=a.text if a else "")
            if a:
                base, unknown = value_to_date(a.value)
                if base and unit in ("day", "week"):
                    lo, hi = (2, 9) if unit == "day" else (14, 49)   # "days": 2 to 9 days; "weeks": 2 to 7 weeks
                    ends = sorted([base + dt.timedelta(days=direction * lo), base + dt.timedelta(days=direction * hi)])
                    rec = replace(rec, earliest=_render(ends[0], unknown), latest=_render(ends[1], unknown),
                                  note=f"'{unit}s' read as {lo} to {hi} days")
            return rec
        if not a:
            return self.rec(c, "DURATION", duration_value(number, unit), anchor=PREVIOUS)
        base, unknown = value_to_date(a.value)
        if base is None:
            return self.rec(c, "DURATION", duration_value(number, unit), anchor=PREVIOUS, anchor_text=a.text)
        d = shift(base, direction * number, unit)
        granularity = "day" if unit in ("day", "week", "hour", "minute", "second") else unit
        return self.rec(c, "DATE", _render(d, unknown, granularity), anchor=PREVIOUS, anchor_text=a.text)

    def in_the_unit(self, c):
        """'earlier this month' is the DCT's month; 'later that day', 'earlier in the year' the
        day (year) of the time told before, written to the unit the words name."""
        _, unit = (g.lower() for g in c.match.groups())
        if re.search(r"\bthis\b", c.match.group(0), re.I):
            if not self.dct:
                return self.rec(c, "DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"),
                                anchor=DCT)
            return self.rec(c, "DATE", format_value(self.dct, unit), anchor=DCT)
        a = self.anchor_expression("day" if unit == "day" else "any")
        if not a:
            if self.dct and unit != "day" and re.search(r"\bin\s+the\b", c.match.group(0), re.I):
                return self.rec(c, "DATE", format_value(self.dct, unit), anchor=DCT)
            return self.rec(c, "DATE", "XXXX-XX-XX" if unit == "day" else "XXXX", anchor=PREVIOUS)
        value = a.value.split("T")[0]
        base, unknown = value_to_date(value)
        if base is not None and unit in ("week", "month", "year"):
            value = _render(base, unknown, unit)
        elif unit == "year" and re.match(r"^\d{4}", value):
            value = value[:4]
        return self.rec(c, "DATE", value, anchor=PREVIOUS, anchor_text=a.text)

    def same_unit(self, c):
        which, unit = (g.lower() for g in c.match.groups())
        a = self.anchor_expression("day" if unit == "day" else "any")
        step = {"same": 0, "next": 1, "following": 1, "previous": -1, "preceding": -1}[which]
        if not a:
            return self.rec(c, "DATE", "XXXX-XX-XX" if unit == "day" else "XXXX", anchor=PREVIOUS)
        base, unknown = value_to_date(a.value)
        if base is None:
            m = re.match(r"^(\d{4})", a.value)
            if m and unit == "year":
                return self.rec(c, "DATE", str(int(m.group(1)) + step), anchor=PREVIOUS, anchor_text=a.text)
            return self.rec(c, "DATE", a.value, anchor=PREVIOUS, anchor_text=a.text)
        return self.rec(c, "DATE", _render(shift(base, step, unit), unknown, unit), anchor=PREVIOUS, anchor_text=a.text)

    def edge_rel(self, c):
        edge, which, unit = (re.sub(r"\s+", " ", g.lower()) for g in c.match.groups())
        mod = "START" if edge in ("early", "earlier", "the beginning of", "the start of") else "MID" if "middle" in edge else "END"
        step = {"last": -1, "next": 1}.get(which, 0)
        if not self.dct:
            return self.rec(c, "DATE", "XXXX", mod=mod, anchor=DCT)
        d = shift(self.dct, step, unit)
        return self.rec(c, "DATE", format_value(d, unit), mod=mod, anchor=DCT)

    def rel_unit(self, c):
        which, unit = (g.lower() for g in c.match.groups())
        if which == "past" or (which == "previous" and unit != "year"):
            return self.rec(c, "DURATION", duration_value(1, unit if unit != "weekend" else "day"), anchor=DCT)
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit == "weekend":
            if not self.dct:
                return self.rec(c, "DATE", "XXXX-WXX-WE", anchor=DCT)
            return self.rec(c, "DATE", format_value(shift(self.dct, step, "week"), "week") + "-WE", anchor=DCT)
        if not self.dct:
            return self.rec(c, "DATE", "XXXX", anchor=DCT, note=f"{'the' if step == 0 else abs(step)} {unit} {'of' if step == 0 else 'before' if step < 0 else 'after'} the DCT")
        d = shift(self.dct, step, unit)
        if unit == "week" and step != 0 and not c.match.group(0).lower().startswith("the"):
            # "last week", "next week": TimeBank writes the year and leaves the week unspecified
            # (1989-WXX): which calendar week the writer counts from is not said.
            return self.rec(c, "DATE", f"{d.isocalendar()[0]}-WXX", anchor=DCT)
        return self.rec(c, "DATE", format_value(d, unit), anchor=DCT)

    def weekend(self, c):
        """'over the weekend': the weekend before the DCT (after it in a future clause, or after
        "ahead of"); TimeML writes a weekend as its ISO week with -WE."""
        if not self.dct:
            return self.rec(c, "DATE", "XXXX-WXX-WE", anchor=DCT)
        ahead = self.future(c) or re.search(r"\b(?:ahead\s+of|before|until|by)\s*$", self.text[max(0, c.start - 12):c.start], re.I)
        saturday = _weekday_date(6, self.dct, bool(ahead))
        return self.rec(c, "DATE", format_value(saturday, "week") + "-WE", anchor=DCT)

    def new_year(self, c):
        if not self.dct:
            return self.rec(c, "DATE", "XXXX", anchor=DCT, note="the year after the DCT")
        return self.rec(c, "DATE", str(self.dct.year + 1), anchor=DCT)

    def holiday(self, c):
        name = c.match.group(1).lower().replace("’", "'")
        md = {"new year's day": "01-01", "new year's eve": "12-31", "christmas": "12-25", "christmas day": "12-25",
              "christmas eve": "12-24", "halloween": "10-31", "valentine's day": "02-14"}[re.sub(r"\s+", " ", name)]
        month, day = (int(x) for x in md.split("-"))
        value, anchor = self.month_day(c, month, day, None)
        return self.rec(c, "DATE", value, anchor=anchor)

    def speech_day(self, c) -> dt.date | None:
        """The day a quotation was spoken, when text[c] is inside one and the words around it
        date the speech ('"We are ready today," he said on Sunday.'): then "today" in the quote
        is that Sunday, not the day of writing (the reference time moves with reported speech,
        TimeML 1.2.1 §2.2.3 on anchorTimeID: a relative expression is anchored to the time it
        is relative to)."""
        if not self.dct:
            return None
        line_start = self.text.rfind("\n", 0, c.start) + 1
        line_end = self.text.find("\n", c.end)
        line_end = len(self.text) if line_end < 0 else line_end
        before, after = self.text[line_start:c.start], self.text[c.end:line_end]
        if before.count("“") > before.count("”"):
            close = after.find("”")
            opening = before.rfind("“")
        elif before.count('"') % 2 == 1:
            close = after.find('"')
            opening = before.rfind('"')
        else:
            return None
        if close < 0:
            return None
        speech = re.compile(rf"\b(?:said|says|told|added|stated|declared|announced|wrote|insisted|explained)\b"
                            rf"[^.“”\"]{{0,60}}?\b(?:on\s+)?({_WEEKDAY})\b|\b[Oo]n\s+({_WEEKDAY}),?[^.“”\"]{{0,60}}?"
                            rf"\b(?:said|told|added|stated|declared|announced|wrote)\b")
        tail = after[close + 1:]
        tail = tail[:tail.find(". ")] if ". " in tail else tail
        m = speech.search(tail) or speech.search(before[:opening])
        if not m:
            return None
        return _weekday_date(WEEKDAYS[(m.group(1) or m.group(2)).lower()], self.dct, False)

    def deictic(self, c):
        word = re.sub(r"\s+", " ", c.match.group(1).lower())
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[word]
        spoken = self.speech_day(c)
        if spoken is not None:
            return self.rec(c, "DATE", (spoken + dt.timedelta(days=offset)).isoformat(), anchor=PREVIOUS,
                            note="in a quotation: relative to the day it was spoken")
        if not self.dct:
            return self.rec(c, "DATE", "XXXX-XX-XX" if offset else "PRESENT_REF", anchor=DCT)
        return self.rec(c, "DATE", (self.dct + dt.timedelta(days=offset)).isoformat(), anchor=DCT)

    def present_ref(self, c):
        return self.rec(c, "DATE", "PRESENT_REF", anchor=DCT)

    def recent_units(self, c):
        return self.rec(c, "DURATION", duration_value(None, _unit(c.match.group(2))), anchor=DCT,
                        note="a stretch of time that ends at the DCT")

    def past_ref(self, c):
        word = c.match.group(1).lower()
        if word.startswith("in the"):        # "in the past": the preposition stays out, "the past" is the expression
            c = _Candidate(c.start + 3, c.end, c.rule, c.match)
        return self.rec(c, "DATE", "PAST_REF", anchor=DCT)

    def future_ref(self, c):
        return self.rec(c, "DATE", "FUTURE_REF", anchor=DCT)

    def the_time(self, c):
        """'at the time': the day told just before, in a past-tense telling; where the sentence
        speaks of now ("which led the mediation at the time, hopes ...") or no day was told,
        the vague past, PAST_REF (TimeML 1.2.1 §2.2.3: value tokens PAST_REF/PRESENT_REF/FUTURE_REF)."""
        a = self.anchor_expression("day")
        if not a or _PRESENT.search(self.sentence(c)):
            return self.rec(c, "DATE", "PAST_REF", anchor=DCT)
        return self.rec(c, "DATE", a.value.split("T")[0], anchor=PREVIOUS, anchor_text=a.text)

    def clock(self, c):
        m = c.match
        if m.group(1):
            h, mi, ampm = int(m.group(1)), int(m.group(2) or 0), m.group(3).lower()
            if h > 12:
                return None
            if ampm.startswith("p") and h != 12:
                h += 12
            if ampm.startswith("a") and h == 12:
                h = 0
        else:
            h, mi = int(m.group(4)), int(m.group(5))
        base = self.dct.isoformat() if self.dct else "XXXX-XX-XX"
        return self.rec(c, "TIME", f"{base}T{h:02d}:{mi:02d}", anchor=DCT)

    def noon(self, c):
        word = c.match.group(1).lower()
        base = self.dct.isoformat() if self.dct else "XXXX-XX-XX"
        return self.rec(c, "TIME", f"{base}T{'24:00' if word == 'midnight' else '12:00'}", anchor=DCT)

    def set_every(self, c):
        _, n, unit = c.match.groups()
        low = unit.lower()
        if low in WEEKDAYS:
            return self.rec(c, "SET", f"XXXX-WXX-{WEEKDAYS[low]}")
        if low in ("morning", "evening", "night"):
            return self.rec(c, "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[low]}")
        number = 2 if (n or "").lower() == "other" else (_num(n) if n else 1) or 1
        return self.rec(c, "SET", duration_value(number, _unit(unit)))

    def set_adverb(self, c):
        word = c.match.group(1).lower()
        # "a quarterly dividend", "daily newspapers": an adjective classifying a thing, not a time
        # that repeats (TimeBank tags "paid quarterly" but not "its quarterly payout")
        nxt = re.match(r"\s+([a-z][\w-]*)", self.text[c.end:c.end + 30])
        if nxt and nxt.group(1) not in ("and", "or", "to", "in", "on", "at", "for", "by", "from", "with", "since",
                                        "until", "through", "over", "during", "than", "as", "after", "before"):
            return None
        value = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                 "hourly": "PT1H", "quarterly": "P3M", "nightly": "TNI"}[word]
        return self.rec(c, "SET", value)

    def set_times(self, c):
        return self.rec(c, "SET", duration_value(1, _unit(c.match.group(2))))

    def duration_age(self, c):
        n, unit = c.match.groups()
        number = _num(n)
        if number is None:
            return None
        return self.rec(c, "DURATION", duration_value(number, _unit(unit)))

    def duration_past(self, c):
        which, n, vague, unit = c.match.groups()
        number = _num(n) if n else None
        if n and number is None:
            return None
        rec = self.rec(c, "DURATION", duration_value(number, _unit(unit)),
                       anchor=DCT if which.lower() in ("past", "last", "next", "coming") else ABSOLUTE)
        return rec

    def duration_past1(self, c):
        which, unit = c.match.groups()
        u = _unit(unit)
        if unit.lower().endswith("s"):
            return self.rec(c, "DURATION", duration_value(None, u), anchor=DCT)
        if which.lower() in ("past",):
            return self.rec(c, "DURATION", duration_value(1, u), anchor=DCT)
        return None

    def duration(self, c):
        mod_word, n, unit = c.match.groups()
        number = _num(n)
        if number is None:
            return None
        if " and a half" in c.match.group(0).lower():
            number += 0.5
        u = _unit(unit)
        if n.lower() in ("a", "an") and u in ("second", "minute") and not mod_word:
            return None
        if number >= 1000 and re.fullmatch(r"\d{4}", n):
            return None                             # "the 1988 quarter" is a year, not 1988 quarters
        if is_age(self.text, c.start, c.end):
            return None
        mod = MODIFIERS.get(re.sub(r"\s+", " ", (mod_word or "").lower()), "")
        in_future = self._in_units_ahead(c, number, u)
        if in_future is not None and not mod:
            return in_future
        rec = self.rec(c, "DURATION", duration_value(number, u), mod=mod)
        return self._duration_anchor(c, rec, number, u)

    def _in_units_ahead(self, c, number, unit: str):
        """'The council will meet again in two weeks': in a future-tense clause, "in N units"
        names the date N units after the DCT, written to the unit the words name (TimeML 1.2.1
        §2.2.3, value: a relative date is given at the granularity of the expression)."""
        before = self.text[max(0, c.start - 12):c.start]
        if not re.search(r"\b[Ii]n\s+$", before) or unit not in ("day", "week", "month", "year") or number != int(number):
            return None
        if self.tense(c) != "future" or re.search(r"\b(?:first|most|last|highest|lowest|best|worst|biggest|largest)\b",
                                                  self.sentence(c), re.I):
            return None
        if not self.dct:
            return self.rec(c, "DATE", {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"),
                            anchor=DCT, note=f"{number} {unit}(s) after the DCT")
        return self.rec(c, "DATE", format_value(shift(self.dct, number, unit), unit), anchor=DCT)

    def duration_vague(self, c):
        mod_word, _, unit = c.match.groups()
        mod = MODIFIERS.get(re.sub(r"\s+", " ", (mod_word or "").lower()), "")
        rec = self.rec(c, "DURATION", duration_value(None, _unit(unit)), mod=mod)
        return self._duration_anchor(c, rec, None, _unit(unit))

    def duration_of(self, c):
        if not self.text[c.start].islower():
            return None
        return self.rec(c, "DURATION", duration_value(None, _unit(c.match.group(1))))

    def duration_bare(self, c):
        rec = self.rec(c, "DURATION", duration_value(None, _unit(c.match.group(1))))
        return self._duration_anchor(c, rec, None, _unit(c.match.group(1)))

    def _duration_anchor(self, c, rec: TimeExpression, number, unit: str) -> TimeExpression:
        """Anchor a length of time when the words around it say where it ends or starts."""
        after = self.text[c.end:c.end + 120]
        before = self.text[max(0, c.start - 120):c.start]
        m = re.match(r"\s+(after|before|since)\s+(.+?)(?=[,.;:]|\s+(?:in|on)\s+(?:an?|the)\s+\w+\s+(?:on|in|at)\b|$)", after)
        if m:
            event = m.group(2).strip()
            return replace(rec, anchor=EVENT, anchor_text=f"{m.group(1)} {event}")
        sentence = self.sentence(c)
        # "for nine months" in the present perfect: the length ends now (at the DCT)
        if re.search(r"\bfor\s*$", before) and _PRESENT_PERFECT.search(sentence):
            rec = replace(rec, anchor=DCT, note="a stretch of time that ends at the DCT")
            if self.dct and number is not None:
                start = shift(self.dct, -number, unit)
                rec = replace(rec, earliest=start.isoformat(), latest=start.isoformat(),
                              note="a stretch of time that ends at the DCT; it began about then")
            return rec
        # "the first ... in five months" / "in decades": the last time was that long before
        if re.search(r"\bin\s*$", before) and re.search(r"\b(first|most|last|highest|lowest|best|worst|biggest|largest)\b", sentence, re.I):
            a = None
            for t in reversed(self.previous):
                if t.type == "DATE" and t.start >= self.text.rfind("\n", 0, c.start) and _granularity_of(t.value) in ("day", "weekday") \
                        and t.start >= c.start - len(sentence):
                    a = t
                    break
            if a:
                base, unknown = value_to_date(a.value)
                rec = replace(rec, anchor=PREVIOUS, anchor_text=a.text,
                              note="the previous such event was at least this long before the anchor")
                if base and number is not None:
                    rec = replace(rec, latest=_render(shift(base, -int(number), unit), unknown))
                return rec
            rec = replace(rec, anchor=DCT, note="the previous such event was at least this long before the DCT")
            if self.dct and number is not None:
                rec = replace(rec, latest=shift(self.dct, -int(number), unit).isoformat())
            return rec
        return rec

    # ----------------------------------------------------------------------
    def resolve(self, c: _Candidate) -> TimeExpression | None:
        handler = getattr(self, c.rule)
        rec = handler(c)
        if rec is not None:
            rec = _trim(rec)
            self.previous.append(rec)
        return rec


def _trim(rec: TimeExpression) -> TimeExpression:
    """TimeML spans leave out a possessive ’s and a trailing comma."""
    text = rec.text
    m = re.search(r"['’]s?$", text)
    if m and m.start() > 0 and not text.lower().endswith(("'90s", "’90s")) and not re.search(r"\d0['’]s$", text):
        text = text[:m.start()]
    text = text.rstrip(" ,")
    return replace(rec, end=rec.start + len(text), text=text) if text != rec.text else rec


# ---------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------
def find_dates(text: str, dct=None) -> list[TimeExpression]:
    """Every time expression of ``text``, in reading order, normalised against ``dct``.

    ``dct`` (the date the text was written) may be a ``date``, ``"YYYY-MM-DD"`` or
    None (unknown): then relative expressions keep ``XXXX`` where the year is unknown.

    >>> [(t.text, t.value) for t in find_dates("The ceasefire of last year held.", dct="2025-12-03")]
    [('last year', '2024')]
    >>> [(t.text, t.type, t.value, t.mod) for t in find_dates("It lasted for more than a year.")]
    [('more than a year', 'DURATION', 'P1Y', 'MORE_THAN')]
    """
    dct = parse_dct(dct)
    found = _all_candidates(text)
    rejected: set = set()
    for _ in range(6):   # a rule may turn its match down; then the next-best reading gets the span
        resolver = _Resolver(text, dct)
        out, again = [], False
        for c in _choose(found, rejected):
            rec = resolver.resolve(c)
            if rec is None:
                rejected.add((c.start, c.end, c.rule))
                again = True
            else:
                out.append(rec)
        if not again:
            break
    return out
