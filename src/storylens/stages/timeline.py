"""The timeline: events of one story on calendar dates.

Built from the claims stage: every claim whose event is dated to a day (``when`` an ISO date, weekdays already
read the way the other outlets agree with) joins the entry for the same event type, day and overlapping actors.
An entry's text is the plainest sentence reporting it (no loaded language if any source has such a
sentence, then the shortest); its sources are every article reporting it.
Disputed dates stay visible: a call that one outlet puts on Thursday and another on Friday appears on both days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storylens.model import Claim, StoryContext, TimelineEvent
from storylens.stages.claims.slots import name_tokens
from storylens.stages.framing.measure import loaded_density

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class TimelineOptions:
    """How many events to keep and how long an entry's text may be."""

    max_events: int = 30
    max_chars: int = 240


@dataclass
class _Entry:
    date: str
    predicate: str
    actors: set[str] = field(default_factory=set)
    claims: list[Claim] = field(default_factory=list)


def _joins(entry: _Entry, claim: Claim, day: str) -> bool:
    if entry.date != day or entry.predicate != claim.predicate:
        return False
    actors = frozenset(claim.actors)
    return not entry.actors or not actors or bool(name_tokens(frozenset(entry.actors)) & name_tokens(actors))


def _plainness(claim: Claim) -> tuple[bool, int, str]:
    # A timeline speaks in the report's voice: an outlet's loaded wording loses to a neutral one.
    return (loaded_density(claim.text) > 0, len(claim.text), claim.article_id)


def _text(claims: list[Claim], limit: int) -> str:
    text = " ".join(min(claims, key=_plainness).text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_timeline(context: StoryContext, options: TimelineOptions) -> tuple[TimelineEvent, ...]:
    """Return the story's dated events in date order."""
    entries: list[_Entry] = []
    for claim in sorted(context.claims, key=lambda item: (item.article_id, item.start)):
        match = _DAY.match(claim.when or "")
        if match is None:
            continue
        day = match.group(0)
        entry = next((item for item in entries if _joins(item, claim, day)), None)
        if entry is None:
            entry = _Entry(day, claim.predicate)
            entries.append(entry)
        entry.actors |= set(claim.actors)
        entry.claims.append(claim)
    # Events reported by more articles first when trimming, then calendar order.
    ranked = sorted(entries, key=lambda item: -len({claim.article_id for claim in item.claims}))
    kept = ranked[: options.max_events]
    merged: dict[tuple[str, str], set[str]] = {}
    for entry in kept:  # one sentence dating two event words (an announcement and a warrant) is one entry
        key = (entry.date, _text(entry.claims, options.max_chars))
        merged.setdefault(key, set()).update(claim.article_id for claim in entry.claims)
    return tuple(TimelineEvent(day, text, tuple(sorted(sources))) for (day, text), sources in sorted(merged.items()))
