"""Claims and conflicts: what each sentence asserts, and where the outlets disagree.

Each sentence naming an event (a call, a meeting, a visit, a charge, a death toll...) yields a statement with its
slots: who (the subject's named participants), the other participants, where, when (time expressions the parse
attaches to the event word), how many (counted nouns) and labels (what someone was charged with). Statements of
the story's articles are grouped into events: same event type, overlapping participants, no clash of agent or
place. Within an event, two articles conflict when every date one gives is incompatible with every date the other
gives (a weekday counts with both its readings, "last week" contains "Friday"), when their charges share no
reading, or when their counts for the same noun differ. Precision first: any way to reconcile two values wins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from typing import Any

from storylens.model import Claim, Conflict, ConflictKind, Statement, StoryContext, TimeExpression
from storylens.stages.claims.events import EventStatement, Quantity, SentenceTime
from storylens.stages.claims.match import (
    choose_reading,
    cluster_statements,
    labels_compatible,
    quantities_compatible,
    specific,
    times_compatible,
)
from storylens.stages.claims.statements import article_names, segments, sentence_statements
from storylens.stages.temporal.tagger import parse_reference, tag_text
from storylens.text.support import reuse_groups

_EVENT_NAMES = {
    "call": "phone call", "meeting": "meeting", "meal": "dinner", "visit": "visit", "legal": "legal action",
    "announcement": "announcement", "toll": "casualties", "evacuation": "evacuation", "attack": "attack",
    "vote": "vote", "agreement": "agreement", "resignation": "resignation", "opening": "opening",
    "closure": "closure", "hearing": "hearing", "incident": "incident", "discovery": "discovery",
}  # fmt: skip
# An evacuation order counts a population however it is named ("4,200 people" = "4,200 residents").
_POPULATION = frozenset({"people", "persons", "residents", "inhabitants", "villagers", "locals", "evacuees"})
_TIME_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years", "hours", "minutes"})


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Matching thresholds for claims about the same event.

    Attributes:
        min_similarity: kept for compatibility; the lexical matching below uses ``min_word_overlap``.
        min_word_overlap: content-word Jaccard at which unnamed events (a flood's toll) count as the same.
        number_tolerance: relative gap allowed between counts when either is hedged ("about 20").
    """

    min_similarity: float = 0.5
    min_word_overlap: float = 0.2
    number_tolerance: float = 0.15


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """Claims (with corroborating articles in ``support``) and conflicts of one story."""

    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


# One article's side in a disagreement: the statement and the value it gives.
_Side = tuple[EventStatement, str]


def analyze_claims(context: StoryContext, docs: Mapping[str, Any], options: ClaimOptions) -> ClaimResult:
    """Return the story's claims and the conflicts between its articles."""
    statements = story_statements(context, docs)
    events = cluster_statements(statements, options.min_word_overlap)
    conflicts: list[Conflict] = []
    disputed: set[tuple[str, int, str]] = set()
    for event in events:
        for conflict in event_conflicts(event, options):
            conflicts.append(Conflict(f"c{len(conflicts) + 1}", conflict.topic, conflict.kind, conflict.statements))
            disputed |= {(s.article_id, s.start or 0, event[0].kind) for s in conflict.statements}
    groups = independence_groups(context)
    claims = [claim for event in events for claim in event_claims(event, groups, disputed)]
    claims.sort(key=lambda claim: (claim.article_id, claim.start, claim.predicate))
    return ClaimResult(tuple(claims), tuple(conflicts))


def story_statements(context: StoryContext, docs: Mapping[str, Any]) -> list[EventStatement]:
    """Return the event statements of every parsed article of the story, in article order."""
    result: list[EventStatement] = []
    for article in sorted(context.articles, key=lambda item: item.id):
        doc = docs.get(article.id)
        if doc is None:
            continue
        # Tagged here (pure, cheap) rather than read from the times stage: the report keeps calendar values
        # only, while dating events wants the finer TimeML ones (a weekend, a part of day).
        found = tag_text(article.text, parse_reference(article.published))
        times = [TimeExpression(article.id, t.start, t.end, t.text, t.value) for t in found]
        names = article_names(article, doc, context.entities, context.mentions)
        for sentence in doc.sents:
            for segment in segments(sentence):
                result += sentence_statements(article, segment, names, times)
    return result


def independence_groups(context: StoryContext) -> dict[str, str]:
    """Map each article to its independent source: a rewrite or duplicate joins the article it came from."""
    return reuse_groups((article.id for article in context.articles), context.reuse)


def _by_article(event: Sequence[EventStatement]) -> dict[str, list[EventStatement]]:
    result: dict[str, list[EventStatement]] = {}
    for statement in event:
        result.setdefault(statement.article_id, []).append(statement)
    return result


def _fold_forms(counts: dict[str, int]) -> dict[str, int]:
    """Count "Governor Ada Lind" as "Ada Lind": a name holding all words of a two-word-or-longer name is that name.

    A bare surname never absorbs longer names: two people may share it.
    """
    folded: dict[str, int] = {}
    for name in sorted(counts, key=len):
        words = set(name.split())
        shorter = next((kept for kept in folded if len(kept.split()) > 1 and set(kept.split()) < words), None)
        key = shorter or name
        folded[key] = folded.get(key, 0) + counts[name]
    return folded


def _topic(event: Sequence[EventStatement], what: str) -> str:
    counts: dict[str, int] = {}
    for statement in event:
        for name in statement.participants:
            counts[name] = counts.get(name, 0) + 1
    counts = _fold_forms(counts)
    names = sorted(counts, key=lambda name: (-counts[name], name))[:2]
    subject = f" ({' – '.join(sorted(names))})" if names else ""
    return f"{what} of the {_EVENT_NAMES.get(event[0].kind, event[0].kind)}{subject}"


def _disagreement(sides: Mapping[str, Sequence[_Side]], compatible: Callable[[str, str], bool]) -> list[Statement]:
    """Return the statements of articles whose every value clashes with every value of another article."""
    involved: dict[str, _Side] = {}
    for first, second in combinations(sorted(sides), 2):
        if any(compatible(a, b) for _, a in sides[first] for _, b in sides[second]):
            continue
        involved.setdefault(first, sides[first][0])
        involved.setdefault(second, sides[second][0])
    return [
        Statement(article_id, statement.text, value, statement.start, statement.end)
        for article_id, (statement, value) in sorted(involved.items())
    ]


def _conflict(topic: str, kind: ConflictKind, statements: list[Statement]) -> list[Conflict]:
    if len({s.article_id for s in statements}) < 2 or len({s.value for s in statements}) < 2:
        return []
    return [Conflict("", topic, kind, tuple(statements))]


def event_conflicts(event: Sequence[EventStatement], options: ClaimOptions) -> list[Conflict]:
    """Return the date, label and number disagreements between the articles reporting one event."""
    by_article = _by_article(event)
    if len(by_article) < 2:
        return []
    return [
        *_date_conflict(event, by_article),
        *_label_conflict(event, by_article),
        *_number_conflicts(event, by_article, options),
    ]


def _time_label(time: SentenceTime) -> str:
    return f"{time.text} ({time.value.split('T')[0]})"


def _date_conflict(event: Sequence[EventStatement], by_article: dict[str, list[EventStatement]]) -> list[Conflict]:
    sides: dict[str, list[_Side]] = {}
    times: dict[str, SentenceTime] = {}
    for article_id, statements in by_article.items():
        dated = [(s, t) for s in statements for t in (s.times or s.weak_times)]
        if any(not times_compatible(a, b) for (_, a), (_, b) in combinations(dated, 2)):
            return []  # one outlet dates it twice: several occasions (talks on two days), not one event
        if dated and all(specific(t) for _, t in dated):
            sides[article_id] = [(s, _time_label(t)) for s, t in dated]
            times |= {_time_label(t): t for _, t in dated}
    found = _disagreement(sides, lambda a, b: times_compatible(times[a], times[b]))
    return _conflict(_topic(event, "date"), "date", found)


def _label_conflict(event: Sequence[EventStatement], by_article: dict[str, list[EventStatement]]) -> list[Conflict]:
    sides = {
        article_id: [(s, label) for s in statements for label in s.labels]
        for article_id, statements in by_article.items()
    }
    sides = {article_id: side for article_id, side in sides.items() if side}
    return _conflict(_topic(event, "charges"), "fact", _disagreement(sides, labels_compatible))


def _counts_agree(first: str, second: str, quantities: Mapping[str, Quantity], tolerance: float) -> bool:
    return quantities_compatible(quantities[first], quantities[second], tolerance)


def _unit(kind: str, unit: str) -> str:
    return "people" if kind == "evacuation" and unit in _POPULATION else unit


def _number_conflicts(
    event: Sequence[EventStatement], by_article: dict[str, list[EventStatement]], options: ClaimOptions
) -> list[Conflict]:
    unit_of = partial(_unit, event[0].kind)
    units = {unit_of(q.unit) for s in event for q in s.quantities if q.unit.isalpha() and q.unit not in _TIME_UNITS}
    result: list[Conflict] = []
    for unit in sorted(units):
        sides: dict[str, list[_Side]] = {}
        quantities: dict[str, Quantity] = {}
        for article_id, statements in by_article.items():
            found = [(s, q) for s in statements for q in s.quantities if unit_of(q.unit) == unit]
            if found:
                sides[article_id] = [(s, f"{q.text} {q.unit}") for s, q in found]
                quantities |= {f"{q.text} {q.unit}": q for _, q in found}
        agree = partial(_counts_agree, quantities=quantities, tolerance=options.number_tolerance)
        result += _conflict(_topic(event, f"number of {unit}"), "number", _disagreement(sides, agree))
    return result


def event_claims(
    event: Sequence[EventStatement], groups: Mapping[str, str], disputed: set[tuple[str, int, str]]
) -> list[Claim]:
    """Return one claim per statement, supported by the independent articles reporting the event undisputed."""
    undisputed = [s for s in event if (s.article_id, s.start, s.kind) not in disputed]
    claims = []
    for statement in event:
        backers = undisputed if statement in undisputed else [statement]
        support: dict[str, str] = {}
        for other in sorted(backers, key=lambda item: item.article_id):
            support.setdefault(groups.get(other.article_id, other.article_id), other.article_id)
        others = [t for s in event if s.article_id != statement.article_id for t in (*s.times, *s.weak_times)]
        times = statement.times or statement.weak_times
        whens: list[str | None] = [*dict.fromkeys(choose_reading(time, others) for time in times)] or [None]
        claims += [
            Claim(
                article_id=statement.article_id, start=statement.start, end=statement.end, text=statement.text,
                predicate=statement.kind, actors=tuple(sorted(statement.participants)), when=when,
                numbers=tuple(q.text for q in statement.quantities), labels=statement.labels,
                support=tuple(sorted(support.values())),
            )
            for when in whens
        ]  # fmt: skip
    return claims
