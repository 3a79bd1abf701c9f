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
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.features import SKETCH_DIM, sketch
from storylens.stages.stories.judge import FEATURES, SameStoryModel, Weights
from storylens.stages.stories.members import absorb
from storylens.stages.stories.nearest import CentroidIndex
from storylens.stages.stories.score import pair_features
from storylens.stages.stories.state import Counts, StoryData

OUT = data.ROOT / "src" / "storylens" / "stages" / "data" / "same_story.json"
JOIN_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
MERGE_GRID = (0.75, 0.9, 1.01)  # 1.01: never merge
SPLIT_GRID = (0.0, 0.9, 0.95, 0.98, 0.99, 0.995)  # 0: never split
LEXICAL = tuple(i for i, name in enumerate(FEATURES) if not name.startswith("embedding"))
EMBEDDED = tuple(range(len(FEATURES)))


class Unit:
    """One unit's records, parses and (lazily) its oracle training rows."""

    def __init__(self, name: str, encoder: Any) -> None:
        self.name = name
        self.records = data.load_unit(name)
        self.docs = data.entity_docs(name, self.records)
        self.encoder = encoder
        self.gold = data.gold_of(self.records)
        self._rows: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None

    def rows(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Feature rows and labels (1 = the article's gold story) of this unit's replay."""
        if self._rows is None:
            self._rows = replay(self.records, self.docs, self.encoder)
        return self._rows

    def f1(self, model: SameStoryModel, *, embedded: bool) -> float:
        options = ClusterOptions(model=model)
        predicted = data.cluster(self.records, self.docs, self.encoder if embedded else None, options)
        return data.scores(predicted, self.gold)["F1"]


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
    """Logistic regression on the units' rows: each unit weighs the same, classes balanced within a unit."""
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for unit in units:
        x, y = unit.rows()
        positives = max(int(y.sum()), 1)
        negatives = max(len(y) - positives, 1)
        xs.append(x[:, list(columns)])
        ys.append(y)
        ws.append(np.where(y == 1, 0.5 / positives, 0.5 / negatives))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws) * len(np.concatenate(ys)) / len(units)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w)
    return Weights(columns, tuple(mean), tuple(scale), tuple(model.coef_[0]), float(model.intercept_[0]), 0.5)


def choose(units: Sequence[Unit], weights: Weights, *, embedded: bool) -> tuple[float, float, float]:
    """The join cut-off (no repair), then the split and the merge cut-offs, each maximising the units' mean B³ F1."""

    def mean_f1(join: float, split: float, merge: float) -> float:
        tried = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, join)
        model = SameStoryModel(tried, tried, merge, split)
        return float(np.mean([unit.f1(model, embedded=embedded) for unit in units]))

    joins = {value: mean_f1(value, 0.0, 1.01) for value in JOIN_GRID}
    join = max(JOIN_GRID, key=lambda value: (joins[value], -abs(value - 0.5)))
    splits = {value: mean_f1(join, value, 1.01) for value in SPLIT_GRID}
    split = max(SPLIT_GRID, key=lambda value: (splits[value], -value))
    # Splitting undoes over-joining, so the join cut-off is searched again with the split in place.
    rejoins = {value: splits[split] if value == join else mean_f1(value, split, 1.01) for value in JOIN_GRID}
    join = max(JOIN_GRID, key=lambda value: (rejoins[value], -abs(value - 0.5)))
    merges = {value: mean_f1(join, split, value) for value in MERGE_GRID}
    merge = max(MERGE_GRID, key=lambda value: (merges[value], value))
    for name, tried in (("join", joins), ("split", splits), ("join again", rejoins), ("merge", merges)):
        shown = "  ".join(f"{key:.2f}:{value:.3f}" for key, value in tried.items())
        print(f"  {'embedded' if embedded else 'lexical'} mean B3 F1 by {name} cut-off: {shown}", file=sys.stderr)
    return join, split, merge


def fit(units: Sequence[Unit], *, quick: bool = False) -> SameStoryModel:
    """Fit both variants on ``units`` and choose their cut-offs there (``quick``: the lexical variant's cut-offs are
    not searched but copied from the embedded one; for leave-one-out figures, which use the embedder)."""
    found: dict[bool, tuple[Weights, float, float]] = {}
    for embedded, columns in ((True, EMBEDDED), (False, LEXICAL)):
        weights = fit_weights(units, columns)
        if quick and not embedded:
            join, split, merge = found[True][0].threshold, found[True][1], found[True][2]
        else:
            join, split, merge = choose(units, weights, embedded=embedded)
        found[embedded] = (
            Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, join),
            split,
            merge,
        )
    # One pair of repair cut-offs serves both variants: the embedded runs are the default, so theirs are kept.
    return SameStoryModel(
        found[True][0], found[False][0], merge_threshold=found[True][2], split_threshold=found[True][1]
    )


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
