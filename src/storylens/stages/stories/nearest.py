"""Nearest story centroids: exact search while stories are few, a usearch HNSW index once they are many.

The index is derived data: it is rebuilt from the centroids when the state is loaded, never persisted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class CentroidIndex:
    """Unit vectors keyed by integer story keys, searched by inner product."""

    def __init__(self, dim: int, ann_min: int = 2000) -> None:
        """Start empty; switch from exact search to the ANN index beyond ``ann_min`` vectors."""
        self.dim = dim
        self.ann_min = ann_min
        self._rows: dict[int, int] = {}
        self._keys = np.full(64, -1, dtype=np.int64)
        self._matrix = np.zeros((64, dim), dtype=np.float32)
        self._free: list[int] = []
        self._ann: Any = None

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def uses_ann(self) -> bool:
        """Whether searches go through the approximate index."""
        return self._ann is not None

    def upsert(self, key: int, vector: FloatArray) -> None:
        """Add or replace the vector for ``key``."""
        vector = _unit(vector)
        row = self._rows.get(key)
        if row is None:
            row = self._free.pop() if self._free else len(self._rows)
            if row >= len(self._keys):
                self._grow()
            self._rows[key] = row
            self._keys[row] = key
        self._matrix[row] = vector
        if self._ann is not None:
            if key in self._ann:
                self._ann.remove(key)
            self._ann.add(key, vector)
        elif len(self._rows) >= self.ann_min:
            self._build_ann()

    def remove(self, key: int) -> None:
        """Forget ``key`` (a closed story)."""
        row = self._rows.pop(key, None)
        if row is None:
            return
        self._keys[row] = -1
        self._matrix[row] = 0.0
        self._free.append(row)
        if self._ann is not None and key in self._ann:
            self._ann.remove(key)

    def search(self, vector: FloatArray, count: int) -> list[int]:
        """Keys of up to ``count`` nearest vectors, best first (ties by key, so results are deterministic)."""
        if not self._rows or count <= 0:
            return []
        vector = _unit(vector)
        if self._ann is not None:
            matches = self._ann.search(vector, min(count, len(self._rows)))
            return [int(key) for key in matches.keys]
        used = np.flatnonzero(self._keys >= 0)
        scores = self._matrix[used] @ vector
        keys = self._keys[used]
        order = np.lexsort((keys, -scores))[:count]
        return [int(key) for key in keys[order]]

    def _grow(self) -> None:
        size = len(self._keys) * 2
        keys = np.full(size, -1, dtype=np.int64)
        keys[: len(self._keys)] = self._keys
        matrix = np.zeros((size, self.dim), dtype=np.float32)
        matrix[: len(self._matrix)] = self._matrix
        self._keys, self._matrix = keys, matrix

    def _build_ann(self) -> None:
        from usearch.index import Index

        # Single-threaded, in key order: the graph (and so every search) is the same on every run.
        self._ann = Index(
            ndim=self.dim, metric="ip", dtype="f32", connectivity=16, expansion_add=64, expansion_search=64
        )
        for key in sorted(self._rows):
            self._ann.add(key, self._matrix[self._rows[key]], threads=1)


def _unit(vector: FloatArray) -> FloatArray:
    length = float(np.linalg.norm(vector))
    return (vector / length).astype(np.float32) if length else vector.astype(np.float32)
