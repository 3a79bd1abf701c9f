"""How well one article fits one open story, and how a story is titled."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from storylens.model import Article, Story
from storylens.stages.stories import features as vec
from storylens.stages.stories.judge import SameStoryModel
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
    """What clustering knows about one article (or, for the repair step, a whole story seen as one)."""

    article: Article
    terms: vec.Sparse
    entities: set[str]
    years: set[int]
    day: int | None
    embedding: npt.NDArray[np.float32] | None = None
    head: vec.Sparse = field(default_factory=dict)
    values: frozenset[str] = frozenset()
    day_end: int | None = None  # the last day of a story's span (None for an article: ``day`` alone)


@dataclass(frozen=True, slots=True)
class _Side:
    """What the article side of every pair needs, computed once per article."""

    weights: dict[str, float]
    kinds: dict[str, list[str]]
    terms_norm: float
    head_norm: float
    embedding_norm: float


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the story side needs, derived from its sums; cached on the story until it changes."""

    n_docs: int
    terms_norm: float
    head_norm: float
    embedding_norm: float
    main: dict[str, frozenset[str]]  # entity keys half the articles name, by kind prefix
    seen: dict[str, frozenset[str]]  # every entity key, by kind prefix
    coverage: dict[str, float]  # main entity -> its weight
    main_years: frozenset[int]
    main_values: dict[str, frozenset[str]]  # what is counted -> the amounts half the articles give


_KINDS = ("p:", "g:", "o:")


def pair_rows(feature: ArticleFeatures, candidates: Sequence[StoryData], counts: Counts) -> npt.NDArray[np.float64]:
    """Measure one article against each candidate story: one row of ``judge.FEATURES`` columns per story."""
    side = _side(feature, counts)
    rows = [_row(feature, side, story, _summary(story, counts)) for story in candidates]
    return np.array(rows, dtype=np.float64).reshape(len(candidates), -1)


def pair_features(feature: ArticleFeatures, story: StoryData, counts: Counts) -> list[float]:
    """Measure one article against one story: one value per ``judge.FEATURES`` column."""
    return [float(value) for value in pair_rows(feature, [story], counts)[0]]


def _side(feature: ArticleFeatures, counts: Counts) -> _Side:
    embedding_norm = 0.0 if feature.embedding is None else float(np.linalg.norm(feature.embedding))
    return _Side(
        weights={key: _entity_idf(key, counts) for key in feature.entities},
        kinds={kind: [key for key in feature.entities if key.startswith(kind)] for kind in _KINDS},
        terms_norm=vec.norm(feature.terms), head_norm=vec.norm(feature.head), embedding_norm=embedding_norm,
    )  # fmt: skip


def _summary(story: StoryData, counts: Counts) -> _Summary:
    found = story.summary
    if isinstance(found, _Summary) and found.n_docs == counts.n_docs:
        return found
    half = len(story.members) / 2
    main_entities = sorted(key for key, count in story.entities.items() if count >= half)
    main_values: dict[str, set[str]] = {}
    for value, count in story.values.items():
        if count >= half:
            main_values.setdefault(value.rsplit("=", 1)[0], set()).add(value)
    found = _Summary(
        n_docs=counts.n_docs, terms_norm=vec.norm(story.terms), head_norm=vec.norm(story.head),
        embedding_norm=0.0 if story.embedding is None else float(np.linalg.norm(story.embedding)),
        main={kind: frozenset(k for k in main_entities if k.startswith(kind)) for kind in _KINDS},
        seen={kind: frozenset(k for k in story.entities if k.startswith(kind)) for kind in _KINDS},
        coverage={key: _entity_idf(key, counts) for key in main_entities},
        main_years=frozenset(year for year, count in story.years.items() if count >= half),
        main_values={what: frozenset(values) for what, values in main_values.items()},
    )  # fmt: skip
    story.summary = found
    return found


def _row(feature: ArticleFeatures, side: _Side, story: StoryData, summary: _Summary) -> list[float]:
    size = len(story.members)
    shared = vec.dot(feature.terms, story.terms)
    text = shared / (side.terms_norm * summary.terms_norm) if side.terms_norm * summary.terms_norm else 0.0
    lengths = side.head_norm * summary.head_norm
    head = vec.dot(feature.head, story.head) / lengths if lengths else 0.0
    embedding = embedding_mean = 0.0
    if feature.embedding is not None and story.embedding is not None and side.embedding_norm * summary.embedding_norm:
        product = float(feature.embedding @ story.embedding) / side.embedding_norm
        embedding = product / summary.embedding_norm
        embedding_mean = product / max(story.n_embedded, 1)
    text_mean = shared / (side.terms_norm * size) if side.terms_norm and size else 0.0
    kinds = [vec.share_overlap(side.kinds[kind], story.entities, size, side.weights) for kind in _KINDS]
    covered = sum(weight for key, weight in summary.coverage.items() if key in feature.entities)
    total = sum(summary.coverage.values())
    gap = _date_gap(feature, story)
    year_clash = bool(feature.years) and bool(summary.main_years) and not (feature.years & set(story.years))
    match, clash = _values(feature.values, story, summary)
    span = 0 if story.first_day is None or story.last_day is None else story.last_day - story.first_day
    undated = gap is None
    place, person = _clash(side.kinds["g:"], summary, "g:"), _clash(side.kinds["p:"], summary, "p:")
    return [
        text, head, embedding, text_mean, embedding_mean, *kinds, covered / total if total else 0.0,
        *_split(place, undated), *_split(person, undated), *_split(year_clash, undated), match, *_split(clash, undated),
        float(gap is not None), 0.0 if gap is None else math.log1p(gap),
        0.0 if gap is None else math.log1p(span), math.log1p(size),
    ]  # fmt: skip


def same_story(
    feature: ArticleFeatures, candidates: Sequence[StoryData], counts: Counts, model: SameStoryModel
) -> list[float]:
    """Probability that ``feature`` belongs to each candidate story, by the fitted model."""
    if not candidates:
        return []
    rows = pair_rows(feature, candidates, counts)
    embedded = feature.embedding is not None and all(story.embedding is not None for story in candidates)
    return [float(p) for p in model.weights(embedded=embedded).probability(rows)]


def best_story(
    feature: ArticleFeatures, candidates: Sequence[StoryData], counts: Counts, model: SameStoryModel
) -> StoryData | None:
    """The candidate most likely the same story, when at or above the model's cut-off (ties: the older story)."""
    threshold = model.weights(embedded=feature.embedding is not None).threshold
    scored = zip(same_story(feature, candidates, counts, model), candidates, strict=True)
    found = [(p, -story.key, story) for p, story in scored if p >= threshold]
    return max(found, key=lambda item: item[:2])[2] if found else None


def _split(flag: bool, undated: bool) -> tuple[float, float]:
    """A clash as (undated, dated) columns."""
    return (float(flag and undated), float(flag and not undated))


def _entity_idf(key: str, counts: Counts) -> float:
    df = int(counts.entity_df[vec.entity_bucket(key)])
    return math.log((counts.n_docs + 1.0) / (df + 1.0)) + 1.0


def _clash(mine: list[str], summary: _Summary, prefix: str) -> bool:
    """The article names places (people), the story has main ones, and the article names none of the story's."""
    return bool(mine) and bool(summary.main[prefix]) and summary.seen[prefix].isdisjoint(mine)


def _values(mine: frozenset[str], story: StoryData, summary: _Summary) -> tuple[float, bool]:
    """Share of the article's head values the story states, and whether one thing is counted differently.

    A value is ``what=amount``: a clash is a ``what`` whose main amounts in the story the article gives none of,
    while the article gives amounts for it the story never stated (so a running toll the story also had does not
    clash).
    """
    if not mine:
        return 0.0, False
    match = sum(value in story.values for value in mine) / len(mine)
    clash = False
    for value in mine:
        what = value.rsplit("=", 1)[0]
        if what in summary.main_values and not any(v in story.values for v in mine if v.startswith(what + "=")):
            clash = True
            break
    return match, clash


def _date_gap(feature: ArticleFeatures, story: StoryData) -> int | None:
    if feature.day is None or story.first_day is None or story.last_day is None:
        return None
    end = feature.day if feature.day_end is None else feature.day_end
    return max(0, story.first_day - end, feature.day - story.last_day)


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
