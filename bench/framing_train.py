"""Fit the shipped sentence judge on our invented set (bench/data/framing-train) and score it on BABE TUNE and REPORT.

The fit is exactly what ``storylens framing fit`` does (MiniLM embedding plus lexical features, standardised
logistic regression, C by stratified five-fold CV, seed 7), on ``bench/data/framing-train/*.jsonl`` only: fiction
written for storylens, MIT-licensed, so the weights may ship. BABE (AGPL-3.0) is only scored, never fitted on:
the same split as ``framing_judge.py`` (``xxh64(id) % 10 < 6`` is TUNE, errors are read there only), with the
majority class, TextBlob word subjectivity and the lexicon rule beside it in the same run. ``--write`` stores the
weights as the shipped default (``src/storylens/stages/data/framing_judge.json``, numbers only); this script is how
they are refitted. ``--errors N`` prints N misjudged BABE TUNE sentences of each kind (for writing new sentences of
the kinds our set lacks; never for copying them).

    nice .venv/bin/python bench/framing_train.py [--write] [--errors 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
import xxhash
from sklearn.metrics import f1_score

from framing_judge import DATA, _line, _subjectivity, is_tune
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.fit import FitResult, features, fit_features, read_labelled
from storylens.stages.framing.judge import SHIPPED_JUDGE, FittedJudge, lexical_features, lexicon_loaded

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "bench" / "data" / "framing-train"
CACHE = Path("/tmp/storylens-framing-train-cache")
Array = npt.NDArray[np.float64]


def _cached_features(texts: list[str], embedder: Embedder) -> Array:
    """The judge's features, the embeddings kept on disk between runs (keyed by the texts' hash)."""
    key = xxhash.xxh64("\n".join(texts).encode()).hexdigest()
    path = CACHE / f"{key}.npy"
    if path.is_file():
        vectors = np.load(path)
    else:
        vectors = np.asarray(embedder.encode(texts), dtype=np.float64)
        CACHE.mkdir(exist_ok=True)
        np.save(path, vectors)
    lexical = np.asarray([lexical_features(text) for text in texts], dtype=np.float64)
    return np.hstack([vectors, lexical])


def news_prior(judge: FittedJudge, share: float, prior: float) -> FittedJudge:
    """The same model with the threshold that believes ``prior`` of sentences loaded, not the training ``share``.

    Our set is about a third loaded by construction (contrast pairs); news prose is mostly plain (BASIL's experts
    mark 5-7 % of sentences, BABE's sampling is skewed towards bias). Moving the prior is Bayes' rule on the
    logit: p >= 0.5 after adding logit(prior) - logit(share) is p >= sigmoid(logit(share) - logit(prior)).
    The prior is stated, not fitted on any check.
    """
    shift = math.log(share / (1 - share)) - math.log(prior / (1 - prior))
    return dataclasses.replace(judge, threshold=round(1 / (1 + math.exp(-shift)), 4))


def _probabilities(judge: FittedJudge, matrix: Array) -> Array:
    logits = ((matrix - np.asarray(judge.mean)) / np.asarray(judge.scale)) @ np.asarray(judge.coef) + judge.intercept
    return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float64)


def _predict(judge: FittedJudge, matrix: Array) -> npt.NDArray[np.int64]:
    return (_probabilities(judge, matrix) >= judge.threshold).astype(np.int64)


def _part(
    part: str, records: list[dict[str, object]], fits: tuple[FitResult, FitResult, FitResult, FittedJudge], errors: int
) -> None:
    """Score one BABE half: baselines, the lexicon rule and the judges fitted on our set."""
    result, lexical, plain, shipped = fits
    chosen = [r for r in records if is_tune(str(r["id"])) == (part == "TUNE")]
    gold = np.array([int(r["label"] == "biased") for r in chosen])
    babe = [str(r["text"]) for r in chosen]
    from storylens.nlp import load_embedder

    matrix = _cached_features(babe, load_embedder())
    rows = {
        "majority class": np.full_like(gold, int(gold.mean() >= 0.5)),
        "TextBlob subjectivity >= 0.5": np.array([int(_subjectivity(x) >= 0.5) for x in babe]),
        "lexicon rule": np.array([int(lexicon_loaded(x)) for x in babe]),
        "fitted on ours, lexical only": _predict(lexical.judge, matrix[:, 384:]),
        f"fitted on ours, plain CV (C {plain.c})": _predict(plain.judge, matrix),
        "fitted on ours (MiniLM + lex.)": _predict(result.judge, matrix),
        f"shipped: news prior (t {shipped.threshold})": _predict(shipped, matrix),
    }
    print(f"BABE {part}: {len(babe)} sentences, {int(gold.sum())} biased")
    for name, predicted in rows.items():
        print(f"  {name:<34}{_line('', gold, predicted)}")
    chances = _probabilities(result.judge, matrix)
    sweep = [(t, f1_score(gold, (chances >= t).astype(int), average="macro")) for t in (0.3, 0.4, 0.5, 0.6, 0.7)]
    print("  threshold sweep (shown, never used to choose): " + "  ".join(f"{t:.2f}:{f:.3f}" for t, f in sweep))
    if part == "TUNE" and errors:
        _errors(babe, gold, rows["fitted on ours (MiniLM + lex.)"], errors)


def _train() -> tuple[list[str], list[int], list[str]]:
    """Our sentences, their labels (1 loaded) and topics, checked by the reader ``storylens framing fit`` uses."""
    content = "".join(path.read_text(encoding="utf-8") for path in sorted(TRAIN.glob("batch-*.jsonl")))
    texts, labels = read_labelled(content, str(TRAIN))
    topics = [str(json.loads(line)["topic"]) for line in content.splitlines() if line.strip()]
    return texts, labels, topics


def _errors(texts: list[str], gold: npt.NDArray[np.int64], predicted: npt.NDArray[np.int64], count: int) -> None:
    for want, name in ((1, "biased judged neutral"), (0, "neutral judged loaded")):
        wrong = [t for t, g, p in zip(texts, gold, predicted, strict=True) if g == want and p != want]
        print(f"-- TUNE {name}: {len(wrong)}")
        for text in wrong[:count]:
            print("   ", text)


def main() -> None:
    """Print BABE TUNE and REPORT figures for baselines, the lexicon rule and the judge fitted on our set."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="store the fitted weights as the shipped default")
    parser.add_argument("--errors", type=int, default=0, help="print this many misjudged BABE TUNE sentences")
    parser.add_argument("--prior", type=float, default=0.15, help="share of loaded sentences assumed in news prose")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    texts, labels, topics = _train()
    started = time.process_time()
    matrix = features(texts, embedder)
    # C is chosen with each topic's sentences kept in one fold: our set is written in contrast pairs (one fact told
    # plainly and with a judgement), so plain folds put a sentence's twin in training and favour weak regularisation.
    result = fit_features(matrix, labels, groups=topics)
    plain = fit_features(matrix, labels)
    lexical = fit_features(matrix[:, 384:], labels, groups=topics)
    cpu = time.process_time() - started
    size = f"{result.sentences} sentences ({result.loaded} loaded), {len(set(topics))} topics"
    print(f"framing-train: {size}, fit {cpu:.0f} CPU s")
    print(
        f"  topic-grouped 5-fold CV macro-F1 {result.cv_macro_f1:.4f} (C {result.c}); lexical {lexical.cv_macro_f1:.4f}"
    )
    print(f"  (plain 5-fold CV, as `storylens framing fit` runs: {plain.cv_macro_f1:.4f}, C {plain.c})")
    records = [json.loads(line) for line in DATA.read_text().splitlines()]
    shipped = news_prior(result.judge, sum(labels) / len(labels), args.prior)
    for part in ("TUNE", "REPORT"):
        _part(part, records, (result, lexical, plain, shipped), args.errors)
    if args.write:
        stored = {
            **shipped.to_dict(),
            "trained_on": {
                "set": "bench/data/framing-train",
                "sentences": result.sentences,
                "licence": "MIT",
                "cv_macro_f1": result.cv_macro_f1,
                "c": result.c,
                "cv": "stratified 5-fold, topics kept apart",
                "loaded_share": round(sum(labels) / len(labels), 4),
                "news_prior": args.prior,
            },
        }
        SHIPPED_JUDGE.write_text(json.dumps(stored, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"weights written to {SHIPPED_JUDGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
