"""The embedder's cache: each text encoded once while cached, and the cache never grows past its cap."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from storylens.errors import ConfigError
from storylens.nlp.embeddings import Batch, MappedEmbedder, MiniLMEmbedder, choose_precision


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
    assert sorted(model.encoded) == ["a", "bb", "ccc"]
    assert first[:, 0].tolist() == [1.0, 2.0, 1.0] and second[:, 0].tolist() == [2.0, 3.0]


def test_the_cache_is_bounded_and_keeps_the_recently_used() -> None:
    model = _CountingModel()
    embedder = MiniLMEmbedder(model, cache_size=2)
    embedder.encode(["a", "bb"])
    embedder.encode(["a"])  # "a" used again: "bb" is now the oldest
    embedder.encode(["ccc"])  # evicts "bb"
    embedder.encode(["a", "bb"])
    assert sorted(model.encoded[:2]) == ["a", "bb"] and model.encoded[2:] == ["ccc", "bb"]
    assert embedder.encode([]).shape == (0, 384)


class _BatchModel(_CountingModel):
    """A stand-in whose vectors depend on the batch a text is encoded in, as a real model's do in the last bits."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
        self.batches.append(list(texts))
        return np.asarray([[float(len(text)), float(len(texts))] for text in texts], dtype=np.float32)


def test_batches_are_the_models_length_sort_cut_by_batch_size() -> None:
    model = _BatchModel()
    vectors = MiniLMEmbedder(model, batch_size=2).encode(["a", "dddd", "bb", "ccc", "eeeee"])
    assert model.batches == [["eeeee", "dddd"], ["ccc", "bb"], ["a"]]
    assert vectors.tolist() == [[1.0, 1.0], [4.0, 2.0], [2.0, 2.0], [3.0, 2.0], [5.0, 2.0]]


def test_mapped_batches_give_the_vectors_this_process_gives() -> None:
    texts = ["one", "three", "fifteen", "a", "twenty-one", "six", "one"]
    alone = MiniLMEmbedder(_BatchModel(), batch_size=3).encode(texts)
    worker = MiniLMEmbedder(_BatchModel(), batch_size=3)  # another process's model
    shipped: list[Batch] = []

    def mapper(batches: Sequence[Batch]) -> list[np.ndarray[Any, np.dtype[np.float32]]]:
        shipped.extend(batches)
        return [worker.encode_batch(batch) for batch in batches]

    driver_model = _BatchModel()
    mapped = MappedEmbedder(MiniLMEmbedder(driver_model, batch_size=3), mapper)
    assert np.array_equal(mapped.encode(texts), alone)
    assert len(shipped) == 2 and not driver_model.batches  # every uncached batch went to the worker
    assert np.array_equal(mapped.encode(["six", "one"]), alone[[5, 0]]) and len(shipped) == 2  # cached here


def test_calls_encoded_together_give_the_vectors_each_call_alone_gives() -> None:
    """Fiction: three stories' sentence calls, one overlapping an earlier call and one wholly cached."""
    calls = [["alpha beta", "gamma", "delta epsilon zeta"], ["gamma", "eta theta", "iota"], ["alpha beta"], []]
    alone = MiniLMEmbedder(_BatchModel(), batch_size=2)
    expected = [alone.encode(texts) for texts in calls]
    worker = MiniLMEmbedder(_BatchModel(), batch_size=2)
    mapped_calls: list[list[Batch]] = []

    def mapper(batches: Sequence[Batch]) -> list[np.ndarray[Any, np.dtype[np.float32]]]:
        mapped_calls.append(list(batches))
        return [worker.encode_batch(batch) for batch in batches]

    driver_model = _BatchModel()
    mapped = MappedEmbedder(MiniLMEmbedder(driver_model, batch_size=2), mapper)
    mapped.encode_calls(calls)
    # One mapping of every call's batches (3 texts -> 2 batches, 2 new texts -> 1), none encoded in this process.
    assert [len(batches) for batches in mapped_calls] == [3] and not driver_model.batches
    for texts, vectors in zip(calls, expected, strict=True):
        assert np.array_equal(mapped.encode(texts), vectors)
    assert len(mapped_calls) == 1 and not driver_model.batches  # the real pass finds everything cached


def test_precision_settings_resolve_and_a_bad_one_is_a_config_error() -> None:
    assert choose_precision("fp32") == "fp32" and choose_precision("bf16") == "bf16"
    assert choose_precision("auto") in ("fp32", "bf16")
    with pytest.raises(ConfigError, match="STORYLENS_ENCODER='fp16'"):
        choose_precision("fp16")


class _PrecisionModel(_CountingModel):
    """Records whether bfloat16 autocast was on while it encoded."""

    def __init__(self) -> None:
        super().__init__()
        self.autocast: list[bool] = []

    def encode(self, texts: Sequence[str], **kwargs: Any) -> np.ndarray[Any, np.dtype[np.float32]]:
        import torch

        self.autocast.append(torch.is_autocast_enabled("cpu"))
        return super().encode(texts, **kwargs)


def test_bf16_runs_the_model_under_autocast_and_seeded_copies_keep_it() -> None:
    model = _PrecisionModel()
    embedder = MiniLMEmbedder(model, precision="bf16")
    embedder.encode(["fiction one"])
    embedder.seeded({}).encode(["fiction two"])
    MiniLMEmbedder(model).encode(["fiction three"])
    assert model.autocast == [True, True, False]


def test_the_real_model_in_bf16_stays_within_a_hair_of_fp32() -> None:
    """Fiction: a few invented news sentences through the packaged model in both precisions."""
    if choose_precision("auto") != "bf16":
        pytest.skip("no native bfloat16 on this CPU: auto stays fp32")
    from storylens.nlp.embeddings import load_embedder

    texts = [
        "The ferry to Marlow Island was cancelled on Tuesday after a storm damaged the northern pier.",
        "Council members in Dunmere voted 7-2 to repair the old river bridge before winter.",
        "Storm damage closed the pier, and the island ferry did not sail on Tuesday.",
        "A museum of clocks opened in the harbour station.",
    ]
    model = load_embedder()._model
    exact = MiniLMEmbedder(model, precision="fp32").encode(texts)
    fast = MiniLMEmbedder(model, precision="bf16").encode(texts)
    cosines = (exact * fast).sum(axis=1)
    assert not np.array_equal(exact, fast)  # the products really ran in bfloat16
    assert cosines.min() > 0.9999 and np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    # what the pipeline reads from the vectors keeps its order: the paraphrase pair stays the closest
    similar = fast @ fast.T
    assert int(np.argmax(similar[0, 1:])) + 1 == 2
