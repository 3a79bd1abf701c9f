"""CPU growth of the reuse stage's own work (candidates, screen, alignment) from 1k to several thousand articles.

The driver runs reuse's pair selection and alignment; its CPU grew faster than the corpus (BENCHMARKS.md, Speed,
growth 1k -> 5k). This bench times ``judge_reuse`` alone on the generated story-shaped articles of
``bench/scale.py`` (fiction: invented names and events, frequent-word prose, 160 articles a day) with a stand-in
embedder: deterministic unit vectors from an xxhash of each sentence, so the embedded path (screen, second
alignment) runs and is timed without the model's cost, which the workers pay. Reports CPU seconds per size, the
growth exponent, the pairs compared and, with ``--profile``, the functions that took the most CPU at each size.

    nice .venv/bin/python bench/reuse_growth.py --sizes 1000 2000 4000 [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import math
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import xxhash

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import BASE_DAY, make_story_article
from storylens.model import Article
from storylens.stages.reuse.find import ReuseOptions, judge_reuse


class HashEmbedder:
    """Unit vectors drawn from a generator seeded by each text's xxhash: same text, same vector; no model."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit row per text."""
        rows = [np.random.default_rng(xxhash.xxh64_intdigest(text.encode())).standard_normal(384) for text in texts]
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(texts), 384)
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def articles(count: int) -> list[Article]:
    """The first ``count`` generated story-shaped articles, dated as ``bench/scale.py`` dates them."""
    import datetime

    found = []
    for number in range(count):
        title, paragraphs = make_story_article(number)
        day = BASE_DAY + datetime.timedelta(days=number // 160)
        text = title + "\n\n" + "\n\n".join(paragraphs)
        found.append(Article(id=f"a{number:06d}", text=text, title=title, published=day.isoformat()))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    parser.add_argument("--profile", action="store_true", help="print the top functions by own CPU per size")
    args = parser.parse_args()
    points = []
    for size in args.sizes:
        corpus = articles(size)
        profiler = cProfile.Profile(time.process_time) if args.profile else None
        start = time.process_time()
        if profiler:
            profiler.enable()
        judged = judge_reuse(corpus, HashEmbedder(), ReuseOptions())
        if profiler:
            profiler.disable()
        spent = time.process_time() - start
        points.append((size, spent))
        print(
            f"n={size:>6}: {spent:7.1f} CPU s, {judged.compared} pairs judged, {len(judged.found)} reusing", flush=True
        )
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
            print(out.getvalue())
    for (n0, t0), (n1, t1) in itertools.pairwise(points):
        print(f"growth {n0} -> {n1}: k = {math.log(t1 / t0) / math.log(n1 / n0):.2f}")


if __name__ == "__main__":
    main()
