"""LSH banding as map → shuffle → reduce over a ``Backend``, then union-find over the candidate pairs.

The in-memory path (``_minhash.candidate_pairs``) needs every signature in one process. Here the work is split so
any backend (sequential, a process pool, Ray) can run it, and no task ever holds more than its share:

- **map**, one task per chunk of articles: MinHash signatures, then one record ``(band_key, band, index)`` per
  band. Band keys are ``MinHasher.band_keys``: 64-bit, derived from xxh3-seeded constants and fixed arithmetic,
  so every worker of every machine computes the same keys. Each task already splits its records into
  ``partitions`` by ``band_key % partitions``.
- **shuffle**: partition ``p`` of every map output goes to reduce task ``p`` (here, the driver concatenates them;
  on a cluster this is the exchange of object references).
- **reduce**, one task per partition: group the records by ``(band, band_key)``; every two articles of one group
  are a candidate pair. Grouping on the band *and* the key (not on the key alone) makes the result exactly the
  in-memory path's, which compares keys band by band. Buckets are not capped (the in-memory path does not cap
  them either), so texts without words, whose signatures are all equal, still pair with one another.
- **dedupe** (a pair shares several bands) and **union-find** (disjoint sets with path halving): the connected
  components of the candidate graph, the families of articles that may reuse one another. A family is the unit
  that can be judged independently of every other.

Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt

from storylens.backends.base import Backend
from storylens.stages.reuse.minhash import MinHasher, MinHashScheme
from storylens.text.graph import DisjointSet

Records = npt.NDArray[np.uint64]  # rows of (band_key, band, article index)
Codes = npt.NDArray[np.int64]  # a pair (i, j), i < j, encoded as i * count + j
Pairs = npt.NDArray[np.int64]  # rows of (i, j), i < j, sorted

DEFAULT_PARTITIONS = 16
DEFAULT_CHUNK = 1000


@dataclass(frozen=True)
class Candidates:
    """The outcome of banding: candidate pairs and the family of every article.

    Attributes:
        pairs: Rows ``(i, j)`` with ``i < j`` (indexes into the texts), sorted, each pair once.
        families: For every article, the smallest index of its connected component in the candidate graph (an
            article in no pair is its own family).
    """

    pairs: Pairs
    families: npt.NDArray[np.int64]

    def pair_list(self) -> list[tuple[int, int]]:
        """The pairs as sorted Python tuples."""
        return [(int(first), int(second)) for first, second in self.pairs]

    def family_count(self) -> int:
        """How many families have two or more members."""
        labels, sizes = np.unique(self.families, return_counts=True)
        return int(np.count_nonzero(sizes > 1)) if len(labels) else 0


def map_band_records(chunk: tuple[int, Sequence[str]], scheme: MinHashScheme, partitions: int) -> list[Records]:
    """Map one chunk ``(offset, texts)`` to its band records, already split into ``partitions``.

    Args:
        chunk: The index of the chunk's first text in the whole corpus, and the texts.
        scheme: The MinHash scheme (identical in every task, so band keys agree across workers).
        partitions: How many reduce tasks the records are split for (by ``band_key % partitions``).
    """
    offset, texts = chunk
    hasher = MinHasher(scheme)
    keys = hasher.band_keys(hasher.signatures(list(texts)))
    count, bands = keys.shape
    flat = keys.reshape(-1)
    records = np.empty((len(flat), 3), dtype=np.uint64)
    records[:, 0] = flat
    records[:, 1] = np.tile(np.arange(bands, dtype=np.uint64), count)
    records[:, 2] = np.repeat(np.arange(offset, offset + count, dtype=np.uint64), bands)
    part = (flat % np.uint64(partitions)).astype(np.int64)
    order = np.argsort(part, kind="stable")
    bounds = np.searchsorted(part[order], np.arange(partitions + 1))
    return [records[order[bounds[p] : bounds[p + 1]]] for p in range(partitions)]


def reduce_partition(records: Records, count: int) -> Codes:
    """Reduce one partition: every two articles sharing a ``(band, band_key)`` bucket, as sorted unique codes.

    Args:
        records: The partition's ``(band_key, band, index)`` rows from every map task.
        count: Number of articles in the corpus (the base of the pair codes).
    """
    if len(records) < 2:
        return np.empty(0, dtype=np.int64)
    ordered = records[np.lexsort((records[:, 2], records[:, 1], records[:, 0]))]
    changes = (ordered[1:, 0] != ordered[:-1, 0]) | (ordered[1:, 1] != ordered[:-1, 1])
    starts = np.concatenate(([0], np.flatnonzero(changes) + 1))
    sizes = np.diff(np.concatenate((starts, [len(ordered)])))
    members = ordered[:, 2].astype(np.int64)  # sorted within each bucket (the last sort key)
    pairs = starts[sizes == 2]  # most buckets that pair anything hold exactly two articles: vectorised
    found = [members[pairs] * count + members[pairs + 1]]
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        bucket = members[start : start + size]
        first, second = np.triu_indices(size, 1)
        found.append(bucket[first] * count + bucket[second])
    return np.unique(np.concatenate(found))


def families(count: int, pairs: Pairs) -> npt.NDArray[np.int64]:
    """Label each of ``count`` articles with the smallest index of its component (union-find, path halving)."""
    groups = DisjointSet(range(count))
    for first, second in pairs.tolist():
        groups.union(first, second)  # the smaller root wins, so every root is its component's smallest index
    return np.fromiter((groups.find(item) for item in range(count)), dtype=np.int64, count=count)


def shuffle_candidates(
    texts: Sequence[str],
    scheme: MinHashScheme,
    backend: Backend,
    partitions: int = DEFAULT_PARTITIONS,
    chunk: int = DEFAULT_CHUNK,
) -> Candidates:
    """Return the LSH candidate pairs of ``texts`` (the same as ``candidate_pairs``) and their families.

    Args:
        texts: The corpus; pairs are indexes into it.
        scheme: The MinHash scheme.
        backend: Runs the map tasks (one per ``chunk`` texts) and the reduce tasks (one per partition).
        partitions: How many reduce tasks.
        chunk: Texts per map task.
    """
    if partitions < 1 or chunk < 1:
        raise ValueError("partitions and chunk must be positive")
    count = len(texts)
    chunks = [(low, tuple(texts[low : low + chunk])) for low in range(0, count, chunk)]
    mapper = partial(map_band_records, scheme=scheme, partitions=partitions)
    mapped = list(backend.map(mapper, chunks, chunksize=1))
    shuffled = [np.concatenate([np.empty((0, 3), np.uint64), *(out[p] for out in mapped)]) for p in range(partitions)]
    del mapped
    reduced = list(backend.map(partial(reduce_partition, count=count), shuffled, chunksize=1))
    codes = np.unique(np.concatenate([np.empty(0, dtype=np.int64), *reduced]))
    pairs = np.stack([codes // max(count, 1), codes % max(count, 1)], axis=1).astype(np.int64)
    return Candidates(pairs, families(count, pairs))
