"""The one rule for what belongs to a story: every reader of a story (per-story stages, store, reports, web) gets
its :class:`~storylens.model.StorySlice` from here.

A record belongs to a story when the article it is about does: mentions, quotes, times and framing of the story's
articles; a reuse pair when both articles are in the story; an entity when the story mentions it or lists one of
the story's articles; a conflict when every statement comes from the story's articles (conflicts are found within
one story, so a conflict that reaches outside it belongs to none). Records keep the order they have in the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from storylens.model import (
    Article,
    Conflict,
    Entity,
    Framing,
    Mention,
    Quote,
    Report,
    Reuse,
    Story,
    StorySlice,
    TimeExpression,
)

T = TypeVar("T")
_Indexed = dict[str, list[tuple[int, T]]]


def _by_article(items: Iterable[T], keys: Callable[[T], Iterable[str]]) -> _Indexed[T]:
    """Index ``items`` under each article id ``keys`` gives them, remembering their corpus-wide position."""
    grouped: _Indexed[T] = {}
    for position, item in enumerate(items):
        for key in dict.fromkeys(keys(item)):
            grouped.setdefault(key, []).append((position, item))
    return grouped


def _gather(index: _Indexed[T], ids: Iterable[str]) -> tuple[T, ...]:
    """The items of articles ``ids``, each once, in their corpus-wide order (the order a full scan would give)."""
    found = {position: item for aid in ids for position, item in index.get(aid, ())}
    return tuple(found[position] for position in sorted(found))


class CorpusIndex:
    """Corpus-wide results indexed by article once, so each story's slice costs its own size, not the corpus'."""

    def __init__(  # noqa: PLR0913 - one argument per section of the report
        self,
        articles: Sequence[Article],
        reuse: Sequence[Reuse] = (),
        entities: Sequence[Entity] = (),
        mentions: Sequence[Mention] = (),
        quotes: Sequence[Quote] = (),
        times: Sequence[TimeExpression] = (),
        framing: Sequence[Framing] = (),
        conflicts: Sequence[Conflict] = (),
    ) -> None:
        self.articles = {article.id: article for article in articles}
        self.reuse = _by_article(reuse, lambda item: (item.a, item.b))
        self.mentions = _by_article(mentions, lambda item: (item.article_id,))
        self.entity_order = {entity.id: position for position, entity in enumerate(entities)}
        self.entities = {entity.id: entity for entity in entities}
        self.entities_of = _by_article(entities, lambda entity: entity.articles)
        self.quotes = _by_article(quotes, lambda item: (item.article_id,))
        self.times = _by_article(times, lambda item: (item.article_id,))
        self.framing = _by_article(framing, lambda item: (item.article_id,))
        self.conflicts = _by_article(conflicts, lambda item: (s.article_id for s in item.statements))

    @classmethod
    def of_report(cls, report: Report) -> CorpusIndex:
        """Index a whole report."""
        return cls(
            report.articles,
            report.reuse,
            report.entities,
            report.mentions,
            report.quotes,
            report.times,
            report.framing,
            report.conflicts,
        )

    def slice(self, story: Story) -> StorySlice:
        """Return ``story``'s slice of the corpus (claims empty: they are found per story, from the slice)."""
        ids = sorted(set(story.article_ids) & set(self.articles))
        wanted = set(ids)
        mentions = _gather(self.mentions, ids)
        entity_ids = {m.entity_id for m in mentions} | {e.id for e in _gather(self.entities_of, ids)}
        entity_ids &= self.entities.keys()
        return StorySlice(
            story=story,
            articles=tuple(self.articles[aid] for aid in ids),
            reuse=tuple(r for r in _gather(self.reuse, ids) if r.a in wanted and r.b in wanted),
            entities=tuple(self.entities[key] for key in sorted(entity_ids, key=self.entity_order.__getitem__)),
            mentions=mentions,
            quotes=_gather(self.quotes, ids),
            times=_gather(self.times, ids),
            framing=_gather(self.framing, ids),
            conflicts=tuple(c for c in _gather(self.conflicts, ids) if belongs(c, wanted)),
        )


def belongs(conflict: Conflict, article_ids: set[str]) -> bool:
    """Tell whether ``conflict`` belongs to the story of ``article_ids``: every statement comes from one of them."""
    return bool(conflict.statements) and all(s.article_id in article_ids for s in conflict.statements)


def report_slices(report: Report) -> list[StorySlice]:
    """Slice a report into its stories, in report order."""
    index = CorpusIndex.of_report(report)
    return [index.slice(story) for story in report.stories]
