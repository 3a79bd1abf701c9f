"""Story-level check of each regrouped story's members: does an article belong with the rest of its story?

Average link joins a lone article to the story holding its best match when the pair probabilities run high, which
on real feeds (many stories covered once) is the commonest error. Seen against the *story* rather than one match,
such an article stands out: it names none of the people or places most of the story's articles name, it is dated
outside the story's span, it is far from the story's centroid compared with how close the other members are, and
its probability with the story is barely above its best probability elsewhere. ``CHECK_FEATURES`` describe one
member against the rest of its story; a logistic model fitted by ``bench/fit_stories.py`` decides, and an article
judged not to belong leaves to stand alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from storylens.stages.stories import features as vec
from storylens.stages.stories.judge import CHECK_FEATURES, Weights
from storylens.stages.stories.pairs import Batch

_GAP_CAP = 7
_FAR_DAYS = 30
FloatArray = npt.NDArray[np.float64]


def check_rows(
    batch: Batch, groups: Sequence[Sequence[int]], scored: Mapping[tuple[int, int], float]
) -> tuple[list[int], FloatArray]:
    """One row of ``CHECK_FEATURES`` per member of every group of two or more, and the members in row order."""
    best_outside = _best_outside(batch, groups, scored)
    members: list[int] = []
    rows: list[list[float]] = []
    for group in groups:
        if len(group) < 2:
            continue
        body, embedding = _centroid_cosines(batch, group)
        probabilities = _probabilities(group, scored, best_outside)
        named = _named(batch, group)
        for position, member in enumerate(group):
            others = [other for other in group if other != member]
            rows.append(
                [
                    *probabilities[position],
                    *_closeness(body, embedding, position),
                    *_core_clashes(batch, member, named, len(others)),
                    *_date_gap(batch, member, others),
                ]
            )
            members.append(member)
    return members, np.array(rows, dtype=np.float64).reshape(len(rows), len(CHECK_FEATURES))


def checked(
    batch: Batch,
    groups: Sequence[Sequence[int]],
    scored: Mapping[tuple[int, int], float],
    weights: Weights | None,
) -> list[list[int]]:
    """``groups`` with every member the check judges apart (probability at least its cut-off) on its own."""
    if weights is None or weights.threshold > 1.0:  # a cut-off above every probability: nothing to compute
        return [list(group) for group in groups]
    members, rows = check_rows(batch, groups, scored)
    if not members:
        return [list(group) for group in groups]
    apart = {m for m, p in zip(members, weights.probability(rows).tolist(), strict=True) if p >= weights.threshold}
    return set_apart(groups, apart)


def set_apart(groups: Sequence[Sequence[int]], apart: set[int]) -> list[list[int]]:
    """``groups`` with each of ``apart`` taken out to a group of its own (groups in order of their first member)."""
    kept = [[member for member in group if member not in apart] for group in groups]
    return sorted([group for group in kept if group] + [[member] for member in apart], key=lambda group: group[0])


def _pair(scored: Mapping[tuple[int, int], float], a: int, b: int) -> float:
    return scored.get((min(a, b), max(a, b)), 0.0)


def _best_outside(
    batch: Batch, groups: Sequence[Sequence[int]], scored: Mapping[tuple[int, int], float]
) -> list[float]:
    """Each article's best probability with an article of another group (its nearest scored pairs only)."""
    group_of = {member: number for number, group in enumerate(groups) for member in group}
    best = [0.0] * len(batch.articles)
    for (a, b), probability in scored.items():
        if group_of.get(a) != group_of.get(b):
            best[a], best[b] = max(best[a], probability), max(best[b], probability)
    return best


def _probabilities(
    group: Sequence[int], scored: Mapping[tuple[int, int], float], best_outside: Sequence[float]
) -> list[list[float]]:
    """Per member: mean probability with the others, less the others' among themselves, less its best elsewhere.

    From one matrix of the group's pairs (unscored pairs count as 0, as in the average link), so a group costs its
    pairs once rather than once per member.
    """
    count = len(group)
    matrix = np.zeros((count, count))
    for x, a in enumerate(group):
        for y in range(x + 1, count):
            matrix[x, y] = matrix[y, x] = _pair(scored, a, group[y])
    own = matrix.sum(axis=1)
    total = own.sum() / 2
    inner_pairs = (count - 1) * (count - 2) / 2
    out = []
    for position, member in enumerate(group):
        mean = float(own[position]) / (count - 1)
        cohesion = (total - float(own[position])) / inner_pairs if inner_pairs else mean
        out.append([math.log1p(count - 1), mean, mean - cohesion, mean - best_outside[member]])
    return out


def _centroid_cosines(batch: Batch, group: Sequence[int]) -> tuple[FloatArray, FloatArray]:
    """Each member's cosine with the centroid of the rest of its group: bodies (TF-IDF) and embeddings."""
    total: vec.Sparse = {}
    for member in group:
        for key, value in batch.articles[member].terms.items():
            total[key] = total.get(key, 0.0) + value
    body = _leave_one_out([vec.dot(batch.articles[m].terms, total) for m in group], vec.norm(total) ** 2, group)
    if not batch.embedded:
        return body, np.zeros(len(group))
    vectors = np.stack([batch.articles[m].embedding for m in group])  # type: ignore[misc]
    summed = vectors.sum(axis=0)
    return body, _leave_one_out((vectors @ summed).tolist(), float(summed @ summed), group)


def _leave_one_out(with_total: Sequence[float], total_squared: float, group: Sequence[int]) -> FloatArray:
    """cos(v, S - v) for unit vectors v of sum S, from v·S and |S|²."""
    dots = np.asarray(with_total, dtype=np.float64)
    rest = np.sqrt(np.maximum(total_squared - 2 * dots + 1.0, 1e-12))
    return np.asarray((dots - 1.0) / rest, dtype=np.float64)


def _closeness(body: FloatArray, embedding: FloatArray, position: int) -> list[float]:
    """The member's centroid cosines, absolute and over the mean of the other members' (how close members get)."""
    out = []
    for cosines in (body, embedding):
        others = np.delete(cosines, position)
        typical = float(others.mean()) if others.size else 0.0
        out.extend([float(cosines[position]), float(cosines[position]) / typical if typical > 1e-6 else 0.0])
    return out


_Named = tuple[tuple[Counter[str], ...], Counter[int]]


def _named(batch: Batch, group: Sequence[int]) -> _Named:
    """How many of the group's articles name each person, place, organisation (one counter per kind), and year."""
    kinds = tuple(Counter(key for member in group for key in batch.articles[member].kinds[kind]) for kind in range(3))
    return kinds, Counter(year for member in group for year in batch.articles[member].years)


def _core_clashes(batch: Batch, member: int, named: _Named, others: int) -> list[float]:
    """Per entity kind: share of the story's core (named by over half the others) the member names, and a clash."""
    article = batch.articles[member]
    coverage, clashes = [], []
    for kind, mine in enumerate(article.kinds):
        core = {key for key, count in named[0][kind].items() if 2 * (count - (key in mine)) > others}
        weight = sum(batch.weights[key] for key in core)
        shared = sum(batch.weights[key] for key in core & mine)
        coverage.append(shared / weight if weight else 0.0)
        clashes.append(float(bool(mine) and bool(core) and not shared))
    core_years = {year for year, count in named[1].items() if 2 * (count - (year in article.years)) > others}
    year_clash = bool(article.years) and bool(core_years) and article.years.isdisjoint(core_years)
    return [*coverage, *clashes, float(year_clash)]


def _date_gap(batch: Batch, member: int, others: Sequence[int]) -> list[float]:
    """Days between the member and the span of the others' dates (0 inside it), clipped, and a far flag."""
    day = batch.articles[member].day
    days = [found for found in (batch.articles[other].day for other in others) if found is not None]
    if day is None or not days:
        return [0.0, 0.0, 0.0]
    gap = max(min(days) - day, day - max(days), 0)
    return [1.0, math.log1p(min(gap, _GAP_CAP)), float(gap > _FAR_DAYS)]
