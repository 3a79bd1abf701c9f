"""The one values engine: what a sentence states (counts, money, percentages, scores, years, days, titled names)
and whether two stated values are the same, compatible or conflicting.

A sentence supports another only if it states the same fact with compatible values. Each value becomes a
``Mention``: its kind, what it is about (``key``: the counted noun, "%" or a currency sign for quantities, the title
for names) and the range it allows (hedges such as "about", "more than" or "nearly" widen it). Two sentences
*disagree* when one states a value the other does not and the other states, for the same thing, a value the first
does not: "4,200 residents" vs "about 2,400 people" disagree; "4,200 residents" vs "thousands of residents" or
"about 4,200 people" do not; "12 dead and 30 hurt" vs "30 hurt" do not (nothing of the second is left unmatched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Literal

from storylens.text.calendar import value_range
from storylens.text.words import stem, words

Verdict = Literal["same", "compatible", "conflicting"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
# Hedges before a number: (lower factor, upper factor) of the range it allows.
_HEDGES = (
    (re.compile(r"(more than|over|at least|upwards of|in excess of|above)\s+$", re.I), (1.0, float("inf"))),
    (re.compile(r"(fewer than|less than|under|up to|at most|below)\s+$", re.I), (0.0, 1.0)),
    (re.compile(r"(nearly|almost|just under|just shy of)\s+$", re.I), (0.85, 1.0)),
    (
        re.compile(r"(about|around|approximately|roughly|some|close to|an estimated|estimated|circa)\s+$", re.I),
        (0.9, 1.1),
    ),
)
_EXACT = 0.02  # unhedged figures still round: "4.2 million" states 4,213,000
_NUMBER = re.compile(
    r"(?<![\w.,:/])(?P<sign>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?:(?P<glued>bn|m|k)\b)?(?![\w:/]|[.,]\d)"
    r"(?:\s*(?P<pct>%|per ?cent\b))?"
)
_WORD_NUMBER = re.compile(
    r"\b(?:(?:"
    + "|".join(_TENS)
    + r")(?:-(?:"
    + "|".join(list(_UNITS)[1:10])
    + r"))?|"
    + "|".join(_UNITS)
    + r")(?:\s+(?:hundred|thousand|million|billion)(?:\s+and\s+(?:"
    + "|".join([*_TENS, *list(_UNITS)[1:]])
    + r")(?:-(?:"
    + "|".join(list(_UNITS)[1:10])
    + r"))?)?)*\b",
    re.IGNORECASE,
)
_NUMERAL = "|".join([*_TENS, *_UNITS, r"\d{1,2}"])
_SCORE = re.compile(r"(?<![\w.,:/-])\d{1,2}\s*[-–]\s*\d{1,2}(?:,?\s+\d{1,2}\s*[-–]\s*\d{1,2})*(?![\w%:/-]|[.,]\d)")
_VOTES = re.compile(
    rf"\b({_NUMERAL})\s+votes?\s+to\s+({_NUMERAL})\b|\b(?:vote|votes|margin)\s+of\s+({_NUMERAL})\s+to\s+({_NUMERAL})\b",
    re.I,
)
_HALF = re.compile(r"\bhalf\s+an?\s+(million|billion|thousand|hundred)\b", re.I)
_IN_TEN = re.compile(rf"\b({_NUMERAL})\s+(?:in|out\s+of)\s+(ten|five|four|three|\d{{1,3}})\b", re.I)
_CURRENCY = {"pound": "£", "dollar": "$", "euro": "€", "yen": "¥"}
# Units stated for the same measure: factor from the first to the second.
CONVERSIONS = {
    ("acre", "hectare"): 0.404686, ("hectare", "acre"): 2.471054, ("mph", "km"): 1.609344, ("km", "mph"): 0.621371,
    ("mile", "km"): 1.609344, ("km", "mile"): 0.621371, ("mile", "kilometre"): 1.609344,
    ("kilometre", "mile"): 0.621371, ("feet", "metre"): 0.3048, ("metre", "feet"): 3.28084,
}  # fmt: skip
# Units of measure: a figure in one is never a count of something else ("5.12 metres" is not a number of homes).
MEASURES = frozenset(
    [
        "metre",
        "meter",
        "centimetre",
        "centimeter",
        "millimetre",
        "kilometre",
        "km",
        "cm",
        "mm",
        "m",
        "mile",
        "mph",
        "kph",
        "acre",
        "hectare",
        "foot",
        "feet",
        "inch",
        "yard",
        "tonne",
        "ton",
        "kg",
        "kilogram",
        "gram",
        "pound",
        "litre",
        "liter",
        "gallon",
        "degree",
        "hour",
        "minute",
        "second",
        "day",
        "week",
        "month",
        "year",
        "decade",
        "percent",
        "%",
        "$",
        "£",
        "€",
        "¥",
        "kw",
        "mw",
        "gw",
        "kwh",
        "mwh",
        "volt",
    ]
)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|of|from|by|until|before|after|during)\s+$", re.IGNORECASE)
_CLOCK = re.compile(r"\s*(?:[ap]\.?m\b\.?|o'clock|gmt|utc|hrs\b)", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s*(hundred|thousand|million|billion|trillion|bn|m)\b", re.IGNORECASE)
_TITLES = (
    "governor|president|vice president|prime minister|minister|secretary|mayor|senator|judge|general|chancellor|"
    "king|queen|prince|princess|pope|ambassador|commissioner|spokesman|spokeswoman|spokesperson|leader|chief|"
    "director|sheriff|mr|mrs|ms|dr|rep|sen|gov"
)
_TITLED = re.compile(rf"\b(?P<title>(?i:{_TITLES}))\.?\s+(?P<name>(?:[A-Z][\w'’-]+\s+){{0,2}}[A-Z][\w'’-]+)")
_PERSONS = frozenset(
    ["people", "person", "resident", "inhabitant", "villager", "citizen", "civilian", "individual", "men", "women"]
)
_KEY_EXTRA = frozenset(["said", "say", "says", "than", "more", "about", "ago", "last", "per", "earlier", "later"])


@lru_cache(maxsize=1)
def _key_stop() -> frozenset[str]:
    """Words after a number that say nothing of what it counts: the packaged stop words and a few more."""
    lines = resources.files("storylens.stages").joinpath("data", "stopwords.txt").read_text(encoding="utf-8")
    listed = (line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(listed) | _KEY_EXTRA


@dataclass(frozen=True, slots=True)
class Mention:
    """One value stated in a sentence: its kind, what it is about, and the range (or name) it allows.

    ``start``/``end`` locate the value in the text it was read from (-1 when unknown); ``exact`` is False for a
    hedged or bounded figure ("about 200", "more than 40").
    """

    kind: str
    key: str
    low: float = 0.0
    high: float = 0.0
    name: frozenset[str] = frozenset()
    start: int = -1
    end: int = -1
    exact: bool = True


def _same_thing(a: Mention, b: Mention) -> bool:
    return a.kind == b.kind and (a.key == b.key or (a.key, b.key) in CONVERSIONS)


def compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions of the same thing can both be true (ranges overlap; one name contains the other)."""
    return _same_thing(a, b) and compare(a, b) != "conflicting"


def compare(a: Mention, b: Mention) -> Verdict | None:
    """Decide whether two values given for the same thing agree: the same, compatible (a hedge, a bound, rounding,
    one name within the other) or conflicting; None when they are values of different kinds."""
    if a.kind != b.kind:
        return None
    if a.kind in ("name", "score"):
        if a.name == b.name:
            return "same"
        return "compatible" if a.name <= b.name or b.name <= a.name else "conflicting"
    a = _converted(a, b.key)
    b = _converted(b, a.key)
    if not (a.low <= b.high and b.low <= a.high):
        return "conflicting"
    if a.kind in ("day", "year", "weekday", "date"):
        return "same" if (a.low, a.high) == (b.low, b.high) else "compatible"
    same = a.exact and b.exact and abs(a.low + a.high - b.low - b.high) <= 0.02 * max(a.high, b.high, 1e-9)
    return "same" if same else "compatible"


def _converted(mention: Mention, other_key: str) -> Mention:
    """``mention`` in ``other_key``'s unit when one converts to the other (acres to hectares, mph to km/h)."""
    factor = CONVERSIONS.get((mention.key, other_key))
    if factor is None:
        return mention
    return replace(mention, key=other_key, low=mention.low * factor, high=mention.high * factor)


def day_mention(value: str, start: int = -1, end: int = -1) -> Mention | None:
    """A resolved calendar value (``2025-03-11``, ``2025-W11``) as a day range, or None when it is not a date."""
    span = value_range(value)
    if span is None:
        return None
    return Mention("day", "", float(span[0].toordinal()), float(span[1].toordinal()), start=start, end=end)


def weekday_mention(index: int, start: int = -1, end: int = -1) -> Mention:
    """A weekday named without a date to place it (0 = Monday): comparable only as a day of the week."""
    return Mention("weekday", "", float(index), float(index), start=start, end=end)


def same_calendar(a: Mention, b: Mention) -> tuple[Mention, Mention]:
    """Two calendar values on one footing: a resolved day meets an unplaced weekday as its day of the week."""
    pair = []
    for one, other in ((a, b), (b, a)):
        if one.kind == "day" and other.kind == "weekday" and one.low == one.high:
            one = weekday_mention(date.fromordinal(int(one.low)).weekday(), one.start, one.end)
        pair.append(one)
    return pair[0], pair[1]


def day_of(mention: Mention) -> date:
    """The first day a ``day`` mention covers."""
    return date.fromordinal(int(mention.low))


# Outcome words and the way they go (+1 it happened or succeeded, -1 it failed or was stopped): the general
# vocabulary of results in news (votes, rulings, matches, plans), not of any one story.
_OUTCOME_WORDS = {
    1: "won win wins winning approved approves passed adopted backed accepted granted upheld allowed succeeded "
    "held survived opened reopened saved secured ahead agreed ratified endorsed carried cleared",
    -1: "lost lose loses losing defeated rejected rejects failed fails cancelled canceled scrapped abandoned "
    "postponed dismissed refused denied blocked vetoed collapsed overturned quashed closed shut breached "
    "overtopped withdrawn withdrew suspended halted dropped struck",
}
POLARITY: dict[str, int] = {stem(w): sign for sign, listed in _OUTCOME_WORDS.items() for w in listed.split()}


def polarity(word: str) -> int:
    """The way an outcome word goes: 1 (won, approved, went ahead), -1 (lost, rejected, cancelled) or 0."""
    return POLARITY.get(stem(word), 0)


def disagree(first: tuple[Mention, ...], second: tuple[Mention, ...]) -> bool:
    """Whether the two sentences give different values for the same thing (neither accounts for the other's)."""
    alone_first = [m for m in first if not any(compatible(m, n) for n in second)]
    if not alone_first:
        return False
    alone_second = [n for n in second if not any(compatible(n, m) for m in first)]
    return any(_same_thing(m, n) for m in alone_first for n in alone_second)


_AGE = re.compile(r"(?:-| )years?-old\b|\s+years?\s+old\b", re.IGNORECASE)
_BREAK = re.compile(r"\s*[,;:()–—]")


def _key(text: str, end: int) -> str:
    """What a quantity counts: the first content word after it ("4,200 residents" -> "person"), or "". An age is
    its own thing ("a 41-year-old", "41 years old" never count years of anything); a counted noun follows its figure
    directly, so after a comma there is none ("Relph, 41, won")."""
    if _AGE.match(text, end):
        return "age"
    if _BREAK.match(text, end):
        return ""
    for token, _, _ in words(text[end : end + 40])[:2]:
        if token in _key_stop() or token[0].isdigit() or token in _MONTHS or token in _WEEKDAYS:
            return ""
        stem = token.removesuffix("s") if len(token) > 3 and not token.endswith("ss") else token
        if stem in _PERSONS or token in _PERSONS:
            return "person"
        if stem in {"neighbouring", "neighboring", "small", "smaller", "large", "larger", "other", "further"}:
            continue  # adjectives: the counted noun follows
        return stem
    return ""


def _range(text: str, start: int, value: float, step: float = 0.0) -> tuple[float, float, bool]:
    """The range a figure allows: its hedge's, else rounding (half its last written digit, at least 2%)."""
    before = text[max(0, start - 25) : start]
    for pattern, (low, high) in _HEDGES:
        if pattern.search(before):
            return value * low, value * high, False
    slack = max(value * _EXACT, step / 2)
    return value - slack, value + slack, True


def _word_value(phrase: str) -> float:
    total, current = 0.0, 0.0
    for part in re.split(r"[\s-]+", phrase.lower()):
        if part in _UNITS:
            current += _UNITS[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part == "hundred":
            current *= 100
        elif part in _SCALES:
            total += current * _SCALES[part]
            current = 0.0
    return total + current


def _figure(text: str, match: re.Match[str]) -> Mention | None:
    """A numeral with its scale, sign or percent, as a quantity (or a year), or None when it counts nothing."""
    value = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
    end = match.end()
    if _CLOCK.match(text, end):  # "10.40 p.m." is a time of day, not a figure
        return None
    scale = _SCALE_AFTER.match(text, end) if not match.group("pct") else None
    factor = _SCALES[scale.group(1).lower()] if scale else 1.0
    end = scale.end() if scale else end
    if match.group("glued"):  # "$1.8bn", "£5m", "40k"
        factor, scale = _SCALES.get(match.group("glued"), 1e3), match
    plain = not (match.group("sign") or match.group("pct") or scale or "," in match.group("num"))
    year_like = plain and 1800 <= value <= 2100 and len(match.group("num")) == 4
    if year_like and (not _key(text, end) or _YEAR_BEFORE.search(text, 0, match.start())):
        return Mention("year", "", value, value, start=match.start(), end=end)
    key = match.group("sign") or ("%" if match.group("pct") else _key(text, end))
    if not key:
        return None
    step = 10 ** -len(match.group("dec")[1:]) * factor if match.group("dec") and scale else 0.0
    low, high, exact = _range(text, match.start(), value * factor, step)
    return Mention("quantity", _CURRENCY.get(key, key), low, high, start=match.start(), end=end, exact=exact)


def _quantities(text: str) -> list[Mention]:
    found = _spelled(text)
    taken = [(m.start, m.end) for m in found]
    found += [m for m in (_figure(text, match) for match in _NUMBER.finditer(text)) if m is not None]
    for match in _WORD_NUMBER.finditer(text):
        key = _key(text, match.end())
        if key and not any(s <= match.start() < e for s, e in taken):
            value = _word_value(match.group())
            low, high, exact = _range(text, match.start(), value)
            found.append(Mention("quantity", key, low, high, start=match.start(), end=match.end(), exact=exact))
    return found


def _spelled(text: str) -> list[Mention]:
    """Amounts written as phrases: "half a million people", "four in ten" (a share)."""
    found: list[Mention] = []
    for match in _HALF.finditer(text):
        key = _key(text, match.end())
        if key:
            low, high, exact = _range(text, match.start(), _SCALES[match.group(1).lower()] / 2)
            found.append(Mention("quantity", key, low, high, start=match.start(), end=match.end(), exact=exact))
    for match in _IN_TEN.finditer(text):
        value = 100 * _number_word(match.group(1)) / _number_word(match.group(2))
        low, high, exact = _range(text, match.start(), value)
        found.append(Mention("quantity", "%", low, high, start=match.start(), end=match.end(), exact=exact))
    return found


def _number_word(word: str) -> float:
    return float(word) if word.isdigit() else _word_value(word)


def _scores(text: str) -> list[Mention]:
    """Results written as scores ("won 6-4, 3-6, 7-5", "by nine votes to four", "a vote of 9 to 4")."""
    found: list[Mention] = []
    for match in _SCORE.finditer(text):
        sets = tuple(re.findall(r"(\d{1,2})\s*[-–]\s*(\d{1,2})", match.group()))
        label = frozenset(f"{i}:{a}-{b}" for i, (a, b) in enumerate(sets))
        found.append(Mention("score", "", name=label, start=match.start(), end=match.end()))
    for match in _VOTES.finditer(text):
        first, second = (int(_number_word(group.lower())) for group in match.groups() if group)
        found.append(
            Mention("score", "", name=frozenset({f"0:{first}-{second}"}), start=match.start(), end=match.end())
        )
    return found


def _calendar(text: str) -> list[Mention]:
    found: list[Mention] = []
    tokens = words(text)
    for i, (token, start, _) in enumerate(tokens):
        if not text[start].isupper():
            continue
        if token in _WEEKDAYS:
            day = float(_WEEKDAYS.index(token))
            found.append(Mention("weekday", "", day, day))
        elif token in _MONTHS:
            neighbours = [t for t, _, _ in tokens[max(0, i - 1) : i + 2] if t.isdigit() and len(t) <= 2]
            if neighbours:
                date = float(_MONTHS[token] * 100 + int(neighbours[-1]))
                found.append(Mention("date", "", date, date))
    return found


def _names(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in _TITLED.finditer(text):
        title = match.group("title").lower()
        if match.group("title")[0].islower() and title not in {"leader", "chief", "director", "spokesman"}:
            continue
        tokens = frozenset(
            t.removesuffix("'s") for t, _, _ in words(match.group("name")) if t not in _MONTHS and t not in _WEEKDAYS
        )
        if not tokens:
            continue
        found.append(Mention("name", title.removesuffix("."), name=tokens))
    return found


def mentions(text: str) -> tuple[Mention, ...]:
    """Every value ``text`` states: quantities with what they count, years, dates, weekdays and titled names."""
    scores = _scores(text)
    quantities = [q for q in _quantities(text) if not any(s.start <= q.start < s.end for s in scores)]
    return (*quantities, *scores, *_calendar(text), *_names(text))
