"""Align, then compare: pair a story's sentences across articles by meaning and compare their typed slots.

Every sentence of every article becomes a ``Sentence`` with its slots. Sentences of different articles are paired
when their similarity (content-word overlap blended with embedding cosine, ``text.support``) is high enough; each
sentence keeps only its best few partners per other article, so the work per story stays bounded. For each pair,
slots of one kind are compared by the values engine; a conflicting pair of slots becomes a ``Candidate`` with the
features the conflict model judges it on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from storylens.stages.claims.slots import Slot, bare_word, is_doer
from storylens.text.support import Matrix, Unit, content_words
from storylens.text.values import CONVERSIONS, MEASURES, Verdict, compare, same_calendar
from storylens.text.words import words

KINDS = ("date", "number", "place", "actor", "outcome", "fact")
_SYMBOL_KEYS = frozenset({"%", "$", "£", "€", "¥", "score"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one article, with its article offsets and its slots."""

    article_id: str
    start: int
    end: int
    text: str
    slots: tuple[Slot, ...]
    unit: Unit


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two sentences of different articles whose slots of one kind conflict, with the model's features."""

    first: int
    second: int
    a: Slot
    b: Slot
    features: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class PairView:
    """What the comparison of two aligned sentences needs: their similarity scores and independence."""

    similarity: float
    cosine: float
    lexical: float
    mutual: bool
    same_source: bool
    known: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())


def verdict(a: Slot, b: Slot) -> Verdict | None:
    """Same, compatible or conflicting for two slots of one kind (None: they are not values of the same thing)."""
    if a.kind != b.kind or a.change != b.change:  # an amount of change is not a level
        return None
    if a.value is not None and b.value is not None:
        if a.kind == "number" and not _comparable_numbers(a, b):
            return None
        return compare(*same_calendar(a.value, b.value))
    if a.kind == "outcome":
        if a.key and b.key and not set(a.key.split()) & set(b.key.split()):
            return None  # outcomes of different things
        return "same" if a.names == b.names else "conflicting"
    if a.names == b.names:
        return "same"
    if a.kind == "fact":  # "war crimes" is not "crimes against humanity"; "war crimes" is "alleged war crimes"
        return "compatible" if a.names <= b.names or b.names <= a.names else "conflicting"
    return "compatible" if a.names & b.names else "conflicting"


def _comparable_numbers(a: Slot, b: Slot) -> bool:
    assert a.value is not None and b.value is not None
    if a.value.kind != b.value.kind:
        return False
    keys = {_unit(a.value.key), _unit(b.value.key)}
    if len(keys) == 1 or not keys & (MEASURES | _SYMBOL_KEYS):
        return True
    return (a.value.key, b.value.key) in CONVERSIONS


def _unit(key: str) -> str:
    return key.removesuffix("s") if key.endswith("s") and len(key) > 3 else key


def aligned_pairs(
    sentences: Sequence[Sentence], similarity: Matrix, min_similarity: float, per_article: int
) -> list[tuple[int, int]]:
    """Pairs (i < j) of sentences of different articles, each among the other's ``per_article`` best partners."""
    best: set[tuple[int, int]] = set()
    by_article: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        if sentence.slots:  # only sentences that state something can disagree
            by_article.setdefault(sentence.article_id, []).append(index)
    for i, sentence in enumerate(sentences):
        if not sentence.slots:
            continue
        for article_id, rows in by_article.items():
            if article_id == sentence.article_id:
                continue
            scores = similarity[i, rows]
            for k in np.argsort(-scores)[:per_article].tolist():
                if scores[k] >= min_similarity:
                    best.add((min(i, rows[k]), max(i, rows[k])))
    return sorted(best)


def pair_candidates(sentences: Sequence[Sentence], i: int, j: int, view: PairView) -> tuple[list[Candidate], int]:
    """The conflicting slot pairs of sentences ``i`` and ``j`` as candidates, and how many slot pairs were compared."""
    first, second = sentences[i], sentences[j]
    verdicts = [(a, b, verdict(a, b)) for a in first.slots for b in second.slots if a.kind == b.kind]
    verdicts = [(a, b, v) for a, b, v in verdicts if v is not None]
    agreeing = [(a, b) for a, b, v in verdicts if v != "conflicting"]
    # Actors are exempt: a sentence names several people in several roles, so agreeing on one says nothing of
    # another (the winning team named in both, the scorer not).
    settled = {a.kind for a, _ in agreeing if a.kind != "actor"}
    clashing = {a.kind for a, _, v in verdicts if v == "conflicting"} - settled
    # A figure stated with another time is a figure that changed ("2,300 hectares last night", "8,400 by
    # Wednesday"): when both the day and a number differ, the two sentences report two moments, not a dispute.
    moments = {"date", "number"} <= clashing
    result = []
    for a, b, outcome in verdicts:
        moved = moments and a.kind in ("date", "number")
        # Two sentences that agree on one value of a kind and differ on another of it name two things of that
        # kind (dinner on Monday, talks on Tuesday): the differing pair is not a dispute.
        if outcome != "conflicting" or moved or a.kind not in clashing or _named_in_both(a, b, (first, second), view):
            continue
        if a.kind == "actor" and not (is_doer(a) and is_doer(b)):  # who did it: two names in the same role
            continue
        result.append(Candidate(i, j, a, b, features(first, second, (a, b), agreeing, view)))
    return result, len(verdicts)


def _named_in_both(a: Slot, b: Slot, pair: tuple[Sentence, Sentence], view: PairView) -> bool:
    """An actor the other sentence also names (in another role) is no disagreement about who; a place the other
    article names anywhere (as the wider place, "Moscow" and "Russia", or in another role) is none about where:
    that article knows it and does not deny it. (Articles that disagree on who won name both candidates, so for
    actors only the sentence counts.)"""
    if a.kind == "actor":
        return bool(a.names & _words(pair[1].text)) or bool(b.names & _words(pair[0].text))
    if a.kind == "place":
        return bool(a.names & view.known[1]) or bool(b.names & view.known[0])
    return False


def article_words(text: str) -> frozenset[str]:
    """The lower-cased words of an article, to ask whether it names someone or somewhere at all."""
    return _words(text)


def _words(text: str) -> frozenset[str]:
    return frozenset(bare_word(word) for word, _, _ in words(text))


def masked(sentence: Sentence, slot: Slot) -> str:
    """The sentence with the slot's value blanked: what it says about the value, not the value."""
    start, end = slot.start - sentence.start, slot.end - sentence.start
    return (
        sentence.text[:start] + "___" + sentence.text[end:] if 0 <= start < end <= len(sentence.text) else sentence.text
    )


def with_context(candidate: Candidate, sentences: Sequence[Sentence], about_cosine: float) -> Candidate:
    """The candidate with its last features: whether either article also states the other's value somewhere (then
    it reports it too, in another scope or time), and how much the two sentences share once their values are
    blanked (word overlap: an embedding of the blanked sentences judged no better, by story-grouped CV, at twice
    the stage's cost), and ``about_cosine``: how alike, by meaning, the two values' topics are ("number of homes"
    and "number of houses" are; "number of flights" and "number of destinations" are not)."""
    both = _stated_elsewhere(candidate.a, sentences[candidate.second].article_id, sentences)
    both = both or _stated_elsewhere(candidate.b, sentences[candidate.first].article_id, sentences)
    first, second = sentences[candidate.first], sentences[candidate.second]
    extra = (float(both), masked_overlap(first, candidate.a, second, candidate.b), about_cosine)
    return Candidate(candidate.first, candidate.second, candidate.a, candidate.b, (*candidate.features, *extra))


def outlet_sides(
    candidate: Candidate, sentences: Sequence[Sentence], neighbours: Mapping[int, Sequence[int]]
) -> Candidate:
    """The candidate with how the story's other outlets side: a dispute is one outlet against the rest (most state
    one value, one another), while outlets that each give their own value report scopes or moments. Counted over
    the sentences aligned with either statement, in articles other than the two: outlets that agree with one side
    (same or compatible), and outlets that give a third value."""
    articles = (sentences[candidate.first].article_id, sentences[candidate.second].article_id)
    sides: dict[str, set[str]] = {"a": set(), "b": set(), "third": set()}
    for index in sorted({*neighbours.get(candidate.first, ()), *neighbours.get(candidate.second, ())}):
        article_id = sentences[index].article_id
        if article_id in articles:
            continue
        for slot in sentences[index].slots:
            one, two = verdict(candidate.a, slot), verdict(candidate.b, slot)
            if slot.kind != candidate.a.kind or one is None or two is None:
                continue
            side = "a" if one != "conflicting" else "b" if two != "conflicting" else "third"
            sides[side].add(article_id)
    agreeing = sides["a"] | sides["b"]
    third = sides["third"] - agreeing
    lopsided = abs(len(sides["a"]) - len(sides["b"])) / max(1, len(agreeing))
    extra = (math.log1p(len(agreeing)), lopsided, math.log1p(len(third)))
    return Candidate(candidate.first, candidate.second, candidate.a, candidate.b, (*candidate.features, *extra))


def masked_overlap(first: Sentence, a: Slot, second: Sentence, b: Slot) -> float:
    """Content-word overlap (Dice) of two sentences with their values blanked: a cheap view of whether they say the
    same thing about the value."""
    one, two = content_words(masked(first, a)), content_words(masked(second, b))
    return 2 * len(one & two) / max(1, len(one) + len(two))


def _stated_elsewhere(slot: Slot, article_id: str, sentences: Sequence[Sentence]) -> bool:
    return any(
        verdict(slot, other) in ("same", "compatible")
        for sentence in sentences
        if sentence.article_id == article_id
        for other in sentence.slots
        if other.kind == slot.kind
    )


def features(
    first: Sentence, second: Sentence, slots: tuple[Slot, Slot], agreeing: Sequence[tuple[Slot, Slot]], view: PairView
) -> tuple[float, ...]:
    """The conflict model's inputs for one conflicting slot pair (order: ``FEATURES``)."""
    a, b = slots
    kind_share = [float(a.kind == kind) for kind in KINDS]
    same_kind_agree = any(x.kind == a.kind and (x.start, y.start) != (a.start, b.start) for x, y in agreeing)
    others = sum(1 for x, _ in agreeing if x.kind != a.kind)
    count = max(sum(s.kind == a.kind for s in first.slots), sum(s.kind == a.kind for s in second.slots))
    exact = a.value is None or (a.value.exact and b.value is not None and b.value.exact)
    speaker = a.speaker or b.speaker
    return (
        view.similarity, view.cosine, view.lexical, float(view.mutual), float(view.same_source),
        float(bool(a.head) and a.head == b.head), float(bool(a.key) and a.key == b.key),
        float(a.quoted or b.quoted), float(exact), math.log1p(count), float(same_kind_agree), math.log1p(others),
        _gap(a, b), *kind_share, float(speaker), view.cosine if speaker else 0.0
    )  # fmt: skip


FEATURES = (
    "similarity", "cosine", "lexical", "mutual", "same_source", "same_head", "same_key", "quoted", "exact",
    "slots_of_kind", "kind_agrees_elsewhere", "other_kinds_agree", "gap",
    *(f"is_{kind}" for kind in KINDS), "speaker", "speaker_cosine", "stated_elsewhere", "masked_overlap",
    "about_cosine", "outlets_agreeing", "outlets_lopsided", "outlets_third",
)  # fmt: skip


def _gap(a: Slot, b: Slot) -> float:
    """How far apart two values are (log ratio of numbers, days between dates; 0 for names)."""
    if a.value is None or b.value is None or a.value.kind == "score":
        return 0.0
    if a.kind == "date":
        return math.log1p(abs(a.value.low - b.value.low))
    low, high = sorted((abs(a.value.low + a.value.high) / 2 or 1.0, abs(b.value.low + b.value.high) / 2 or 1.0))
    return min(math.log(high / low), 5.0) if math.isfinite(high) and low > 0 else 1.0


@dataclass(frozen=True, slots=True)
class Partners:
    """Each sentence's article and, per article, every sentence's most similar sentence in it (computed once per
    story, so judging a pair mutual costs two look-ups)."""

    articles: tuple[str, ...]
    best: Mapping[str, Any]


def partners_of(sentences: Sequence[Sentence], similarity: Matrix) -> Partners:
    """The most similar sentence of every article for every sentence."""
    articles = tuple(s.article_id for s in sentences)
    best = {}
    for article_id in sorted(set(articles)):
        rows = np.asarray([k for k, a in enumerate(articles) if a == article_id])
        best[article_id] = rows[np.argmax(similarity[:, rows], axis=1)]
    return Partners(articles, best)


def view_of(similarity: Matrix, cosine: Matrix, lexical: Matrix, groups: Mapping[str, str], pair: tuple[int, int],
            partners: Partners) -> PairView:  # fmt: skip
    """The similarity scores of one aligned pair and whether the two articles are one source (a rewrite)."""
    i, j = pair
    first, second = partners.articles[i], partners.articles[j]
    mutual = int(partners.best[second][i]) == j and int(partners.best[first][j]) == i
    return PairView(
        float(similarity[i, j]), float(cosine[i, j]), float(lexical[i, j]), mutual,
        groups.get(first, first) == groups.get(second, second),
    )  # fmt: skip
