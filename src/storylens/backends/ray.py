"""Ray: the same pure stage functions on a local or remote Ray cluster (``--engine ray``, an optional extra).

This module is imported only when the ray engine is named, so storylens never needs Ray otherwise. Items are
sent in chunks as Ray tasks with a bounded number in flight (memory stays flat whatever the input size) and
results come back in input order, like every backend.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import ray

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_OBJECT_STORE_MB = 256


def _apply(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    """Run ``fn`` over one chunk inside a Ray worker."""
    return [fn(item) for item in chunk]


_remote_apply = ray.remote(_apply)


class RayBackend:
    """Maps over Ray tasks; starts a local Ray with capped memory unless one is already running.

    Args:
        workers: CPUs given to a local Ray it starts (default: all of this machine's).
        object_store_mb: cap on Ray's shared-memory object store when it starts one.
        address: connect to an existing cluster (``"auto"`` or ``"ray://host:10001"``) instead of starting one.
    """

    name = "ray"

    def __init__(
        self, workers: int | None = None, object_store_mb: int = DEFAULT_OBJECT_STORE_MB, address: str | None = None
    ) -> None:
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._object_store_mb = object_store_mb
        self._address = address or os.environ.get("STORYLENS_RAY_ADDRESS")
        self._started = False

    def _ensure_ray(self) -> None:
        if ray.is_initialized():
            return  # someone (a test session, a notebook) already started it: use it, never shut it down
        if self._address:
            ray.init(address=self._address, log_to_driver=False, logging_level=logging.ERROR)
        else:
            ray.init(
                num_cpus=self.workers,
                object_store_memory=self._object_store_mb * 1024 * 1024,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,  # Ray's start-up chatter would bury the CLI's one-line messages
            )
        self._started = True

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in input order, computed by Ray workers."""
        self._ensure_ray()
        chunks = _chunks(items, max(1, chunksize))
        function = ray.put(fn)  # shipped once, not with every chunk
        in_flight: deque[Any] = deque()
        window = 2 * self.workers  # enough to keep every worker busy, few enough to bound memory
        for chunk in islice(chunks, window):
            in_flight.append(_remote_apply.remote(function, chunk))
        while in_flight:
            results: list[R] = ray.get(in_flight.popleft())
            following = next(chunks, None)
            if following is not None:
                in_flight.append(_remote_apply.remote(function, following))
            yield from results

    def close(self) -> None:
        """Shut down the Ray instance this backend started (a shared one is left running)."""
        if self._started and ray.is_initialized():
            ray.shutdown()
        self._started = False


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
