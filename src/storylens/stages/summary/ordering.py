"""Story order: when what a sentence states happened, and whether its tense has gone stale.

A sentence is placed at the date of what it states: the claims stage's ``when`` for an event inside it (weekdays
already read the way the outlets agree), else the first calendar value the temporal stage resolved inside it, else
the day its article was published. A sentence announcing in the future tense an event whose date had passed when
the story's latest article was published ("will meet on Tuesday", read on Wednesday) is *stale*: the summary takes
another outlet's sentence for that fact instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from storylens.model import Conflict, StoryContext
from storylens.stages.summary.compress import in_own_words
from storylens.text.calendar import parse_iso_date, value_range
from storylens.text.cues import FUTURE_CUES
from storylens.text.support import Unit

_FUTURE = re.compile(FUTURE_CUES, re.IGNORECASE)


def _published(context: StoryContext) -> dict[str, date]:
    found = {}
    for article in context.articles:
        day = parse_iso_date(article.published or "")
        if day is not None:
            found[article.id] = day
    return found


def _stated_day(context: StoryContext, article_id: str, start: int, end: int) -> date | None:
    """The first date stated inside ``start:end`` of one article (claims' event dates first, then time values)."""
    for claim in sorted(context.claims, key=lambda item: item.start):
        if claim.article_id == article_id and start <= claim.start < end and claim.when:
            day = parse_iso_date(claim.when)
            if day is not None:
                return day
    for time in sorted(context.times, key=lambda item: item.start):
        if time.article_id == article_id and start <= time.start < end and time.value:
            span = value_range(time.value)
            if span is not None:
                return span[0]
    return None


def unit_day(context: StoryContext, unit: Unit) -> date | None:
    """When what ``unit`` states happened: a date it states, else its article's publication day."""
    stated = _stated_day(context, unit.article_id, unit.start, unit.end)
    return stated if stated is not None else _published(context).get(unit.article_id)


def conflict_day(context: StoryContext, conflict: Conflict) -> date | None:
    """When a disputed fact sits in the story: the day most of its statements give (ties: the middle one).

    Most, not earliest, and the middle of a tie, not its end: one outlet's misread weekday should not carry the
    whole dispute a week back.
    """
    published = _published(context)
    days = []
    for statement in conflict.statements:
        stated = None
        if statement.start is not None and statement.end is not None:
            stated = _stated_day(context, statement.article_id, statement.start, statement.end)
        day = stated if stated is not None else published.get(statement.article_id)
        if day is not None:
            days.append(day)
    if not days:
        return None
    most = max(days.count(day) for day in days)
    tied = sorted({day for day in days if days.count(day) == most})
    return tied[(len(tied) - 1) // 2]


def is_future(text: str) -> bool:
    """Whether ``text`` announces something in its own words (quotations aside) in the future tense."""
    return in_own_words(_FUTURE, text)


def stale(context: StoryContext, units: Sequence[Unit]) -> frozenset[int]:
    """Rows of ``units`` announcing as future an event whose date the story's latest report had passed."""
    published = _published(context)
    latest = max(published.values(), default=None)
    if latest is None:
        return frozenset()
    found = set()
    for index, unit in enumerate(units):
        if not is_future(unit.text):
            continue
        day = _stated_day(context, unit.article_id, unit.start, unit.end)
        written = published.get(unit.article_id)
        if day is not None and written is not None and written < latest and day < latest:
            found.add(index)
    return frozenset(found)


def in_story_order(keys: Sequence[tuple[date | None, float]]) -> list[int]:
    """Positions of ``keys`` (a day, a relative place in its article) in story order.

    By day first; on the same day, or with no day known, the way the articles tell it: what they report earlier
    in their text comes first (leads before background).
    """
    return sorted(range(len(keys)), key=lambda i: (keys[i][0] or date.min, keys[i][1], i))
