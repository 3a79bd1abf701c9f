"""Full reuse stage (pair selection + alignment + classification) articles/s, and the seed pairs it reports.

Articles are the five seeds (cleaned by the clean stage) plus documents built from the shared corpora: each story
cluster of Multi-News records (several outlets' articles on one event, so independent coverage of the same story)
and, for each, a generated light rewrite of its first article. Timing covers ``find_reuse`` only (embedding the
sentences included, model load excluded), with the embedder (all-MiniLM-L6-v2) and lexical-only.

    HF_HUB_OFFLINE=1 nice .venv/bin/python bench/reuse_stage.py [--clusters 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuse_candidates import rewrite
from storylens.model import Article, RawDocument
from storylens.stages.clean.document import clean_document
from storylens.stages.reuse.find import ReuseOptions, find_reuse

SHARED = Path(__file__).resolve().parents[2] / "shared"


def seeds() -> list[Article]:
    """The five seed articles, dated, through the clean stage."""
    dates = {}
    dated = SHARED / "seeds-dated" / "seeds.jsonl"
    if dated.is_file():
        dates = {row["id"]: row["published"] for row in map(json.loads, dated.read_text().splitlines())}
    found = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        raw = RawDocument(id=path.stem, origin=str(path), content=path.read_text(), published=dates.get(path.stem))
        article = clean_document(raw)
        if isinstance(article, Article):
            found.append(article)
    return found


def clusters(count: int) -> tuple[list[Article], set[tuple[str, str]]]:
    """Multi-News clusters (independent coverage) plus one injected light rewrite per cluster."""
    rng = random.Random(7)
    articles, truth = [], set()
    lines = (SHARED / "datasets" / "multinews-longbench" / "records.jsonl").read_text().splitlines()[:count]
    vocabulary = ["report", "official", "city", "week", "people", "said", "group", "plan"]
    for number, line in enumerate(lines):
        documents = json.loads(line)["documents"]
        for index, text in enumerate(documents):
            articles.append(Article(id=f"m{number:02d}-{index}", text=text))
        articles.append(Article(id=f"m{number:02d}-r", text=rewrite(documents[0], rng, vocabulary)))
        truth.add((f"m{number:02d}-0", f"m{number:02d}-r"))
    return articles, truth


def main() -> None:
    """Print the seed pairs, then articles/s with and without the embedder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clusters", type=int, default=10)
    args = parser.parse_args()
    from storylens.nlp import load_embedder

    embedder = load_embedder()
    for reuse in find_reuse(seeds(), embedder, ReuseOptions()):
        print(
            f"seeds: {reuse.a} {reuse.b} {reuse.kind} score {reuse.score} origin {reuse.origin} "
            f"passages {len(reuse.passages)}"
        )
    articles, truth = clusters(args.clusters)
    for name, model in (("lexical", None), ("embeddings", embedder)):
        started, cpu = time.perf_counter(), time.process_time()
        found = find_reuse(articles, model, ReuseOptions())
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        pairs = {(r.a, r.b): r.kind for r in found}
        hits = sum(1 for pair in truth if pairs.get(pair) in ("rewrite", "duplicate"))
        derived = sum(1 for pair, kind in pairs.items() if kind == "rewrite" and pair not in truth)
        print(
            f"{name:10s} {len(articles)} articles ({len(articles) * (len(articles) - 1) // 2} pairs): "
            f"{len(articles) / wall:.1f} articles/s wall, {len(articles) / cpu:.1f} CPU; injected rewrites found "
            f"{hits}/{len(truth)}; other pairs called rewrite {derived}; "
            f"shared_passages {list(pairs.values()).count('shared_passages')}"
        )


if __name__ == "__main__":
    main()
