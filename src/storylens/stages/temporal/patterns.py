"""Vocabularies and regular-expression pieces for temporal expressions (data, not logic).

General English calendar vocabulary only: month and weekday names, number words, units, parts of day, seasons
and the cue words that tell past from future. The grammar that combines them lives in ``tagger.py`` and ``rules.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storylens.text import cues
from storylens.text.numbers import NUMBER_WORDS

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thurs": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
# Quantities that name no number: the value keeps an ``X`` (TimeML's unknown digit).
VAGUE_NUMBERS = ("several", "a few", "few", "a couple of", "couple of", "many", "some", "a number of")
ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4,
}  # fmt: skip
# Unit name -> (ISO 8601 duration letter, multiplier, is a time-of-day unit).
UNITS: dict[str, tuple[str, int, bool]] = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True), "day": ("D", 1, False),
    "week": ("W", 1, False), "month": ("M", 1, False), "year": ("Y", 1, False), "decade": ("Y", 10, False),
    "century": ("Y", 100, False), "centurie": ("Y", 100, False), "quarter": ("Q", 1, False),
}  # fmt: skip
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip
SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
SETS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y", "nightly": "P1D",
    "hourly": "PT1H",
}  # fmt: skip
REFERENCES: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
    "these days": "PRESENT_REF", "at present": "PRESENT_REF", "the present": "PRESENT_REF",
    "current": "PRESENT_REF", "recently": "PAST_REF", "the past": "PAST_REF", "the future": "FUTURE_REF",
}  # fmt: skip


def alternation(words: Iterable[str]) -> str:
    """Return a regex alternation of ``words`` (longest first, dots escaped)."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(item.replace(".", r"\.").replace(" ", r"\s+") for item in items)


_NUMBER_CORE = alternation(k for k in NUMBER_WORDS if k != "half a")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = rf"(?:\d+(?:\.\d+)?|(?:{_TENS})[\s-](?:{_ONES})|{_NUMBER_CORE}|{alternation(VAGUE_NUMBERS)})"
UNIT = r"(?:second|minute|hour|day|week|month|year|decade|century|centurie|quarter)"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
WEEKDAY = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon\.|Tues\.|Tue\.|Wed\.|Thurs\.|Thu\.|Fri\.|Sat\.|Sun\.)"
)
PART_OF_DAY = r"(?:morning|afternoon|evening|night)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
APPROX = r"(?:(?:more|less|fewer)\s+than|over|about|around|nearly|almost|roughly|some|at\s+least|up\s+to|under)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
TIME_OF_DAY = (
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.?|p\.m\.?|am\b|pm\b)|noon|midnight"
    r"|(?:[1-9]|1[0-2])(?:\s+o'clock)?\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b|(?:[1-9]|1[0-2])\s+o'clock)"
)
ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|GMT|UTC|BST|CET|local\s+time)\b)?"

# Cue words for guessing whether a bare weekday or month points back or forward from the publication date: the
# future ones are the kernel's (`storylens.text.cues.FUTURE_CUES`) plus "would": the tagger reads no parse, and in
# news a "would" before a date is mostly reported speech looking forward; something that "is in November" is to
# come (as the kernel's "is on Tuesday").
FUTURE_CUES = rf"(?:{cues.FUTURE_CUES}|\bwould\b|\b(?:is|are)(?=\s+(?:in|on)\s+{MONTH}))"
# A plan told in the past: "were planning to ... on Monday" still points ahead, "had been due to expire Friday"
# (a plan overtaken) points back.
_ARRANGED = r"(?:(?:scheduled|slated|set|expected|going|poised|about)\s+(?:to|for)|due|planning)"
_OVERTAKEN = r"had\s+(?:been\s+)?(?:due|scheduled|slated|set|expected|planned|planning|poised)\s+(?:to|for)"
PAST_CUES = (
    rf"\b(?:said|told|announced|added|(?:was|were)(?!\s+{_ARRANGED}\b)|{_OVERTAKEN}|had|did|held|met|came|went"
    r"|made|took|gave|spoke|began|found|saw"
    r"|left|fled|sent|won|lost|led|became|brought|caught|paid|heard|kept|ran|struck|fell|rose|broke|wrote"
    r"|ago|since|last|yesterday|earlier|(?<!\bbe\s)(?<!\bbeen\s)(?<!\bbeing\s)(?!(?:schedul|slat|expect|plann)ed\b)(?-i:(?![A-Z]))\w{3,}ed)\b(?!\s+by\b)"
)
# Money and rates: a sentence comparing figures ("$3 million a year earlier") in a quarterly report.
FIGURE_CUES = r"\$|%|\b(?:cents?|percent|million|billion)\b"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# Years read out in transcripts: "nineteen ninety-six", "nineteen eighty", "(the year) two thousand and one".
SPELLED_YEAR = rf"(?:eighteen|nineteen)[\s-]+(?:(?:{_TENS})(?:[\s-]+(?:{_ONES}))?|{_TEEN}|hundred|o[\s-]+(?:{_ONES}))"
MILLENNIUM_YEAR = rf"two\s+thousand(?:\s+(?:and\s+)?(?:{_ONES}|{_TEEN}))?"
ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

# What a year-earlier figure is compared with ("compared with", "from", "versus" before the expression).
COMPARED = re.compile(r"\b(?:compared\s+(?:with|to)|from|than|versus|vs\.|against)\s+$", re.IGNORECASE)
# After "a"/"three" quarters, "of" a thing (not a year) makes it a share (not "several quarters of losses");
# after "a second", a noun makes it an ordinal.
SHARE_AFTER = re.compile(rf"s?\s+of\s+(?!(?:the\s+)?(?:{YEAR}|fiscal|year)\b)")
NOUN_AFTER = re.compile(
    r"\s+(?!(?:ago|later|earlier|before|after|or|and|to|in|of|for|at|on|the|a|an|that|this|when|while|than|with|from)\b)"
    r"[a-z]+\b"
)
# What comes before "a week" in a rate: an amount ("700 seats", "$2 million") or a frequency ("twice").
RATE_BEFORE = re.compile(
    r"(?:\d\S*(?:\s+(?:million|billion|thousand|[a-z]+s))?|\b(?:once|twice|thrice|times))\s+$", re.IGNORECASE
)
