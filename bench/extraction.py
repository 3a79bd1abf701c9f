"""Article-body extraction on ../shared/datasets/zyte-extraction: precision, recall, F1 and documents/s.

The metric is the benchmark's own (see that dataset's README): tokens are ``\\w+`` runs, 4-gram shingles are
counted as multisets, precision and recall are computed per page and averaged, and F1 is the harmonic mean of the
corpus precision and recall.

    HF_HUB_OFFLINE=1 nice .venv/bin/python bench/extraction.py [--mode clean|trafilatura|page] [--limit N] [--worst K]
        [--no-rescue]

``clean`` (default) is what storylens does with an HTML input: ``clean_document`` (extraction, then the
plain-text furniture cleaning). ``page`` stops after ``extract_text``; ``trafilatura`` is plain
``trafilatura.extract`` with default settings, for the anchor. ``--no-rescue`` turns off the readability + jusText
rescue of paragraphs trafilatura missed (``ExtractOptions.rescue``), to measure what it adds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storylens.model import Article, RawDocument
from storylens.stages.clean.document import CleanOptions, clean_document
from storylens.stages.clean.extract import ExtractOptions, extract_text

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "zyte-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text`` (one shingle of all tokens when there are 1-3)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float | None]:
    """Page precision and recall (None when the page does not count towards that mean)."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    if fp == 0 and fn == 0:
        return (1.0 if tp else None), (1.0 if tp else None)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def _extractor(mode: str, rescue: bool) -> Callable[[str, str], str]:
    if mode == "trafilatura":
        import trafilatura

        return lambda html, url: trafilatura.extract(html, url=url, include_comments=False) or ""
    options = CleanOptions(extract=ExtractOptions(rescue=rescue))
    if mode == "page":
        return lambda html, url: extract_text(html, url, options.extract)

    def _clean(html: str, url: str) -> str:
        result = clean_document(RawDocument(id="x", origin=url, content=html, kind="html", url=url), options)
        return result.text if isinstance(result, Article) else ""

    return _clean


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["clean", "page", "trafilatura"], default="clean")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--worst", type=int, default=0, help="list the K worst pages")
    parser.add_argument("--no-rescue", action="store_true", help="no readability + jusText rescue")
    args = parser.parse_args()
    if not DATASET.is_dir():
        print(f"dataset not found: {DATASET}", file=sys.stderr)
        return 2
    truth = json.loads((DATASET / "ground-truth.json").read_text())
    ids = sorted(truth)[: args.limit or None]
    pages = {key: gzip.decompress((DATASET / "html" / f"{key}.html.gz").read_bytes()).decode() for key in ids}
    extract = _extractor(args.mode, rescue=not args.no_rescue)
    started = time.perf_counter()
    predicted = {key: extract(pages[key], truth[key]["url"]) for key in ids}
    elapsed = time.perf_counter() - started
    scores = {key: page_scores(predicted[key], truth[key]["articleBody"]) for key in ids}
    precisions = [p for p, _ in scores.values() if p is not None]
    recalls = [r for _, r in scores.values() if r is not None]
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall)
    exact = sum(_TOKEN.findall(predicted[k]) == _TOKEN.findall(truth[k]["articleBody"]) for k in ids) / len(ids)
    print(f"mode={args.mode} rescue={not args.no_rescue} pages={len(ids)}")
    print(f"precision={precision:.4f} recall={recall:.4f} F1={f1:.4f} accuracy={exact:.3f}")
    print(f"speed={len(ids) / elapsed:.1f} documents/s ({elapsed:.1f} s)")
    for key in sorted(ids, key=lambda k: min(v or 0.0 for v in scores[k]))[: args.worst]:
        p, r = scores[key]
        print(f"  P={p or 0:.3f} R={r or 0:.3f} {key[:12]} {truth[key]['url'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
