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

The regrouping's pair model is fitted on every pair of each unit. The lone-article decision (does an article belong
to any story of its batch) is fitted on each unit and its thinned form (one story in four cut to its first article,
``story_data.thinned``: real feeds carry many one-article stories, these datasets hardly any), each weighing the
same. The pair cut-off and the lone cut-off are chosen together, maximising the mean B³ F1 over the training units,
full and thinned. Then the story-level member check (``stages/stories/members_check.py``) is fitted on the groups
those make in each full unit and four thinnings of it (``fit_check``); it is written with a cut-off above 1 (off)
unless it raises the training mean B³ F1 by ``CHECK_MARGIN``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import story_data as data
from storylens.stages.stories import ClusterOptions, members_check
from storylens.stages.stories import pairs as pairing
from storylens.stages.stories.cluster import features_of
from storylens.stages.stories.features import SKETCH_DIM, sketch
from storylens.stages.stories.judge import (
    ALONE_FEATURES,
    CHECK_FEATURES,
    FEATURES,
    PAIR_FEATURES,
    SameStoryModel,
    Weights,
)
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
ALONE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01: no article is held out
ALONE_LEXICAL = tuple(i for i, name in enumerate(ALONE_FEATURES) if "embedding" not in name)
ALONE_EMBEDDED = tuple(range(len(ALONE_FEATURES)))
CHECK_GRID = (0.9, 0.95, 0.98, 0.99, 0.995, 1.01)  # 1.01: no member is set apart
CHECK_LEXICAL = tuple(i for i, name in enumerate(CHECK_FEATURES) if "embedding" not in name)
CHECK_EMBEDDED = tuple(range(len(CHECK_FEATURES)))
# The check is kept only when it raises the training mean B³ F1 by this much over setting nothing apart: a smaller
# gain is a few articles of one unit, and held out it went either way (one unit lost 0.006 at a 0.0006 gain).
CHECK_MARGIN = 0.001
THIN_SEEDS = (0, 1, 2, 3)  # the member check is fitted and its cut-off chosen on four thinnings of each unit


class Unit:
    """One unit's records, parses and (lazily) its oracle training rows."""

    def __init__(self, name: str, encoder: Any) -> None:
        self.name = name
        self.records = data.load_unit(name)
        self.docs = data.entity_docs(name, self.records)
        self.encoder = encoder
        self.gold = data.gold_of(self.records)
        self._rows: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None
        self._pairs: dict[tuple[bool, bool, int], PairData] = {}

    def pairs(self, *, embedded: bool, thin: bool = False, seed: int = 0) -> PairData:
        """Every article pair of this unit (or its thinned form), one batch as the clusterer sees it, labelled."""
        if (embedded, thin, seed) not in self._pairs:
            records = data.thinned(self.records, seed) if thin else self.records
            self._pairs[embedded, thin, seed] = pair_data(records, self.docs, self.encoder if embedded else None)
        return self._pairs[embedded, thin, seed]

    def forms(self, *, embedded: bool) -> list[PairData]:
        """The full unit and its thinnings at every ``THIN_SEEDS``."""
        return [self.pairs(embedded=embedded)] + [
            self.pairs(embedded=embedded, thin=True, seed=seed) for seed in THIN_SEEDS
        ]

    def pair_f1(
        self, weights: Weights, alone: Weights, *, embedded: bool, thin: bool
    ) -> dict[tuple[float, float], float]:
        """B³ F1 of the unit (or its thinned form) regrouped at every (lone cut-off, pair cut-off) of the grids."""
        found = self.pairs(embedded=embedded, thin=thin)
        known = dict(zip(found.pairs, weights.probability(found.rows).tolist(), strict=True))
        lone_probability = alone.probability(pairing.alone_rows(found.batch))
        result = {}
        for lone_cut in ALONE_GRID:
            lone = {int(i) for i in np.flatnonzero(lone_probability >= lone_cut)}
            for cut in PAIR_GRID:
                tried = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, cut)
                groups = pairing.regroup(found.batch, tried, known, lone)
                predicted = {found.ids[i]: str(number) for number, group in enumerate(groups) for i in group}
                result[lone_cut, cut] = data.bcubed(predicted, found.gold)[2]
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
        self.gold: dict[str, str] = {}
        self.alone = np.zeros(len(ids), dtype=np.int64)  # 1: the article's gold story has no other article here


def pair_data(records: Sequence[data.Record], docs: Any, encoder: Any) -> PairData:
    """The unit's articles in the clusterer's order, prepared as one batch, and every pair's row and label."""
    ordered = sorted(records, key=lambda r: (r.get("published") is None, r.get("published") or "", r["id"]))
    counts = Counts()
    features = features_of(data.articles_of(ordered), docs, counts, encoder, ClusterOptions())
    batch = pairing.prepare(features, counts)
    count = len(ordered)
    pairs = [(i, j) for i in range(count) for j in range(i + 1, count)]
    labels = np.array([ordered[i]["story"] == ordered[j]["story"] for i, j in pairs], dtype=np.int64)
    found = PairData(batch, [r["id"] for r in ordered], pairs, pairing.pair_rows(batch, pairs), labels)
    found.gold = data.gold_of(ordered)
    sizes = Counter(str(r["story"]) for r in ordered)
    found.alone = np.array([sizes[str(r["story"])] == 1 for r in ordered], dtype=np.int64)
    return found


def fit_pairs(
    units: Sequence[Unit], *, embedded: bool, cuts: tuple[float, float] | None = None
) -> tuple[Weights, Weights]:
    """Fit the pair model (every pair of the full units) and the lone-article decision (full and thinned units).

    Each is balanced as ``fit_weights``; both cut-offs are chosen together by the mean B³ F1 over the units, full
    and thinned, unless ``cuts`` (pair, lone) are given.
    """
    full = [unit.pairs(embedded=embedded) for unit in units]
    weights = _logistic([(item.rows, item.labels) for item in full], PAIR_EMBEDDED if embedded else PAIR_LEXICAL)
    both = full + [unit.pairs(embedded=embedded, thin=True) for unit in units]
    # Strongly regularised (each unit-form weighs 1 in all, not one per row): a few thousand articles and only a
    # handful of lone ones per unit, so the decision leans on every column a little rather than on a few hard.
    alone = _logistic(
        [(pairing.alone_rows(item.batch), item.alone) for item in both],
        ALONE_EMBEDDED if embedded else ALONE_LEXICAL,
        per_row=False,
    )
    if cuts is not None:
        return _with_cut(weights, cuts[0]), _with_cut(alone, cuts[1])
    curves = [unit.pair_f1(weights, alone, embedded=embedded, thin=thin) for thin in (False, True) for unit in units]
    means = {key: float(np.mean([curve[key] for curve in curves])) for key in curves[0]}
    lone_cut, cut = max(means, key=lambda key: (means[key], -abs(key[1] - 0.5), key[0]))
    off = max((value, key[1]) for key, value in means.items() if key[0] > 1)
    print(
        f"  pairs {'embedded' if embedded else 'lexical'}: mean B3 F1 (full and thinned) {means[lone_cut, cut]:.3f} "
        f"at lone cut-off {lone_cut:.2f}, pair cut-off {cut:.2f}; without lone decisions {off[0]:.3f} at {off[1]:.2f}",
        file=sys.stderr,
    )
    return _with_cut(weights, cut), _with_cut(alone, lone_cut)


def fit_check(
    units: Sequence[Unit], weights: Weights, alone: Weights, *, embedded: bool, cut: float | None = None
) -> Weights:
    """Fit the story-level member check on the groups the fitted pair model and lone decision make.

    Rows: every member of a group of two or more, in the full units and four thinnings of each (labelled 1 when no
    other member shares its gold story); balanced as the lone decision. The cut-off maximises the mean B³ F1 over
    those forms (1.01, nothing set apart, unless another beats it by ``CHECK_MARGIN``), unless ``cut`` is given.
    """
    found = []
    for unit in units:
        for form in unit.forms(embedded=embedded):
            known = dict(zip(form.pairs, weights.probability(form.rows).tolist(), strict=True))
            lone = {
                int(i) for i in np.flatnonzero(alone.probability(pairing.alone_rows(form.batch)) >= alone.threshold)
            }
            groups, scored = pairing.scored_groups(form.batch, weights, known, lone)
            members, rows = members_check.check_rows(form.batch, groups, scored)
            gold = [form.gold[aid] for aid in form.ids]
            home = {member: group for group in groups for member in group}
            labels = np.array([all(gold[o] != gold[m] for o in home[m] if o != m) for m in members], dtype=np.int64)
            found.append((form, groups, members, rows, labels))
    check = _logistic(
        [(rows, labels) for _, _, members, rows, labels in found if members],
        CHECK_EMBEDDED if embedded else CHECK_LEXICAL,
        per_row=False,
    )
    if cut is not None:
        return _with_cut(check, cut)
    means = {}
    for tried in CHECK_GRID:
        scores = []
        for form, groups, members, rows, _ in found:
            apart = {m for m, p in zip(members, check.probability(rows).tolist(), strict=True) if p >= tried}
            kept = members_check.set_apart(groups, apart) if members else groups
            predicted = {form.ids[i]: str(number) for number, group in enumerate(kept) for i in group}
            scores.append(data.bcubed(predicted, form.gold)[2])
        means[tried] = float(np.mean(scores))
    chosen = max(CHECK_GRID, key=lambda value: (round(means[value], 4), value))
    if means[chosen] < means[CHECK_GRID[-1]] + CHECK_MARGIN:  # a gain within noise does not pay for the step
        chosen = CHECK_GRID[-1]
    shown = "  ".join(f"{key:.3f}:{value:.4f}" for key, value in means.items())
    print(f"  member check {'embedded' if embedded else 'lexical'}: mean B3 F1 by cut-off {shown}", file=sys.stderr)
    return _with_cut(check, chosen)


def _with_cut(weights: Weights, cut: float) -> Weights:
    return Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, cut)


def _logistic(found: Sequence[tuple[Any, Any]], columns: tuple[int, ...], *, per_row: bool = True) -> Weights:
    """Logistic regression on (rows, labels) per unit: each unit weighs the same, classes balanced within a unit.

    ``per_row``: the weights sum to the number of rows (else to the number of units: a stronger prior).
    """
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for rows, y in found:
        positives, negatives = max(int(y.sum()), 1), max(len(y) - int(y.sum()), 1)
        xs.append(rows[:, list(columns)])
        ys.append(y)
        ws.append(np.where(y == 1, 0.5 / positives, 0.5 / negatives))
    x, y = np.vstack(xs), np.concatenate(ys)
    w = np.concatenate(ws) * (len(y) / len(found) if per_row else 1.0)
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

    ``quick``: the no-embedder cut-offs are copied from the embedded ones (leave-one-out figures use the
    embedder). Merging and splitting stories stay off: regrouping the batch by the pair model does their work.
    """
    with_embedding = fit_pairs(units, embedded=True)
    cuts = (with_embedding[0].threshold, with_embedding[1].threshold) if quick else None
    without = fit_pairs(units, embedded=False, cuts=cuts)
    check = fit_check(units, *with_embedding, embedded=True)
    check_lexical = fit_check(units, *without, embedded=False, cut=check.threshold if quick else None)
    found: dict[bool, Weights] = {}
    for embedded, columns in ((True, EMBEDDED), (False, LEXICAL)):
        weights = fit_weights(units, columns)
        join = found[True].threshold if quick and not embedded else choose_join(units, weights, embedded=embedded)
        found[embedded] = Weights(weights.columns, weights.mean, weights.scale, weights.coef, weights.intercept, join)
    return SameStoryModel(
        found[True], found[False], merge_threshold=1.01, split_threshold=0.0,
        pairs=(with_embedding[0], without[0]), alone=(with_embedding[1], without[1]), check=(check, check_lexical),
    )  # fmt: skip


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
