"""Turn an article's parsed sentences into event statements (one per sentence and event type)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storylens.model import Article, Entity, Mention, TimeExpression
from storylens.stages.claims.events import (
    PARTICIPANT_TYPES,
    PLACE_TYPES,
    EventStatement,
    SentenceTime,
    attached_triggers,
    counts_for,
    find_labels,
    find_quantities,
    governing_verb,
    subsumed,
    themes,
    trigger_kind,
)
from storylens.stages.temporal.tagger import parse_reference, readings

_CALENDAR_VALUE = re.compile(r"^\d{4}(?:-(?:W\d{2}(?:-WE)?|Q\d|\d{2}(?:-\d{2})?))?(?:T.*)?$")
_TITLES = frozenset({"the", "of", "and", "president", "minister", "mr", "mrs", "ms", "dr", "sir", "leader"})
_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "them",
        "who",
        "which",
        "what",
        "said",
        "says",
        "also",
        "not",
    }
)


@dataclass(frozen=True, slots=True)
class Names:
    """Named things known for one article: spans and their canonical names and types."""

    spans: tuple[tuple[int, int, str, str], ...]  # start, end, canonical name, type

    def within(self, start: int, end: int, types: frozenset[str]) -> frozenset[str]:
        """Canonical names of the given types whose mention lies inside [start, end)."""
        return frozenset(name for s, e, name, kind in self.spans if start <= s and e <= end and kind in types)


def article_names(article: Article, doc: Any, entities: Sequence[Entity], mentions: Sequence[Mention]) -> Names:
    """Collect named spans from the entities stage, falling back to the parse's own entities."""
    by_id = {entity.id: entity for entity in entities}
    spans = [
        (m.start, m.end, by_id[m.entity_id].name, by_id[m.entity_id].type)
        for m in mentions
        if m.article_id == article.id and m.entity_id in by_id
    ]
    known = {(start, end) for start, end, _, _ in spans}
    spans += [(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents if (e.start_char, e.end_char) not in known]
    return Names(tuple(spans))


def name_tokens(names: frozenset[str]) -> frozenset[str]:
    """Lower-cased name words, without titles, for matching "Qin Gang" with "Qin"."""
    words = {word.lower().strip(".'’s") for name in names for word in re.split(r"[\s\-]+", name)}
    return frozenset(word for word in words if word and word not in _TITLES)


def sentence_times(article: Article, sentence: Any, times: Sequence[TimeExpression]) -> list[SentenceTime]:
    """Return the calendar-valued time expressions inside a sentence with their token and readings."""
    reference = parse_reference(article.published)
    found = []
    for time in times:
        if time.value is None or not _CALENDAR_VALUE.match(time.value):
            continue
        if not (sentence.start_char <= time.start and time.end <= sentence.end_char):
            continue
        span = sentence.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            continue
        values = readings(time.text, time.value, reference)
        found.append(SentenceTime(time.text, time.value, values, span.root.i, time.end))
    return found


def _agents(trigger: Any, names: Names) -> frozenset[str]:
    """Who did it: the subject of the trigger's clause, or the possessor of a trigger noun."""
    holders = [child for child in trigger.children if child.dep_ in ("poss", "nsubj", "nsubjpass")]
    if not holders and trigger.dep_ in ("dobj", "attr") and trigger.head.pos_ in ("VERB", "AUX"):
        holders = [child for child in trigger.head.children if child.dep_ in ("nsubj",)]
    found: set[str] = set()
    for holder in holders:
        subtree = list(holder.subtree)
        found |= names.within(subtree[0].idx, subtree[-1].idx + len(subtree[-1]), PARTICIPANT_TYPES)
    return frozenset(found)


def _relative_clause_triggers(sentence: Any, time: SentenceTime, triggers: Sequence[Any]) -> list[Any]:
    """Triggers in a clause that defines the time: "on the same day that the court issued a warrant"."""
    rest = sentence.doc.text[time.end : sentence.end_char]
    if not re.match(r"\s+(?:that|when)\b", rest):
        return []
    clause_end = time.end + len(re.split(r"[,;:]", rest)[0])
    return [token for token in triggers if time.end <= token.idx < clause_end]


def segments(sentence: Any) -> list[Any]:
    """Split a parsed sentence at line breaks (headlines and captions run into the next line)."""
    doc, pieces, offset = sentence.doc, [], sentence.start_char
    for line in sentence.text.split("\n"):
        span = doc.char_span(offset, offset + len(line), alignment_mode="contract") if line.strip() else None
        if span is not None and len(span) > 0:
            pieces.append(span)
        offset += len(line) + 1
    return pieces


def _proper_names(sentence: Any, names: Names) -> frozenset[str]:
    """Proper-noun phrases the recogniser missed ("Noor Vask's"), so small models still match participants."""
    covered = {(s, e) for s, e, _, _ in names.spans}
    found = set()
    for token in sentence:
        if token.pos_ != "PROPN" or token.dep_ == "compound" or not token.text[:1].isupper():
            continue
        words = [t for t in token.subtree if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i]
        first = words[0] if words else token
        span = (first.idx, token.idx + len(token))
        inside = any(s <= span[0] and span[1] <= e for s, e in covered)
        if not inside and token.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "FAC", "NORP"):
            found.add(sentence.doc.text[span[0] : span[1]])
    return frozenset(found)


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in _STOPWORDS)


def sentence_statements(
    article: Article, sentence: Any, names: Names, times: Sequence[TimeExpression]
) -> list[EventStatement]:
    """Return one statement per event type the sentence mentions."""
    triggers = [token for token in sentence if trigger_kind(token) and not subsumed(token)]
    if not triggers:
        return []
    found_times = sentence_times(article, sentence, times)
    attached: dict[int, list[SentenceTime]] = {}
    for time in found_times:
        for trigger in attached_triggers(sentence.doc[time.token], triggers):
            attached.setdefault(trigger.i, []).append(time)
    for time in found_times:
        for trigger in _relative_clause_triggers(sentence, time, triggers):
            attached.setdefault(trigger.i, []).append(time)
    kinds = {trigger_kind(token) for token in triggers}
    # A lone time in a sentence about one kind of event dates it even when the parse hangs it elsewhere,
    # as long as both sit in the same clause.
    lone = found_times[0] if len(found_times) == 1 and len(kinds) == 1 else None
    clause = governing_verb(sentence.doc[lone.token]).i if lone else -1
    start, end, text = sentence.start_char, sentence.end_char, sentence.text
    participants = names.within(start, end, PARTICIPANT_TYPES) | _proper_names(sentence, names)
    places = names.within(start, end, PLACE_TYPES)
    by_kind: dict[str, list[Any]] = {}
    for trigger in triggers:
        by_kind.setdefault(str(trigger_kind(trigger)), []).append(trigger)
    result = []
    for kind, members in by_kind.items():
        strong = tuple(dict.fromkeys(time for trigger in members for time in attached.get(trigger.i, ())))
        agents = frozenset(name for trigger in members for name in _agents(trigger, names))
        weak = (lone,) if lone and any(governing_verb(trigger).i == clause for trigger in members) else ()
        quantities = tuple(q for q in find_quantities(sentence) if counts_for(q, members))
        result.append(
            EventStatement(
                article.id, start, end, text, kind, members[0].text.lower(), agents, participants, places,
                strong, weak, find_labels(text) if kind == "legal" else (), quantities,
                _content_words(text), frozenset(word for trigger in members for word in themes(trigger)),
            )
        )  # fmt: skip
    return result
