"""Values a sentence states (quantities, years, dates, weekdays, titled names) and whether two sentences disagree.

A sentence supports another only if it states the same fact with compatible values. Each value becomes a
``Mention``: its kind, what it is about (``key``: the counted noun, "%" or a currency sign for quantities, the title
for names) and the range it allows (hedges such as "about", "more than" or "nearly" widen it). Two sentences
*disagree* when one states a value the other does not and the other states, for the same thing, a value the first
does not: "4,200 residents" vs "about 2,400 people" disagree; "4,200 residents" vs "thousands of residents" or
"about 4,200 people" do not; "12 dead and 30 hurt" vs "30 hurt" do not (nothing of the second is left unmatched).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from storylens.text.words import words

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
    r"(?<![\w.,:/])(?P<sign>[$€£¥])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?![\w:/]|[.,]\d)"
    r"(?:\s*(?P<pct>%|per ?cent\b))?"
)
_WORD_NUMBER = re.compile(
    r"\b(?:(?:"
    + "|".join(_TENS)
    + r")(?:-(?:"
    + "|".join(list(_UNITS)[1:10])
    + r"))?|"
    + "|".join(_UNITS)
    + r")(?:\s+(?:hundred|thousand|million|billion))*\b",
    re.IGNORECASE,
)
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
    """One value stated in a sentence: its kind, what it is about, and the range (or name) it allows."""

    kind: str
    key: str
    low: float = 0.0
    high: float = 0.0
    name: frozenset[str] = frozenset()


def _same_thing(a: Mention, b: Mention) -> bool:
    return a.kind == b.kind and a.key == b.key


def compatible(a: Mention, b: Mention) -> bool:
    """Whether two mentions of the same thing can both be true (ranges overlap; one name contains the other)."""
    if not _same_thing(a, b):
        return False
    if a.kind == "name":
        return a.name <= b.name or b.name <= a.name
    return a.low <= b.high and b.low <= a.high


def disagree(first: tuple[Mention, ...], second: tuple[Mention, ...]) -> bool:
    """Whether the two sentences give different values for the same thing (neither accounts for the other's)."""
    alone_first = [m for m in first if not any(compatible(m, n) for n in second)]
    if not alone_first:
        return False
    alone_second = [n for n in second if not any(compatible(n, m) for m in first)]
    return any(_same_thing(m, n) for m in alone_first for n in alone_second)


def _key(text: str, end: int) -> str:
    """What a quantity counts: the first content word after it ("4,200 residents" -> "person"), or ""."""
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


def _range(text: str, start: int, value: float) -> tuple[float, float]:
    before = text[max(0, start - 25) : start]
    for pattern, (low, high) in _HEDGES:
        if pattern.search(before):
            return value * low, value * high
    return value * (1 - _EXACT), value * (1 + _EXACT)


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


def _quantities(text: str) -> list[Mention]:
    found: list[Mention] = []
    for match in _NUMBER.finditer(text):
        value = float(match.group("num").replace(",", "") + (match.group("dec") or ""))
        end = match.end()
        scale = _SCALE_AFTER.match(text, end) if not match.group("pct") else None
        if scale:
            value *= _SCALES[scale.group(1).lower()]
            end = scale.end()
        plain = not (match.group("sign") or match.group("pct") or scale or "," in match.group("num"))
        if plain and 1800 <= value <= 2100 and len(match.group("num")) == 4 and not _key(text, end):
            found.append(Mention("year", "", value, value))
            continue
        key = match.group("sign") or ("%" if match.group("pct") else _key(text, end))
        if key:
            found.append(Mention("quantity", key, *_range(text, match.start(), value)))
    for match in _WORD_NUMBER.finditer(text):
        key = _key(text, match.end())
        if key:
            value = _word_value(match.group())
            found.append(Mention("quantity", key, *_range(text, match.start(), value)))
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
    return (*_quantities(text), *_calendar(text), *_names(text))
