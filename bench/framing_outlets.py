"""Outlet ranking against distance from the centre: does the outlet score rank the partisan outlets above the centre?

Two sets of one story told by outlets of known leaning, each split TUNE/REPORT by xxh64 of the story id
(``% 10 < 6``: TUNE):
- BASIL (``../shared/datasets/basil``): 60 events, each told by Fox News, the New York Times and HuffPost (full
  articles); distance from the centre: NYT 0, Fox 1, HuffPost 1.
- NeuS (``../shared/datasets/neus``): the records whose three leads carry the three AllSides sides; distance:
  center 0, left 1, right 1. Leads are 1-3 sentences, so per-sentence scores are coarse there.

Per story, the Spearman correlation between an outlet score and the distance (a story where the score ties every
outlet counts 0), averaged; and how often the centre outlet is strictly the least scored (chance 1/3). Scores:
- baseline: lexicon density (loaded-lexicon terms per 100 own words, the issue-7 score);
- lexicon rule alone: loaded sentences per 100 own sentences before word choices are counted;
- shipped judge alone: the same with the default sentence judge (fitted on our invented set, or ``--judge PATH``);
- either + judging word choices: loaded sentences per 100 as ``analyze`` reports it, a sentence also counting as
  loaded when it holds a judging word choice (``count_choices``: ``find_choices`` with the MiniLM embedder, as
  ``analyze`` runs it); "shipped judge + judging word choices" is what ``analyze`` now reports;
- gold (BASIL only): own sentences holding a BASIL lexical-bias span, per 100 own sentences: what a perfect
  lexical-bias judge would score, i.e. how far BASIL's own annotation follows distance from the centre.

    nice .venv/bin/python bench/framing_outlets.py [--set basil|neus|both] [--judge PATH] [--no-choices]
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import xxhash
from scipy.stats import spearmanr

from storylens.model import Article, Framing
from storylens.stages.framing.choices import count_choices, find_choices
from storylens.stages.framing.measure import FramingOptions, _own_sentences, loaded_density, measure_framing
from storylens.text.quotations import quotation_spans

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
# id, articles, distance from the centre, per article the gold lexical-bias spans (BASIL) or None
Story = tuple[str, list[Article], list[int], list[list[tuple[int, int]]] | None]


def is_tune(key: str) -> bool:
    """The fixed split: six in ten stories (by xxh64 of the story id) are TUNE."""
    return xxhash.xxh64_intdigest(key.encode()) % 10 < 6


def basil() -> list[Story]:
    """BASIL events: Fox, NYT, HuffPost; the NYT is the centre."""
    stories: list[Story] = []
    for line in (DATASETS / "basil" / "events.jsonl").read_text().splitlines():
        event = json.loads(line)
        items = event["articles"]
        articles = [Article(id=a["id"], text=a["text"], source=a["outlet"]) for a in items]
        gold = [
            [(s["start"], s["end"]) for s in a["spans"] if s["field"] == "text" and s["kind"] == "lexical"]
            for a in items
        ]
        stories.append((event["event_id"], articles, [0 if a["outlet"] == "nyt" else 1 for a in items], gold))
    return stories


def neus() -> list[Story]:
    """NeuS records with all three AllSides sides; the center lead is the centre."""
    stories: list[Story] = []
    for line in (DATASETS / "neus" / "records.jsonl").read_text().splitlines():
        record = json.loads(line)
        if not record["sides_complete"]:
            continue
        items = record["articles"]
        articles = [Article(id=f"{record['id']}-{a['side']}", text=a["text"], source=a["side"]) for a in items]
        stories.append((record["id"], articles, [0 if a["side"] == "center" else 1 for a in items], None))
    return stories


def _gold_rate(article: Article, spans: Sequence[tuple[int, int]], options: FramingOptions) -> float:
    """Own sentences holding a gold lexical-bias span, per 100 own sentences (the same sentences the judge sees)."""
    own = _own_sentences(article.text, quotation_spans(article.text), options)
    hits = sum(1 for start, end in own if any(s < end and start < e for s, e in spans))
    return 100 * hits / max(len(own), 1)


def _scores(story: Story, options: FramingOptions, embedder: Any) -> dict[str, list[float]]:
    _, articles, _, gold = story
    lexicon = [measure_framing(article, [], replace(options, judge="lexicon")) for article in articles]
    judged = [measure_framing(article, [], options) for article in articles]
    name = judged[0].judge if judged else options.judge
    table = {
        "baseline: lexicon density": [loaded_density(a.text) for a in articles],
        "lexicon rule alone: loaded sent. per 100": [f.loaded_per_100 for f in lexicon],
        f"{name} judge alone: loaded sent. per 100": [f.loaded_per_100 for f in judged],
    }
    if embedder is not None:
        from storylens.nlp import parse

        docs = dict(zip([a.id for a in articles], parse([a.text for a in articles]), strict=True))
        choices = find_choices(articles, docs, embedder)  # as `analyze` runs it
        for label, framings in (("lexicon rule", lexicon), (f"{name} judge", judged)):
            counted: list[Framing] = [
                count_choices(f, a.text, choices.get(a.id, ())) for a, f in zip(articles, framings, strict=True)
            ]
            table[f"{label} + judging word choices"] = [f.loaded_per_100 for f in counted]
    if gold is not None:
        table["gold lexical bias per 100 (ceiling)"] = [
            _gold_rate(a, spans, options) for a, spans in zip(articles, gold, strict=True)
        ]
    return table


def _agreement(values: Sequence[float], distance: Sequence[int]) -> tuple[float, bool]:
    if len(set(values)) < 2:
        return 0.0, False
    rho = float(spearmanr(values, distance)[0])
    centre = list(distance).index(0)
    return rho, all(values[centre] < v for i, v in enumerate(values) if i != centre)


def report(name: str, stories: list[Story], options: FramingOptions, embedder: Any) -> None:
    """Print, per part, each score's mean per-story Spearman and how often the centre is least."""
    for part in ("TUNE", "REPORT"):
        chosen = [s for s in stories if is_tune(s[0]) == (part == "TUNE")]
        results: dict[str, list[tuple[float, bool]]] = {}
        for story in chosen:
            for score, values in _scores(story, options, embedder).items():
                results.setdefault(score, []).append(_agreement(values, story[2]))
        print(f"{name} {part}: {len(chosen)} stories", flush=True)
        for score, rows in results.items():
            rho = np.mean([r for r, _ in rows])
            least = sum(1 for _, c in rows if c)
            print(f"  {score:<42} Spearman {rho:+.3f}   centre strictly least {least}/{len(rows)}", flush=True)


def main() -> None:
    """Print TUNE and REPORT figures for the chosen sets."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=("basil", "neus", "both"), default="both")
    parser.add_argument("--judge", default="", help="weights from `storylens framing fit` (default: the shipped judge)")
    parser.add_argument("--no-choices", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from storylens.nlp import load_embedder

    embedder = None if args.no_choices else load_embedder()
    options = FramingOptions(model_path=args.judge, judge="shipped")  # the lexicon rule (the default) has its rows
    if args.set in ("basil", "both"):
        report("BASIL", basil(), options, embedder)
    if args.set in ("neus", "both"):
        report("NeuS", neus(), options, embedder)


if __name__ == "__main__":
    main()
