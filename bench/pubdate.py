"""Publication dates of HTML pages on ../shared/datasets/htmldate-mediacloud: same-day accuracy, TUNE and REPORT.

Usage::

    HF_HUB_OFFLINE=1 nice .venv/bin/python bench/pubdate.py [--data DIR] [--limit N] [--show tune]

Pages are split into TUNE and REPORT halves by the xxh64 hash of their id (even = TUNE). Three readers run on the
same pages: storylens (``clean_document`` on the page with its URL, then ``published``, as users get it),
htmldate alone (``find_date(html, url=..., original_date=True, extensive_search=True)``, the dataset's anchor) and
trafilatura's metadata (``extract_metadata(html, default_url=...).date``). ``--show tune`` prints storylens's
misses on TUNE with the date source (errors are only ever looked at on TUNE). A page storylens rejects (no article
text) counts as a miss; the accuracy on the pages it keeps is printed beside.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import xxhash

from storylens.model import Article, RawDocument
from storylens.stages.clean.document import clean_document

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "htmldate-mediacloud"


def half(record_id: str) -> str:
    """Return the split of a record: TUNE or REPORT, by the parity of the xxh64 of its id."""
    return "TUNE" if xxhash.xxh64_intdigest(record_id.encode("utf-8")) % 2 == 0 else "REPORT"


def _storylens(html: str, url: str, record_id: str) -> tuple[str | None, str]:
    result = clean_document(RawDocument(id=record_id, origin=record_id, content=html, kind="html", url=url))
    if not isinstance(result, Article):
        return None, "rejected"
    return result.published, result.date_source or "-"


def _htmldate(html: str, url: str, record_id: str) -> tuple[str | None, str]:
    from htmldate import find_date

    return find_date(html, url=url, original_date=True, extensive_search=True), "htmldate"


def _trafilatura(html: str, url: str, record_id: str) -> tuple[str | None, str]:
    from trafilatura import extract_metadata

    meta = extract_metadata(html, default_url=url)
    return (meta.date if meta is not None else None), "trafilatura"


READERS: dict[str, Callable[[str, str, str], tuple[str | None, str]]] = {
    "storylens": _storylens,
    "htmldate": _htmldate,
    "trafilatura": _trafilatura,
}


def main() -> int:
    """Run the readers and print same-day accuracy per half."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATASET)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show", choices=("tune",), default=None, help="print storylens's misses on TUNE")
    args = parser.parse_args()
    gold_path = args.data / "gold.jsonl"
    if not gold_path.is_file():
        print(f"no dataset at {args.data}", file=sys.stderr)
        return 1
    records = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = records[: args.limit] if args.limit else records
    right: Counter[tuple[str, str]] = Counter()
    sizes = Counter(half(record["id"]) for record in records)
    sources: Counter[str] = Counter()
    by_split: Counter[str] = Counter()
    versus: Counter[str] = Counter()  # pages one of storylens and htmldate gets and the other misses, per half
    for record in records:
        html = gzip.decompress((args.data / record["file"]).read_bytes()).decode("utf-8", "replace")
        split = half(record["id"])
        outcome: dict[str, bool] = {}
        for name, reader in READERS.items():
            found, source = reader(html, record["url"], record["id"])
            correct = (found or "")[:10] == record["date"]
            right[(name, split)] += correct
            outcome[name] = correct
            if name == "storylens":
                sources[f"{source} {'right' if correct else 'wrong'}"] += 1
                by_split[f"{split} {source} {'right' if correct else 'wrong'}"] += 1
                if args.show and split == "TUNE" and not correct:
                    print(f"MISS {record['id']} gold {record['date']} got {found} via {source}  {record['url']}")
        if outcome["storylens"] != outcome["htmldate"]:
            versus[f"{split} {'storylens' if outcome['storylens'] else 'htmldate'}"] += 1
    print(f"pages {len(records)}  TUNE {sizes['TUNE']}  REPORT {sizes['REPORT']}  (same-day accuracy)")
    for name in READERS:
        figures = [right[(name, split)] / sizes[split] if sizes[split] else 0.0 for split in ("REPORT", "TUNE")]
        total = (right[(name, "REPORT")] + right[(name, "TUNE")]) / max(len(records), 1)
        print(f"{name:12s} REPORT {figures[0]:.3f}  TUNE {figures[1]:.3f}  all {total:.3f}")
    for split in ("REPORT", "TUNE"):
        print(
            f"{split}: pages only storylens dates right {versus[f'{split} storylens']}, "
            f"pages only htmldate dates right {versus[f'{split} htmldate']}"
        )
    kept = len(records) - sources["rejected wrong"]
    kept_right = sum(count for key, count in sources.items() if key.endswith(" right"))
    print(f"storylens on the {kept} pages it keeps as articles (the rest have no article): {kept_right / kept:.3f}")
    for split in ("REPORT", "TUNE"):
        counts = sorted((key.split(" ", 1)[1], n) for key, n in by_split.items() if key.startswith(split))
        print(f"storylens date sources, {split}: " + ", ".join(f"{key} {n}" for key, n in counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
