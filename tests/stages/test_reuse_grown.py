"""Reuse over a grown corpus: pairs judged in a first call are taken, not judged again, and the result is the
full recomputation's (invented texts; the seeds too when ../shared is present)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
import xxhash
from reuse_texts import COPY, FLOOD_A, FLOOD_B, ORIGINAL, REWRITE, UNRELATED
from test_reuse import seed_articles

from storylens.model import Article
from storylens.nlp.embeddings import Embedder, Vectors
from storylens.stages.reuse.find import ReuseOptions, find_reuse, find_reuse_grown, judge_reuse

_SHORT = ORIGINAL.split("Local shop owners")[0]
_REWRITE_CUT = REWRITE.rsplit("Shopkeepers", 1)[0]
NEW = [
    Article("copy", COPY, published="2026-03-03"),
    Article("rewr", REWRITE),
    Article("flb", FLOOD_B, published="2026-03-10"),
    Article("zunrel", UNRELATED),
    Article("rewr2", _REWRITE_CUT, published="2026-03-01"),
]
EARLIER = [
    Article("orig", ORIGINAL, published="2026-03-02"),
    Article("short", _SHORT),
    Article("fla", FLOOD_A, published="2026-03-09"),
]


class _WordEmbedder:
    """A deterministic stand-in for MiniLM: hashed bags of words, L2-normalised."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                rows[row, xxhash.xxh3_64_intdigest(word.encode()) % 64] += 1.0
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
        return rows


def _grown(options: ReuseOptions, embedder: Embedder | None = None) -> tuple[int, int]:
    """Assert the grown result equals the full one; return (pairs judged grown, pairs judged in full)."""
    corpus = [*EARLIER, *NEW]
    known = judge_reuse(NEW, embedder, options)
    full = judge_reuse(corpus, embedder, options)
    assert find_reuse_grown(corpus, embedder, options, known) == find_reuse(corpus, embedder, options)
    assert full.reuse() == find_reuse(corpus, embedder, options)
    grown = judge_reuse(corpus, embedder, options, known=[known])
    assert grown.reuse() == full.reuse() and grown.found == full.found
    return grown.compared, full.compared


def test_every_pair_policy() -> None:
    found = find_reuse([*EARLIER, *NEW], None, ReuseOptions())
    kinds = {(r.a, r.b): r.kind for r in found}
    assert kinds[("copy", "orig")] == "duplicate" and ("orig", "rewr") in kinds  # a family new and earlier join
    assert any(r.origin is not None for r in found)
    grown, full = _grown(ReuseOptions())
    assert (grown, full) == (28 - 10, 28)  # the ten pairs among the five new articles are not judged again


def test_lsh_policy_for_both_calls() -> None:
    grown, full = _grown(ReuseOptions(all_pairs_limit=3))
    assert grown < full


def test_every_pair_first_then_lsh_over_the_grown_corpus() -> None:
    # the first call compared all its pairs; the grown corpus is above the limit, so only LSH pairs count
    grown, full = _grown(ReuseOptions(all_pairs_limit=6))
    assert grown < full


def test_with_an_embedder() -> None:
    grown, full = _grown(ReuseOptions(), _WordEmbedder())
    assert grown < full


def test_lsh_judgement_does_not_cover_an_every_pair_corpus() -> None:
    options = ReuseOptions(all_pairs_limit=3)
    known = judge_reuse(NEW[:4], None, options)
    assert not known.all_pairs
    again = judge_reuse(NEW[:3], None, options, known=[known])
    assert again.compared == 3 and again.reuse() == find_reuse(NEW[:3], None, options)


def test_known_under_other_settings_is_refused() -> None:
    known = judge_reuse(NEW, None, ReuseOptions())
    with pytest.raises(ValueError):
        judge_reuse([*EARLIER, *NEW], None, ReuseOptions(shingle=4), known=[known])
    with pytest.raises(ValueError):
        judge_reuse([*EARLIER, *NEW], _WordEmbedder(), ReuseOptions(), known=[known])


@pytest.mark.slow
def test_seeds_grown_with_embeddings(seeds_dir: Path) -> None:
    from storylens.nlp import load_embedder

    articles, embedder, options = seed_articles(seeds_dir), load_embedder(), ReuseOptions()
    known = judge_reuse(articles[1:], embedder, options)  # the first seed was stored by an earlier run
    grown = judge_reuse(articles, embedder, options, known=[known])
    assert grown.reuse() == find_reuse(articles, embedder, options)
    assert grown.compared == len(articles) - 1
