"""Temporal expressions, normalised against the article's publication date.

Dates, weekday names ("Monday afternoon"), relative expressions ("last week", "a year ago", "in February") and
durations ("three-day", "13-month-old") are found by the rule grammar in ``_temporal`` and given a calendar value:
an ISO date, an ISO week (``2023-W11``), a month, a year, a TimeML duration (``P3D``) or a reference
(``PAST_REF``). Values that need a publication date are null when the article has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylens.model import Article, TimeExpression
from storylens.stages._temporal import parse_reference, tag_text


@dataclass(frozen=True, slots=True)
class TimeOptions:
    """Normalisation settings.

    Attributes:
        keep_unresolved: keep expressions whose value is unknowable (null value) instead of dropping them.
        include_title: also tag the headline when the body does not start with it (offsets stay body offsets,
            so the title is never tagged; kept for compatibility).
    """

    keep_unresolved: bool = True
    include_title: bool = False


def find_times(article: Article, options: TimeOptions) -> list[TimeExpression]:
    """Return the temporal expressions in ``article`` with calendar values where knowable."""
    reference = parse_reference(article.published)
    found = tag_text(article.text, reference)
    return [
        TimeExpression(article.id, timex.start, timex.end, timex.text, timex.value)
        for timex in found
        if timex.value is not None or options.keep_unresolved
    ]
