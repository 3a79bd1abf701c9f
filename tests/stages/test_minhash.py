"""MinHash signatures and the incremental LSH index (texts invented for the tests)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storylens.stages.reuse.minhash import (
    LSHIndex,
    MinHasher,
    MinHashScheme,
    candidate_pairs,
    estimate_jaccard,
)


def _text(seed: int, words: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(words))


@pytest.fixture(scope="module")
def hasher() -> MinHasher:
    return MinHasher(MinHashScheme())


def test_signature_estimates_jaccard(hasher: MinHasher) -> None:
    base = _text(1).split()
    other = _text(2).split()
    half = " ".join(base[:150] + other[150:])
    exact = set(hasher.shingles(" ".join(base)).tolist()) & set(hasher.shingles(half).tolist())
    union = set(hasher.shingles(" ".join(base)).tolist()) | set(hasher.shingles(half).tolist())
    signatures = hasher.signatures([" ".join(base), half, _text(3)])
    assert abs(estimate_jaccard(signatures[0], signatures[1]) - len(exact) / len(union)) < 0.15
    assert estimate_jaccard(signatures[0], signatures[2]) < 0.1


def test_signatures_are_stable_and_batch_independent(hasher: MinHasher) -> None:
    texts = [_text(seed) for seed in range(5)]
    batch = hasher.signatures(texts)
    alone = np.stack([hasher.signatures([text])[0] for text in texts])
    assert (batch == alone).all()
    assert (MinHasher(MinHashScheme()).signatures(texts) == batch).all()  # no per-process randomness
    assert not (MinHasher(MinHashScheme(seed=2)).signatures(texts) == batch).all()


def test_empty_and_short_texts(hasher: MinHasher) -> None:
    signatures = hasher.signatures(["", "one two", _text(4)])
    assert signatures.shape == (3, 128)
    assert (signatures[0] == np.iinfo(np.uint32).max).all()
    assert estimate_jaccard(signatures[1], hasher.signatures(["One, two!"])[0]) == 1.0


def test_batch_candidates_find_copies_not_strangers(hasher: MinHasher) -> None:
    texts = [_text(seed) for seed in range(20)]
    texts.append("Breaking: " + texts[3] + " Share this story.")
    pairs = candidate_pairs(hasher.band_keys(hasher.signatures(texts)))
    assert (3, 20) in pairs
    assert len(pairs) == 1


def test_index_add_query_window_and_round_trip() -> None:
    index = LSHIndex(MinHashScheme(), window=10.0)
    original = _text(7)
    index.add_texts([("a", original, 0.0), ("b", _text(8), 5.0)])
    copy = index.hasher.signatures([original + " Read more."])[0]
    assert index.query(copy) == ["a"]
    assert index.query(copy, since=1.0) == []
    index.add_texts([("c", _text(9), 20.0)])  # pushes "a" and "b" out of the window
    assert len(index) == 1 and index.query(copy) == []
    index.add_texts([("d", original, 25.0)])
    restored = LSHIndex.from_bytes(index.to_bytes())
    assert restored.query(copy) == ["d"]
    assert restored.scheme == index.scheme and restored.window == 10.0
    assert (restored.signature("d") == index.signature("d")).all()


def test_from_bytes_rejects_another_scheme() -> None:
    data = bytearray(LSHIndex().to_bytes())
    data[data.find(b"storylens-minhash")] = ord("X")
    with pytest.raises(ValueError):
        LSHIndex.from_bytes(bytes(data))


def test_remove_clears_buckets() -> None:
    index = LSHIndex()
    index.add_texts([("a", _text(11), 0.0)])
    signature = index.signature("a")
    index.remove("a")
    assert index.query(signature) == [] and "a" not in index
