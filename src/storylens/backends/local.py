"""Backends for one machine: in-process and a process pool."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from storylens.backends.threads import one_blas_thread

T = TypeVar("T")
R = TypeVar("R")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else (the pid was reused): the driver is gone either way
        return False
    return True


def exit_with(driver: int, every_s: float = 1.0) -> None:
    """End this worker soon after process ``driver`` dies (a killed driver otherwise leaves its workers running).

    Workers are children of the forkserver, not of the driver, so the kernel's parent-death signal cannot help.
    """

    def watch() -> None:
        while _alive(driver):
            time.sleep(every_s)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-driver", daemon=True).start()


def start_worker(driver: int) -> None:
    """Set up one pool worker: it ends with ``driver`` and runs BLAS on one thread, like every stage process."""
    exit_with(driver)
    one_blas_thread()


class SequentialBackend:
    """Runs everything in this process; what unit tests and small runs use."""

    name = "sequential"
    parallel = False

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in order."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""


class ProcessBackend:
    """A pool of worker processes (spawned lazily, ``forkserver`` so model threads are not forked)."""

    name = "local"
    parallel = True

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 1))
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
            )
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
