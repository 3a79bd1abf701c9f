"""BASIL: sentence-level lexical vs informational bias, predicted by the framing lexicon and by cross-outlet support.

Sentences come from the storylens splitter over each article's text; a sentence is gold-positive for a kind when a
BASIL span of that kind overlaps it. Lexical: the sentence has an own-wording (unquoted) loaded term. Informational:
the sentence states something neither of the other two outlets covering the event states (no sentence with
content-word similarity >= the support threshold) — what ``compare_outlets`` calls ``only_here``.
P/R/F1 of the positive class, plus ROC AUC of the underlying scores.

    nice .venv/bin/python bench/framing_basil.py
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

from storylens.model import Article
from storylens.stages.framing.measure import FramingOptions, analyse_text, loaded_weight
from storylens.text.sentences import sentence_spans
from storylens.text.support import article_units, similarity_matrix

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "basil" / "events.jsonl"
THRESHOLD = 0.5


def _gold(article: dict[str, Any], start: int, end: int, kind: str) -> int:
    return int(
        any(
            s["field"] == "text" and s["kind"] == kind and s["start"] < end and start < s["end"]
            for s in article["spans"]
        )
    )


def _novelty(articles: list[dict[str, Any]]) -> dict[tuple[str, int], float]:
    """1 - best similarity of each sentence to any sentence of the other outlets (1: nobody else states it)."""
    units = [u for a in articles for u in article_units(Article(id=a["id"], text=a["text"]), min_words=1)]
    similarity = similarity_matrix(units)
    novelty: dict[tuple[str, int], float] = {}
    for i, unit in enumerate(units):
        others = [similarity[i, j] for j, other in enumerate(units) if other.article_id != unit.article_id]
        novelty[(unit.article_id, unit.start)] = 1.0 - float(max(others, default=0.0))
    return novelty


def _report(name: str, gold: list[int], predicted: list[int], scores: list[float]) -> None:
    p, r, f, _ = precision_recall_fscore_support(gold, predicted, average="binary", zero_division=0)
    print(
        f"{name:<14} sentences {len(gold)}  positive {sum(gold)}  P {p:.4f}  R {r:.4f}  F1 {f:.4f}  "
        f"AUC {roc_auc_score(gold, scores):.4f}  (all-positive F1 {2 * sum(gold) / (len(gold) + sum(gold)):.4f})"
    )


def main() -> None:
    """Print sentence-level P/R/F1 for both kinds of bias."""
    events = [json.loads(line) for line in DATA.read_text().splitlines()]
    gold: dict[str, list[int]] = {"lexical": [], "informational": []}
    predicted: dict[str, list[int]] = {"lexical": [], "informational": []}
    scores: dict[str, list[float]] = {"lexical": [], "informational": []}
    for event in events:
        novelty = _novelty(event["articles"])
        for article in event["articles"]:
            for start, end in sentence_spans(article["text"]):
                found = analyse_text(article["text"][start:end])
                weight = loaded_weight(found.own, FramingOptions())
                new = novelty.get((article["id"], start), 1.0)
                for kind, score, flag in (("lexical", weight, weight > 0), ("informational", new, new > 1 - THRESHOLD)):
                    gold[kind].append(_gold(article, start, end, kind))
                    predicted[kind].append(int(flag))
                    scores[kind].append(score)
    print(f"BASIL developer part: {len(events)} events")
    for kind in ("lexical", "informational"):
        _report(kind, gold[kind], predicted[kind], scores[kind])


if __name__ == "__main__":
    main()
