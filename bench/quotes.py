"""Quotations on PolNeAR (political news with source/cue/content spans): quote P/R/F1 and speaker accuracy.

Usage: ``python bench/quotes.py [--data ../shared/datasets/polnear] [--limit N] [--split dev|train|all]``.

Scoring (GenderGapTracker-style, lenient span overlap, at thresholds 0.3 and 0.8):

* recall: gold attributions with ``quote_type == "direct"``; one is found when the predicted quotations
  overlapping it cover at least ``t`` of its characters (quote marks stripped, fragments of a split quote
  counted separately so the interrupting "he said" is not required);
* precision: a predicted quotation is right when at least ``t`` of its characters lie in the content of a
  gold attribution that carries quote marks (``is_direct``: direct, or a partial quotation inside indirect
  speech, which we extract too);
* speaker accuracy: over found gold quotations with a gold source, the best-overlapping prediction's speaker
  is right when its span as written, or the name it resolves to, overlaps the gold source span, or shares a
  capitalised word with the gold source text.

Also spaCy words/s (parse only) and quotes/s (extraction after parsing).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storylens.model import Article
from storylens.nlp import parse
from storylens.stages.quotes.attribution import Attribution
from storylens.stages.quotes.extract import QuoteOptions, attributions

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear"
_MARKS = '"“”„«» \n\t'


@dataclass
class Tally:
    """Counts for one threshold."""

    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    speakers: int = 0
    speakers_right: int = 0

    def line(self, name: str) -> str:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.speakers_right / self.speakers if self.speakers else 0.0
        return (
            f"{name}: P {p:.3f} ({self.correct}/{self.predicted})  R {r:.3f} ({self.found}/{self.gold})  "
            f"F1 {f:.3f}  speaker acc {acc:.3f} ({self.speakers_right}/{self.speakers})"
        )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _MARKS:
        start += 1
    while end > start and text[end - 1] in _MARKS + ",.":
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _records(path: Path, split: str, limit: int) -> Iterator[dict[str, Any]]:
    count = 0
    with (path / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if split != "all" and record["split"] != split:
                continue
            yield record
            count += 1
            if count >= limit:
                return


def _speaker_right(item: Attribution, gold: dict[str, Any]) -> bool:
    sources = [tuple(span) for span in gold["source_spans"]]
    for speaker in (item.written, item.speaker):
        if speaker is not None and any(_overlap((speaker.start, speaker.end), s) for s in sources):
            return True
    if item.speaker is None:
        return False
    names = {word for word in item.speaker.text.split() if word[:1].isupper()}
    gold_words = set(gold["source_text"].replace("’s", "").replace("'s", "").split())
    return bool(names & gold_words)


def score(text: str, found: list[Attribution], golds: list[dict[str, Any]], threshold: float, tally: Tally) -> None:
    """Add one article's predictions and gold attributions to ``tally``."""
    quoted = [g for g in golds if g["is_direct"]]
    for item in found:
        span = (item.span.start, item.span.end)
        inside = max((_overlap(span, tuple(g["content"])) for g in quoted), default=0)
        tally.predicted += 1
        tally.correct += inside >= threshold * (span[1] - span[0])
    for gold in (g for g in golds if g["quote_type"] == "direct"):
        fragments = [_strip(text, s, e) for s, e in gold["content_spans"]]
        size = sum(e - s for s, e in fragments) or 1
        covered = sum(_overlap(f, (i.span.start, i.span.end)) for f in fragments for i in found)
        tally.gold += 1
        if covered < threshold * size:
            continue
        tally.found += 1
        if gold["source"] is None:
            continue
        best = max(found, key=lambda i: sum(_overlap(f, (i.span.start, i.span.end)) for f in fragments))
        tally.speakers += 1
        tally.speakers_right += _speaker_right(best, gold)


def main() -> None:
    """Parse, extract and score; print the figures."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--split", default="all")
    parser.add_argument("--limit", type=int, default=10_000)
    parser.add_argument("--show", type=int, default=0, help="print N missed gold quotations")
    args = parser.parse_args()
    records = list(_records(args.data, args.split, args.limit))
    texts = [record["text"] for record in records]
    began = time.perf_counter()
    docs = parse(texts)
    parse_seconds = time.perf_counter() - began
    options = QuoteOptions()
    began = time.perf_counter()
    found = [attributions(Article(r["id"], r["text"]), doc, options) for r, doc in zip(records, docs, strict=True)]
    extract_seconds = time.perf_counter() - began
    words = sum(len(text.split()) for text in texts)
    quotes = sum(len(items) for items in found)
    print(f"articles {len(records)}  words {words}  predicted quotes {quotes}")
    print(f"spaCy parse: {words / parse_seconds:,.0f} words/s ({parse_seconds:.1f} s)")
    print(f"quote extraction: {quotes / extract_seconds:,.0f} quotes/s ({extract_seconds:.1f} s, after parsing)")
    for threshold in (0.3, 0.8):
        tally = Tally()
        for record, items in zip(records, found, strict=True):
            score(record["text"], items, record["attributions"], threshold, tally)
        print(tally.line(f"overlap >= {threshold}"))
    if args.show:
        _show_misses(records, found, args.show)


def _show_misses(records: list[dict[str, Any]], found: list[list[Attribution]], limit: int) -> None:
    shown = 0
    for record, items in zip(records, found, strict=True):
        for gold in record["attributions"]:
            if gold["quote_type"] != "direct" or shown >= limit:
                continue
            tally = Tally()
            score(record["text"], items, [gold], 0.3, tally)
            if tally.found and tally.speakers == tally.speakers_right:
                continue
            best = [i for i in items if _overlap((i.span.start, i.span.end), tuple(gold["content"]))]
            said = best[0].speaker.text if best and best[0].speaker else None
            print(
                f"- {'WRONG SPEAKER' if tally.found else 'MISSED'} {gold['source_text']!r} <{gold['cue_text']}> "
                f"{gold['content_text'][:90]!r} → {said!r}"
            )
            shown += 1


if __name__ == "__main__":
    main()
