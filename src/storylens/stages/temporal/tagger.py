"""A rule-based temporal tagger: find TimeML-style expressions and resolve them against a reference date.

Each rule is a regular expression plus a resolver that turns the match into a TimeML type (DATE, TIME, DURATION,
SET) and value (``2023-03-17``, ``2023-W11``, ``2023-03``, ``2023``, ``P3D``, ``PAST_REF``...). Overlapping matches
keep the longest. Values that depend on the publication date are ``None`` when there is none.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from storylens.stages.temporal import holidays, periods, rules
from storylens.stages.temporal import patterns as tp
from storylens.stages.temporal.context import Context, Resolved, Resolver
from storylens.text.calendar import (
    format_week,
    parse_iso_date,
    shift_by_unit,
    shift_quarter,
    weekday_candidates,
)
from storylens.text.numbers import number_value
from storylens.text.sentences import sentence_spans


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: its span, TimeML type and value, and other plausible dates for bare weekdays."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    candidates: tuple[str, ...] = ()
    anchored: str | None = None  # for a span of time that points at a date ("a day earlier"), that date


def _group(match: re.Match[str], name: str) -> str:
    return (match.groupdict().get(name) or "").strip().lower().rstrip(".")


def _month_number(word: str) -> int:
    return tp.MONTHS[word.lower().rstrip(".")]


def _weekday_number(word: str) -> int:
    return tp.WEEKDAYS[word.lower().rstrip(".")]


def _nearest_year(dct: date, month: int, day: int) -> int:
    """Pick the year putting month/day nearest the reference date (news rarely reaches half a year away)."""
    years = (dct.year - 1, dct.year, dct.year + 1)
    return min(years, key=lambda year: abs((_safe_date(year, month, day) - dct).days))


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, 28)


# -- resolvers ------------------------------------------------------------------------------------------------
def _full_date(match: re.Match[str], ctx: Context) -> Resolved:
    month, day = _month_number(match.group("month")), int(re.sub(r"\D", "", match.group("day")))
    year_text = match.group("year")
    if year_text:
        return "DATE", _safe_date(int(year_text), month, day).isoformat()
    if ctx.dct is None:
        return "DATE", None
    year = _nearest_year(ctx.dct, month, day)
    if (_safe_date(year, month, day) - ctx.dct).days > 90 and ctx.past():
        year -= 1  # news looks back: a month-day months ahead in a past-tense sentence is last year's
    return "DATE", _safe_date(year, month, day).isoformat()


def _numeric_date(match: re.Match[str], ctx: Context) -> Resolved:
    text = match.group(0)
    if "-" in text:
        parsed = parse_iso_date(text)
        return ("DATE", parsed.isoformat()) if parsed else None
    month, day, year = (int(part) for part in text.split("/"))
    year += 1900 if year < 100 and year > 30 else 2000 if year < 100 else 0
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return "DATE", _safe_date(year, month, day).isoformat()


def _month_year(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", f"{int(match.group('year')):04d}-{_month_number(match.group('month')):02d}"


def _month_only(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    month = _month_number(match.group("month"))
    back = (ctx.dct.month - month) % 12  # months since the last such month
    ahead = (month - ctx.dct.month) % 12
    # A future tense points to the next such month; otherwise the nearer one, and forward only within a
    # quarter (news looks back).
    future = ctx.future()
    forward = (ahead < back and ahead <= 3) or future
    year = ctx.dct.year
    if forward and month < ctx.dct.month:
        year += 1
    elif not forward and month > ctx.dct.month:
        year -= 1
    return "DATE", f"{year:04d}-{month:02d}"


def _year(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", match.group("year")


def _decade(match: re.Match[str], ctx: Context) -> Resolved:
    digits = match.group("decade") or match.group("short")
    if len(digits) == 2:
        century = "19" if int(digits) > 30 else "20"
        return "DATE", century + digits[0]
    return "DATE", digits[:3]


def _weekday(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    weekday = _weekday_number(match.group("weekday"))
    modifier = _group(match, "mod")
    direction = {"last": -2, "next": 2, "this": 0}.get(modifier, 1 if ctx.future() else -1)
    day = weekday_candidates(ctx.dct, weekday, direction)[0]
    part = _group(match, "part")
    if part:
        return "TIME", f"{day.isoformat()}T{tp.PARTS_OF_DAY[part]}"
    return "DATE", day.isoformat()


def _day_word(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    word = _group(match, "word")
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1}
    day = ctx.dct + timedelta(days=offsets[word])
    part = _group(match, "part") or _group(match, "before") or ("night" if word in ("tonight", "last") else "")
    if part:
        return "TIME", f"{day.isoformat()}T{tp.PARTS_OF_DAY[part]}"
    return "DATE", day.isoformat()


def _relative_unit(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    modifier = _group(match, "mod")
    step = 1 if modifier in ("next", "the coming", "the next") else -1 if modifier.endswith(("last", "past")) else 0
    if modifier == "the previous":  # anaphoric: the period before the one the narrative is in
        return "DATE", shift_by_unit(ctx.anchor or ctx.dct, _group(match, "unit"), -1)
    if modifier in ("the past", "the last") and _group(match, "unit") in ("decade", "century"):
        return "DURATION", _duration_value(1, _group(match, "unit"))
    if modifier == "this" and _group(match, "unit") == "quarter" and ctx.quarter and not ctx.future():
        return "DATE", ctx.quarter  # a report's "this quarter's loss" is the quarter it reports
    return "DATE", shift_by_unit(ctx.dct, _group(match, "unit"), step)


def _weekend(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    modifier = _group(match, "mod")
    saturday = ctx.dct + timedelta(days=5 - ctx.dct.weekday())
    if modifier == "next" or (modifier != "last" and ctx.future()):
        target = saturday if ctx.dct.weekday() < 5 else saturday + timedelta(days=7)
    elif modifier == "this":
        target = saturday
    else:
        target = saturday if ctx.dct.weekday() >= 5 else saturday - timedelta(days=7)
    return "DATE", format_week(target) + "-WE"


def _current_quarter(ctx: Context) -> str | None:
    return ctx.current_quarter()


def _fiscal_period(match: re.Match[str], ctx: Context) -> Resolved:
    quarter = _current_quarter(ctx)
    if quarter is None:
        return "DATE", None
    if (_group(match, "mod") or _group(match, "mod2")).startswith(("year", "prior")):
        return "DATE", shift_quarter(quarter, -4)
    return "DATE", quarter


def _ago(match: re.Match[str], ctx: Context) -> Resolved:
    amount = number_value(_group(match, "num"))
    if ctx.dct is None:
        return "DATE", None
    compares = re.search(r"\b(?:quarter|period)\b", ctx.sentence()) or ctx.quarterly_figures()
    if amount == 1 and _group(match, "unit") == "year" and compares:
        # Earnings reports compare a quarter with the same quarter a year before.
        return "DATE", shift_quarter(_current_quarter(ctx) or "", -4)
    direction = _group(match, "dir")
    forward = direction in ("later", "hence") or direction.startswith("from")
    if amount is None:
        return "DATE", "FUTURE_REF" if forward else "PAST_REF"
    unit = _group(match, "unit").rstrip("s")
    # "ago" and "from now" count from the publication date; "earlier"/"later" from the day the narrative is on.
    base = ctx.anchor or ctx.dct if direction in ("earlier", "later") else ctx.dct
    shifted = shift_by_unit(base, unit, amount if forward else -amount)
    compared = tp.COMPARED.search(ctx.text, max(0, ctx.start - 20), ctx.start)
    if direction in ("earlier", "later") and not compared and not re.search(tp.FIGURE_CUES, ctx.sentence(), _I):
        # TimeML reads "a day earlier" as the span it measures ("earlier" is a signal), as it reads "three days
        # later"; what is compared with "a year earlier" (figures, costs) names the period it belongs to (a date).
        return "DURATION", _duration_value(amount, unit), shifted
    return "DATE", shifted


def _duration_value(amount: int | None, unit: str) -> str:
    letter, multiplier, is_time = tp.UNITS[unit.rstrip("s") if unit.rstrip("s") in tp.UNITS else unit]
    count = "X" if amount is None else str(amount * multiplier)
    if letter == "Q":
        letter, count = "M", "X" if amount is None else str(amount * 3)
    return f"PT{count}{letter}" if is_time else f"P{count}{letter}"


def _duration(match: re.Match[str], ctx: Context) -> Resolved:
    if re.fullmatch(r"(?:recent|past)\s+years", match.group(0), re.I):
        return "DATE", "PAST_REF"  # TimeML reads "in recent years" as a vague past, not a span
    number = _group(match, "num")
    if number in ("a", "an") and tp.RATE_BEFORE.search(ctx.text[max(0, ctx.start - 30) : ctx.start]):
        return None  # a rate ("700 seats a week", "$2 million a year", "twice a year"), not a span of time
    unit = _group(match, "unit")
    share = number in ("a", "one", "three") and tp.SHARE_AFTER.match(ctx.text, ctx.end)
    if (unit == "quarter" and share) or (unit == "second" and number == "a" and tp.NOUN_AFTER.match(ctx.text, ctx.end)):
        return None  # "three-quarters of the vote" is a share, "a second term" an ordinal
    amount = 2 if re.fullmatch(r"(?:a\s+)?couple\s+of", number) else number_value(number) if number else None
    half_of_one = bool(_group(match, "half")) or _group(match, "andhalf") == "half"  # "half an hour", "a half-hour"
    and_a_half = any(_group(match, name) for name in ("frac", "andhalf", "trail"))  # "2 1/2", "a year and a half"
    if amount is not None and (half_of_one or and_a_half):
        value = periods.half_duration(0 if half_of_one else amount, unit)
        if value:
            return "DURATION", value
    day = ctx.anchor or ctx.dct
    if amount is not None and day is not None and re.match(r"\s+later\b", ctx.text[ctx.end :], re.IGNORECASE):
        # "three days later": TimeML marks the span, readers want the day it lands on, counted from the narrative's.
        return "DURATION", _duration_value(amount, unit), shift_by_unit(day, unit.rstrip("s"), amount)
    return "DURATION", _duration_value(amount, unit)


def _quarter(match: re.Match[str], ctx: Context) -> Resolved:
    ordinal = tp.ORDINALS[_group(match, "ord")]
    if match.group("year"):
        return "DATE", f"{match.group('year')}-Q{ordinal}"
    if ctx.dct is None:
        return "DATE", None
    if match.group("mod"):  # "the second quarter of last year", "... of this year"
        return "DATE", f"{ctx.dct.year + {'last': -1, 'next': 1}.get(match.group('mod').lower(), 0)}-Q{ordinal}"
    current = (ctx.dct.month - 1) // 3 + 1
    year = ctx.dct.year - 1 if ordinal > current and not ctx.future() else ctx.dct.year
    return "DATE", f"{year}-Q{ordinal}"


def _season(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    code = tp.SEASONS[_group(match, "season") or _group(match, "season2")]
    modifier = _group(match, "mod") or _group(match, "mod2")
    year = ctx.dct.year
    started = ctx.dct.month >= tp.SEASON_START_MONTH[code]
    if modifier == "last" or (modifier != "this" and modifier != "next" and not ctx.future()):
        year = year if started and modifier != "last" else year - 1
        if modifier == "last" and started and ctx.dct.month >= tp.SEASON_START_MONTH[code] + 3:
            year += 1
    elif modifier == "next" or (modifier != "this" and not started):
        year = year if not started else year + 1
    return "DATE", f"{year}-{code}"


def _clock(match: re.Match[str], ctx: Context) -> Resolved:
    raw = match.group("clock").lower().replace(" ", "")
    if raw in ("noon", "midnight"):
        hour, minute = (12, 0) if raw == "noon" else (24, 0)
    else:
        digits = re.match(r"(\d{1,2})(?::(\d\d))?", raw)
        if digits is None:
            return None
        hour, minute = int(digits.group(1)) % 12, int(digits.group(2) or 0)
        evening = raw.endswith(("afternoon", "evening")) or (raw.endswith("night") and hour >= 6)
        hour += 12 if raw.rstrip(".").endswith(("p.m", "pm")) or evening else 0
    if ctx.dct is None:
        return "TIME", None
    day = _clock_day(ctx, match.group("weekday"), _group(match, "word"))
    return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}"


_DAY_NAMED = re.compile(rf"\b(?:(?P<weekday>{tp.WEEKDAY})|(?P<word>(?i:yesterday|today|tomorrow)))(?![\w-])")


_DATE_NAMED = re.compile(rf"\b(?P<month>{tp.MONTH})\s+(?P<day>{tp.DAY})\b(?:,?\s+(?P<year>{tp.YEAR})(?!\d))?")


def _clock_day(ctx: Context, weekday: str | None, word: str) -> date:
    """The day a clock time falls on: the day named with it, else the day its sentence names, else the DCT's."""
    assert ctx.dct is not None
    if not weekday and not word:  # "at about 10:35 a.m. (0735 GMT) Friday": the sentence names the day
        named = _DAY_NAMED.search(ctx.sentence())
        if named:
            weekday, word = named.group("weekday"), (named.group("word") or "").lower()
        dated = _DATE_NAMED.search(ctx.sentence()) if named is None else None
        resolved = _full_date(dated, ctx) if dated else None  # "at 2 p.m. on March 3"
        if resolved and resolved[1]:
            return date.fromisoformat(resolved[1])
    if weekday:
        return weekday_candidates(ctx.dct, _weekday_number(weekday), 1 if ctx.future() else -1)[0]
    if not word and ctx.anchor is not None and not ctx.future():
        return ctx.anchor  # the day the narrative is on; what is still to come is timed from publication
    return ctx.dct + timedelta(days={"yesterday": -1, "tomorrow": 1, "last night": -1}.get(" ".join(word.split()), 0))


def _reference(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", tp.REFERENCES[re.sub(r"\s+", " ", match.group(0).lower())]


def _set(match: re.Match[str], ctx: Context) -> Resolved:
    word = _group(match, "set")
    if word in tp.SETS:
        return "SET", tp.SETS[word]
    return "SET", _duration_value(1, _group(match, "unit"))


def _this_period(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    step = {"this": 0, "last": -1, "next": 1}[_group(match, "mod")]
    return "DATE", shift_by_unit(ctx.dct, _group(match, "unit"), step)


def _same_day(match: re.Match[str], ctx: Context) -> Resolved:
    return "DATE", ctx.anchor.isoformat() if ctx.anchor else None


def _part_of_day(match: re.Match[str], ctx: Context) -> Resolved:
    # "the afternoon" continues the day last named ("on Saturday morning ... by the afternoon").
    day = ctx.anchor or ctx.dct
    if day is None:
        return "TIME", None
    return "TIME", f"{day.isoformat()}T{tp.PARTS_OF_DAY[_group(match, 'part')]}"


def _vague_period(match: re.Match[str], ctx: Context) -> Resolved:
    if ctx.dct is None:
        return "DATE", None
    unit = _group(match, "unit")
    step = {"this": 0, "last": -1, "next": 1}.get(_group(match, "mod"), 0)
    return "DATE", shift_by_unit(ctx.dct, unit, step)


# -- grammar --------------------------------------------------------------------------------------------------
_I = re.IGNORECASE
_MOD = r"(?:(?P<edge>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
_FISCAL = r"(?P<mod>latest|current|most\s+recent|fiscal|same|year-ago|year-earlier|year-before|prior-year|comparable)"
_FISCAL2 = _FISCAL.replace("<mod>", "<mod2>")
# A quarter the report is about ("the third quarter"), not one it compares with ("the 1988 second quarter").
_NAMED_QUARTER = rf"(?:the\s+)?(?:fiscal[\s-]+)?{tp.ORDINAL}[\s-]+quarter(?:\s+of\s+{tp.YEAR})?"
_RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (re.compile(rf"\b(?:{tp.WEEKDAY},?\s+)?(?P<month>{tp.MONTH})\s+(?P<day>{tp.DAY})\b(?:,?\s+(?P<year>{tp.YEAR})(?!\d))?"), _full_date),  # noqa: E501
    (re.compile(rf"\b(?:{tp.WEEKDAY},?\s+)?(?:the\s+)?(?P<day>{tp.DAY})\s+(?:of\s+)?(?P<month>{tp.MONTH})(?:,?\s+(?P<year>{tp.YEAR})(?!\d))?\b"), _full_date),  # noqa: E501
    (re.compile(r"\b(?:(?:19|20)\d\d-[01]\d-[0-3]\d|[01]?\d/[0-3]?\d/(?:\d\d|\d{4}))\b"), _numeric_date),
    (re.compile(rf"\b{_MOD}(?P<month>{tp.MONTH}),?\s+(?:of\s+)?(?P<year>{tp.YEAR})(?!\d)"), _month_year),
    (re.compile(rf"(?:(?<=\b(?i:in)\s)|(?<=\b(?i:of)\s)|(?<=\b(?i:since)\s)|(?<=\b(?i:until)\s)|(?<=\b(?i:by)\s)|(?<=\b(?i:from)\s)|(?<=\b(?i:early)\s)|(?<=\b(?i:late)\s)|(?<=\b(?i:mid)-)|(?<=\b(?i:through)\s))(?P<month>{tp.MONTH})\b(?!\s+\d)"), _month_only),  # noqa: E501
    (re.compile(r"\b(?P<month>January|February|April|June|July|August|September|October|November|December)\b(?!\s+\d)"), _month_only),  # noqa: E501
    # "the March election", "the May vote": March and May modifying a noun are months, not a walk or a verb.
    (re.compile(r"(?<=\b(?i:the)\s)(?P<month>March|May)\b(?=\s+[a-z]{3,}\b)(?!\s+(?:of|on|to|in|and|for|from|with|at|by)\b)"), _month_only),  # noqa: E501
    (re.compile(rf"\b(?:(?P<mod>last|next|this|early|late)\s+)?(?P<weekday>{tp.WEEKDAY})(?:\s+(?P<part>{tp.PART_OF_DAY}))?(?![\w-])", 0), _weekday),  # noqa: E501
    (re.compile(rf"\b(?:(?:early|late|mid(?!night))(?:[\s-]*(?P<before>{tp.PART_OF_DAY}))?\s+)?(?P<word>today|yesterday|tomorrow|tonight)(?:\s+(?P<part>{tp.PART_OF_DAY}))?\b", _I), _day_word),  # noqa: E501
    (re.compile(rf"\b(?P<word>this|last)\s+(?P<part>{tp.PART_OF_DAY})\b", _I), _day_word),
    (re.compile(rf"\b(?:{tp.TIME_OF_DAY}{tp.ZONE}\s+)?(?P<clock>{tp.TIME_OF_DAY}){tp.ZONE}(?:\s+(?:on\s+)?(?:(?P<weekday>{tp.WEEKDAY})|(?P<word>today|yesterday|tomorrow|tonight|last\s+night)))?", _I), _clock),  # noqa: E501
    (re.compile(r"\b(?P<mod>last|next|this|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next|the\s+current|this\s+past)\s+(?P<unit>week|month|year|quarter|decade|weekend|century)\b(?![\w-])", _I), _relative_unit),  # noqa: E501
    (re.compile(r"\b(?P<mod>the|this|last|next)\s+weekend\b", _I), _weekend),
    (re.compile(rf"\b(?:{tp.APPROX}\s+)?(?P<num>{tp.NUMBER})[\s-]+(?P<unit>{tp.UNIT})s?\s+(?P<dir>ago|before|earlier|from\s+now|hence)\b", _I), _ago),  # noqa: E501
    (re.compile(rf"\b(?:(?:the\s+)?(?:past|last|next|first|coming|previous|following|recent|final)\s+)?(?:{tp.APPROX}\s+)?(?P<half>half\s+)?(?P<num>{tp.NUMBER})(?P<frac>\s+1/2)?(?:[\s-]+(?:(?P<andhalf>and\s+a\s+half|half)[\s-]+)?(?:(?:more|additional|further|extra|trading|business|working|straight|consecutive)\s+)?|[\s-]*(?:to|or)[\s-]*{tp.NUMBER}[\s-]+)(?P<unit>{tp.UNIT})s?(?P<trail>\s+and\s+a\s+half)?(?:[\s-]+long|[\s-]+old(?<!years[\s-]old)(?<!year-old))?\b(?![\s-]+old|-(?:earlier|ago|before|end)\b)", _I), _duration),  # noqa: E501
    (re.compile(rf"\b(?:(?:the\s+)?(?:past|last|next|coming|recent|previous)\s+)(?P<unit>{tp.UNIT})s\b", _I), _duration),  # noqa: E501
    (re.compile(rf"\b(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b(?:\s+of\s+(?:(?P<year>{tp.YEAR})|(?:the\s+)?(?:(?P<mod>this|last|next)\s+)?year\b))?", _I), _quarter),  # noqa: E501
    (re.compile(r"\b(?:(?:(?P<mod>last|this|next|early|late|the)\s+)?(?:(?:early|late)\s+)?(?P<season>summer|winter)|(?P<mod2>last|this|next|early|late|the)\s+(?:(?:early|late)\s+)?(?P<season2>spring|fall|autumn))\b", _I), _season),  # noqa: E501
    (re.compile(r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<decade>(?:1[6-9]|20)\d0)'?s|'(?P<short>\d0)s)\b"), _decade),  # noqa: E501
    (re.compile(rf"(?<![$#\d,.])\b(?:fiscal\s+)?(?P<year>{tp.YEAR})\b(?![,.]?\d|\s*%|\s+percent|-\d|\s+(?:GMT|UTC)\b)"), _year),  # noqa: E501
    (re.compile(r"\b(?:right\s+now|now|currently|current|nowadays|these\s+days|at\s+present|recently|the\s+past|the\s+future)\b(?!-)", _I), _reference),  # noqa: E501
    (re.compile(r"\b(?:(?P<set>daily|weekly|monthly|yearly|nightly|hourly)|(?:every|each|per)\s+(?P<unit>day|week|month|year))\b", _I), _set),  # noqa: E501
    (re.compile(r"\b(?:(?:earlier|later)\s+)?(?P<mod>this|last|next)\s+(?P<unit>week|month|year)\b", _I), _this_period),
    (re.compile(r"\b(?:earlier|later)\s+(?:in\s+)?the\s+(?P<unit>week|month|year)\b", _I), _vague_period),
    (re.compile(r"\b(?:that|the)\s+(?:same\s+)?day\b", _I), _same_day),
    (re.compile(rf"\b(?:the\s+(?:{_FISCAL}\s+)?quarter|(?:the\s+)?{_FISCAL2}\s+(?:quarter|period))\b(?!-)", _I), _fiscal_period),  # noqa: E501
    (re.compile(rf"\bthe\s+(?P<part>{tp.PART_OF_DAY})\b(?!\s+(?:before|after|of|earlier|later))", _I), _part_of_day),
    *rules.RULES,
    *periods.RULES,
    *holidays.RULES,
)  # fmt: skip


def _find_spans(text: str) -> list[tuple[int, int, int]]:
    """Return (start, end, rule) for every rule match, longest first at each start."""
    found = [
        (match.start(), match.end(), index)
        for index, (pattern, _) in enumerate(_RULES)
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
    return sorted(found, key=lambda item: (item[0], item[0] - item[1], item[2]))


def tag_text(text: str, reference: date | None) -> list[Timex]:
    """Return the temporal expressions in ``text``, resolved against ``reference`` (the publication date)."""
    return list(_tag_cached(text, reference))


@lru_cache(maxsize=1024)
def _tag_cached(text: str, reference: date | None) -> tuple[Timex, ...]:
    """``tag_text`` memoised: the times and claims stages tag the same article texts."""
    return tuple(_tag(text, reference))


def _tag(text: str, reference: date | None) -> list[Timex]:
    result: list[Timex] = []
    taken_until = -1
    anchor = reference
    quarter: str | None = None
    named_quarters: Counter[str] = Counter()
    sentences = sentence_spans(text)
    year: int | None = None
    for start, end, index in _find_spans(text):
        if start < taken_until:
            continue
        pattern, resolver = _RULES[index]
        match = pattern.match(text, start, end) if pattern.match(text, start, end) else None
        if match is None or match.end() != end:
            match = next((m for m in pattern.finditer(text, start) if m.start() == start), None)
        if match is None:
            continue
        bounds = _sentence_of(sentences, start, end)
        resolved = resolver(match, Context(text, start, end, reference, anchor, quarter, year, bounds))
        if resolved is None:
            continue
        kind, value, anchored = (*resolved, None) if len(resolved) == 2 else resolved
        taken_until = end
        timex = Timex(start, end, text[start:end], kind, value, readings(text[start:end], value, reference), anchored)
        result.append(timex)
        second = rules.range_end(text, end, value) if kind == "DATE" else None
        if second is not None:  # "April 24 and 25": the second day is a date of its own
            result.append(Timex(second[0], second[1], text[second[0] : second[1]], "DATE", second[2]))
            taken_until = second[1]
        pointed = anchored or (value if kind in ("DATE", "TIME") else None)
        day = parse_iso_date(pointed) if pointed and len(pointed) >= 10 else None
        anchor = day or anchor
        if value and _reported_quarter(timex, reference):
            named_quarters[value] += 1
            quarter = named_quarters.most_common(1)[0][0]  # ties go to the first named: a report's lede names it
        year = int(value[:4]) if value and value[:4].isdigit() and kind == "DATE" else year
    return result


def _sentence_of(sentences: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The sentence span holding ``start`` (widened to ``end`` when an expression runs over a boundary)."""
    index = bisect_right(sentences, (start, sys.maxsize)) - 1
    if index < 0:
        return None
    left, right = sentences[index]
    return (left, max(right, end)) if start < right else None


def _reported_quarter(timex: Timex, reference: date | None) -> bool:
    """Whether ``timex`` names a quarter a report can be about: named as such and over by the publication date."""
    value = timex.value or ""
    if not re.fullmatch(r"\d{4}-Q\d", value) or not re.fullmatch(_NAMED_QUARTER, timex.text, re.I):
        return False
    if reference is None:
        return True
    behind = reference.year * 4 + (reference.month - 1) // 3 - (int(value[:4]) * 4 + int(value[-1]) - 1)
    return 1 <= behind <= 4  # a report is about a quarter of the past year


def readings(text: str, value: str | None, reference: date | None) -> tuple[str, ...]:
    """Return the plausible values of a bare weekday ("Tuesday" may be last or next Tuesday), value first."""
    match = re.fullmatch(rf"(?P<weekday>{tp.WEEKDAY})(?:\s+(?P<part>{tp.PART_OF_DAY}))?", text.strip())
    if match is None or reference is None or value is None:
        return (value,) if value else ()
    weekday = _weekday_number(match.group("weekday"))
    days = weekday_candidates(reference, weekday, -1) + weekday_candidates(reference, weekday, 1)
    return tuple(dict.fromkeys([value.split("T")[0], *(day.isoformat() for day in days)]))


def parse_reference(published: str | None) -> date | None:
    """Return the publication date of an ISO date or datetime string, or None."""
    return parse_iso_date(published) if published else None
