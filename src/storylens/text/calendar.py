"""Calendar arithmetic for temporal values: weeks, months, quarters, and comparing values of any granularity."""

from __future__ import annotations

import re
from datetime import date, timedelta


def parse_iso_date(text: str) -> date | None:
    """Return the date in an ISO ``YYYY-MM-DD`` prefix of ``text``, or None."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def format_week(day: date) -> str:
    """Return the ISO week holding ``day`` (``2023-W11``)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(day: date, months: int) -> tuple[int, int]:
    """Return (year, month) ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def shift_by_unit(day: date, unit: str, step: int) -> str:
    """Return the value of the calendar ``unit`` lying ``step`` units from ``day`` (``week``, -1 -> last week)."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return (day + timedelta(days=step)).isoformat()
    if unit in ("week", "weekend"):
        suffix = "-WE" if unit == "weekend" else ""
        return format_week(day + timedelta(days=7 * step)) + suffix
    if unit == "month":
        year, month = add_months(day, step)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        index = day.year * 4 + (day.month - 1) // 3 + step
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return str(day.year + 10 * step)[:3]
    if unit in ("century", "centurie"):
        return str(day.year + 100 * step)[:2]
    if unit == "year":
        return f"{day.year + step:04d}"
    return day.isoformat()


def shift_quarter(value: str, quarters: int) -> str:
    """Return the quarter ``quarters`` after ``value`` (``2023-Q1``, -1 -> ``2022-Q4``)."""
    year, quarter = int(value[:4]), int(value[-1])
    index = year * 4 + quarter - 1 + quarters
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def weekday_candidates(reference: date, weekday: int, direction: int) -> tuple[date, ...]:
    """Return the dates a weekday name may mean around ``reference``, the likeliest first.

    ``direction``: -2 strictly before, -1 on or before, 0 in the same ISO week, 1 on or after, 2 strictly after.
    The other readings (the nearest occurrence on the other side) follow, because a tense guess can be wrong.
    """
    back = (reference.weekday() - weekday) % 7
    forward = (weekday - reference.weekday()) % 7
    before = reference - timedelta(days=back or (7 if direction == -2 else 0))
    after = reference + timedelta(days=forward or (7 if direction == 2 else 0))
    if direction == 0:
        primary = reference + timedelta(days=weekday - reference.weekday())
        return (primary,)
    if direction < 0:
        return (before,) if direction == -2 else tuple(dict.fromkeys((before, after)))
    return (after,) if direction == 2 else tuple(dict.fromkeys((after, before)))


def value_range(value: str) -> tuple[date, date] | None:
    """Return the first and last day a calendar value covers (``2023-W11`` -> Monday..Sunday), or None."""
    value = value.split("T")[0]
    patterns = (
        (r"(\d{4})-(\d{2})-(\d{2})$", _day_range),
        (r"(\d{4})-W(\d{2})(-WE)?$", _week_range),
        (r"(\d{4})-(\d{2})$", _month_range),
        (r"(\d{4})-Q(\d)$", _quarter_range),
        (r"(\d{4})$", _year_range),
    )
    for pattern, builder in patterns:
        match = re.match(pattern, value)
        if match:
            try:
                return builder(match)
            except ValueError:
                return None
    return None


def _day_range(match: re.Match[str]) -> tuple[date, date]:
    day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return day, day


def _week_range(match: re.Match[str]) -> tuple[date, date]:
    monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    if match.group(3):
        return monday + timedelta(days=5), monday + timedelta(days=6)
    return monday, monday + timedelta(days=6)


def _month_range(match: re.Match[str]) -> tuple[date, date]:
    year, month = int(match.group(1)), int(match.group(2))
    next_year, next_month = add_months(date(year, month, 1), 1)
    return date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1)


def _quarter_range(match: re.Match[str]) -> tuple[date, date]:
    year, quarter = int(match.group(1)), int(match.group(2))
    first = date(year, 3 * quarter - 2, 1)
    next_year, next_month = add_months(first, 3)
    return first, date(next_year, next_month, 1) - timedelta(days=1)


def _year_range(match: re.Match[str]) -> tuple[date, date]:
    year = int(match.group(1))
    return date(year, 1, 1), date(year, 12, 31)


def values_compatible(first: str, second: str) -> bool:
    """Tell whether two calendar values can describe the same day (``2023-W11`` and ``2023-03-17`` can)."""
    first_range, second_range = value_range(first), value_range(second)
    if first_range is None or second_range is None:
        return True  # unknown granularity: never call it a disagreement
    return first_range[0] <= second_range[1] and second_range[0] <= first_range[1]
