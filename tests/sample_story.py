"""An invented sample story (fiction) with every section filled, for tests, screenshots and benchmarks.

Nothing here is real: the town, the outlets, the people and the events are made up. Offsets are found
in the texts, so every span the sample reports is exact, like a real analysis's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from storylens.model import (
    Article,
    Conflict,
    Entity,
    Framing,
    LoadedSentence,
    Mention,
    Passage,
    Quote,
    Reuse,
    ReuseKind,
    Statement,
    Story,
    StorySlice,
    SummarySentence,
    TimeExpression,
    TimelineEvent,
)

_SHARED = "Engineers closed the Old Quay Bridge in {town} on Monday after inspectors found a crack in its main span. "
_QUOTE = "We will not reopen the bridge until every bolt has been checked"
_TEXTS = (
    _SHARED + "Mayor Ines Corradi said: \u201c" + _QUOTE + ".\u201d The repairs will cost 2 million crowns, "
    "the council said. Ferries will run every 20 minutes until Friday.",
    _SHARED + "Mayor Ines Corradi said: \u201c" + _QUOTE + ".\u201d Officials put the bill at 3 million crowns. "
    "Traders reportedly fear a chaotic week.",
    "A reckless council let the Old Quay Bridge in {town} crumble, critics say. Mayor Ines Corradi said: "
    "\u201cWe will not reopen it until the bolts are checked.\u201d The repairs will cost 2 million crowns. "
    "The Harbour Authority said ferries would run from Tuesday.",
    _SHARED + "The Harbour Authority said ferries would run from Tuesday. Mayor Ines Corradi said: "
    "\u201c" + _QUOTE + ".\u201d",
)
_OUTLETS = ("Bayside Courier", "Coastal Wire", "Marlow Daily", "The Evening Lamp")


@dataclass(frozen=True)
class SampleStory:
    """One invented story: its articles and the slice a real analysis would have stored."""

    articles: tuple[Article, ...]
    story_slice: StorySlice

    @property
    def bundle(self) -> dict[str, Any]:
        """The slice in its stored shape."""
        return self.story_slice.to_dict()


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _articles(number: int, size: int, town: str) -> tuple[Article, ...]:
    day = date(2031, 1, 6) + timedelta(days=number % 300)
    return tuple(
        Article(
            id=f"n{number:05d}-{index}",
            text=_TEXTS[index % 4].format(town=town),
            title=f"{town}: Old Quay Bridge shut after crack found ({_OUTLETS[index % 4]})",
            source=_OUTLETS[index % 4] if index < 4 else f"{_OUTLETS[index % 4]} {index // 4 + 1}",
            url=f"https://news.invalid/{number}/{index}",
            published=(day + timedelta(days=index // 2)).isoformat(),
            removed=("Share this article", "Sign up for our newsletter"),
            story=f"s{number}",
        )
        for index in range(size)
    )


def _entities(articles: tuple[Article, ...], town: str) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    names = (
        ("e1", "Ines Corradi", "PERSON", "Ines Corradi"),
        ("e2", "Old Quay Bridge", "FAC", "Old Quay Bridge"),
        ("e3", town, "GPE", town),
        ("e4", "Harbour Authority", "ORG", "Harbour Authority"),
    )
    mentions = []
    for article in articles:
        for entity_id, _, _, surface in names:
            if surface in article.text:
                start, end = _span(article.text, surface)
                mentions.append(Mention(article.id, start, end, surface, entity_id))
    entities = tuple(
        Entity(
            entity_id,
            name,
            kind,
            (surface,),
            tuple(sorted({m.article_id for m in mentions if m.entity_id == entity_id})),
        )
        for entity_id, name, kind, surface in names
    )
    return entities, tuple(mentions)


def _quotes(articles: tuple[Article, ...]) -> tuple[Quote, ...]:
    quotes = []
    for index, article in enumerate(articles):
        altered = _QUOTE not in article.text
        text = "We will not reopen it until the bolts are checked" if altered else _QUOTE
        start, end = _span(article.text, text)
        quotes.append(
            Quote(
                f"q{index + 1}",
                article.id,
                text,
                start,
                end,
                "Ines Corradi",
                "e1",
                "said",
                None,
                "g1",
                "altered" if altered else "verbatim",
            )
        )
    return tuple(quotes)


def _reuse(articles: tuple[Article, ...], town: str) -> tuple[Reuse, ...]:
    shared = _SHARED.format(town=town).strip()
    pairs = []
    with_shared = [a for a in articles if shared in a.text]
    for other in with_shared[1:]:
        first = with_shared[0]
        passage = Passage(_span(first.text, shared), _span(other.text, shared), 0.97)
        kind: ReuseKind = "rewrite" if other.text[:200] == first.text[:200] else "shared_passages"
        pairs.append(Reuse(first.id, other.id, kind, 0.81 if kind == "rewrite" else 0.44, first.id, (passage,)))
    return tuple(pairs)


def _framing(articles: tuple[Article, ...]) -> tuple[Framing, ...]:
    rows = []
    for article in articles:
        terms = tuple(term for term in ("reckless", "crumble", "chaotic") if term in article.text)
        sentences = tuple(
            LoadedSentence(*_span(article.text, sentence), tuple(t for t in terms if t in sentence))
            for sentence in article.text.split(". ")
            if any(term in sentence for term in terms)
        )
        hedges = ("reportedly",) if "reportedly" in article.text else ()
        own = len(article.text.split(". "))
        density = round(len(terms) / max(len(article.text.split()), 1), 3)
        per_100 = round(100 * len(sentences) / own, 1)
        rows.append(Framing(article.id, density, terms, hedges, sentences, sentences=own, loaded_per_100=per_100))
    return tuple(rows)


def _times(articles: tuple[Article, ...]) -> tuple[TimeExpression, ...]:
    found = []
    for article in articles:
        monday = date.fromisoformat(str(article.published)) - timedelta(days=1)
        for word, offset in (("Monday", 0), ("Tuesday", 1), ("Friday", 4)):
            if word in article.text:
                start, end = _span(article.text, word)
                value = (monday + timedelta(days=offset)).isoformat()
                found.append(TimeExpression(article.id, start, end, word, value))
    return tuple(found)


def _conflicts(articles: tuple[Article, ...]) -> tuple[Conflict, ...]:
    statements = []
    for article in articles:
        for value in ("2 million", "3 million"):
            if value in article.text:
                sentence = next(s for s in article.text.split(". ") if value in s)
                statements.append(Statement(article.id, sentence, f"{value} crowns", *_span(article.text, sentence)))
    values = {s.value for s in statements}
    return (Conflict("c1", "cost of the bridge repairs", "number", tuple(statements)),) if len(values) > 1 else ()


def sample_story(number: int = 0, size: int = 4) -> SampleStory:
    """Build invented story ``number`` with ``size`` articles and every section filled."""
    town = f"Marlow Bay {number}" if number else "Marlow Bay"
    articles = _articles(number, size, town)
    ids = tuple(a.id for a in articles)
    first = str(articles[0].published)
    story = Story(
        id=f"s{number}",
        title=f"Old Quay Bridge in {town} closed after a crack is found",
        article_ids=ids,
        summary=(
            SummarySentence(f"Engineers closed the Old Quay Bridge in {town} after finding a crack.", ids[:2]),
            SummarySentence("The mayor said it will stay shut until every bolt is checked.", ids[:2]),
        ),
        timeline=(
            TimelineEvent((date.fromisoformat(first) - timedelta(days=1)).isoformat(), "Bridge closed.", ids),
            TimelineEvent(first, "Ferries start to run.", ids[2:4]),
        ),
    )
    entities, mentions = _entities(articles, town)
    context = StorySlice(
        story=story,
        articles=articles,
        reuse=_reuse(articles, town),
        entities=entities,
        mentions=mentions,
        quotes=_quotes(articles),
        times=_times(articles),
        framing=_framing(articles),
        conflicts=_conflicts(articles),
    )
    return SampleStory(articles, context)
