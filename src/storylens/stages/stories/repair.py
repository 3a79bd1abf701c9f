"""The repair step: stories that the accumulated evidence says are one are merged.

Online grouping sees each article once, in date order; two reports of one event that arrive before either story
has matured can open two stories. Once the batch is in, each story opened in it is measured, as if it were one
article, against its nearest stories with the same fitted model; a pair judged the same story both ways is merged.
Only stories opened in this batch are folded away (into the older one), so stories already reported by earlier
runs keep their ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storylens.model import Article
from storylens.stages.stories.judge import SameStoryModel
from storylens.stages.stories.score import ArticleFeatures, same_story
from storylens.stages.stories.state import Counts, StoryData
from storylens.text.graph import DisjointSet


@dataclass(frozen=True, slots=True)
class Merge:
    """One folding: ``source`` (opened in this batch) goes into ``target``."""

    target: StoryData
    source: StoryData


def as_feature(story: StoryData) -> ArticleFeatures:
    """A story seen as one article: its centroids, what half its articles name, its date span."""
    half = len(story.members) / 2
    return ArticleFeatures(
        article=Article(id=story.id, text=""),
        terms=story.terms,
        entities={key for key, count in story.entities.items() if count >= half},
        years={year for year, count in story.years.items() if count >= half},
        day=story.first_day,
        embedding=story.embedding,
        head=story.head,
        values=frozenset(value for value, count in story.values.items() if count >= half),
        day_end=story.last_day,
    )


def find_merges(
    opened: Sequence[StoryData],
    neighbours: Callable[[StoryData], list[StoryData]],
    counts: Counts,
    model: SameStoryModel,
) -> list[Merge]:
    """Which stories to fold into which: links judged both ways, strongest first, never joining two older stories.

    Args:
        opened: the stories opened in this batch (the only ones that may be folded away), in key order.
        neighbours: a story's candidate stories (nearest centroids, itself excluded).
        counts: corpus counters (entity weights).
        model: the same-story model; a pair merges when both directions reach ``merge_threshold``.
    """
    new = {story.key for story in opened}
    links: list[tuple[float, int, int]] = []
    stories: dict[int, StoryData] = {story.key: story for story in opened}
    for story in opened:
        candidates = neighbours(story)
        forward = same_story(as_feature(story), candidates, counts, model)
        for probability, other in zip(forward, candidates, strict=True):
            if probability < model.merge_threshold or (other.key in new and other.key < story.key):
                continue  # a pair of new stories is judged once, from the older side
            back = same_story(as_feature(other), [story], counts, model)[0]
            if back >= model.merge_threshold:
                links.append((min(probability, back), min(story.key, other.key), max(story.key, other.key)))
                stories[other.key] = other
    return _fold_order(links, stories, new)


def _fold_order(links: list[tuple[float, int, int]], stories: dict[int, StoryData], new: set[int]) -> list[Merge]:
    """Join linked stories, strongest link first, refusing a join that would fold an older story away."""
    groups: DisjointSet[int] = DisjointSet(sorted(stories))
    old_in: dict[int, bool] = {key: key not in new for key in stories}
    for _, first, second in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        a, b = groups.find(first), groups.find(second)
        if a == b or (old_in[a] and old_in[b]):
            continue
        root = groups.union(a, b)
        old_in[root] = old_in[a] or old_in[b]
    merges: list[Merge] = []
    for members in groups.components():
        root = min(members)
        merges.extend(Merge(stories[root], stories[key]) for key in sorted(members) if key != root)
    return merges
