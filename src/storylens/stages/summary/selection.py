"""Which sentences a summary carries: fitted salience, then maximal marginal relevance over the story.

A sentence's *salience* is a linear score of features every story has: how many independent outlets state it, how
central it is to the story's sentences, how widely its words are shared across the articles, where it stands in its
article, its length, and how much of it is quotation or loaded language. The weights are fitted on the TUNE half of
Multi-News by ``bench/summary_multinews.py --fit`` (a ridge regression of each sentence's ROUGE against the human
summary) and ship as ``stages/data/summary_selection.json``, numbers only. Selection is greedy MMR with a coverage
term: the next sentence maximises salience, minus ``redundancy`` times its similarity to the closest sentence already
chosen, plus ``coverage`` times the weight of the story's *concepts* it adds (word pairs that several articles state,
weighted by how many; per square root of its length), so a summary covers the story instead of restating its lead.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from storylens.model import Claim
from storylens.stages.summary.length import LengthModel, length_from_dict
from storylens.text.support import Matrix, Unit, stopwords
from storylens.text.values import compare
from storylens.text.words import stem, words

FEATURES = (
    "corroboration",
    "independent",
    "centrality",
    "shared_words",
    "shared_pairs",
    "lead",
    "first",
    "relative_position",
    "length",
    "quoted",
    "loaded",
    "values",
)


@dataclass(frozen=True, slots=True)
class SelectionModel:
    """Standardised linear salience weights and the MMR settings chosen on the TUNE half."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    redundancy: float  # weight of the similarity to the closest chosen sentence
    repeat: float  # similarity at which a sentence restates one already chosen (never taken)
    coverage: float  # weight of the concepts a sentence adds that the chosen ones lack
    length: LengthModel | None = None  # the fitted word budget (None: the options' sentence rule alone)

    def salience(self, features: Matrix) -> Matrix:
        """The salience of every row of ``features`` (one row per sentence, columns as ``FEATURES``)."""
        if not len(features):
            return np.zeros(0, dtype=np.float32)
        mean = np.asarray(self.mean, dtype=np.float32)
        scale = np.asarray(self.scale, dtype=np.float32)
        scores = ((features - mean) / scale) @ np.asarray(self.coef, dtype=np.float32) + self.intercept
        return np.asarray(scores, dtype=np.float32)


def model_from_dict(data: dict[str, Any]) -> SelectionModel:
    """Read the weights file's content; its feature list must be the one ``sentence_features`` computes."""
    if tuple(data["features"]) != FEATURES:
        raise ValueError("summary selection: feature list differs; refit with bench/summary_multinews.py --fit")
    numbers = {key: tuple(float(v) for v in data[key]) for key in ("mean", "scale", "coef")}
    scalars = {key: float(data[key]) for key in ("intercept", "redundancy", "repeat", "coverage")}
    length = length_from_dict(data["length"]) if data.get("length") else None
    return SelectionModel(numbers["mean"], numbers["scale"], numbers["coef"], **scalars, length=length)


@lru_cache(maxsize=1)
def packaged_model() -> SelectionModel:
    """The shipped weights (read once)."""
    text = resources.files("storylens.stages").joinpath("data", "summary_selection.json").read_text("utf-8")
    return model_from_dict(json.loads(text))


def _shared_words(units: Sequence[Unit], article_count: int) -> list[float]:
    """Per unit, the mean share of the story's articles that use each of its content words."""
    used: dict[str, set[str]] = {}
    for unit in units:
        for word in unit.content:
            used.setdefault(word, set()).add(unit.article_id)
    return [
        sum(len(used[word]) for word in unit.content) / (len(unit.content) * article_count) if unit.content else 0.0
        for unit in units
    ]


Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Concepts:
    """The story's concepts: per unit the word pairs it states, and each pair's weight (0: one article only)."""

    pairs: tuple[frozenset[Pair], ...]
    weight: Mapping[Pair, float]

    def shared(self, row: int) -> float:
        """Mean weight of the pairs unit ``row`` states: how much of it other articles state too."""
        pairs = self.pairs[row]
        return sum(self.weight[pair] for pair in pairs) / len(pairs) if pairs else 0.0

    def gain(self, row: int, covered: set[Pair]) -> float:
        """Weight of the concepts unit ``row`` adds to ``covered``."""
        return sum(self.weight[pair] for pair in self.pairs[row] if pair not in covered)


def word_pairs(text: str) -> frozenset[Pair]:
    """Stems of adjacent words, except pairs of two function words ("of the")."""
    stop = stopwords()
    tokens = [token for token, _, _ in words(text)]
    return frozenset(
        (stem(left), stem(right)) for left, right in itertools.pairwise(tokens) if left not in stop or right not in stop
    )


def story_concepts(units: Sequence[Unit], groups: Mapping[str, str]) -> Concepts:
    """Word pairs per unit, weighted by the share of the story's other independent sources that state them too.

    ``groups`` maps an article to its reuse group: a copy repeating a pair is not a second source stating it.
    """
    pairs = tuple(word_pairs(unit.text) for unit in units)
    stating: dict[Pair, set[str]] = {}
    for unit, found in zip(units, pairs, strict=True):
        for pair in found:
            stating.setdefault(pair, set()).add(groups.get(unit.article_id, unit.article_id))
    others = max(len({groups.get(unit.article_id, unit.article_id) for unit in units}) - 1, 1)
    return Concepts(pairs, {pair: (len(ids) - 1) / others for pair, ids in stating.items()})


def reporting_sources(
    units: Sequence[Unit], stating: Sequence[frozenset[str]], claims: Sequence[Claim], groups: Mapping[str, str]
) -> tuple[int, ...]:
    """Per unit, the independent sources that state it (``stating``) or report an event it states.

    The claims stage aligns events across articles however each outlet words them ("touched down in Moscow",
    "arrived with fanfare", "his arrival") and leaves out of a claim's support the articles its conflicts show giving
    another value; that judgement is taken as it is (the kernel's looser check, any related sentence giving another
    weekday, would drop most outlets reporting a dated event). Salience reads this; citations stay with the articles
    holding a sentence that restates the unit.
    """
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    counts = []
    for i, unit in enumerate(units):
        sources = set(stating[i])
        for claim in by_article.get(unit.article_id, ()):
            if claim.start < unit.end and unit.start < claim.end:
                sources |= set(claim.support)
        counts.append(len({groups.get(article_id, article_id) for article_id in sources}))
    return tuple(counts)


def corroborated_values(
    units: Sequence[Unit], lexical: Matrix, groups: Mapping[str, str], related: float = 0.2
) -> tuple[int, ...]:
    """Per unit, how many of its figures and dates a related sentence of another independent source gives the same.

    The values engine decides sameness ("Tuesday" and "on Tuesday morning", "2,000" and "2000"); names are left out
    (every sentence of a story repeats its people). A unit restating a schedule more outlets give ("talks on
    Tuesday") thus outweighs one giving part of it.
    """
    source = [groups.get(unit.article_id, unit.article_id) for unit in units]
    counts = []
    for i, unit in enumerate(units):
        stated = [mention for mention in unit.values if mention.kind != "name"]
        others = [j for j in np.nonzero(lexical[i] >= related)[0].tolist() if source[j] != source[i]]
        given = [other for j in others for other in units[j].values if other.kind != "name"] if stated else []
        counts.append(sum(any(compare(mention, other) == "same" for other in given) for mention in stated))
    return tuple(counts)


def sentence_features(
    units: Sequence[Unit],
    similarity: Matrix,
    independent: Sequence[int],
    groups: int,
    loaded: Callable[[str], float],
    concepts: Concepts,
) -> Matrix:
    """One row of ``FEATURES`` per unit (``groups``: independent sources in the story; ``loaded``: a weight)."""
    count = len(units)
    if count == 0:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    centrality = (similarity.sum(axis=1) - 1.0) / max(count - 1, 1)
    top = float(centrality.max()) or 1.0
    articles = len({unit.article_id for unit in units})
    shared = _shared_words(units, articles)
    sizes: dict[str, int] = {}
    for unit in units:
        sizes[unit.article_id] = max(sizes.get(unit.article_id, 0), unit.index + 1)
    rows = [
        (
            (independent[i] - 1) / max(groups - 1, 1),
            float(np.log1p(independent[i])),
            float(centrality[i]) / top,
            shared[i],
            concepts.shared(i),
            1.0 / (1.0 + unit.index),
            float(unit.index == 0),
            unit.index / max(sizes[unit.article_id] - 1, 1),
            min(len(unit.text.split()), 60) / 30.0,
            unit.quoted_share,
            loaded(unit.text),
            float(bool(unit.values)),
        )
        for i, unit in enumerate(units)
    ]
    return np.asarray(rows, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Budget:
    """How much a summary may hold: sentences and (0: unbounded) words."""

    sentences: int
    words: int = 0


@dataclass(frozen=True, slots=True)
class Candidates:
    """What selection weighs per unit: salience, pairwise similarity, concepts and length in words."""

    salience: Matrix
    similarity: Matrix
    concepts: Concepts
    lengths: Sequence[int]


def select_mmr(candidates: Candidates, allowed: Sequence[int], budget: Budget, model: SelectionModel) -> list[int]:
    """Greedy maximal marginal relevance with concept coverage over ``allowed`` rows until ``budget`` is spent."""
    chosen: list[int] = []
    pool = list(allowed)
    covered: set[Pair] = set()
    spent = 0
    roots = np.sqrt(np.maximum(np.asarray(candidates.lengths, dtype=np.float32), 1.0))
    while pool and len(chosen) < budget.sentences:
        closest = candidates.similarity[np.ix_(pool, chosen)].max(axis=1) if chosen else np.zeros(len(pool))
        adds = np.asarray([candidates.concepts.gain(i, covered) for i in pool], dtype=np.float32)
        gain = candidates.salience[pool] - model.redundancy * closest + model.coverage * adds / roots[pool]
        gain = np.where(closest >= model.repeat, -np.inf, gain)
        best = int(np.argmax(gain))
        if not np.isfinite(gain[best]):
            break
        pick = pool.pop(best)
        chosen.append(pick)
        covered |= candidates.concepts.pairs[pick]
        spent += candidates.lengths[pick]
        if budget.words and spent >= budget.words:
            break
    return chosen
