"""Article-to-article same-story judgement and the average-link regrouping it drives.

The online pass sees each article once; a batch is then regrouped by average link over a fitted pair probability,
which is not at the mercy of arrival order. A pair is described by ``PAIR_FEATURES``: cosines of body, title + lead
and sentence embedding; shared people, places and organisations (weighted by rarity) and clashes between them;
clashing years; the publication-date gap (clipped at a week, with a flag beyond a month, so that events years
apart in one dataset do not set how much a two-day gap costs in another); and similarities relative to each
article's best match in the batch (so the model reads "as close as this article gets" rather than a cosine whose
scale differs from one kind of news to another). The weights and the cut-off are fitted by
``bench/fit_stories.py``; nothing here is set by hand.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage

from storylens.stages.stories import features as vec
from storylens.stages.stories.judge import ALONE_FEATURES, PAIR_FEATURES, Weights
from storylens.stages.stories.score import ArticleFeatures
from storylens.stages.stories.state import Counts
from storylens.text.graph import DisjointSet

NEIGHBOURS = 20  # nearest articles per article scored as candidates
RANK_CAP = 400  # ranks are counted among this many nearest (a batch of a few hundred articles: exact)
_GAP_CAP = 7
_TIE = 1e-5  # similarities this close count as equal (the ladder is float32)
_FAR_DAYS = 30
_DENSE_COMPONENT = 400  # components up to this size are scored on every pair, larger ones on candidates only
_BLOCK = 512
_KINDS = ("p:", "g:", "o:")
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class _Article:
    """What every pair needs of one article, computed once."""

    terms: vec.Sparse
    head: vec.Sparse
    embedding: npt.NDArray[np.float64] | None
    kinds: tuple[frozenset[str], ...]
    totals: tuple[float, ...]
    years: frozenset[int]
    day: int | None


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch's articles prepared for pair scoring, with each one's nearest others and best similarities."""

    articles: tuple[_Article, ...]
    weights: dict[str, float]
    neighbours: tuple[tuple[int, ...], ...]
    best: FloatArray  # per article: best combined, body and embedding similarity, columns in that order
    ladder: npt.NDArray[np.float32]  # per article: minus its RANK_CAP best combined similarities, ascending
    embedded: bool


def prepare(features: Sequence[ArticleFeatures], counts: Counts, neighbours: int = NEIGHBOURS) -> Batch:
    """Prepare ``features`` (one batch, already counted into ``counts``) for pair scoring."""
    embedded = bool(features) and all(feature.embedding is not None for feature in features)
    weights = {key: _entity_idf(key, counts) for feature in features for key in feature.entities}
    articles = tuple(_article(feature, weights, embedded) for feature in features)
    nearest, best, ladder = _nearest(articles, embedded, neighbours)
    return Batch(articles, weights, nearest, best, ladder, embedded)


def _article(feature: ArticleFeatures, weights: dict[str, float], embedded: bool) -> _Article:
    kinds = tuple(frozenset(key for key in feature.entities if key.startswith(kind)) for kind in _KINDS)
    embedding = None
    if embedded and feature.embedding is not None:
        vector = np.asarray(feature.embedding, dtype=np.float64)
        embedding = vector / max(float(np.linalg.norm(vector)), 1e-12)
    return _Article(
        terms=feature.terms, head=feature.head, embedding=embedding, kinds=kinds,
        totals=tuple(sum(weights[key] for key in keys) for keys in kinds),
        years=frozenset(feature.years), day=feature.day,
    )  # fmt: skip


def _matrix(vectors: Sequence[vec.Sparse]) -> sp.csr_matrix:
    rows = [row for row, vector in enumerate(vectors) for _ in vector]
    columns = [key for vector in vectors for key in vector]
    values = [value for vector in vectors for value in vector.values()]
    return sp.csr_matrix((values, (rows, columns)), shape=(len(vectors), vec.N_FEATURES))


def _nearest(
    articles: Sequence[_Article], embedded: bool, neighbours: int
) -> tuple[tuple[tuple[int, ...], ...], FloatArray, npt.NDArray[np.float32]]:
    """Each article's nearest others by combined similarity (ties: lower index), its best similarities and ladder."""
    count = len(articles)
    terms = _matrix([article.terms for article in articles])
    vectors = np.stack([a.embedding for a in articles]) if embedded and count else None  # type: ignore[misc]
    nearest: list[tuple[int, ...]] = []
    best = np.zeros((count, 3))
    ladder = np.zeros((count, min(RANK_CAP, max(count - 1, 0))), dtype=np.float32)
    for start in range(0, count, _BLOCK):
        stop = min(count, start + _BLOCK)
        body = np.asarray((terms[start:stop] @ terms.T).todense(), dtype=np.float64)
        embedding = vectors[start:stop] @ vectors.T if vectors is not None else np.zeros_like(body)
        combined = (body + embedding) / 2 if vectors is not None else body
        rows = np.arange(stop - start)
        for matrix in (body, embedding, combined):
            matrix[rows, rows + start] = -np.inf
        best[start:stop] = np.stack([combined.max(axis=1), body.max(axis=1), embedding.max(axis=1)], axis=1)
        order = np.lexsort((np.broadcast_to(np.arange(count), combined.shape), -combined), axis=1)
        nearest.extend(tuple(int(i) for i in row[: min(neighbours, count - 1)]) for row in order)
        ladder[start:stop] = np.sort(-combined, axis=1)[:, : ladder.shape[1]]
    best[~np.isfinite(best)] = 0.0
    return tuple(nearest), best, ladder


def candidate_pairs(batch: Batch) -> list[tuple[int, int]]:
    """Every (i, j), i < j, where one is among the other's nearest."""
    return sorted({(min(i, j), max(i, j)) for i, near in enumerate(batch.neighbours) for j in near})


def pair_rows(batch: Batch, pairs: Sequence[tuple[int, int]]) -> FloatArray:
    """One row of ``PAIR_FEATURES`` columns per pair."""
    rows = [_pair_row(batch, i, j) for i, j in pairs]
    return np.array(rows, dtype=np.float64).reshape(len(pairs), len(PAIR_FEATURES))


def _pair_row(batch: Batch, i: int, j: int) -> list[float]:
    first, second = batch.articles[i], batch.articles[j]
    body = vec.dot(first.terms, second.terms)
    head = vec.dot(first.head, second.head)
    embedding = 0.0
    if first.embedding is not None and second.embedding is not None:
        embedding = float(first.embedding @ second.embedding)
    combined = (body + embedding) / 2 if batch.embedded else body
    overlaps, clashes = [], []
    for kind, (mine, theirs) in enumerate(zip(first.kinds, second.kinds, strict=True)):
        shared = sum(batch.weights[key] for key in mine & theirs)
        smaller = min(first.totals[kind], second.totals[kind])
        overlaps.append(shared / smaller if smaller else 0.0)
        clashes.append(float(bool(mine) and bool(theirs) and not shared))
    year_clash = bool(first.years) and bool(second.years) and first.years.isdisjoint(second.years)
    dated = first.day is not None and second.day is not None
    days = abs(first.day - second.day) if first.day is not None and second.day is not None else 0
    lowest = np.minimum(batch.best[i], batch.best[j])
    # How many others each is closer to than to the other (ties share the better rank): the worse of the two.
    rank = 1 + max(int(np.searchsorted(batch.ladder[k], -combined - _TIE, side="left")) for k in (i, j))
    return [
        body, head, embedding, *overlaps, *clashes, float(year_clash), float(dated),
        math.log1p(min(days, _GAP_CAP)), float(days > _FAR_DAYS),
        _ratio(combined, lowest[0]), _ratio(embedding, lowest[2]), _ratio(body, lowest[1]), math.log1p(rank),
    ]  # fmt: skip


def _ratio(value: float, best: float) -> float:
    return value / best if best > 1e-6 else 0.0


# The pair columns of an article and its best match that the lone-article decision reads (``ALONE_FEATURES``).
_PARTNER = tuple(PAIR_FEATURES.index(name.removeprefix("partner_")) for name in ALONE_FEATURES if "partner_" in name)


def alone_rows(batch: Batch) -> FloatArray:
    """One row of ``ALONE_FEATURES`` per article: how close its matches are, against the batch, and its best one.

    The batch's median best similarity calibrates each article's best: in a batch where stories' members are close,
    an article whose best match is only middling likely belongs to no story here.
    """
    count = len(batch.articles)
    rows = np.zeros((count, len(ALONE_FEATURES)))
    partnered = [i for i, near in enumerate(batch.neighbours) if near]
    if not partnered:
        return rows
    best = batch.best
    median = np.maximum(np.median(best, axis=0), 1e-6)
    ladder = -batch.ladder.astype(np.float64)
    top = np.maximum(best[:, :1], 1e-6)
    following = [ladder[:, k : k + 1] / top if ladder.shape[1] > k else np.zeros((count, 1)) for k in (1, 2)]
    rows[:, :8] = np.hstack([best, best / median, *following])
    partners = [(min(i, batch.neighbours[i][0]), max(i, batch.neighbours[i][0])) for i in partnered]
    rows[partnered, 8:] = pair_rows(batch, partners)[:, list(_PARTNER)]
    return rows


def lone_articles(batch: Batch, alone: Weights | None) -> set[int]:
    """The articles the lone-article decision keeps on their own (none without a decision)."""
    if alone is None or not batch.articles:
        return set()
    return {int(i) for i in np.flatnonzero(alone.probability(alone_rows(batch)) >= alone.threshold)}


def probabilities(batch: Batch, pairs: Sequence[tuple[int, int]], weights: Weights) -> FloatArray:
    """Probability that each pair is one story."""
    if not pairs:
        return np.zeros(0)
    return weights.probability(pair_rows(batch, pairs))


def regroup(
    batch: Batch,
    weights: Weights,
    known: Mapping[tuple[int, int], float] | None = None,
    lone: set[int] | frozenset[int] = frozenset(),
) -> list[list[int]]:
    """Groups of the batch (indices, each group and the list in index order) by average link over pair probability.

    Two groups join while the mean probability over all their cross pairs (unscored pairs count as 0) reaches the
    cut-off. Only pairs reaching it can start a join, so groups are built inside the components those pairs link.
    ``known``: probabilities already computed (the fit passes every pair's), used instead of scoring again.
    ``lone``: articles judged to belong to no story of the batch (``lone_articles``): each stays a group of its own.
    """
    return scored_groups(batch, weights, known, lone)[0]


def scored_groups(
    batch: Batch,
    weights: Weights,
    known: Mapping[tuple[int, int], float] | None = None,
    lone: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[list[int]], dict[tuple[int, int], float]]:
    """``regroup``'s groups and every pair probability it read (lone articles' pairs at 0)."""
    count = len(batch.articles)
    pairs = candidate_pairs(batch)
    scored = dict(known) if known is not None else {}
    unknown = [pair for pair in pairs if pair not in scored]
    scored.update(zip(unknown, probabilities(batch, unknown, weights).tolist(), strict=True))
    for pair in pairs:
        if pair[0] in lone or pair[1] in lone:
            scored[pair] = 0.0
    linked: DisjointSet[int] = DisjointSet(range(count))
    for pair in pairs:
        if scored[pair] >= weights.threshold:
            linked.union(*pair)
    groups: list[list[int]] = []
    for component in linked.components():
        members = sorted(component)
        groups.extend(_average_link(batch, members, scored, weights) if len(members) > 1 else [members])
    return sorted(groups, key=lambda group: group[0]), scored


def _average_link(
    batch: Batch, members: list[int], scored: dict[tuple[int, int], float], weights: Weights
) -> list[list[int]]:
    """Average-link groups of one component (every pair scored when the component is small enough)."""
    count = len(members)
    if count <= _DENSE_COMPONENT:
        missing = [(a, b) for x, a in enumerate(members) for b in members[x + 1 :] if (a, b) not in scored]
        scored.update(zip(missing, probabilities(batch, missing, weights).tolist(), strict=True))
    distance = np.ones(count * (count - 1) // 2)
    position = 0
    for x, a in enumerate(members):
        for b in members[x + 1 :]:
            distance[position] = 1.0 - scored.get((a, b), 0.0)
            position += 1
    labels = fcluster(linkage(distance, method="average"), 1.0 - weights.threshold, criterion="distance")
    found: dict[int, list[int]] = {}
    for member, label in zip(members, labels.tolist(), strict=True):
        found.setdefault(int(label), []).append(member)
    return list(found.values())


def _entity_idf(key: str, counts: Counts) -> float:
    df = int(counts.entity_df[vec.entity_bucket(key)])
    return math.log((counts.n_docs + 1.0) / (df + 1.0)) + 1.0
