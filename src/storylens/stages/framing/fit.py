"""Fit the sentence judge on labelled sentences the user supplies (``storylens framing fit DATA``).

A logistic regression over [MiniLM embedding, lexical features], standardised; its regularisation is chosen by
stratified five-fold cross-validation (fixed seed) on macro-F1, then refitted on everything. The CLI reads the file
and writes the weights; this module only computes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from storylens.errors import InputError
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.judge import FittedJudge, lexical_features

Array = npt.NDArray[np.float64]
_POSITIVE = frozenset({"1", "true", "yes", "biased", "loaded", "subjective", "opinion"})
_NEGATIVE = frozenset({"0", "false", "no", "non-biased", "not-biased", "unbiased", "neutral", "objective", "factual"})
_TEXT_KEYS = ("text", "sentence")
_LABEL_KEYS = ("label", "label_bias", "loaded", "biased")


@dataclass(frozen=True, slots=True)
class FitOptions:
    """Cross-validation grid and seed."""

    grid: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3)
    folds: int = 5
    seed: int = 7


@dataclass(frozen=True, slots=True)
class FitResult:
    """The fitted judge and what cross-validation measured while choosing it."""

    judge: FittedJudge
    c: float
    cv_macro_f1: float
    sentences: int
    loaded: int


def _label(value: object) -> int | None:
    text = str(value).strip().lower()
    return 1 if text in _POSITIVE else 0 if text in _NEGATIVE else None


def _record(row: dict[str, object]) -> tuple[str, int] | None:
    text = next((str(row[key]) for key in _TEXT_KEYS if row.get(key)), None)
    label = next((_label(row[key]) for key in _LABEL_KEYS if key in row), None)
    return None if text is None or label is None else (text, label)


def read_labelled(content: str, origin: str) -> tuple[list[str], list[int]]:
    """Sentences and 0/1 labels from JSONL or CSV (``text`` and ``label``; BABE's ``label_bias`` also reads)."""
    rows: list[dict[str, object]]
    if content.lstrip().startswith("{"):
        try:
            rows = [json.loads(line) for line in content.splitlines() if line.strip()]
        except json.JSONDecodeError as error:
            raise InputError(f"{origin}: not JSON lines ({error})") from error
    else:
        dialect = csv.Sniffer().sniff(content[:4096], delimiters=",;\t")
        rows = list(csv.DictReader(io.StringIO(content), dialect=dialect))
    pairs = [pair for pair in map(_record, rows) if pair is not None]
    labels = [label for _, label in pairs]
    if len(set(labels)) < 2 or min(labels.count(0), labels.count(1)) < 10:
        raise InputError(f"{origin}: need at least 10 loaded and 10 neutral sentences with 'text' and 'label'")
    return [text for text, _ in pairs], labels


def features(texts: Sequence[str], embedder: Embedder) -> Array:
    """The judge's inputs: the sentence embedding beside its lexical features."""
    vectors = np.asarray(embedder.encode(list(texts)), dtype=np.float64)
    lexical = np.asarray([lexical_features(text) for text in texts], dtype=np.float64)
    return np.hstack([vectors, lexical])


def _folds(matrix: Array, gold: npt.NDArray[np.int64], options: FitOptions, groups: Sequence[str] | None) -> list[Any]:
    """Stratified folds; with ``groups`` no group is split across folds (a topic's sentences test together)."""
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

    if groups is None:
        return list(StratifiedKFold(options.folds, shuffle=True, random_state=options.seed).split(matrix, gold))
    grouped = StratifiedGroupKFold(options.folds, shuffle=True, random_state=options.seed)
    return list(grouped.split(matrix, gold, groups=list(groups)))


def fit_features(
    matrix: Array, labels: Sequence[int], options: FitOptions = FitOptions(), groups: Sequence[str] | None = None
) -> FitResult:
    """Choose the regularisation by cross-validation (folds kept apart by ``groups`` if given), refit on everything."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.preprocessing import StandardScaler

    gold = np.asarray(labels)
    folds = _folds(matrix, gold, options, groups)
    best = (-1.0, options.grid[0])
    for c in options.grid:
        predicted = np.zeros_like(gold)
        for train, test in folds:
            scaler = StandardScaler().fit(matrix[train])
            model = LogisticRegression(C=c, max_iter=3000).fit(scaler.transform(matrix[train]), gold[train])
            predicted[test] = model.predict(scaler.transform(matrix[test]))
        best = max(best, (float(f1_score(gold, predicted, average="macro")), c))
    scaler = StandardScaler().fit(matrix)
    model = LogisticRegression(C=best[1], max_iter=3000).fit(scaler.transform(matrix), gold)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    judge = FittedJudge(
        tuple(float(x) for x in scaler.mean_),
        tuple(float(x) for x in scale),
        tuple(float(x) for x in model.coef_[0]),
        float(model.intercept_[0]),
    )
    return FitResult(judge, best[1], round(best[0], 4), len(gold), int(gold.sum()))


def fit_judge(
    texts: Sequence[str], labels: Sequence[int], embedder: Embedder, options: FitOptions = FitOptions()
) -> FitResult:
    """Fit the sentence judge on ``texts`` labelled 1 (loaded) or 0 (neutral)."""
    return fit_features(features(texts, embedder), labels, options)
