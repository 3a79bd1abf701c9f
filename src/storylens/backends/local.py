"""Backends for one machine: in-process and a process pool."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class SequentialBackend:
    """Runs everything in this process; what unit tests and small runs use."""

    name = "sequential"

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in order."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""


class ProcessBackend:
    """A pool of worker processes (spawned lazily, ``forkserver`` so model threads are not forked)."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in order, computed in worker processes."""
        batch = list(items)
        if len(batch) < 2 * chunksize or self.workers == 1:
            # Starting processes costs more than small batches gain.
            yield from (fn(item) for item in batch)
            return
        yield from self._executor().map(fn, batch, chunksize=chunksize)

    def close(self) -> None:
        """Shut the pool down."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
