"""Holidays as temporal expressions: fixed days, nth weekdays of a month and Easter, resolved to a year.

General calendar knowledge (the common English-language holidays), not a list taken from any text. The year is
the one putting the holiday nearest the reference date on the side the sentence's tense points to; "last" and
"next" force the side.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from storylens.stages.temporal.context import Context, Resolved, Resolver

# name -> (month, day) for fixed days, or (month, -weekday - 1, nth) for the nth weekday (nth -1 is the last).
_FIXED: dict[str, tuple[int, int]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14), "halloween": (10, 31),
    "independence day": (7, 4), "the fourth of july": (7, 4), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "veterans day": (11, 11), "armistice day": (11, 11),
    "st. patrick's day": (3, 17), "may day": (5, 1),
}  # fmt: skip
_NTH_WEEKDAY: dict[str, tuple[int, int, int]] = {
    "thanksgiving day": (11, 3, 4), "thanksgiving": (11, 3, 4), "labor day": (9, 0, 1), "memorial day": (5, 0, -1),
    "martin luther king day": (1, 0, 3), "presidents day": (2, 0, 3), "columbus day": (10, 0, 2),
    "mother's day": (5, 6, 2), "father's day": (6, 6, 3),
}  # fmt: skip
_EASTER_OFFSETS: dict[str, int] = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1}


def easter(year: int) -> date:
    """Return Easter Sunday of ``year`` (Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday_date(name: str, year: int) -> date | None:
    """Return the day a holiday falls on in ``year``, or None for an unknown name."""
    key = re.sub(r"\s+", " ", name.lower().replace("’", "'")).strip()
    if key in _FIXED:
        return date(year, *_FIXED[key])
    if key in _NTH_WEEKDAY:
        return _nth_weekday(year, *_NTH_WEEKDAY[key])
    if key == "election day":  # the Tuesday after the first Monday of November
        return _nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if key in _EASTER_OFFSETS:
        return easter(year) + timedelta(days=_EASTER_OFFSETS[key])
    return None


def _holiday(match: re.Match[str], ctx: Context) -> Resolved:
    name = match.group("name")
    year_text = match.group("year")
    if year_text:
        found = holiday_date(name, int(year_text))
        return ("DATE", found.isoformat()) if found else None
    dct = ctx.dct
    if dct is None:
        return "DATE", None
    modifier = (match.group("mod") or "").lower()
    ahead = modifier == "next" or (modifier != "last" and ctx.future())
    days = [d for year in (dct.year - 1, dct.year, dct.year + 1) if (d := holiday_date(name, year))]
    side = [d for d in days if (d >= dct if ahead else d <= dct)] or days
    nearest = min(side, key=lambda d: abs((d - dct).days))
    return "DATE", nearest.isoformat()


_NAMES = "|".join(
    sorted(
        (
            re.escape(name).replace(r"\ ", r"\s+").replace("'", "['’]")
            for name in (*_FIXED, *_NTH_WEEKDAY, *_EASTER_OFFSETS, "election day")
        ),
        key=len,
        reverse=True,
    )
)
RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (re.compile(rf"\b(?:(?P<mod>last|next|this)\s+)?(?P<name>{_NAMES})\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?", re.I), _holiday),  # noqa: E501
)  # fmt: skip
