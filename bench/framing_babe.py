"""BABE (sentence-level media bias): the lexicon alone, and logistic regressions on MiniLM + lexicon features.

Five-fold stratified cross-validation (seed 7) on the developer part; macro-F1, accuracy, F1 of the biased class,
and words/s. Word level: the lexicon's own-wording terms against the experts' ``biased_words`` (micro P/R/F1 over
word types of biased sentences). BABE is AGPL-3.0: the models here are fitted at bench time and never saved.

    nice .venv/bin/python bench/framing_babe.py [--no-embeddings]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler

from storylens.stages.framing.lexicon import find_terms, hedge_lexicon, loaded_lexicon
from storylens.stages.framing.measure import analyse_text
from storylens.text.words import words

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "babe" / "sentences.jsonl"
Array = npt.NDArray[np.float64]


def lexicon_features(text: str) -> list[float]:
    """Counts by kind (own wording and quoted), hedges, and density: what the lexicon knows about a sentence."""
    found = analyse_text(text)
    count = max(len(words(text)), 1)
    kinds = [sum(1 for m in found.own if m.kind == kind) for kind in ("loaded", "label", "intensifier")]
    quoted = len(found.quoted)
    loaded = sum(kinds)
    return [*kinds, quoted, len(found.hedges), loaded / count * 100, float(loaded > 0), np.log(count)]


def _report(name: str, gold: Array, predicted: Array, words_per_second: float | None = None) -> None:
    macro = f1_score(gold, predicted, average="macro")
    biased = f1_score(gold, predicted, pos_label=1)
    speed = f"  {words_per_second:,.0f} words/s" if words_per_second else ""
    print(f"{name:<38} macro-F1 {macro:.4f}  acc {accuracy_score(gold, predicted):.4f}  F1(biased) {biased:.4f}{speed}")


def _cross_validate(features: Array, gold: Array, c: float = 1.0) -> Array:
    predicted = np.zeros_like(gold)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=7).split(features, gold):
        scaler = StandardScaler().fit(features[train])
        model = LogisticRegression(C=c, max_iter=2000).fit(scaler.transform(features[train]), gold[train])
        predicted[test] = model.predict(scaler.transform(features[test]))
    return predicted


def _cross_validate_stack(texts: list[str], dense: Array, gold: Array) -> Array:
    """TF-IDF word n-gram LR probability (out of fold inside each training fold) stacked onto dense features."""
    predicted = np.zeros_like(gold)
    folds = StratifiedKFold(5, shuffle=True, random_state=7)
    for train, test in folds.split(dense, gold):
        inner = np.zeros(len(train))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=7).split(train, gold[train]):
            inner[b] = _tfidf_proba([texts[i] for i in train[a]], gold[train[a]], [texts[i] for i in train[b]])
        outer = _tfidf_proba([texts[i] for i in train], gold[train], [texts[i] for i in test])
        train_x = np.column_stack([dense[train], inner])
        test_x = np.column_stack([dense[test], outer])
        scaler = StandardScaler().fit(train_x)
        model = LogisticRegression(C=0.05, max_iter=3000).fit(scaler.transform(train_x), gold[train])
        predicted[test] = model.predict(scaler.transform(test_x))
    return predicted


def _tfidf_proba(train: list[str], gold: Array, test: list[str]) -> Array:
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    model = LogisticRegression(C=4.0, max_iter=2000).fit(vectorizer.fit_transform(train), gold)
    proba: Array = model.predict_proba(vectorizer.transform(test))[:, 1]
    return proba


def _word_level(records: list[dict[str, object]]) -> None:
    tp = fp = fn = 0
    for record in records:
        if record["label"] != "biased":
            continue
        text = str(record["text"])
        found = analyse_text(text)
        predicted = {w for m in found.own for w, _, _ in words(text[m.start : m.end])}
        gold = {str(w).lower() for w in record["biased_words"]}  # type: ignore[attr-defined]
        tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    print(f"word level (lexicon vs biased_words)     P {p:.4f}  R {r:.4f}  F1 {2 * p * r / max(p + r, 1e-9):.4f}")


def main() -> None:
    """Print the lexicon and learned figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--cache", default="/tmp/storylens-babe-minilm.npy", help="embedding cache (outside the repo)")
    args = parser.parse_args()
    records = [json.loads(line) for line in DATA.read_text().splitlines()]
    texts = [str(r["text"]) for r in records]
    gold = np.array([1 if r["label"] == "biased" else 0 for r in records])
    total_words = sum(len(t.split()) for t in texts)
    print(f"BABE developer part: {len(texts)} sentences, {int(gold.sum())} biased")
    started = time.perf_counter()
    lexical = np.array([lexicon_features(t) for t in texts])
    lexicon_speed = total_words / (time.perf_counter() - started)
    rule = np.array([1 if find_terms(t, loaded_lexicon()) else 0 for t in texts])
    _report("lexicon rule (any loaded term)", gold, rule, lexicon_speed)
    _ = hedge_lexicon()
    _report("LR on lexicon features (CV)", gold, _cross_validate(lexical, gold))
    _word_level(records)
    if args.no_embeddings:
        return
    vectors, embed_speed = _embeddings(texts, total_words, Path(args.cache))
    _report("LR on MiniLM (CV)", gold, _cross_validate(vectors, gold, 0.05))
    dense = np.column_stack([vectors, lexical])
    _report("LR on MiniLM + lexicon (CV)", gold, _cross_validate(dense, gold, 0.05), embed_speed)
    _report("LR on MiniLM + lexicon + tf-idf LR (CV)", gold, _cross_validate_stack(texts, dense, gold))


def _embeddings(texts: list[str], total_words: int, cache: Path) -> tuple[Array, float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    started = time.perf_counter()
    sample = embedder.encode(texts[:256])  # timed on a sample so the figure does not depend on the cache
    speed = sum(len(t.split()) for t in texts[:256]) / (time.perf_counter() - started)
    if cache.is_file():
        vectors: Array = np.load(cache)
    else:
        vectors = np.asarray(embedder.encode(texts), dtype=np.float64)
        np.save(cache, vectors)
    del sample, total_words
    return vectors, speed


if __name__ == "__main__":
    main()
