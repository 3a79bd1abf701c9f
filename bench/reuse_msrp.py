"""MSRP sentence-pair paraphrase: accuracy and F1 of the reuse stage's alignment similarity.

The developer part (``../shared/datasets/msrp/train.tsv``) is split 70/30 with ``random.Random(7)``; the logistic
regression weights and the decision threshold are chosen on the 70 % part only and the figures are reported on the
other 30 % (the official test split is held out and never read). ``--fit`` prints the weights to paste into
``stages/_align.py``; without it the weights already in ``_align.py`` are evaluated.

    HF_HUB_OFFLINE=1 nice .venv/bin/python bench/reuse_msrp.py [--fit] [--cache /tmp/msrp-vectors.npz]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

from storylens.stages.reuse import align as _align

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "msrp" / "train.tsv"


def load() -> tuple[list[str], list[str], np.ndarray]:
    """Read the developer pairs."""
    lines = DATA.read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines]
    return [r[4] for r in rows], [r[5] for r in rows], np.array([int(r[1]) for r in rows])


def vectors(first: list[str], second: list[str], cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """Encode both sides with all-MiniLM-L6-v2 (cached in ``cache`` when given, it is slow under contention)."""
    if cache and cache.is_file():
        data = np.load(cache)
        return data["a"], data["b"]
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    started = time.perf_counter()
    a, b = embedder.encode(first), embedder.encode(second)
    print(f"encoded {len(first) + len(second)} sentences in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if cache:
        np.savez(cache, a=a, b=b)
    return a, b


def feature_rows(first: list[str], second: list[str], va: np.ndarray | None, vb: np.ndarray | None) -> np.ndarray:
    """One feature row per pair, computed by the same code the alignment uses."""
    vocabulary = _align.Vocabulary()
    rows = []
    for index, (s1, s2) in enumerate(zip(first, second, strict=True)):
        ea = _align.encode([_align.tokenize(s1)], vocabulary, None if va is None else va[index : index + 1])
        eb = _align.encode([_align.tokenize(s2)], vocabulary, None if vb is None else vb[index : index + 1])
        rows.append(_align.features(ea, eb)[0, 0])
    return np.array(rows)


def scores(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 of the positive class."""
    tp = float(np.sum(predicted & (y == 1)))
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((y == 1).sum(), 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    return float(np.mean(predicted == (y == 1))), f1


def fit(features: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Standardised logistic regression, weights mapped back to raw feature units."""
    from sklearn.linear_model import LogisticRegression

    mean, std = features.mean(axis=0), features.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=5000).fit((features - mean) / std, y)
    weights = model.coef_[0] / std
    return weights, float(model.intercept_[0] - np.sum(model.coef_[0] * mean / std))


def evaluate(name: str, features: np.ndarray, y: np.ndarray, split: tuple[np.ndarray, np.ndarray], refit: bool) -> None:
    """Fit (or take) weights, pick the F1-best threshold on the tuning part, report on the other part."""
    tune, report = split
    with_embeddings = name == "embeddings"
    if refit:
        weights, bias = fit(features[tune], y[tune])
        print(f"{name}: weights = ({', '.join(f'{w:.4f}' for w in weights)}) bias = {bias:.4f}")
    else:
        weights = np.asarray(_align.WEIGHTS_EMBED if with_embeddings else _align.WEIGHTS_LEXICAL)
        bias = _align.BIAS_EMBED if with_embeddings else _align.BIAS_LEXICAL
    probability = 1 / (1 + np.exp(-(features @ weights + bias)))
    grid = np.arange(0.05, 0.96, 0.01)
    best = max(grid, key=lambda t: scores(y[tune], probability[tune] >= t)[1])
    accuracy, f1 = scores(y[report], probability[report] >= best)
    tune_acc, tune_f1 = scores(y[tune], probability[tune] >= best)
    print(
        f"{name:10s} threshold {best:.2f}  tune acc {tune_acc:.4f} F1 {tune_f1:.4f}  "
        f"| report ({len(report)} pairs) acc {accuracy:.4f} F1 {f1:.4f}"
    )
    cosine_only = features[:, 0]
    if with_embeddings:
        best_c = max(np.arange(0.3, 0.99, 0.01), key=lambda t: scores(y[tune], cosine_only[tune] >= t)[1])
        acc_c, f1_c = scores(y[report], cosine_only[report] >= best_c)
        print(f"{'cosine':10s} threshold {best_c:.2f}  | report acc {acc_c:.4f} F1 {f1_c:.4f}")


def main() -> None:
    """Print MSRP figures for the lexical-only and the embedding similarity."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fit", action="store_true", help="refit and print the weights")
    parser.add_argument("--cache", type=Path, default=None, help="npz file caching the sentence vectors")
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"missing {DATA}")
    first, second, y = load()
    order = list(range(len(y)))
    random.Random(7).shuffle(order)
    cut = int(len(order) * 0.7)
    split = (np.array(order[:cut]), np.array(order[cut:]))
    print(f"MSRP developer part: {len(y)} pairs, tune {cut}, report {len(y) - cut}, positives {y.mean():.3f}")
    majority = scores(y[split[1]], np.ones(len(split[1]), dtype=bool))
    print(f"majority   | report acc {majority[0]:.4f} F1 {majority[1]:.4f}")
    evaluate("lexical", feature_rows(first, second, None, None), y, split, args.fit)
    va, vb = vectors(first, second, args.cache)
    evaluate("embeddings", feature_rows(first, second, va, vb), y, split, args.fit)


if __name__ == "__main__":
    main()
