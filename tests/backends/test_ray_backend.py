"""The Ray backend gives the sequential backend's results, in order (one local Ray per test session)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storylens.backends import SequentialBackend, get_backend
from storylens.pipeline import Pipeline
from storylens.store import open_store

pytestmark = pytest.mark.ray
ray = pytest.importorskip("ray")

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, Mayor Ada Finch said (fiction). "


@pytest.fixture(scope="session")
def local_ray() -> Iterator[Any]:
    """One small local Ray for the whole session (2 CPUs, 128 MB object store)."""
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, object_store_memory=128 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


def test_map_keeps_order_and_matches_sequential(local_ray: Any) -> None:
    backend = get_backend("ray", workers=2)
    fn = functools.partial(operator.add, 3)  # importable by the workers (a test-module function is not)
    items = list(range(103))
    for chunksize in (1, 7, 500):
        assert list(backend.map(fn, items, chunksize=chunksize)) == list(SequentialBackend().map(fn, items))
    assert list(backend.map(fn, [], chunksize=4)) == []
    assert list(backend.map(fn, iter(range(5)), chunksize=2)) == [3, 4, 5, 6, 7]  # any iterable
    backend.close()
    assert local_ray.is_initialized()  # a shared Ray is left running


def test_pipeline_ingest_on_ray_equals_sequential(local_ray: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(40):
        (folder / f"a{number:02d}.txt").write_text(f"Report {number}. " + STORY * (1 + number % 3))
    (folder / "page.html").write_text(f"<html><body><article><p>{STORY * 3}</p></article></body></html>")
    (folder / "empty.txt").write_text("")
    results = []
    for name, backend in (("seq", SequentialBackend()), ("ray", get_backend("ray", workers=2))):
        store = open_store(tmp_path / f"{name}.db")
        result = Pipeline(store, backend).ingest([str(folder)])
        backend.close()
        store.close()
        results.append(result)
    assert results[0] == results[1]
    assert len(results[1].articles) == 41
