"""More rules for the temporal tagger: spoken years, months and quarters named relative to a year, year-end,
days and periods counted from the narrative's day ("the next day", "that month"), centuries, weeks of a day, the
second day of a range.

The tagger (``tagger.py``) appends ``RULES`` to its grammar. The
resolvers take the tagger's context: the text, the span, the publication date and the quarter last named.
"""

from __future__ import annotations

import re
from datetime import timedelta

from storylens.stages.temporal import patterns as tp
from storylens.stages.temporal.context import Context, Resolved, Resolver
from storylens.text.calendar import format_week, parse_iso_date, shift_by_unit, shift_quarter
from storylens.text.numbers import number_value

_I = re.IGNORECASE
_STEP = {"last": -1, "this": 0, "next": 1}


def spelled_year(text: str) -> int | None:
    """Return the year a spoken form names ("nineteen ninety-six" -> 1996, "two thousand and one" -> 2001)."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if words[:2] == ["two", "thousand"]:
        rest = [word for word in words[2:] if word != "and"]
        return 2000 + (number_value(" ".join(rest)) or 0 if rest else 0)
    century = {"eighteen": 1800, "nineteen": 1900}.get(words[0])
    rest = words[1:]
    if century is None or not rest:
        return None
    if rest[0] == "hundred":
        return century
    if rest[0] == "o":
        rest = rest[1:]
    value = number_value(" ".join(rest))
    return century + value if value is not None and value < 100 else None


def _month(match: re.Match[str]) -> int:
    return tp.MONTHS[match.group("month").lower().rstrip(".")]


def _spoken_year(match: re.Match[str], ctx: Context) -> Resolved:
    year = spelled_year(match.group("spelled"))
    if year is None:
        return None
    month = match.groupdict().get("month")
    return "DATE", f"{year:04d}-{_month(match):02d}" if month else f"{year:04d}"


def _season_of_year(match: re.Match[str], ctx: Context) -> Resolved:
    year_text = match.group("year") or match.group("spelled")
    year = int(year_text) if year_text.isdigit() else spelled_year(year_text)
    if year is None:
        return None
    return "DATE", f"{year:04d}-{tp.SEASONS[match.group('season').lower()]}"


def _month_named_from_now(match: re.Match[str], ctx: Context) -> Resolved:
    """ "last May" (the latest May before this month), "this September", "June last year"."""
    if ctx.dct is None:
        return "DATE", None
    month, modifier = _month(match), match.group("mod").lower()
    if match.groupdict().get("unit"):  # "June last year": the month of that year
        return "DATE", f"{ctx.dct.year + _STEP[modifier]:04d}-{month:02d}"
    year = ctx.dct.year
    if modifier == "last" and month >= ctx.dct.month:
        year -= 1
    elif modifier == "next" and month <= ctx.dct.month:
        year += 1
    return "DATE", f"{year:04d}-{month:02d}"


def _quarter_number(match: re.Match[str], ctx: Context) -> int | None:
    ordinal = match.groupdict().get("ord")
    if ordinal:
        return tp.ORDINALS[ordinal.lower()]
    current = ctx.current_quarter()
    return int(current[-1]) if current else None


def _quarter_of_year(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the 1988 second quarter", "the 1988 period", "this year's third quarter", "last year's quarter"."""
    number = _quarter_number(match, ctx)
    year_text = match.groupdict().get("year")
    if year_text:
        year = int(year_text)
    elif ctx.dct is None:
        return "DATE", None
    else:
        current = ctx.current_quarter()
        base = int(current[:4]) if current and match.groupdict().get("ord") is None else ctx.dct.year
        year = base + _STEP[match.group("mod").lower()]
    return ("DATE", f"{year:04d}-Q{number}") if number else ("DATE", year_text)


def _year_ago_quarter(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the year-ago third quarter" and a bare "year-earlier" in a quarterly report: a year before."""
    current = ctx.current_quarter()
    if current is None:
        return "DATE", None
    number = _quarter_number(match, ctx)
    return "DATE", shift_quarter(f"{current[:4]}-Q{number or current[-1]}", -4)


def _year_end(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", f"{ctx.dct.year:04d}-12-31" if ctx.dct else None


def _that_year(match: re.Match[str], ctx: Context) -> Resolved:
    """ "that year", "the following year": the year last mentioned, shifted."""
    if ctx.year is None:
        return None
    step = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get((match.group("mod") or "").lower(), 0)
    return "DATE", f"{ctx.year + step:04d}"


def _the_year(match: re.Match[str], ctx: Context) -> Resolved:
    """ "for the year", "the full year", "by year's end": the publication year ("the year ended ..." is a span)."""
    if re.match(r"\s+end(?:ed|ing)\b", ctx.text[ctx.end :], _I):
        return "DURATION", "P1Y"
    return "DATE", f"{ctx.dct.year:04d}" if ctx.dct else None


def _last_fiscal_year(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the latest fiscal year", "the most recent financial year": the last one closed, the year before publication."""
    return "DATE", f"{ctx.dct.year - 1:04d}" if ctx.dct else None


def _future_ref(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", "FUTURE_REF"


def _day_after(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the next day", "the following morning", "the day before": a day from the one the narrative is on."""
    day = ctx.anchor or ctx.dct
    if day is None:
        return "DATE", None
    direction = (match.group("dir") or match.group("dir2")).lower()
    shifted = day + timedelta(days=1 if direction in ("next", "following", "after") else -1)
    part = (match.group("part") or match.group("part2") or "day").lower()
    if part in tp.PARTS_OF_DAY:
        return "TIME", f"{shifted.isoformat()}T{tp.PARTS_OF_DAY[part]}"
    return "DATE", shifted.isoformat()


def _week_of(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the week of March 6": the ISO week holding that day (in the year nearest publication when none is given)."""
    month, day = _month(match), int(re.sub(r"\D", "", match.group("day")))
    if match.group("year"):
        years = [int(match.group("year"))]
    elif ctx.dct is None:
        return "DATE", None
    else:
        years = [ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1]
    days = [parse_iso_date(f"{year:04d}-{month:02d}-{day:02d}") for year in years]
    found = [found for found in days if found is not None]
    if not found:
        return None
    nearest = min(found, key=lambda value: abs((value - ctx.dct).days) if ctx.dct else 0)
    return "DATE", format_week(nearest)


def _that_period(match: re.Match[str], ctx: Context) -> Resolved:
    """ "later that month", "the following week": a week or month counted from the day the narrative is on."""
    day = ctx.anchor or ctx.dct
    if day is None:
        return "DATE", None
    step = 1 if (match.group("mod") or "").lower() == "following" else 0
    return "DATE", shift_by_unit(day, match.group("unit").lower(), step)


def _edge_of_period(match: re.Match[str], ctx: Context) -> Resolved:
    """ "by the end of the month", "the start of the week": the current such period (TimeML marks the edge apart)."""
    return "DATE", shift_by_unit(ctx.dct, match.group("unit").lower(), 0) if ctx.dct else None


_CENTURY_WORDS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}


def _century(match: re.Match[str], ctx: Context) -> Resolved:
    """ "the 19th century", "21st-century": TimeML writes a century as its two leading digits ("18", "20")."""
    word = match.group("ord").lower()
    number = _CENTURY_WORDS.get(word) or int(re.sub(r"\D", "", word))
    return "DATE", f"{number - 1:02d}"


# The day must end the phrase: "April 24 and 25, when" is a range, "March 3 and 4 more" is not.
_RANGE_END = re.compile(
    r"\s*(?:-|–|to|and|through|or)\s*([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!,?\s*(?:19|20)\d\d)"
    r"(?=\s*(?:[,;:)]|\.(?!\d)|$)|\s+(?:at|in|on|when|was|were|will|is|are|and|to|the|for|with|of)\b)"
)


def range_end(text: str, end: int, value: str | None) -> tuple[int, int, str] | None:
    """The span and day of a range's second day after a full date ending at ``end`` ("March 25 to 27"), or None."""
    match = _RANGE_END.match(text, end)
    if match is None or value is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return None
    day = int(match.group(1))
    ending = f"{value[:8]}{day:02d}"
    if day <= int(value[8:]) or parse_iso_date(ending) is None:
        return None
    return match.start(1), match.end(1), ending


_YEAR_AGO = r"(?:year-ago|year-earlier|year-before|prior-year)"
_NEXT_DAY = (
    r"\bthe\s+(?P<dir>next|following|previous|preceding)\s+(?P<part>day|morning|afternoon|evening|night)\b"
    r"|\bthe\s+(?P<part2>day|night)\s+(?P<dir2>before|after)\b"
    r"(?!\s+(?:that|this|the|a|an|his|her|its|their|last|next|\w+day|yesterday|tomorrow)\b)"
)
_CENTURY = r"\b(?P<ord>(?:1[0-9]|2[01])(?:st|nd|rd|th)|eighteenth|nineteenth|twentieth|twenty-first)[\s-]+century\b"
RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (re.compile(rf"\b(?:(?P<month>{tp.MONTH})\s+(?:of\s+)?)?(?P<spelled>{tp.SPELLED_YEAR})\b", _I), _spoken_year),
    (re.compile(rf"\bthe\s+year\s+(?P<spelled>{tp.MILLENNIUM_YEAR})\b", _I), _spoken_year),
    (re.compile(rf"\b(?:the\s+)?(?P<season>{tp.SEASON})\s+of\s+(?:(?P<year>{tp.YEAR})|(?P<spelled>{tp.SPELLED_YEAR}))\b", _I), _season_of_year),  # noqa: E501
    (re.compile(rf"\b(?P<mod>(?i:last|this|next))\s+(?P<month>{tp.MONTH})(?!\s+\d)\b"), _month_named_from_now),
    (re.compile(rf"\b(?P<month>{tp.MONTH})\s+(?P<mod>(?i:last|this|next))\s+(?P<unit>(?i:year))\b"), _month_named_from_now),  # noqa: E501
    (re.compile(rf"\b(?:the\s+)?(?P<year>{tp.YEAR})\s+(?:(?P<ord>{tp.ORDINAL})[\s-]+)?(?:fiscal\s+)?(?:quarter|period)\b", _I), _quarter_of_year),  # noqa: E501
    (re.compile(rf"\b(?P<mod>this|last|next)\s+year's\s+(?:(?P<ord>{tp.ORDINAL})[\s-]+)?(?:fiscal\s+)?(?:quarter|period)\b", _I), _quarter_of_year),  # noqa: E501
    (re.compile(rf"\b(?:the\s+)?(?:comparable\s+)?{_YEAR_AGO}\s+(?P<ord>{tp.ORDINAL})[\s-]+quarter\b", _I), _year_ago_quarter),  # noqa: E501
    (re.compile(r"\bthe\s+(?:(?:same|corresponding|comparable)\s+)?(?:quarter|period)\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier|before))\b", _I), _year_ago_quarter),  # noqa: E501
    (re.compile(rf"(?<!-)\b{_YEAR_AGO}\b(?![\s-]+(?:quarter|period|{tp.ORDINAL}|nine|six|three|results?\b))", _I), _year_ago_quarter),  # noqa: E501
    (re.compile(r"\byear-end\b", _I), _year_end),
    (re.compile(_NEXT_DAY, _I), _day_after),
    (re.compile(_CENTURY, _I), _century),
    (re.compile(r"\b(?:that|the\s+(?P<mod>same|following))\s+(?P<unit>week|month)\b(?!-)", _I), _that_period),
    (re.compile(rf"\bthe\s+week\s+of\s+(?P<month>{tp.MONTH})\s+(?P<day>{tp.DAY})\b(?:,?\s+(?P<year>{tp.YEAR})\b)?", _I), _week_of),  # noqa: E501
    (re.compile(r"\bthe\s+(?:end|beginning|start|middle)\s+of\s+the\s+(?P<unit>week|month|year)\b", _I), _edge_of_period),  # noqa: E501
    (re.compile(r"\b(?:that|the\s+(?P<mod>same|following|previous|preceding))\s+year\b(?!-)", _I), _that_year),
    (re.compile(r"\bthe\s+(?:near|foreseeable)\s+(?:future|term)\b", _I), _future_ref),
    (re.compile(r"\bthe\s+(?:latest|last|most\s+recent|previous|prior|past)\s+(?:fiscal|financial)\s+year\b(?![-'])", _I), _last_fiscal_year),  # noqa: E501
    (re.compile(r"\b(?:the\s+(?:(?:full|fiscal|current|calendar)\s+)?year|year(?:'s)?\s+end)\b(?![-'\w])(?!\s+(?:before|earlier|ago|after|later|two|\d))", _I), _the_year),  # noqa: E501
)  # fmt: skip
