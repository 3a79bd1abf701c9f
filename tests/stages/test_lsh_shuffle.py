"""LSH banding as map → shuffle → reduce on a backend: the same candidate pairs as the in-memory path, and
union-find families (texts generated for the tests)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from reuse_texts import COPY, ORIGINAL, UNRELATED

from storylens.backends import ProcessBackend, SequentialBackend
from storylens.model import Article
from storylens.stages.reuse.find import ReuseOptions, find_reuse
from storylens.stages.reuse.minhash import MinHasher, MinHashScheme, candidate_pairs
from storylens.stages.reuse.shuffle import families, reduce_partition, shuffle_candidates


def _corpus(count: int, seed: int) -> list[str]:
    """Random texts over a small vocabulary, with copies, light edits, chains of copies and empty texts."""
    rng = random.Random(seed)
    texts = [" ".join(f"w{rng.randrange(400)}" for _ in range(rng.randint(20, 120))) for _ in range(count)]
    for number in range(count // 4):
        source = texts[rng.randrange(len(texts))].split()
        if number % 3 == 0:
            source[rng.randrange(len(source))] = "edited"
        elif number % 3 == 1:
            source = source[: len(source) * 3 // 4]
        texts.append(" ".join(source))
    texts += ["", "", "", "only"]
    rng.shuffle(texts)
    return texts


def _in_memory(texts: list[str], scheme: MinHashScheme) -> list[tuple[int, int]]:
    hasher = MinHasher(scheme)
    return sorted(candidate_pairs(hasher.band_keys(hasher.signatures(texts))))


@pytest.mark.parametrize(("partitions", "chunk"), [(1, 1000), (3, 7), (16, 50), (64, 1)])
def test_shuffle_gives_the_in_memory_pairs(partitions: int, chunk: int) -> None:
    texts = _corpus(240, seed=partitions)
    scheme = MinHashScheme()
    expected = _in_memory(texts, scheme)
    found = shuffle_candidates(texts, scheme, SequentialBackend(), partitions=partitions, chunk=chunk)
    assert len(expected) > 60  # copies, edits and the empty texts all pair
    assert found.pair_list() == expected


def test_shuffle_under_another_scheme() -> None:
    texts = _corpus(150, seed=9)
    scheme = MinHashScheme(num_perm=64, bands=16, shingle=2, seed=5)
    assert shuffle_candidates(texts, scheme, SequentialBackend(), 5, 40).pair_list() == _in_memory(texts, scheme)


@pytest.mark.slow  # starts worker processes
def test_shuffle_on_worker_processes() -> None:
    texts = _corpus(200, seed=3)
    backend = ProcessBackend(2)
    try:
        found = shuffle_candidates(texts, MinHashScheme(), backend, partitions=4, chunk=60)
    finally:
        backend.close()
    assert found.pair_list() == _in_memory(texts, MinHashScheme())


def test_empty_and_single() -> None:
    for texts in ([], ["one text only"]):
        found = shuffle_candidates(texts, MinHashScheme(), SequentialBackend())
        assert found.pair_list() == [] and len(found.families) == len(texts)
    with pytest.raises(ValueError):
        shuffle_candidates(["a"], MinHashScheme(), SequentialBackend(), partitions=0)


def test_reduce_groups_by_band_and_key() -> None:
    # the same key in two different bands is not a shared bucket; three articles in one bucket give three pairs
    records = np.array([[5, 0, 1], [5, 1, 2], [7, 2, 0], [7, 2, 3], [7, 2, 4], [9, 0, 3]], dtype=np.uint64)
    codes = reduce_partition(records, count=10)
    assert codes.tolist() == [3, 4, 34]


def test_families_are_connected_components() -> None:
    pairs = np.array([[0, 3], [3, 5], [1, 2], [6, 7], [5, 7]], dtype=np.int64)
    assert families(9, pairs).tolist() == [0, 1, 1, 0, 4, 0, 0, 0, 8]
    rng = random.Random(4)
    edges = sorted({tuple(sorted(rng.sample(range(300), 2))) for _ in range(200)})
    assert families(300, np.array(edges, dtype=np.int64)).tolist() == _components(300, edges)


def _components(count: int, edges: list[tuple[int, ...]]) -> list[int]:
    """Each node's smallest reachable node, by a plain depth-first search."""
    neighbours: dict[int, set[int]] = {}
    for first, second in edges:
        neighbours.setdefault(first, set()).add(second)
        neighbours.setdefault(second, set()).add(first)
    labels = [-1] * count
    for start in range(count):  # in increasing order, so the first node reached labels its component
        if labels[start] >= 0:
            continue
        labels[start], stack = start, [start]
        while stack:
            for other in neighbours.get(stack.pop(), ()):
                if labels[other] < 0:
                    labels[other] = start
                    stack.append(other)
    return labels


def test_find_reuse_with_a_backend_is_unchanged() -> None:
    articles = [Article("a", ORIGINAL), Article("b", COPY), Article("c", UNRELATED)]
    articles += [Article(f"r{n}", text) for n, text in enumerate(_corpus(30, seed=2)[:30])]
    options = ReuseOptions(all_pairs_limit=2)
    expected = find_reuse(articles, None, options)
    assert ("a", "b") in {(r.a, r.b) for r in expected}
    assert find_reuse(articles, None, options, backend=SequentialBackend()) == expected
