"""The embedder's cache: each text encoded once while cached, and the cache never grows past its cap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from storylens.nlp.embeddings import MiniLMEmbedder


class _CountingModel:
    """Stands in for the sentence model: a text's vector is its length, and every encoded text is recorded."""

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
        self.encoded += texts
        return np.asarray([[float(len(text)), 1.0] for text in texts], dtype=np.float32)


def test_repeated_texts_are_encoded_once_and_rows_follow_the_input() -> None:
    model = _CountingModel()
    embedder = MiniLMEmbedder(model)
    first = embedder.encode(["a", "bb", "a"])
    second = embedder.encode(["bb", "ccc"])
    assert model.encoded == ["a", "bb", "ccc"]
    assert first[:, 0].tolist() == [1.0, 2.0, 1.0] and second[:, 0].tolist() == [2.0, 3.0]


def test_the_cache_is_bounded_and_keeps_the_recently_used() -> None:
    model = _CountingModel()
    embedder = MiniLMEmbedder(model, cache_size=2)
    embedder.encode(["a", "bb"])
    embedder.encode(["a"])  # "a" used again: "bb" is now the oldest
    embedder.encode(["ccc"])  # evicts "bb"
    embedder.encode(["a", "bb"])
    assert model.encoded == ["a", "bb", "ccc", "bb"]
    assert embedder.encode([]).shape == (0, 384)
