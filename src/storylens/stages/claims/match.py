"""Which statements speak of the same event, and whether two statements' values can both be true."""

from __future__ import annotations

from collections.abc import Sequence

from storylens.stages.claims.events import EventStatement, Quantity, SentenceTime
from storylens.stages.claims.statements import name_tokens
from storylens.text.calendar import value_range, values_compatible
from storylens.text.graph import DisjointSet

# Event types whose participants are rarely named (a flood's death toll): matched on place and wording instead.
UNNAMED_KINDS = frozenset({"toll", "evacuation", "incident", "attack", "closure", "discovery"})
# Events told apart by what they concern: finding cracks is not finding a body.
THEMED_KINDS = frozenset({"discovery"})
# Themes vague enough to name any find ("found the damage" after "found cracks").
GENERIC_THEMES = frozenset({"damage", "problem", "fault", "defect", "flaw", "issue", "thing"})


def _overlap(first: frozenset[str], second: frozenset[str]) -> bool:
    return bool(name_tokens(first) & name_tokens(second))


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def same_event(first: EventStatement, second: EventStatement, min_overlap: float) -> bool:
    """Tell whether two statements describe one event: same type, same actors, same place."""
    if first.kind != second.kind:
        return False
    if first.agents and second.agents and not _overlap(first.agents, second.agents):
        return False  # Putin's visit is not Xi's visit
    if first.places and second.places and not _overlap(first.places, second.places):
        return False
    if first.kind in THEMED_KINDS and first.themes and second.themes:
        if first.themes & second.themes:
            return True
        if not (first.themes | second.themes) & GENERIC_THEMES:
            return False
    if first.kind in UNNAMED_KINDS:  # a toll is about the disaster, whoever is quoted
        return _overlap(first.participants, second.participants) or _jaccard(first.words, second.words) >= min_overlap
    if first.participants and second.participants:
        return _overlap(first.participants, second.participants)
    return False


def cluster_statements(statements: Sequence[EventStatement], min_overlap: float) -> list[list[EventStatement]]:
    """Group statements into events (connected components of ``same_event``), in first-mention order."""
    events = DisjointSet(range(len(statements)))
    for i, first in enumerate(statements):
        for j in range(i + 1, len(statements)):
            if same_event(first, statements[j], min_overlap):
                events.union(i, j)
    return [[statements[index] for index in members] for members in events.components()]


def times_compatible(first: SentenceTime, second: SentenceTime) -> bool:
    """Tell whether any reading of one time can be the same day as any reading of the other."""
    return any(values_compatible(a, b) for a in first.readings for b in second.readings)


def specific(time: SentenceTime) -> bool:
    """Only times no coarser than a week can date an event precisely enough to disagree about."""
    span = value_range(time.value)
    return span is not None and (span[1] - span[0]).days <= 7


def labels_compatible(first: str, second: str) -> bool:
    """Tell whether two charge labels can name the same thing ("war crimes" within "alleged war crimes")."""
    first_words, second_words = set(first.split()), set(second.split())
    return first_words <= second_words or second_words <= first_words


def quantities_compatible(first: Quantity, second: Quantity, tolerance: float) -> bool:
    """Tell whether two counts agree: equal, or within ``tolerance`` when either is hedged ("about 20")."""
    if first.value == second.value:
        return True
    for bound, other in ((first, second), (second, first)):
        if bound.bound == "min" and other.value >= bound.value:
            return True
        if bound.bound == "max" and other.value <= bound.value:
            return True
    if first.approximate or second.approximate:
        return abs(first.value - second.value) <= tolerance * max(first.value, second.value)
    return False


def choose_reading(time: SentenceTime, others: Sequence[SentenceTime]) -> str:
    """Pick the reading of an ambiguous weekday that the other reports of the event agree with most."""
    if len(time.readings) <= 1:
        return time.value
    votes = {reading: sum(values_compatible(reading, other.value) for other in others) for reading in time.readings}
    best = max(votes.values())
    primary = time.value.split("T")[0]
    if votes.get(primary, 0) == best:
        return time.value
    return next(reading for reading in time.readings if votes[reading] == best)
