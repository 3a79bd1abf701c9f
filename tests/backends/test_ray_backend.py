"""The Ray backend gives the sequential backend's results, in order, on long-lived actors (one local Ray)."""

from __future__ import annotations

import functools
import operator
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storylens.backends import SequentialBackend, get_backend
from storylens.errors import StorylensError
from storylens.pipeline import Pipeline
from storylens.report import render_json
from storylens.store import open_store
from storylens.text.support import stopwords

pytestmark = pytest.mark.ray
ray = pytest.importorskip("ray")
ray_backend = pytest.importorskip("storylens.backends.ray")

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, Mayor Ada Finch said (fiction). "


def _probe(item: int) -> tuple[int, int, int]:
    """Use the worker's cached word list; return its pid, how often that list was loaded before, and cache hits."""
    loads = stopwords.cache_info().misses
    stopwords()
    return os.getpid(), loads, stopwords.cache_info().hits


@pytest.fixture(scope="session")
def backend() -> Iterator[Any]:
    """One Ray backend for the session, two actors warmed with a word list; it starts a small local Ray.

    Every pool start costs seconds (each actor imports storylens), so the tests share this one. Closing it at
    the end checks that a backend stops its actors and shuts down the Ray it started.
    """
    started = not ray.is_initialized()
    shared = ray_backend.RayBackend(workers=2, object_store_mb=128, warm=stopwords)
    shared.start()
    # Functions of this module are shipped by value: the workers cannot import a test module.
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield shared
    ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    pids = shared.start()
    shared.close()
    assert _wait_gone(pids)
    if started:
        assert not ray.is_initialized()


def _gone(pid: int) -> bool:
    """True once ``pid`` has exited (a zombie waiting for its parent counts as exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in {"Z", "X"}
    except (FileNotFoundError, ProcessLookupError):
        return True


def _wait_gone(pids: list[int], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(_gone(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def test_map_keeps_order_and_matches_sequential(backend: Any) -> None:
    assert isinstance(get_backend("ray", workers=2), ray_backend.RayBackend)
    fn = functools.partial(operator.add, 3)
    items = list(range(103))
    for chunksize in (1, 7, 500):  # 103 chunks of one item is far more than the in-flight window
        assert list(backend.map(fn, items, chunksize=chunksize)) == list(SequentialBackend().map(fn, items))
    assert list(backend.map(fn, [], chunksize=4)) == []
    assert list(backend.map(fn, iter(range(5)), chunksize=2)) == [3, 4, 5, 6, 7]  # any iterable


def test_models_load_once_per_actor_before_the_first_item(backend: Any) -> None:
    pids = backend.start()
    results = [*backend.map(_probe, range(12), chunksize=1), *backend.map(_probe, range(12), chunksize=3)]
    assert {pid for pid, _, _ in results} == set(pids) and len(set(pids)) == 2  # the same two processes throughout
    assert all(loads == 1 for _, loads, _ in results)  # loaded by the warm hook, never again per chunk or call
    for pid in pids:  # one cache per actor, kept across chunks and calls: its hits only grow
        hits = [hit for owner, _, hit in results if owner == pid]
        assert hits == sorted(set(hits))


def test_close_leaves_a_shared_ray_running(backend: Any) -> None:
    other = ray_backend.RayBackend(workers=1)
    other.close()
    assert ray.is_initialized()


def test_worker_errors_surface_and_the_pool_recovers(backend: Any) -> None:
    with pytest.raises(ValueError, match="invalid literal") as caught:
        list(backend.map(int, ["1", "2", "x", "4"], chunksize=1))
    assert isinstance(caught.value.__cause__, ray.exceptions.RayTaskError)  # the worker traceback is chained
    assert list(backend.map(int, ["5", "6"], chunksize=1)) == [5, 6]
    pids = backend.start()
    with pytest.raises(StorylensError, match="Ray worker died"):
        list(backend.map(os._exit, [3], chunksize=1))
    assert _wait_gone(pids)
    assert list(backend.map(int, ["7"], chunksize=1)) == [7]  # a fresh pool


def test_pipeline_ingest_on_ray_equals_sequential(backend: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(40):
        (folder / f"a{number:02d}.txt").write_text(f"Report {number}. " + STORY * (1 + number % 3))
    (folder / "page.html").write_text(f"<html><body><article><p>{STORY * 3}</p></article></body></html>")
    (folder / "empty.txt").write_text("")
    results = []
    for name, engine in (("seq", SequentialBackend()), ("ray", backend)):
        store = open_store(tmp_path / f"{name}.db")
        results.append(Pipeline(store, engine).ingest([str(folder)]))
        store.close()
    assert results[0] == results[1]
    assert len(results[1].articles) == 41


@pytest.mark.slow
def test_the_demo_report_on_ray_equals_sequential(backend: Any, tmp_path: Path) -> None:
    """The issue's bar: the whole pipeline on Ray (clean, parse, reuse shuffle, map and per-story stages on the
    actors) gives the sequential engine's report, byte for byte."""
    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus"
    reports = []
    for name, engine in (("seq", SequentialBackend()), ("ray", backend)):
        store = open_store(tmp_path / f"{name}.db")
        report, rejected = Pipeline(store, engine).run([str(corpus)])
        store.close()
        assert rejected == ()
        reports.append(render_json(report))
    assert reports[0] == reports[1]
    assert '"summary"' in reports[1] and '"conflicts"' in reports[1]
