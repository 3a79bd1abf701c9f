"""What a model sentence judge costs inside ``analyze``: CPU of the whole run and of the framing step, cache hits.

Runs the pipeline (sequential backend, a fresh store in /tmp) over the articles of the first ``--events`` BASIL TUNE
events (``xxh64(event id) % 10 < 6``) with the chosen judge, in this process only, and prints process CPU seconds
for the whole ``analyze`` and for the framing step, and how many of the judge's sentences the pipeline's embedder
already held when framing began (encoded by earlier stages: the judge reads them from that cache since issue 22's
fourth round; before it, a worker process encoded every one of them again with its own encoder). Run once per judge,
each in a fresh process, so neither run finds the other's vectors cached:

    nice .venv/bin/python bench/framing_cost.py --judge lexicon
    nice .venv/bin/python bench/framing_cost.py --judge shipped
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import xxhash

from storylens.model import Article
from storylens.pipeline import Pipeline, PipelineOptions
from storylens.stages.framing.measure import FramingOptions, judged_texts
from storylens.store import open_store

DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "basil" / "events.jsonl"


def _articles(count: int) -> list[Article]:
    events = [json.loads(line) for line in DATA.read_text().splitlines()]
    tune = [e for e in events if xxhash.xxh64_intdigest(e["event_id"].encode()) % 10 < 6][:count]
    return [
        Article(id=a["id"], text=a["text"], source=a["outlet"], title=a["title"]) for e in tune for a in e["articles"]
    ]


def main() -> None:
    """Print the CPU of one ``analyze`` run with the chosen judge."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--judge", choices=("lexicon", "shipped"), default="shipped")
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    articles = _articles(args.events)
    framing_cpu: list[float] = []
    hits: list[tuple[int, int]] = []
    original = Pipeline._framing

    def timed(self: Pipeline, items: list[tuple[Article, list]], embedder: object) -> list:  # type: ignore[type-arg]
        texts = [t for article, quotes in items for t in judged_texts(article, quotes, self.options.framing)]
        if texts:
            hits.append((len(embedder.cached(texts)), len(set(texts))))  # type: ignore[attr-defined]
        started = time.process_time()
        result = original(self, items, embedder)  # type: ignore[arg-type]
        framing_cpu.append(time.process_time() - started)
        return result

    Pipeline._framing = timed  # type: ignore[method-assign,assignment]
    options = PipelineOptions(framing=FramingOptions(judge=args.judge))
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "cost.db")
        try:
            started = time.process_time()
            Pipeline(store, None, options).analyze(articles)
            total = time.process_time() - started
        finally:
            store.close()
    per = total / len(articles)
    print(f"judge {args.judge}: {len(articles)} articles, analyze {total:.1f} CPU s ({per:.3f} per article)")
    print(f"  framing step {framing_cpu[0]:.2f} CPU s ({framing_cpu[0] / len(articles):.3f} per article)")
    for cached, distinct in hits:
        print(f"  judge's sentences already in the embedder's cache when framing began: {cached} of {distinct}")


if __name__ == "__main__":
    main()
