"""The repair step: a story that holds two events is split, stories that the evidence says are one are merged.

Online grouping sees each article once, in date order; two reports of one event that arrive before either story
has matured can open two stories. Once the batch is in, each story opened in it is measured, as if it were one
article, against its nearest stories with the same fitted model; a pair judged the same story both ways is merged.
Before that, a story whose batch members fall in two groups (average link over their similarities) is split when
the model judges the two groups different stories: look-alike events joined by an early article come apart.
Only stories opened in this batch are folded away (into the older one), so stories already reported by earlier
runs keep their ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from storylens.model import Article
from storylens.stages.stories import features as vec
from storylens.stages.stories.judge import SameStoryModel
from storylens.stages.stories.members import absorb
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


_MAX_SPLIT = 300  # members beyond this are not re-grouped (quadratic similarities); such stories stay as they are


def find_split(
    members: Sequence[ArticleFeatures], counts: Counts, model: SameStoryModel, max_terms: int
) -> tuple[list[ArticleFeatures], list[ArticleFeatures]] | None:
    """Two groups of a story's members (the first member's group first) when the model judges them two stories.

    Groups come from a spectral bisection of body cosines (mean with embedding cosines when every member has one):
    the sign of the normalised graph Laplacian's second eigenvector, which cuts where the members link least (average
    link would peel off one outlier instead). Each group must hold two articles or more. None: stay whole.
    """
    if model.split_threshold <= 0.0 or not 4 <= len(members) <= _MAX_SPLIT:
        return None
    count = len(members)
    similar = np.eye(count)
    for row in range(count):
        for column in range(row + 1, count):
            similar[row, column] = similar[column, row] = vec.dot(members[row].terms, members[column].terms)
    if all(member.embedding is not None for member in members):
        vectors = np.stack([np.asarray(member.embedding, dtype=np.float64) for member in members])
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        similar = (similar + vectors @ vectors.T) / 2
    labels = _bisect(np.clip(similar, 0.0, None))
    keep = [member for member, label in zip(members, labels, strict=True) if label == labels[0]]
    leave = [member for member, label in zip(members, labels, strict=True) if label != labels[0]]
    if len(keep) < 2 or len(leave) < 2:
        return None
    first, second = _gathered(keep, max_terms), _gathered(leave, max_terms)
    together = min(
        same_story(as_feature(first), [second], counts, model)[0],
        same_story(as_feature(second), [first], counts, model)[0],
    )
    return (keep, leave) if together < model.split_threshold else None


def _bisect(weights: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
    """Which side of the spectral cut each member falls on (the first member's side is True)."""
    scale = 1.0 / np.sqrt(np.maximum(weights.sum(axis=1), 1e-12))
    laplacian = np.eye(len(weights)) - scale[:, None] * weights * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    side = vectors[:, 1] * scale >= 0
    return np.asarray(side == side[0])


def _gathered(members: Sequence[ArticleFeatures], max_terms: int) -> StoryData:
    story = StoryData(id="", key=0)
    for member in members:
        absorb(story, member, 0, 0, max_terms)
    return story
