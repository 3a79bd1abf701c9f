"""Temporal expressions, normalised against the article's publication date.

Dates, weekday names ("Monday afternoon"), relative expressions ("last week", "a year ago", "in February") and
durations ("three-day", "13-month-old") are found by the rule grammar in ``_temporal``, which gives each a TimeML
type and value (``2023-03-17``, ``2023-W11``, ``2023-03-20TAF``, ``2022-Q3``, ``P3D``, ``PRESENT_REF``...). The
report's ``value`` is for readers, so it keeps only calendar values: an ISO date (or date and clock time), an ISO
week, a month or a year. Finer TimeML values are coarsened (a part of day to its date, a weekend to its week, a
quarter or season to its year) and values that name no calendar unit (durations, sets, ``PRESENT_REF``,
decades) become null. Beside it each expression carries its TimeML ``type`` (DATE, TIME, DURATION, SET) and
``timeml`` value, the full value the tagger gave (``2023-SU``, ``P1M``, ``PRESENT_REF``, ``XXXX-WXX-7``). Values that
need a publication date are null when the article has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storylens.model import Article, TimeExpression
from storylens.stages.temporal.tagger import parse_reference, tag_text

_KEPT = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?|-W\d{2})?")
_COARSENED = (
    (re.compile(r"(\d{4}-\d{2}-\d{2})T\D.*"), 1),  # part of day: 2023-03-20TAF -> the date
    (re.compile(r"(\d{4}-W\d{2})-WE"), 1),  # weekend -> its week
    (re.compile(r"(\d{4})-(?:Q[1-4]|H[12]|SP|SU|FA)"), 1),  # quarter, half, season -> its year
)


@dataclass(frozen=True, slots=True)
class TimeOptions:
    """Normalisation settings.

    Attributes:
        keep_unresolved: keep expressions whose value is unknowable or not a calendar value (null value)
            instead of dropping them.
    """

    keep_unresolved: bool = True


def calendar_value(value: str | None) -> str | None:
    """Return the reader-facing calendar value of a TimeML value (ISO date, week, month or year), or None."""
    if value is None:
        return None
    if _KEPT.fullmatch(value):
        return value
    for pattern, group in _COARSENED:
        match = pattern.fullmatch(value)
        if match:
            return match.group(group)
    return None  # durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF, decades, winters spanning two years


def find_times(article: Article, options: TimeOptions) -> list[TimeExpression]:
    """Return the temporal expressions in ``article``: calendar values where knowable, TimeML type and value."""
    reference = parse_reference(article.published)
    found = [(timex, calendar_value(timex.anchored or timex.value)) for timex in tag_text(article.text, reference)]
    return [
        TimeExpression(article.id, timex.start, timex.end, timex.text, value, timex.type, timex.value)
        for timex, value in found
        if value is not None or options.keep_unresolved
    ]
