"""Time expressions: find them, normalise them to TimeML values, say what they hang on.

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

The finder is a set of hand-written rules (stdlib ``re`` and ``datetime`` only).

Example:
    >>> [(t.text, t.type, t.value) for t in find_dates("They met on Wednesday, less than two weeks after the Nov. 23 strike.")]
    [('Wednesday', 'DATE', 'XXXX-WXX-3'), ('less than two weeks', 'DURATION', 'P2W'), ('Nov. 23', 'DATE', 'XXXX-11-23')]
    >>> [(t.text, t.value) for t in find_dates("They met on Wednesday.", dct="2025-12-03")]
    [('Wednesday', '2025-12-03')]
"""
from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import sys
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
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)(?!\d|,\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMWORD = (r"(?:\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
            r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|dozen|a\s+hundred|hundred|"
            r"half\s+an?|an?)")
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ie))s?"
_MOD = (r"(?:(?:just|well)\s+(?:over|under)|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|"
        r"close\s+to|about|around|roughly|approximately|nearly|almost|over|under|some)")
_EDGE = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"
_FUTURE = re.compile(r"\b(will|won['’]t|shall|going to|(?:is|are|was|were) (?:due|set|scheduled|expected|planned) to|"
                     r"(?:is|are) to|plans? to|intends? to|upcoming|next)\b|['’]ll\b", re.I)
_PRESENT_PERFECT = re.compile(r"\b(has|have|had)\s+(?:\w+\s+)?been\b|\b(has|have)\s+\w+ed\b", re.I)


def _num(word: str) -> float | None:
    """'nine' -> 9, 'twenty-one' -> 21, '3' -> 3, 'a' -> 1; vague words -> None.

    >>> _num("twenty-one"), _num("nine"), _num("a"), _num("several")
    (21, 9, 1, None)
    """
    w = re.sub(r"\s+", " ", word.lower().strip())
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w) if "." in w else int(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    m = re.fullmatch(r"(\w+)[- ](\w+)", w)
    if m and m.group(1) in NUMBER_WORDS and m.group(2) in NUMBER_WORDS:
        return NUMBER_WORDS[m.group(1)] + NUMBER_WORDS[m.group(2)]
    return None


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
    if number != int(number):          # half a year -> P6M, half an hour -> PT30M
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24), "H": ("M", 60)}.get(letter)
        if smaller:
            number, letter = number * smaller[1], smaller[0]
            is_time = is_time or letter == "H"
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
def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("? ", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1:right]


def looks_future(sentence: str) -> bool:
    """Does the sentence speak of the future? (a rough test on a few words)

    >>> looks_future("Talks will resume in January."), looks_future("Talks resumed in January.")
    (True, False)
    """
    return bool(_FUTURE.search(sentence))


def _month_year(month: int, dct: dt.date, future: bool, day: int = 15) -> int:
    """The year of a month (and day) named without a year: the occurrence nearest the DCT.

    When two occurrences are about equally near (within 31 days), the tense decides.

    >>> _month_year(8, dt.date(2025, 12, 3), False), _month_year(6, dt.date(2013, 3, 22), False)
    (2025, 2013)
    """
    options = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        d = dt.date(y, month, min(day, calendar.monthrange(y, month)[1]))
        options.append((abs((d - dct).days), d >= dct, y))
    options.sort()
    best, second = options[0], options[1]
    if second[0] - best[0] <= 31 and second[1] == future and best[1] != future:
        return second[2]
    return best[2]


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
def _r(pattern: str, flags=0):
    return re.compile(pattern, flags)


_I = re.I
RULES = [
    # calendar dates written in digits
    ("iso", _r(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("numeric", _r(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")),
    # parts of a day tied to a date: "the early hours of November 19", "Wednesday night"
    ("part_of_date", _r(rf"\b(?:the\s+)?(?:(early|late)\s+)?(hours|morning|afternoon|evening|night)\s+of\s+"
                        rf"(?:(?P<wd>{_WEEKDAY})|(?:(?:{_WEEKDAY}),?\s+)?(?P<mo>{_MONTH})\s+(?P<dy>{_DAY})(?:,?\s+(?P<yr>{_YEAR}))?)")),
    ("weekday_part", _r(rf"\b(?:(early|late)\s+)?({_WEEKDAY})\s+(morning|afternoon|evening|night)\b")),
    ("early_weekday", _r(rf"\b(early|late)\s+({_WEEKDAY})\b")),
    ("deictic_part", _r(r"\b(yesterday|tomorrow|this|last|that)\s+(morning|afternoon|evening|night)\b", _I)),
    ("tonight", _r(r"\b(tonight|overnight)\b", _I)),
    # weekday + date: "Wednesday, Nov. 23, 2025"
    ("weekday_mdy", _r(rf"\b(?:{_WEEKDAY}),?\s+({_MONTH})\s+({_DAY})(?:,?\s+({_YEAR}))?")),
    ("mdy", _r(rf"\b({_MONTH})\s+({_DAY}),?\s+({_YEAR})")),
    ("dmy", _r(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})")),
    ("md", _r(rf"\b(?:(?:mid|early|late)-?\s*)?({_MONTH})\s+({_DAY})\b")),
    ("dm", _r(rf"\b({_DAY})\s+(?:of\s+)?({_MONTH_FULL})\b")),
    ("edge_month_year", _r(rf"\b({_EDGE})[- ]?\s*({_MONTH})(?:,?\s+({_YEAR}))?", _I)),
    ("my", _r(rf"\b({_MONTH}),?\s+(?:of\s+)?({_YEAR})")),
    ("weekday", _r(rf"\b(?:(last|next|this|coming|past)\s+)?({_WEEKDAY})\b", _I)),
    ("rel_month", _r(rf"\b(last|next|this|coming|past)\s+({_MONTH_FULL}|May)\b")),
    ("month", _r(rf"\b(?:(?:[Ii]n|[Ss]ince|until|[Bb]y|of|[Ff]rom|during|[Bb]efore|[Aa]fter|between|and|through|to|late|early|mid|[Ll]ast|[Nn]ext|[Tt]his)\s+|(?<=\n)|^)(?P<t>{_MONTH_FULL}|May)\b(?!\s+\d)")),
    # seasons and quarters
    ("season", _r(r"\b(?:(this|last|next|the)\s+)?(?:(early|late)\s+)?(spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(\d{4}))?\b", _I)),
    ("quarter", _r(r"\b(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last|this|next|current|previous)\s+(?:fiscal\s+)?quarter(?:\s+of\s+(\d{4}))?\b", _I)),
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
    ("duration", _r(rf"\b(?:({_MOD})\s+)?({_NUMWORD})(?:\s+and\s+a\s+half)?[- ]({_UNIT})(?:\s+and\s+a\s+half)?\b", _I)),
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


def _all_candidates(text: str) -> list[_Candidate]:
    """Every rule's matches, longest first (then the earlier rule)."""
    found = []
    for name, rx in RULES:
        for m in rx.finditer(text):
            s, e = m.span("t") if "t" in rx.groupindex else m.span()
            while e > s and text[e - 1] in " ,":
                e -= 1
            if e > s:
                found.append(_Candidate(s, e, name, m))
    found.sort(key=lambda c: (-(c.end - c.start), RULE_PRIORITY[c.rule], c.start))
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
    return len(years) >= 3 and years[len(years) // 2] <= dct.year - 10


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
            if m and t.type in ("DATE", "TIME"):
                return int(m.group(1))
        return None

    # --- helpers ----------------------------------------------------------
    def sentence(self, c) -> str:
        return _sentence_around(self.text, c.start, c.end)

    def future(self, c) -> bool:
        return looks_future(self.sentence(c))

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
        if self.narrative and self.story_year():
            return f"{self.story_year():04d}-{month:02d}-{day:02d}", PREVIOUS
        if self.dct:
            y = _month_year(month, self.dct, self.future(c), day)
            return f"{y:04d}-{month:02d}-{day:02d}", DCT
        return f"XXXX-{month:02d}-{day:02d}", DCT

    def _weekday_value(self, c, name: str, shift_weeks: int = 0, future: bool | None = None) -> str:
        wd = WEEKDAYS[name.lower()]
        if self.dct:
            fut = self.future(c) if future is None else future
            return _weekday_date(wd, self.dct, fut, shift_weeks).isoformat()
        return f"XXXX-WXX-{wd}"

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
            month = MONTHS[c.match.group("mo").lower().rstrip(".")]
            day = int(re.match(r"\d+", c.match.group("dy")).group())
            date_value, anchor = self.month_day(c, month, day, c.match.group("yr"))
        note = "'the early hours' = just after midnight; TimeML has no code for it, so morning (MO) with mod START" if part == "hours" else ""
        return self.rec(c, "TIME", f"{date_value}T{code}", mod=mod, anchor=anchor, note=note)

    def weekday_part(self, c):
        edge, wd, part = c.match.groups()
        mod = {"early": "START", "late": "END"}.get((edge or "").lower(), "")
        return self.rec(c, "TIME", f"{self._weekday_value(c, wd)}T{PARTS_OF_DAY[part.lower()]}", mod=mod, anchor=DCT)

    def early_weekday(self, c):
        edge, wd = c.match.groups()
        return self.rec(c, "DATE", self._weekday_value(c, wd), mod="START" if edge.lower() == "early" else "END", anchor=DCT)

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
        if self.narrative and self.story_year():
            return f"{self.story_year():04d}-{month:02d}", PREVIOUS
        if self.dct:
            return f"{_month_year(month, self.dct, self.future(c)):04d}-{month:02d}", DCT
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
        which, mo = c.match.groups()
        month = MONTHS[mo.lower()]
        if not self.dct:
            return self.rec(c, "DATE", f"XXXX-{month:02d}", anchor=DCT)
        which = which.lower()
        future = which in ("next", "coming") or (which == "this" and self.future(c))
        return self.rec(c, "DATE", f"{_month_year(month, self.dct, future):04d}-{month:02d}", anchor=DCT)

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

    def quarter(self, c):
        which, year = c.match.groups()
        which = which.lower()
        ordinal = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(which)
        if year and ordinal:
            return self.rec(c, "DATE", f"{year}-Q{ordinal}")
        if not self.dct:
            return self.rec(c, "DATE", f"XXXX-Q{ordinal}" if ordinal else "XXXX-QX", anchor=DCT)
        q = (self.dct.month - 1) // 3 + 1
        y = self.dct.year
        if ordinal:
            if ordinal > q and not self.future(c):
                y -= 1
            return self.rec(c, "DATE", f"{y}-Q{ordinal}", anchor=DCT)
        step = {"last": -1, "previous": -1, "next": 1}.get(which, 0)
        q += step
        if q == 0:
            q, y = 4, y - 1
        elif q == 5:
            q, y = 1, y + 1
        return self.rec(c, "DATE", f"{y}-Q{q}", anchor=DCT)

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
        _, unit = (g.lower() for g in c.match.groups())
        a = self.anchor_expression("day" if unit == "day" else "any")
        if not a:
            return self.rec(c, "DATE", "XXXX-XX-XX" if unit == "day" else "XXXX", anchor=PREVIOUS)
        value = a.value.split("T")[0]
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
        return self.rec(c, "DATE", format_value(d, unit), anchor=DCT)

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

    def deictic(self, c):
        word = re.sub(r"\s+", " ", c.match.group(1).lower())
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}[word]
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
        if word.startswith("in the"):
            c = _Candidate(c.start + 7, c.end, c.rule, c.match)
        return self.rec(c, "DATE", "PAST_REF", anchor=DCT)

    def future_ref(self, c):
        return self.rec(c, "DATE", "FUTURE_REF", anchor=DCT)

    def the_time(self, c):
        a = self.anchor_expression("day") or self.anchor_expression("any")
        if not a:
            return self.rec(c, "DATE", "PAST_REF", anchor=PREVIOUS)
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
        mod = MODIFIERS.get(re.sub(r"\s+", " ", (mod_word or "").lower()), "")
        rec = self.rec(c, "DURATION", duration_value(number, u), mod=mod)
        return self._duration_anchor(c, rec, number, u)

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


def article_dates(article, dct=None) -> list[TimeExpression]:
    """The time expressions of an ``Article``, each with the id of its sentence.

    Boilerplate lines ("READ MORE: ...") are skipped.

    >>> from medialit.corpus import load_article
    >>> [(t.sentence_id, t.text, t.value) for t in article_dates(load_article("003"), "2025-12-03")][:2]
    [('003:s1', 'Wednesday', '2025-12-03'), ('003:s1', 'over three decades', 'P30Y')]
    """
    found = []
    for t in find_dates(article.text, dct):
        sentence = next((s for s in article.sentences if s.start <= t.start < s.end), None)
        if sentence is None or sentence.is_boilerplate:
            continue
        found.append(replace(t, sentence_id=sentence.id))
    return found


def interval_text(t: TimeExpression) -> str:
    """``earliest .. latest`` as one short string ('' when the text gives no bounds)."""
    if not (t.earliest or t.latest):
        return ""
    if t.earliest == t.latest:
        return f"≈ {t.earliest}"
    return f"{t.earliest or '…'} .. {t.latest or '…'}"


def dates_table(expressions: list[TimeExpression]) -> list[dict]:
    """Rows for ``medialit.corpus.print_table``."""
    rows = []
    for t in expressions:
        anchor = t.anchor or "-"
        if t.anchor_text:
            anchor += f": {t.anchor_text[:40]}"
        rows.append({"sentence": t.sentence_id, "text": t.text, "type": t.type,
                     "value": t.value + (f" ({t.mod})" if t.mod else ""), "anchor": anchor,
                     "interval": interval_text(t)})
    return rows


def weekdays_between(weekday: str, after, before) -> list[dt.date]:
    """Every date with the given weekday strictly after ``after`` and strictly before ``before``.

    The heart of the meeting-date puzzle: a Wednesday less than two weeks after 23 November 2025.

    >>> weekdays_between("Wednesday", "2025-11-23", "2025-12-07")
    [datetime.date(2025, 11, 26), datetime.date(2025, 12, 3)]
    """
    wd = WEEKDAYS[weekday.lower()]
    start, end = parse_dct(after), parse_dct(before)
    out, d = [], start + dt.timedelta(days=1)
    while d < end:
        if d.isoweekday() == wd:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


# ---------------------------------------------------------------------------
# The kit's careful reading (teacher's edition) beside the helper's output
# ---------------------------------------------------------------------------
KEY_LESSON = "03"
NO_KEY_MESSAGE = ("The kit's own reading (every expression, the meeting-date derivation, the events) is in the "
                  "teacher's edition (solutions/keys/03_when_did_it_happen.json); here you see the helper's output only.")


def kit_reading(section: str | None = None):
    """A section of the kit's reading ("expressions", "derivations", "events", "narration",
    "disagreements", "clues"), or None when the answer key is not present
    (student release: ``MEDIALIT_KEY_DIR=none``)."""
    from .grading import kit_reading as read_key_section

    return read_key_section(KEY_LESSON, section)


def print_dates(article, dct=None) -> None:
    """Print the time expressions of one article as a table (sentence, text, type, value, anchor)."""
    from .corpus import print_table

    found = article_dates(article, dct)
    print(f"Article {article.id}: {len(found)} time expressions (writing date: {parse_dct(dct) or 'unknown'})")
    print_table(dates_table(found))


def compare_with_kit(articles: dict, kit_expressions: list[dict], dct=None, field: str = "value") -> list[dict]:
    """The kit's expressions against ``article_dates``: one row per expression.

    ``status`` is ``"same"``, ``"other value"`` (found, different value), ``"missed"``
    or ``"extra"`` (found by the helper, not in the kit's reading). ``field`` is the key
    field to compare with: ``"value"`` (text alone) or ``"resolved"`` (with the derived DCT).
    """
    got = {}
    for art in articles.values():
        for t in article_dates(art, dct):
            got[(t.sentence_id, t.text)] = t
    rows, seen = [], set()
    for e in kit_expressions:
        k = (e["sentence"], e["text"])
        seen.add(k)
        t = got.get(k)
        status = "missed" if t is None else "same" if t.value == e[field] else "other value"
        rows.append({"sentence": e["sentence"], "text": e["text"], "kit": e[field],
                     "helper": t.value if t else "-", "status": status})
    for k, t in got.items():
        if k not in seen:
            rows.append({"sentence": k[0], "text": k[1], "kit": "-", "helper": t.value, "status": "extra"})
    return rows


def value_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a DATE value covers; None when the year is unknown.

    >>> value_interval("2025-08"), value_interval("XXXX-11-19")
    ((datetime.date(2025, 8, 1), datetime.date(2025, 8, 31)), None)
    """
    m = re.match(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?(?:T|$)", value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = dt.date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def events_from_dates(articles: dict, dct=None) -> tuple[list[dict], dict]:
    """The helper's own timeline: every dated expression becomes an event (no reading involved).

    Returns ``(events, narration)`` in the form ``plot_timeline`` takes. Each DATE or
    TIME expression whose value has a year becomes a bar over the days it covers; a
    length of time with bounds (``earliest``/``latest``) becomes a bar over them. The
    narration of each article is the order of its expressions. Whether two expressions
    name the *same* event is a question of reading, which this function does not answer.
    """
    events, narration = [], {}
    for aid, art in articles.items():
        told = []
        for t in article_dates(art, dct):
            span = value_interval(t.value) if t.type in ("DATE", "TIME") else None
            if span is None and (t.earliest or t.latest):
                lo = value_interval(t.earliest)[0] if t.earliest and value_interval(t.earliest) else None
                hi = value_interval(t.latest)[1] if t.latest and value_interval(t.latest) else None
                span = (lo, hi) if (lo or hi) else None
            if span is None:
                continue
            eid = f"{t.sentence_id}:{t.start}"
            events.append({"id": eid, "label": f"{t.text} ({t.sentence_id})",
                           "earliest": span[0].isoformat() if span[0] else None,
                           "latest": span[1].isoformat() if span[1] else None, "articles": [aid]})
            told.append(eid)
        narration[aid] = {"told": told, "misleads": False}
    return events, narration


# ---------------------------------------------------------------------------
# A timeline of events with uncertain dates
# ---------------------------------------------------------------------------
def _draw_events(ax, dated: list[dict], lo_axis: dt.date, hi_axis: dt.date, mark_before: bool) -> None:
    """Draw each dated event on one axis, clipped to [lo_axis, hi_axis]."""
    from .style import ARTICLE_HATCHES, ARTICLE_MARKERS, article_color

    for y, e in enumerate(dated):
        arts = e.get("articles") or ["?"]
        color = article_color(arts[0])
        marker = ARTICLE_MARKERS.get(arts[0], "o")
        lo = parse_dct(e["earliest"]) if e.get("earliest") else None
        hi = parse_dct(e["latest"]) if e.get("latest") else None
        if hi is not None and hi < lo_axis:          # before this axis
            if mark_before:
                ax.plot([lo_axis], [y], marker="<", markersize=11, color=color, clip_on=False)
                years = f"{lo.year}" if lo and lo.year == hi.year else f"before {hi:%b %Y}" if lo is None else f"{lo.year}–{hi.year}"
                ax.annotate(f"{years} (off the chart)", (lo_axis, y), xytext=(10, 0),
                            textcoords="offset points", va="center", fontsize=10)
            continue
        if lo is not None and lo > hi_axis:          # after this axis: drawn on the next one
            continue
        if e.get("candidates"):
            days = [d for d in (parse_dct(x) for x in e["candidates"]) if lo_axis <= d <= hi_axis]
            if len(days) > 1:
                ax.plot(days, [y] * len(days), linestyle=":", color=color, linewidth=2)
            ax.plot(days, [y] * len(days), linestyle="none", marker=marker, markersize=10, color=color,
                    markeredgecolor="black", zorder=3)
        elif lo is not None and lo == hi:
            ax.plot([lo], [y], marker=marker, markersize=10, color=color, markeredgecolor="black", zorder=3)
        else:
            left = max(lo, lo_axis) if lo else lo_axis
            right = min(hi, hi_axis) if hi else hi_axis
            ax.barh(y, (right - left).days + 1, left=left, height=0.5, color=color, alpha=0.85,
                    edgecolor="black", linewidth=0.6, hatch=ARTICLE_HATCHES.get(arts[0], ""), zorder=2)
            if lo is None and mark_before:
                ax.plot([lo_axis], [y], marker="<", markersize=11, color="black", clip_on=False)
            if hi is None or hi > hi_axis:
                ax.plot([hi_axis], [y], marker=">", markersize=11, color="black", clip_on=False)
        if e.get("better") and lo_axis <= parse_dct(e["better"]) <= hi_axis:
            ax.plot([parse_dct(e["better"])], [y], marker="*", markersize=18, color="black", zorder=4)


def plot_timeline(events: list[dict], narration: dict | None = None, zoom=("2025-11-12", "2026-01-04"),
                  start="2023-06-01", title: str = "When did it happen? One timeline from five articles"):
    """Draw events as bars from ``earliest`` to ``latest``; beside them, each article's telling order.

    ``events``: dicts with ``id``, ``label``, ``earliest``, ``latest`` (ISO dates, or None for an
    open end), ``articles`` (ids; the mark takes the colour of the first) and optionally
    ``candidates`` (the only days possible: dots joined by a dotted line) and ``better`` (the
    better reading: a star). Events with no date at all are left out.

    Two date panels share the rows (earliest event at the top): the long view from ``start``,
    and a zoom on the weeks ``zoom`` = (first day, last day).

    ``narration``: ``{article: {"told": [event ids in the order told], "misleads": bool}}``.
    A third panel draws one line per article through the events in the order it tells them:
    an arrow that climbs is a step back in time. Articles whose telling implies a false
    order are marked under their column. Returns the matplotlib figure.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .style import ARTICLE_HATCHES, ARTICLE_MARKERS, article_color

    zoom_lo, zoom_hi = parse_dct(zoom[0]), parse_dct(zoom[1])
    long_lo = parse_dct(start)
    dated = [e for e in events if e.get("earliest") or e.get("latest")]
    dated.sort(key=lambda e: (e.get("earliest") or "0000", e.get("latest") or "9999"))
    row = {e["id"]: i for i, e in enumerate(dated)}
    ratios = [1.5, 1.3] + ([1.3] if narration else [])
    fig, axes = plt.subplots(1, len(ratios), figsize=(16 if narration else 12, 0.48 * len(dated) + 2.6),
                             sharey=True, gridspec_kw={"width_ratios": ratios, "wspace": 0.06})
    ax_long, ax_zoom = axes[0], axes[1]
    _draw_events(ax_long, dated, long_lo, zoom_lo, mark_before=True)
    _draw_events(ax_zoom, dated, zoom_lo, zoom_hi, mark_before=False)
    ax_long.set_xlim(long_lo, zoom_lo)
    ax_long.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax_long.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax_long.set_xlabel("date: the long view")
    ax_zoom.set_xlim(zoom_lo, zoom_hi)
    ax_zoom.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.WE))
    ax_zoom.xaxis.set_major_formatter(mdates.DateFormatter("%d\n%b"))
    ax_zoom.set_xlabel(f"zoom, {zoom_lo:%b} – {zoom_hi:%b %Y} (ticks: Wednesdays)")
    ax_zoom.set_facecolor("#f7f7f7")
    ax_long.set_yticks(range(len(dated)))
    ax_long.set_yticklabels([f"{e['label']}  [{','.join(e.get('articles', []))}]" for e in dated], fontsize=10)
    ax_long.set_ylim(len(dated) - 0.5, -0.7)
    fig.suptitle(title, x=0.01, y=0.99, ha="left", fontsize=15, fontweight="bold")
    first_tellers = sorted({(e.get("articles") or ["?"])[0] for e in dated})
    handles = [Patch(facecolor=article_color(a), hatch=ARTICLE_HATCHES.get(a, ""), edgecolor="black",
                     label=f"article {a}") for a in first_tellers]
    handles += [Line2D([], [], marker="*", color="black", linestyle="none", markersize=13, label="better reading"),
                Line2D([], [], color="grey", linestyle=":", marker="o", label="only these days possible"),
                Line2D([], [], color="black", linestyle="none", marker=">", label="open end")]
    ax_long.legend(handles=handles, loc="upper right", fontsize=9, title="bar = days the texts allow;\ncolour = first article listed",
                   title_fontsize=9, framealpha=0.9, frameon=True)
    if narration:
        ax2 = axes[2]
        arts = list(narration)
        for k, art in enumerate(arts):
            told = [ev for ev in narration[art]["told"] if ev in row]
            n = max(len(told) - 1, 1)
            xs = [k + 0.12 + 0.76 * i / n for i in range(len(told))]
            ys = [row[ev] for ev in told]
            color = article_color(art)
            ax2.plot(xs, ys, color=color, linewidth=1.2, alpha=0.6)
            ax2.plot(xs, ys, linestyle="none", marker=ARTICLE_MARKERS.get(art, "o"), markersize=8, color=color,
                     markeredgecolor="black", zorder=3)
            for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:]):
                if y1 < y0:      # told later, happened earlier: a step back in time
                    ax2.annotate("", (x1, y1), (x0, y0),
                                 arrowprops={"arrowstyle": "-|>", "color": color, "lw": 2.2, "shrinkA": 5, "shrinkB": 5})
        ax2.set_xticks([k + 0.5 for k in range(len(arts))])
        ax2.set_xticklabels([f"{a} ⚠" if narration[a].get("misleads") else a for a in arts], fontsize=12)
        for label, art in zip(ax2.get_xticklabels(), arts):
            if narration[art].get("misleads"):
                label.set_color("#D55E00")
                label.set_fontweight("bold")
        ax2.set_xlim(0, len(arts))
        ax2.set_xlabel("article; ⚠ = its telling implies a false order")
        ax2.set_title("Order told, left to right (arrow up = back in time)", loc="left", fontsize=11)
        ax2.grid(axis="x", visible=False)
        for k in range(1, len(arts)):
            ax2.axvline(k, color="grey", linewidth=0.6)
    return fig


# ---------------------------------------------------------------------------
# The command line: medialit dates FILE... [--dct YYYY-MM-DD] [--json]
# ---------------------------------------------------------------------------
def _dct_arg(value: str) -> dt.date:
    import argparse

    try:
        return parse_dct(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a real date in the form YYYY-MM-DD (e.g. 2025-12-03)")


def configure_parser(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files")
    parser.add_argument("--dct", type=_dct_arg, default=None,
                        help="the date the text was written (YYYY-MM-DD); default: unknown")
    parser.add_argument("--json", action="store_true", help="print JSON records instead of a table")


def run(args) -> int:
    from .corpus import print_table
    from .corpus_cli import read_articles

    articles, failures = read_articles(args.files, stderr=sys.stderr)
    if args.json:
        out = {a.id: [t.as_dict() for t in article_dates(a, args.dct)] for a in articles}
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for art in articles:
            found = article_dates(art, args.dct)
            dct_text = args.dct.isoformat() if args.dct else "unknown"
            print(f"Article {art.id}: {len(found)} time expressions (DCT {dct_text})")
            print_table(dates_table(found))
            print()
    return 1 if failures else 0

