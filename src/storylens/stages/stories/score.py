"""How well one article fits one open story, and how a story is titled."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from storylens.model import Article, Story
from storylens.stages.stories import features as vec
from storylens.stages.stories.options import ClusterOptions
from storylens.stages.stories.state import Counts, StoryData

# Sensational headline words: a story title should be neutral, so headlines using them rank lower.
_LOADED = frozenset(
    {
        "shocking",
        "slams",
        "slammed",
        "blasts",
        "blasted",
        "outrage",
        "outrageous",
        "horrific",
        "stunning",
        "brutal",
        "disgraceful",
        "destroys",
        "epic",
        "unbelievable",
        "bombshell",
        "chaos",
        "meltdown",
        "furious",
        "humiliating",
        "humiliated",
        "savage",
        "rips",
        "regime",
        "thug",
        "thugs",
        "terrifying",
        "insane",
        "disaster",
        "heartbreaking",
    }
)
_SITE_SEPARATOR = re.compile(r"\s+[|–—]\s+|\s+-\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_MAX_TITLE_WORDS = 16


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What clustering knows about one article."""

    article: Article
    terms: vec.Sparse
    entities: set[str]
    years: set[int]
    day: int | None
    embedding: npt.NDArray[np.float32] | None = None


@dataclass(frozen=True, slots=True)
class Signals:
    """The article-to-story similarities and conflicts that the score combines."""

    text: float
    embedding: float | None
    entities: float
    coverage: float
    person_conflict: bool
    place_conflict: bool
    year_conflict: bool
    date_gap: int | None


def signals(feature: ArticleFeatures, story: StoryData, counts: Counts) -> Signals:
    """Measure one article against one story."""
    size = len(story.members)
    centroid_norm = vec.norm(story.terms)
    text = vec.dot(feature.terms, story.terms) / centroid_norm if centroid_norm else 0.0
    embedding = None
    if feature.embedding is not None and story.embedding is not None:
        length = float(np.linalg.norm(story.embedding))
        embedding = float(feature.embedding @ story.embedding) / length if length else 0.0
    weights = {key: _entity_idf(key, counts) for key in feature.entities}
    entities = vec.share_overlap(feature.entities, story.entities, size, weights)
    dated = _date_gap(feature.day, story)
    return Signals(
        text=text,
        embedding=embedding,
        entities=entities,
        coverage=_coverage(feature.entities, story, counts),
        person_conflict=_conflicts({k for k in feature.entities if k.startswith("p:")}, story, "p:"),
        place_conflict=_conflicts({k for k in feature.entities if k.startswith("g:")}, story, "g:"),
        # Years mentioned are a stand-in for dates: background years ("since 2014") would mislead when both are dated.
        year_conflict=dated is None and _year_conflict(feature.years, story),
        date_gap=dated,
    )


def score(found: Signals, options: ClusterOptions) -> float:
    """Combine the signals into one number compared with ``options.threshold``."""
    embedding = found.text if found.embedding is None else found.embedding
    value = options.text_weight * found.text + options.embedding_weight * embedding
    value += options.entity_weight * found.entities + options.coverage_weight * found.coverage
    value -= options.place_conflict * found.place_conflict + options.year_conflict * found.year_conflict
    value -= options.person_conflict * found.person_conflict
    if found.date_gap is not None and found.date_gap > options.grace_days:
        value -= options.date_penalty * min(1.0, (found.date_gap - options.grace_days) / options.scale_days)
    return value


def best_story(
    feature: ArticleFeatures, candidates: Sequence[StoryData], counts: Counts, options: ClusterOptions
) -> StoryData | None:
    """The candidate scoring highest at or above the threshold (ties go to the older story), else None."""
    best: tuple[float, int] | None = None
    chosen = None
    for story in candidates:
        value = score(signals(feature, story, counts), options)
        if value >= options.threshold and (best is None or (value, -story.key) > best):
            best, chosen = (value, -story.key), story
    return chosen


def _entity_idf(key: str, counts: Counts) -> float:
    df = int(counts.entity_df[vec.entity_bucket(key)])
    return math.log((counts.n_docs + 1.0) / (df + 1.0)) + 1.0


def _coverage(mine: set[str], story: StoryData, counts: Counts) -> float:
    """Weighted share of the story's main entities (carried by half its articles) that the article names."""
    main = sorted(_main(story.entities, story))
    weights = [_entity_idf(key, counts) for key in main]
    total = sum(weights)
    return sum(w for key, w in zip(main, weights, strict=True) if key in mine) / total if total else 0.0


def _main(keys: Any, story: StoryData) -> set[Any]:
    """What at least half of the story's articles mention."""
    half = len(story.members) / 2
    return {key for key, count in keys.items() if count >= half}


def _conflicts(mine: set[str], story: StoryData, prefix: str) -> bool:
    """The article names places, the story has main places, and the article names none of the story's places."""
    if not mine:
        return False
    theirs = _main({k: n for k, n in story.entities.items() if k.startswith(prefix)}, story)
    return bool(theirs) and not (mine & {k for k in story.entities if k.startswith(prefix)})


def _year_conflict(mine: set[int], story: StoryData) -> bool:
    if not mine:
        return False
    theirs = _main(story.years, story)
    return bool(theirs) and not (mine & set(story.years))


def _date_gap(day: int | None, story: StoryData) -> int | None:
    if day is None or story.first_day is None or story.last_day is None:
        return None
    return max(0, story.first_day - day, day - story.last_day)


def describe(story: StoryData, counts: Counts) -> Story:
    """The report's story: id, a short neutral title and all member ids."""
    return Story(id=story.id, title=title_of(story, counts), article_ids=tuple(sorted(story.members)))


def title_of(story: StoryData, counts: Counts) -> str:
    """The member headline closest to the story's centroid, neutral ones first; else its lead, trimmed."""
    if not story.titles:
        return _trim(_SENTENCE_END.split(story.leads[0].strip(), maxsplit=1)[0]) if story.leads else story.id
    weights = vec.idf(counts.df, counts.n_docs)
    hasher = vec.Hasher()
    centroid_norm = vec.norm(story.terms) or 1.0
    best = ("", -math.inf)
    for raw in story.titles:
        title = _strip_site(raw)
        title_terms = vec.weigh(vec.term_counts(title, hasher), weights, counts.n_docs, 0)
        fit = vec.dot(title_terms, story.terms) / centroid_norm
        value = fit - 0.5 * _loudness(title)
        if value > best[1]:
            best = (title, value)
    return _trim(best[0])


def _strip_site(title: str) -> str:
    """Drop an outlet name appended with ``|``, ``–`` or `` - ``: keep the longest part."""
    parts = [part.strip() for part in _SITE_SEPARATOR.split(title) if part.strip()]
    return max(parts, key=len) if parts else title.strip()


def _loudness(title: str) -> float:
    """How sensational a headline looks: loaded words, exclamation or question marks, shouting capitals."""
    tokens = re.findall(r"[A-Za-z']+", title)
    loaded = sum(token.lower() in _LOADED for token in tokens)
    shouting = sum(len(token) > 3 and token.isupper() for token in tokens)
    return float(loaded + ("!" in title) + ("?" in title) + (shouting > 1))


def _trim(text: str) -> str:
    tokens = text.split()
    return " ".join(tokens) if len(tokens) <= _MAX_TITLE_WORDS else " ".join(tokens[:_MAX_TITLE_WORDS]) + "…"
