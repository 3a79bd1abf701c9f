"""Adding an article to a story's running sums, taking it out again, and folding one story into another."""

from __future__ import annotations

from storylens.stages.stories import features as vec
from storylens.stages.stories.score import ArticleFeatures
from storylens.stages.stories.state import StoryData

_MAX_TITLES = 12  # a handful of headline candidates titles the story; keeping all would grow without bound
_MAX_LEADS = 4


def absorb(story: StoryData, feature: ArticleFeatures, seq: int, lead_chars: int, max_terms: int) -> None:
    """Add one article's features to the story's running sums."""
    article = feature.article
    story.summary = None
    story.members.append(article.id)
    vec.add_into(story.terms, feature.terms, max_terms)
    vec.add_into(story.head, feature.head, max_terms)
    if feature.embedding is not None:
        story.embedding = feature.embedding.copy() if story.embedding is None else story.embedding + feature.embedding
        story.n_embedded += 1
    story.entities.update(feature.entities)
    story.years.update(feature.years)
    story.values.update(feature.values)
    _widen(story, feature.day, feature.day)
    story.last_seq = max(story.last_seq, seq)
    if article.title and len(story.titles) < _MAX_TITLES:
        story.titles.append(article.title.strip())
    elif not article.title and len(story.leads) < _MAX_LEADS:
        story.leads.append(article.text[:lead_chars])


def remove(story: StoryData, feature: ArticleFeatures) -> None:
    """Undo ``absorb`` for one article (dates stay as they were: a range cannot be un-widened cheaply)."""
    story.summary = None
    story.members.remove(feature.article.id)
    _subtract(story.terms, feature.terms)
    _subtract(story.head, feature.head)
    if feature.embedding is not None and story.embedding is not None:
        story.embedding = story.embedding - feature.embedding
        story.n_embedded -= 1
    story.entities.subtract(feature.entities)
    story.years.subtract(feature.years)
    story.values.subtract(feature.values)
    story.entities, story.years, story.values = +story.entities, +story.years, +story.values


def fold(target: StoryData, source: StoryData, max_terms: int) -> None:
    """Fold every member and running sum of ``source`` into ``target``."""
    target.summary = None
    target.members.extend(source.members)
    vec.add_into(target.terms, source.terms, max_terms)
    vec.add_into(target.head, source.head, max_terms)
    if source.embedding is not None:
        target.embedding = source.embedding.copy() if target.embedding is None else target.embedding + source.embedding
        target.n_embedded += source.n_embedded
    target.entities.update(source.entities)
    target.years.update(source.years)
    target.values.update(source.values)
    _widen(target, source.first_day, source.last_day)
    target.last_seq = max(target.last_seq, source.last_seq)
    target.titles.extend(source.titles[: max(0, _MAX_TITLES - len(target.titles))])
    target.leads.extend(source.leads[: max(0, _MAX_LEADS - len(target.leads))])


def _widen(story: StoryData, first: int | None, last: int | None) -> None:
    if first is not None:
        story.first_day = first if story.first_day is None else min(story.first_day, first)
    if last is not None:
        story.last_day = last if story.last_day is None else max(story.last_day, last)


def _subtract(total: vec.Sparse, vector: vec.Sparse) -> None:
    for key, value in vector.items():
        left = total.get(key, 0.0) - value
        if left > 1e-9:
            total[key] = left
        else:
            total.pop(key, None)
