"""One BLAS thread in every process that runs stages: the driver's pipeline and the pool's workers."""

from __future__ import annotations

from typing import Any

from threadpoolctl import threadpool_info  # type: ignore[import-untyped]

from storylens.backends import ProcessBackend
from storylens.backends.threads import one_blas_thread


def _blas_threads(_: object = None) -> list[int]:
    return [int(pool["num_threads"]) for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_the_cap_reaches_every_loaded_blas() -> None:
    one_blas_thread()
    threads = _blas_threads()
    assert threads and set(threads) == {1}


def test_pool_workers_start_with_one_blas_thread() -> None:
    backend = ProcessBackend(workers=2)
    try:
        found: list[Any] = list(backend.map(_blas_threads, range(4), chunksize=1))
    finally:
        backend.close()
    assert len(found) == 4 and all(threads and set(threads) == {1} for threads in found)
