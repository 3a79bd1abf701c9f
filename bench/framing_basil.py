"""BASIL: sentence-level lexical bias and the outlet score, on TUNE and REPORT events (xxh64(event id) % 10 < 6: TUNE).

Sentences come from the storylens splitter over each article's text; a sentence is gold-positive when a BASIL
*lexical* span overlaps it. Predictors, each P/R/F1 of the positive class:
- lexicon: the lexicon rule (the sentence's own wording holds a loaded-lexicon term), the default until issue 22's
  second round;
- shipped: the default sentence judge, fitted on our invented set (``bench/framing_train.py``);
- choices: the sentence holds a word choice against the other two outlets (``find_choices`` with the MiniLM
  embedder, as ``analyze`` runs it: label, saying, modifier, hedge, scare quote), no labelled data at all;
- shipped+choices: the shipped judge or a word choice;
- lexicon+judging: the lexicon rule plus sentences holding a *judging* word choice (``count_choices``: the outlet's
  words more polar or more loaded than every other outlet's there), what ``analyze`` reported before;
- analyze: what ``analyze`` reports now, the shipped judge plus sentences holding a judging word choice;
- fitted (``--judge PATH``, e.g. from ``bench/framing_judge.py --save``): the BABE-fitted judge;
- baseline: every sentence positive.
Outlet score: per event, the Spearman correlation between each outlet's loaded sentences per 100 (shipped judge) and
its gold lexical-bias sentences per 100, averaged over events; and how often the outlet with the most gold
lexical-bias sentences is also ranked most loaded (chance 1/3).

    nice .venv/bin/python bench/framing_basil.py [--judge /tmp/babe-judge.json] [--no-choices]
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
from scipy.stats import spearmanr
from sklearn.metrics import precision_recall_fscore_support

from storylens.model import Article
from storylens.stages.framing.choices import count_choices, find_choices
from storylens.stages.framing.measure import FramingOptions, measure_framing

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "basil" / "events.jsonl"


def is_tune(key: str) -> bool:
    """The fixed split: six in ten events (by xxh64 of the event id) are TUNE."""
    return xxhash.xxh64_intdigest(key.encode()) % 10 < 6


def _gold(article: dict[str, Any], start: int, end: int) -> int:
    spans = article["spans"]
    return int(
        any(s["field"] == "text" and s["kind"] == "lexical" and s["start"] < end and start < s["end"] for s in spans)
    )


def _event(
    event: dict[str, Any], options: FramingOptions, fitted: FramingOptions | None, with_choices: bool
) -> dict[str, Any]:
    lexicon = replace(options, judge="lexicon")
    articles = [Article(id=a["id"], text=a["text"], source=a["outlet"]) for a in event["articles"]]
    choices: dict[str, Any] = {}
    if with_choices:
        from storylens.nlp import parse

        docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
        from storylens.nlp import load_embedder

        choices = find_choices(articles, docs, load_embedder())  # as `analyze` does
    rows: dict[str, list[int]] = {
        "gold": [],
        "lexicon": [],
        "shipped": [],
        "choices": [],
        "lexicon+judging": [],
        "shipped+choices": [],
        "analyze": [],
        "fitted": [],
    }
    rates: list[tuple[float, float]] = []
    for raw, article in zip(event["articles"], articles, strict=True):
        framing = measure_framing(article, [], options)
        loaded = {(s.start, s.end) for s in framing.loaded_sentences}
        counted = count_choices(framing, article.text, choices.get(article.id, ()))
        analyzed = {(s.start, s.end) for s in counted.loaded_sentences}
        by_rule = measure_framing(article, [], lexicon)
        ruled = {(s.start, s.end) for s in by_rule.loaded_sentences}
        ruled_counted = count_choices(by_rule, article.text, choices.get(article.id, ()))
        rows["lexicon"] += [int(span in ruled) for span in _sentences(article, options)]
        rows["lexicon+judging"] += [
            int((s, e) in {(x.start, x.end) for x in ruled_counted.loaded_sentences})
            for s, e in _sentences(article, options)
        ]
        judged = {(s.start, s.end) for s in measure_framing(article, [], fitted).loaded_sentences} if fitted else set()
        spans = _sentences(article, options)
        marks = [c.start for c in choices.get(article.id, ()) if c.kind != "verb"]
        gold = [_gold(raw, start, end) for start, end in spans]
        rows["gold"] += gold
        rows["shipped"] += [int(span in loaded) for span in spans]
        rows["fitted"] += [int(span in judged) for span in spans]
        rows["analyze"] += [int(span in analyzed) for span in spans]
        rows["choices"] += [int(any(start <= m < end for m in marks)) for start, end in spans]
        rows["shipped+choices"] += (
            [max(a, b) for a, b in zip(rows["shipped"][-len(spans) :], rows["choices"][-len(spans) :], strict=True)]
            if spans
            else []
        )
        rates.append((framing.loaded_per_100, 100 * sum(gold) / max(len(gold), 1)))
    return {"rows": rows, "rates": rates, "outlets": [a["outlet"] for a in event["articles"]]}


def _sentences(article: Article, options: FramingOptions) -> list[tuple[int, int]]:
    from storylens.stages.framing.measure import _own_sentences
    from storylens.text.quotations import quotation_spans

    return _own_sentences(article.text, quotation_spans(article.text), options)


def _nyt_below_top(result: dict[str, Any], column: int) -> bool:
    """Whether an extreme outlet (Fox or HuffPost) is strictly more loaded than the NYT (ties: no)."""
    values = [rate[column] for rate in result["rates"]]
    return max(values) > values[result["outlets"].index("nyt")]


def _print(part: str, results: list[dict[str, Any]], fitted: bool) -> None:
    gold = [g for r in results for g in r["rows"]["gold"]]
    print(f"{part}: {len(results)} events, {len(gold)} own sentences, {sum(gold)} with lexical bias")
    names = [
        "lexicon",
        "shipped",
        "choices",
        "shipped+choices",
        "lexicon+judging",
        "analyze",
        *(["fitted"] if fitted else []),
    ]
    for name in names:
        predicted = [p for r in results for p in r["rows"][name]]
        if not any(predicted):
            print(f"  {name:<9} nothing predicted")
            continue
        p, rec, f, _ = precision_recall_fscore_support(gold, predicted, average="binary", zero_division=0)
        print(f"  {name:<15} P {p:.4f}  R {rec:.4f}  F1 {f:.4f}")
    print(f"  all-positive baseline F1 {2 * sum(gold) / (len(gold) + sum(gold)):.4f}")
    correlations = [spearmanr(*zip(*r["rates"], strict=True))[0] for r in results]
    valid = [c for c in correlations if not np.isnan(c)]
    top = sum(
        1 for r in results if int(np.argmax([a for a, _ in r["rates"]])) == int(np.argmax([b for _, b in r["rates"]]))
    )
    extreme = sum(1 for r in results if _nyt_below_top(r, 0))
    gold_extreme = sum(1 for r in results if _nyt_below_top(r, 1))
    print(
        f"  most loaded outlet is Fox or HuffPost (strictly above the NYT) in {extreme}/{len(results)} events "
        f"(gold lexical bias: {gold_extreme}/{len(results)}; chance 2/3)"
    )
    print(
        f"  outlet score: mean per-event Spearman vs gold {np.mean(valid):.3f} ({len(valid)} events); "
        f"most loaded = most gold-biased in {top}/{len(results)} (chance 1/3)"
    )


def main() -> None:
    """Print TUNE and REPORT figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", help="weights from bench/framing_judge.py --save (outside the repository)")
    parser.add_argument("--no-choices", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    events = [json.loads(line) for line in DATA.read_text().splitlines()]
    options = FramingOptions(judge="shipped")  # the model; the lexicon rule (the default) is its own row
    fitted = FramingOptions(model_path=args.judge) if args.judge else None
    for part in ("TUNE", "REPORT"):
        chosen = [e for e in events if is_tune(e["event_id"]) == (part == "TUNE")]
        _print(part, [_event(e, options, fitted, not args.no_choices) for e in chosen], fitted is not None)


if __name__ == "__main__":
    main()
