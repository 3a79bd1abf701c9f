"""Temporal expressions on TempEval-3 (TimeML news): extent F1 strict/relaxed, value F1 and type F1.

Usage: ``python bench/tempeval.py [--data ../shared/datasets/tempeval3] [--show N]``. Only the developer documents
(TimeBank and AQUAINT) are read, never the platinum test set. They are split into TUNE and REPORT halves by the
parity of the xxh64 of the document id; ``--show`` prints the commonest misses on TUNE only. Each document is an
article published on its creation time (DCT; not scored) and is read as users get it: ``find_times`` gives the
report's ``times[]``, whose ``timeml`` and ``type`` are scored. The baseline beside it is the report's reader-facing
``value`` (calendar values only, as the report carried before it had ``timeml``).
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import xxhash

from storylens.model import Article, TimeExpression
from storylens.stages.temporal.times import TimeOptions, find_times

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tempeval3"


@dataclass(frozen=True)
class Gold:
    """One gold TIMEX3."""

    start: int
    end: int
    text: str
    type: str
    value: str


def read_document(path: Path) -> tuple[str, list[Gold]]:
    """Return the plain text of the TEXT element and its gold TIMEX3 spans."""
    raw = path.read_text(encoding="utf-8")
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Gold] = []
    for token in re.split(r"(<[^>]+>)", body):
        if token.startswith("<TIMEX3"):
            open_timex = (length, dict(re.findall(r'(\w+)="([^"]*)"', token)))
        elif token.startswith("</TIMEX3"):
            if open_timex is not None:
                start, attributes = open_timex
                text = "".join(pieces)[start:length]
                gold.append(Gold(start, length, text, attributes.get("type", ""), attributes.get("value", "")))
            open_timex = None
        elif not token.startswith("<"):
            plain = html.unescape(token)
            pieces.append(plain)
            length += len(plain)
    return "".join(pieces), gold


def _overlap(first: tuple[int, int], second: tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def half(doc_id: str) -> str:
    """Return the split of a document: TUNE or REPORT, by the parity of the xxh64 of its id."""
    return "TUNE" if xxhash.xxh64_intdigest(doc_id.encode("utf-8")) % 2 == 0 else "REPORT"


def predict(doc_id: str, text: str, dct: str) -> list[TimeExpression]:
    """Return the report's times for one document published on ``dct``."""
    return find_times(Article(id=doc_id, text=text, published=dct), TimeOptions())


def as_scored(times: list[TimeExpression], *, baseline: bool) -> list[Gold]:
    """The times as scored items: TimeML type and value, or (baseline) the calendar ``value``."""
    return [Gold(t.start, t.end, t.text, t.type or "", (t.value if baseline else t.timeml) or "") for t in times]


def score(counts: Counter[str], gold: list[Gold], predicted: list[Gold], misses: list[str]) -> None:
    """Add one document's counts: strict, relaxed, value and type matches."""
    counts["gold"] += len(gold)
    counts["predicted"] += len(predicted)
    gold_spans = {(item.start, item.end) for item in gold}
    counts["strict"] += sum((item.start, item.end) in gold_spans for item in predicted)
    used: set[int] = set()
    for item in predicted:
        match = next(
            (i for i, g in enumerate(gold) if i not in used and _overlap((g.start, g.end), (item.start, item.end))),
            None,
        )
        if match is None:
            misses.append(f"FP  {item.text!r} -> {item.value}")
            continue
        used.add(match)
        counts["relaxed"] += 1
        counts["value"] += item.value == gold[match].value
        counts["type"] += item.type == gold[match].type
        if item.value != gold[match].value:
            kind = bucket(item, gold[match])
            counts[f"bucket {kind}"] += 1
            misses.append(
                f"VAL [{kind}] {item.text!r} -> {item.value}  gold {gold[match].text!r} = {gold[match].value}"
            )
    misses.extend(f"FN  {g.text!r} = {g.value}" for i, g in enumerate(gold) if i not in used)


_LOOSE_WORDS = {"the", "a", "an", "early", "late", "mid", "earlier", "later", "about", "nearly", "some", "of"}
BUCKETS = (
    "missing value",
    "extent split",
    "type-value mismatch",
    "granularity wrong",
    "anchor wrong",
)


def _shape(value: str) -> str:
    """The form of a TimeML value without its digits ("1989-W43" -> "d-Wd", "P3Y" -> "PdY")."""
    return re.sub(r"\d+", "d", value)


def bucket(predicted: Gold, gold: Gold) -> str:
    """Name the mechanism of one wrong value: missing, extent split, type, granularity or anchor."""
    if not predicted.value:
        return "missing value"
    extra = set(gold.text.lower().split()) ^ set(predicted.text.lower().split())
    if extra - _LOOSE_WORDS and (predicted.start, predicted.end) != (gold.start, gold.end):
        return "extent split"  # the span holds more (or less) than a determiner or an edge word
    if predicted.type != gold.type:
        return "type-value mismatch"
    if _shape(predicted.value) != _shape(gold.value):
        return "granularity wrong"
    return "anchor wrong"


def f1(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def _print(name: str, counts: Counter[str]) -> None:
    print(f"{name}: documents {counts['documents']}  gold {counts['gold']}  predicted {counts['predicted']}")
    for figure in ("strict", "relaxed", "value", "type"):
        precision, recall, f = f1(counts[figure], counts["predicted"], counts["gold"])
        print(f"  {figure:8s} P {precision:.3f}  R {recall:.3f}  F1 {f:.3f}")


def main() -> int:
    """Run the benchmark and print the figures per half, with the calendar-value baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print this many misses (TUNE only)")
    args = parser.parse_args()
    index = args.data / "index.jsonl"
    if not index.is_file():
        print(f"no dataset at {args.data}", file=sys.stderr)
        return 1
    counts: dict[str, Counter[str]] = {name: Counter() for name in ("REPORT", "TUNE", "REPORT baseline")}
    misses: list[str] = []
    records = [json.loads(line) for line in index.read_text().splitlines() if line.strip()]
    for record in records:
        if record.get("corpus") not in ("TimeBank", "AQUAINT"):
            continue  # the developer part only, never a test document
        text, gold = read_document(args.data / record["path"])
        times = predict(record["id"], text, record["dct"][:10])
        split = half(record["id"])
        counts[split]["documents"] += 1
        score(counts[split], gold, as_scored(times, baseline=False), misses if split == "TUNE" else [])
        if split == "REPORT":
            counts["REPORT baseline"]["documents"] += 1
            score(counts["REPORT baseline"], gold, as_scored(times, baseline=True), [])
    for name, figures in counts.items():
        _print(name, figures)
    tune = counts["TUNE"]
    print("TUNE value errors by mechanism (relaxed matches with a wrong value; FP/FN beside):")
    for name in BUCKETS:
        print(f"  {name:22s} {tune[f'bucket {name}']:4d}")
    print(f"  {'spurious (FP)':22s} {tune['predicted'] - tune['relaxed']:4d}")
    print(f"  {'not found (FN)':22s} {tune['gold'] - tune['relaxed']:4d}")
    for line in Counter(misses).most_common(args.show):
        print(f"{line[1]:4d} {line[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
