"""Fit the same-story model and write ``src/storylens/stages/data/same_story.json`` (numbers only).

Usage (from the repository root):
    nice .venv/bin/python bench/fit_stories.py                 # fit on every unit, write the shipped model
    nice .venv/bin/python bench/fit_stories.py --without giveme --out /tmp/m.json   # a leave-one-out fit

Training pairs come from replaying each unit in the clusterer's order (publication date, id) against the gold
stories as they grow: every article is measured against its gold story so far (a positive) and the nearest other
stories the clusterer would consider (negatives), with the clusterer's own feature code. A logistic regression is
fitted on those rows, each unit weighing the same and classes balanced within it; the probability cut-offs (to
join, to merge two stories) are then chosen by clustering the training units and maximising their mean B³ F1.
Two variants are fitted: with the sentence-embedding column and without it (runs with no embedder).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import story_data as data
from storylens.stages.stories import ClusterOptions
from storylens.stages.stories import pairs as pairing
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.features import SKETCH_DIM, sketch
from storylens.stages.stories.judge import FEATURES, PAIR_FEATURES, SameStoryModel, Weights
from storylens.stages.stories.members import absorb
from storylens.stages.stories.nearest import CentroidIndex
from storylens.stages.stories.score import pair_features
from storylens.stages.stories.state import Counts, StoryData

OUT = data.ROOT / "src" / "storylens" / "stages" / "data" / "same_story.json"
JOIN_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
LEXICAL = tuple(i for i, name in enumerate(FEATURES) if not name.startswith("embedding"))
EMBEDDED = tuple(range(len(FEATURES)))
PAIR_GRID = tuple(sorted({round(float(v), 2) for v in (*np.arange(0.3, 0.9, 0.05), *np.arange(0.9, 0.995, 0.01))}))
PAIR_LEXICAL = tuple(i for i, name in enumerate(PAIR_FEATURES) if not name.startswith("embedding"))
PAIR_EMBEDDED = tuple(range(len(PAIR_FEATURES)))


class Unit:
    """One unit's records, parses and (lazily) its oracle training rows."""

    def __init__(self, name: str, encoder: Any) -> None:
        self.name = name
        self.records = data.load_unit(name)
        self.docs = data.entity_docs(name, self.records)
        self.encoder = encoder
        self.gold = data.gold_of(self.records)
        self._rows: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None
        self._pairs: dict[bool, PairData] = {}

    def pairs(self, *, embedded: bool) -> PairData:
        """Every article pair of this unit, one batch as the clusterer sees it, with its rows and labels."""
        if embedded not in self._pairs:
            self._pairs[embedded] = pair_data(self.records, self.docs, self.encoder if embedded else None)
        return self._pairs[embedded]

    def pair_f1(self, weights: Weights, *, embedded: bool) -> dict[float, float]:
        """B³ F1 of the unit regrouped at every cut-off of ``PAIR_GRID``."""
        found = self.pairs(embedded=embedded)
        known = dict(zip(found.pairs, weights.probability(found.rows).tolist(), strict=True))
        result = {}
        for cut in PAIR_GRID:
            tried = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, cut)
            groups = pairing.regroup(found.batch, tried, known)
            predicted = {found.ids[i]: str(number) for number, group in enumerate(groups) for i in group}
            result[cut] = data.scores(predicted, self.gold)["F1"]
        return result

    def rows(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Feature rows and labels (1 = the article's gold story) of this unit's replay."""
        if self._rows is None:
            self._rows = replay(self.records, self.docs, self.encoder)
        return self._rows

    def f1(self, model: SameStoryModel, *, embedded: bool, repair: bool = True) -> float:
        options = ClusterOptions(model=model, repair=repair)
        predicted = data.cluster(self.records, self.docs, self.encoder if embedded else None, options)
        return data.scores(predicted, self.gold)["F1"]


class PairData:
    """One unit as a regrouping batch: every pair (i < j), its feature rows and whether it is one gold story."""

    def __init__(self, batch: pairing.Batch, ids: list[str], pairs: list[tuple[int, int]], rows: Any, labels: Any):
        self.batch, self.ids, self.pairs, self.rows, self.labels = batch, ids, pairs, rows, labels


def pair_data(records: Sequence[data.Record], docs: Any, encoder: Any) -> PairData:
    """The unit's articles in the clusterer's order, prepared as one batch, and every pair's row and label."""
    ordered = sorted(records, key=lambda r: (r.get("published") is None, r.get("published") or "", r["id"]))
    counts = Counts()
    features = features_of(data.articles_of(ordered), docs, counts, encoder, ClusterOptions())
    batch = pairing.prepare(features, counts)
    count = len(ordered)
    pairs = [(i, j) for i in range(count) for j in range(i + 1, count)]
    labels = np.array([ordered[i]["story"] == ordered[j]["story"] for i, j in pairs], dtype=np.int64)
    return PairData(batch, [r["id"] for r in ordered], pairs, pairing.pair_rows(batch, pairs), labels)


def fit_pairs(units: Sequence[Unit], *, embedded: bool) -> Weights:
    """The pair model on the units' pairs (balanced as ``fit_weights``), its cut-off by the units' mean B³ F1."""
    columns = PAIR_EMBEDDED if embedded else PAIR_LEXICAL
    found = [unit.pairs(embedded=embedded) for unit in units]
    weights = _logistic([(item.rows, item.labels) for item in found], columns)
    by_unit = [unit.pair_f1(weights, embedded=embedded) for unit in units]
    means = {cut: float(np.mean([found[cut] for found in by_unit])) for cut in PAIR_GRID}
    cut = max(PAIR_GRID, key=lambda value: (means[value], -abs(value - 0.5)))
    shown = "  ".join(f"{key:.2f}:{value:.3f}" for key, value in means.items())
    print(f"  pairs {'embedded' if embedded else 'lexical'} mean B3 F1 by cut-off: {shown}", file=sys.stderr)
    return Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, cut)


def _logistic(found: Sequence[tuple[Any, Any]], columns: tuple[int, ...]) -> Weights:
    """Logistic regression on (rows, labels) per unit: each unit weighs the same, classes balanced within a unit."""
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for rows, y in found:
        positives, negatives = max(int(y.sum()), 1), max(len(y) - int(y.sum()), 1)
        xs.append(rows[:, list(columns)])
        ys.append(y)
        ws.append(np.where(y == 1, 0.5 / positives, 0.5 / negatives))
    x, y = np.vstack(xs), np.concatenate(ys)
    w = np.concatenate(ws) * len(y) / len(found)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=1.0, max_iter=3000).fit((x - mean) / scale, y, sample_weight=w)
    return Weights(columns, tuple(mean), tuple(scale), tuple(model.coef_[0]), float(model.intercept_[0]), 0.5)


def replay(
    records: Sequence[data.Record], docs: Any, encoder: Any
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Measure each article against its gold story so far and the nearest other gold stories."""
    options = ClusterOptions()
    ordered = sorted(records, key=lambda r: (r.get("published") is None, r.get("published") or "", r["id"]))
    counts = Counts()
    features = features_of(data.articles_of(ordered), docs, counts, encoder, options)
    index = CentroidIndex(SKETCH_DIM, ann_min=1 << 30)
    stories: dict[str, StoryData] = {}
    by_key: dict[int, StoryData] = {}
    rows, labels = [], []
    for record, feature in zip(ordered, features, strict=True):
        gold = stories.get(record["story"])
        candidates = [by_key[key] for key in index.search(sketch(feature.terms), options.candidates)]
        if gold is not None and gold not in candidates:
            candidates.append(gold)
        for story in candidates:
            rows.append(pair_features(feature, story, counts))
            labels.append(story is gold)
        if gold is None:
            gold = stories[record["story"]] = StoryData(id=record["story"], key=len(stories) + 1)
            by_key[gold.key] = gold
        absorb(gold, feature, len(rows), options.lead_chars, options.max_terms)
        index.upsert(gold.key, sketch(gold.terms))
    return np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64)


def fit_weights(units: Sequence[Unit], columns: tuple[int, ...]) -> Weights:
    """The online (article-to-story) model on the units' replayed rows."""
    return _logistic([unit.rows() for unit in units], columns)


def choose_join(units: Sequence[Unit], weights: Weights, *, embedded: bool) -> float:
    """The online join cut-off, maximising the units' mean B³ F1 when clustering online alone (no regrouping)."""

    def mean_f1(join: float) -> float:
        tried = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, join)
        model = SameStoryModel(tried, tried, merge_threshold=1.01, split_threshold=0.0)
        return float(np.mean([unit.f1(model, embedded=embedded, repair=False) for unit in units]))

    joins = {value: mean_f1(value) for value in JOIN_GRID}
    shown = "  ".join(f"{key:.2f}:{value:.3f}" for key, value in joins.items())
    print(f"  {'embedded' if embedded else 'lexical'} online mean B3 F1 by join cut-off: {shown}", file=sys.stderr)
    return max(JOIN_GRID, key=lambda value: (joins[value], -abs(value - 0.5)))


def fit(units: Sequence[Unit], *, quick: bool = False) -> SameStoryModel:
    """Fit the online (article-to-story) and the regrouping (article-to-article) models, both variants.

    ``quick``: the no-embedder online cut-off is copied from the embedded one (leave-one-out figures use the
    embedder). Merging and splitting stories stay off: regrouping the batch by the pair model does their work.
    """
    pairs = (fit_pairs(units, embedded=True), fit_pairs(units, embedded=False))
    found: dict[bool, Weights] = {}
    for embedded, columns in ((True, EMBEDDED), (False, LEXICAL)):
        weights = fit_weights(units, columns)
        join = found[True].threshold if quick and not embedded else choose_join(units, weights, embedded=embedded)
        found[embedded] = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, join)
    return SameStoryModel(found[True], found[False], merge_threshold=1.01, split_threshold=0.0, pairs=pairs)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without", action="append", default=[], help="leave this unit out (repeatable)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--quick", action="store_true", help="do not search the no-embedder variant's cut-offs")
    args = parser.parse_args(argv)
    encoder = data.embedder()
    names = [name for name in data.available() if name not in args.without]
    print(f"fitting on {', '.join(names)}", file=sys.stderr)
    model = fit([Unit(name, encoder) for name in names], quick=args.quick)
    args.out.write_text(model.to_json() + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
