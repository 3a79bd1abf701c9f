"""Rules for recurring and partial periods: sets ("every Sunday", "Tuesday nights"), halves, past seasons.

The tagger (``tagger.py``) appends ``RULES`` to its grammar. TimeML writes a set on weekdays as
``XXXX-WXX-7`` (Monday is 1), on months as ``XXXX-07``, a half year as ``1989-H2`` and a season as ``1989-SU``.
"""

from __future__ import annotations

import re

from storylens.stages.temporal import patterns as tp
from storylens.stages.temporal.context import Context, Resolved, Resolver
from storylens.text.numbers import number_value

_I = re.IGNORECASE
_PLURAL_PARTS = {"mornings": "MO", "afternoons": "AF", "evenings": "EV", "nights": "NI"}
_WEEKDAY_NAMES = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"


# Half of a unit in the next smaller one, as TimeML writes "a minute and a half" (PT1M30S).
_HALF_OF = {"minute": "30S", "hour": "30M", "day": "T12H", "month": "15D", "year": "6M"}


def half_duration(amount: int, unit: str) -> str | None:
    """Return ``amount`` and a half ``unit``s as an ISO duration ("an hour and a half" -> PT1H30M), or None."""
    unit = unit.lower().rstrip("s")
    if unit == "week":  # ISO 8601 does not mix weeks with other units: count days
        return f"P{7 * amount + 3}DT12H"
    if unit not in _HALF_OF:
        return None
    letter, _, is_time = tp.UNITS[unit]
    whole = f"{amount}{letter}" if amount else ""
    half = _HALF_OF[unit]
    if is_time:
        return f"PT{whole}{half}"
    return f"P{whole}{half}" if whole or not half.startswith("T") else f"P{half}"  # half a day: PT12H


def _weekday_code(word: str) -> str:
    return f"XXXX-WXX-{tp.WEEKDAYS[word.lower().rstrip('.s')] + 1}"


def _weekly(match: re.Match[str], ctx: Context) -> Resolved:
    """ "every Sunday", "each Thursday evening", "on Mondays", "Tuesday nights": a weekday every week."""
    part = (match.groupdict().get("part") or "").lower()
    code = tp.PARTS_OF_DAY.get(part) or _PLURAL_PARTS.get(part)
    return "SET", _weekday_code(match.group("weekday")) + (f"T{code}" if code else "")


def _yearly_month(match: re.Match[str], ctx: Context) -> Resolved:
    """ "every July", "each March": a month every year."""
    return "SET", f"XXXX-{tp.MONTHS[match.group('month').lower().rstrip('.')]:02d}"


def _half(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the first half of 1990", "the second half": a half of the year named, else of the publication year."""
    number = 1 if match.group("ord").lower() in ("first", "1st") else 2
    year_text = match.group("year")
    if year_text:
        return "DATE", f"{year_text}-H{number}"
    if ctx.dct is None:
        return "DATE", None
    step = {"last": -1, "next": 1}.get((match.group("mod") or "").lower(), 0)
    year = ctx.dct.year + step
    current = 1 if ctx.dct.month <= 6 else 2
    if not match.group("mod") and number > current and not ctx.future():
        year -= 1  # a half not begun yet, spoken of in the past: last year's
    return "DATE", f"{year}-H{number}"


def _past_season(match: re.Match[str], ctx: Context) -> Resolved:
    """ "this past spring", "the past summer": the latest such season begun before the publication date."""
    if ctx.dct is None:
        return "DATE", None
    code = tp.SEASONS[match.group("season").lower()]
    started_this_year = tp.SEASON_START_MONTH[code] < ctx.dct.month
    return "DATE", f"{ctx.dct.year if started_this_year else ctx.dct.year - 1}-{code}"


def _vague_span(match: re.Match[str], ctx: Context) -> Resolved:
    """ "for years", "in weeks": a duration of an unknown number of units."""
    letter = {"years": "Y", "months": "M", "weeks": "W", "days": "D"}[match.group("unit").lower()]
    return "DURATION", f"PX{letter}"


def _every_n(match: re.Match[str], ctx: Context) -> Resolved:
    """ "every four years", "every other week", "twice a week": a set of that period (TimeML: ``P4Y``, ``P2W``,
    ``P1W`` with the count as its frequency)."""
    unit = match.group("unit").lower()
    number = (match.groupdict().get("num") or "a").lower()  # "twice a week": one week, done twice
    count = 2 if number == "other" else number_value(number)
    if count is None:
        return None
    letter, multiplier, is_time = tp.UNITS[unit]
    return "SET", f"{'PT' if is_time else 'P'}{count * multiplier}{letter}"


def _q_quarter(match: re.Match[str], ctx: Context) -> Resolved:
    """ "Q1", "Q3 2012": a quarter of the year named, else the latest such quarter begun (or the coming one when
    the sentence speaks of the future)."""
    left = (ctx.bounds or (0, 0))[0]
    named = re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][A-Za-z]*\s+$", ctx.text[left : ctx.start])
    if named:
        return None  # a model's name after a maker's ("the Audi Q3"), not a quarter
    number = int(match.group("q"))
    if match.group("year"):
        return "DATE", f"{match.group('year')}-Q{number}"
    if ctx.dct is None:
        return "DATE", None
    current = (ctx.dct.month - 1) // 3 + 1
    year = ctx.dct.year - 1 if number > current and not ctx.future() else ctx.dct.year
    return "DATE", f"{year}-Q{number}"


_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}  # fmt: skip


def _spelled_decade(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the nineties", "the nineteen-sixties": the decade of the last century unless a century is named."""
    century = "20" if (match.group("century") or "").lower().startswith("twenty") else "19"
    return "DATE", f"{century}{_DECADE_WORDS[match.group('decade').lower()]}"


_EVERY_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year|decade)"
RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (re.compile(rf"\b(?:every|each)\s+(?P<num>other|{tp.NUMBER})\s+{_EVERY_UNIT}s?\b", _I), _every_n),
    (re.compile(rf"\b(?:once|twice|(?:two|three|four|five|several|\d+)\s+times)\s+(?:a|an|per|every|each)\s+{_EVERY_UNIT}\b", _I), _every_n),  # noqa: E501
    (re.compile(rf"\bQ(?P<q>[1-4])\b(?:\s+(?:of\s+)?(?P<year>{tp.YEAR})\b)?"), _q_quarter),
    (re.compile(rf"\b(?:every|each)\s+(?P<weekday>{_WEEKDAY_NAMES})(?:\s+(?P<part>{tp.PART_OF_DAY}))?\b", _I), _weekly),
    (re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES})s\b"), _weekly),
    (re.compile(rf"\b(?P<weekday>{_WEEKDAY_NAMES})\s+(?P<part>mornings|afternoons|evenings|nights)\b"), _weekly),
    (re.compile(rf"\b(?:every|each)\s+(?P<month>{tp.MONTH})(?!\s+\d)\b"), _yearly_month),
    (re.compile(rf"\b(?:the\s+)?(?P<ord>first|second|last|latter|1st|2nd)\s+half(?:\s+of\s+(?:(?P<year>{tp.YEAR})|(?:the\s+)?(?:(?P<mod>this|last|next)\s+)?year))?\b(?!-)", _I), _half),  # noqa: E501
    (re.compile(rf"\b(?:this\s+|the\s+)?past\s+(?P<season>{tp.SEASON})\b", _I), _past_season),
    (re.compile(r"(?<![\w-])(?P<unit>years|months|weeks|days)\b(?![\s-]+(?:old|ago|earlier|later|before|after)\b)", _I), _vague_span),  # noqa: E501
    (re.compile(rf"\bthe\s+(?:(?:early|late|mid)[\s-]+)?(?:(?P<century>nineteen|twenty)[\s-]+)?(?P<decade>{'|'.join(_DECADE_WORDS)})\b", _I), _spelled_decade),  # noqa: E501
)  # fmt: skip
