"""BABE: the sentence judge that ships (lexicon rule) and the one a user fits (``storylens framing fit``), TUNE/REPORT.

The developer part is split by id hash: ``xxh64(id) % 10 < 6`` is TUNE (look at errors here only), the rest REPORT.
The fitted judge is fitted on TUNE exactly as ``storylens framing fit`` does (C by five-fold CV, seed 7) and scored
once on REPORT; its TUNE figure is that cross-validated macro-F1. Baselines in the same run: the majority class and
TextBlob's own sentence subjectivity (>= 0.5). BABE is AGPL-3.0: the weights are fitted here and never saved in the
repository (``--save PATH`` writes them elsewhere, e.g. for the BASIL bench).

    nice .venv/bin/python bench/framing_judge.py [--save /tmp/babe-judge.json]
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np
import numpy.typing as npt
import xxhash
from sklearn.metrics import accuracy_score, f1_score

from storylens.stages.framing.fit import features, fit_features
from storylens.stages.framing.judge import lexical_features, lexicon_loaded
from storylens.stages.framing.subjectivity import word_score
from storylens.text.words import words

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "babe" / "sentences.jsonl"
Array = npt.NDArray[np.int64]


def is_tune(key: str) -> bool:
    """The fixed split: six in ten ids (by xxh64) are TUNE."""
    return xxhash.xxh64_intdigest(key.encode()) % 10 < 6


def _line(name: str, gold: Array, predicted: Array) -> str:
    macro = f1_score(gold, predicted, average="macro")
    biased = f1_score(gold, predicted, pos_label=1, zero_division=0)
    return f"macro-F1 {macro:.4f}  acc {accuracy_score(gold, predicted):.4f}  F1(biased) {biased:.4f}"


def _subjectivity(text: str) -> float:
    scores = [s.subjectivity for s in (word_score(w) for w, _, _ in words(text)) if s is not None]
    return sum(scores) / len(scores) if scores else 0.0


def main() -> None:
    """Print REPORT (and TUNE) figures for the shipped rule, baselines and the user-fitted judge."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--save", help="write the TUNE-fitted weights here (outside the repository)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    records = [json.loads(line) for line in DATA.read_text().splitlines()]
    parts = {"TUNE": [r for r in records if is_tune(r["id"])], "REPORT": [r for r in records if not is_tune(r["id"])]}
    gold = {k: np.array([int(r["label"] == "biased") for r in v]) for k, v in parts.items()}
    texts = {k: [str(r["text"]) for r in v] for k, v in parts.items()}
    for part in ("TUNE", "REPORT"):
        g, t = gold[part], texts[part]
        print(f"{part}: {len(t)} sentences, {int(g.sum())} biased")
        print(f"  majority class                 {_line('', g, np.full_like(g, int(g.mean() >= 0.5)))}")
        print(f"  TextBlob subjectivity >= 0.5   {_line('', g, np.array([int(_subjectivity(x) >= 0.5) for x in t]))}")
        print(f"  shipped: lexicon rule          {_line('', g, np.array([int(lexicon_loaded(x)) for x in t]))}")
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    tune = features(texts["TUNE"], embedder)
    result = fit_features(tune, gold["TUNE"].tolist())
    print(f"fitted on TUNE: C {result.c}, TUNE 5-fold CV macro-F1 {result.cv_macro_f1:.4f}")
    probabilities = result.judge.probabilities(texts["REPORT"], embedder)
    predicted = np.array([int(p >= result.judge.threshold) for p in probabilities])
    print(f"  REPORT user-fitted judge       {_line('', gold['REPORT'], predicted)}")
    lexical_only = np.array([lexical_features(x) for x in texts["TUNE"]])
    lexical_fit = fit_features(lexical_only, gold["TUNE"].tolist())
    print(f"  (lexical features alone: TUNE CV macro-F1 {lexical_fit.cv_macro_f1:.4f})")
    if args.save:
        Path(args.save).write_text(json.dumps(result.judge.to_dict()), encoding="utf-8")
        print(f"weights written to {args.save}")


if __name__ == "__main__":
    main()
