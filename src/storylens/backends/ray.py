"""Ray: the same pure stage functions on a pool of long-lived Ray actors (``--engine ray``, an optional extra).

This module is imported only when the ray engine is named, so storylens never needs Ray otherwise.

Each worker is a Ray actor that lives as long as the backend, so what a stage loads once per process (spaCy
``load_spacy``, MiniLM ``load_embedder``, the clean stage's word lists, all ``lru_cache``d) is loaded once per
actor and reused by every chunk of every ``map`` call. Chunks go to the actor with the least unfinished work,
at most ``IN_FLIGHT_PER_WORKER`` × workers chunks are in flight (memory stays flat whatever the input size), and
results come back in input order, like every backend. An optional ``warm`` hook runs once in each actor as it
starts, so model loads can be paid (and measured) before the first item.

Why actors and not Ray Data. ``ray.data.from_items(...).map_batches(Class, compute=ActorPoolStrategy(...))``
(Ray 2.60) builds and tears down its actor pool for every dataset it executes, and the pipeline calls ``map``
once per ingest batch of 64 articles and once per map stage. Measured 2026-11-22 on the shared 2-core machine:
a first probe (load ≈ 3, 64 trivial items per call) took 6.1–9.7 s per Ray Data call, each time on two new actor
processes, so every model would load again per call; two ``ray.remote`` actors kept for the backend's lifetime
took 3.2 s to start once, then 0.013–0.02 s per call on the same two processes. ``bench/engines.py --ray-data``
(load 3–6): 2.9 s per trivial Ray Data call against 15–31 ms for this pool and 3 ms for the process pool, and
spaCy over 150 articles 26 s on Ray Data (models loaded inside the call) against 16–19 s here. Ordering on Ray
Data also needs ``DataContext.execution_options.preserve_order`` and items wrapped in Arrow object columns.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import ray
from ray.exceptions import RayActorError, RayError, RayTaskError

from storylens.backends.threads import one_blas_thread
from storylens.errors import StorylensError

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_OBJECT_STORE_MB = 256
# Two chunks queued behind the running one keep an actor busy across the driver's round trips; more only holds
# more items in memory.
IN_FLIGHT_PER_WORKER = 3


class _Worker:
    """One long-lived worker process: module-level model caches loaded here stay loaded for the pool's life."""

    def __init__(self, warm: Callable[[], object] | None) -> None:
        one_blas_thread()  # as in every process that runs stages (backends.threads)
        if warm is not None:
            warm()

    def pid(self) -> int:
        """Return this worker's process id (to wait for start-up, and for tests)."""
        return os.getpid()

    def apply(self, fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
        """Run ``fn`` over one chunk."""
        return [fn(item) for item in chunk]


_RemoteWorker = ray.remote(_Worker)  # default actor resources: 1 CPU to place, none held while alive


class RayBackend:
    """Maps over a pool of Ray actors; starts a local Ray with capped memory unless one is already running.

    Args:
        workers: actors in the pool, and CPUs given to a local Ray it starts (default: this machine's CPUs).
        object_store_mb: cap on Ray's shared-memory object store when it starts one.
        address: connect to an existing cluster (``"auto"`` or ``"ray://host:10001"``) instead of starting one.
        warm: called once in each actor as it starts (e.g. to load the models the stages will use).
    """

    name = "ray"
    parallel = True

    def __init__(
        self,
        workers: int | None = None,
        object_store_mb: int = DEFAULT_OBJECT_STORE_MB,
        address: str | None = None,
        warm: Callable[[], object] | None = None,
    ) -> None:
        self.workers = workers or max(1, os.cpu_count() or 1)
        self._object_store_mb = object_store_mb
        self._address = address or os.environ.get("STORYLENS_RAY_ADDRESS")
        self._warm = warm
        self._started_ray = False
        self._actors: list[Any] = []

    def start(self) -> list[int]:
        """Start Ray (if needed) and the actor pool, wait until every actor is up; return their process ids."""
        self._ensure_ray()
        if not self._actors:
            self._actors = [_RemoteWorker.remote(self._warm) for _ in range(self.workers)]
        try:
            pids: list[int] = ray.get([actor.pid.remote() for actor in self._actors])
        except RayActorError as exc:  # the warm hook failed, or an actor could not start
            self._kill_actors()
            raise StorylensError(f"a Ray worker failed to start: {exc}") from exc
        return pids

    def _ensure_ray(self) -> None:
        if ray.is_initialized():
            return  # someone (a test session, a notebook, this backend) already started it
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
        self._started_ray = True

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in input order, computed by the pool's actors.

        Raises:
            Exception: what ``fn`` raised in a worker, with the worker's traceback chained.
            StorylensError: a worker process died (the pool is restarted on the next call).
        """
        if not self._actors:
            self.start()
        function = ray.put(fn)  # shipped once per call, not with every chunk
        chunks = _chunks(items, max(1, chunksize))
        pending: deque[Any] = deque()  # unconsumed results, in input order
        running: dict[Any, int] = {}  # result ref -> actor index, for chunks not yet seen to finish
        try:
            while True:
                while len(pending) < IN_FLIGHT_PER_WORKER * len(self._actors):
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append(self._submit(function, chunk, running))
                if not pending:
                    return
                head = pending.popleft()
                results: list[R] = self._get(head)
                running.pop(head, None)
                yield from results
        finally:
            _cancel(pending)  # the consumer stopped early or a chunk failed: drop the queued work

    def _submit(self, function: Any, chunk: list[Any], running: dict[Any, int]) -> Any:
        """Send ``chunk`` to the actor with the fewest unfinished chunks."""
        if running:
            finished, _ = ray.wait(list(running), num_returns=len(running), timeout=0, fetch_local=False)
            for ref in finished:
                del running[ref]
        loads = [0] * len(self._actors)
        for index in running.values():
            loads[index] += 1
        index = loads.index(min(loads))
        ref = self._actors[index].apply.remote(function, chunk)
        running[ref] = index
        return ref

    def _get(self, ref: Any) -> Any:
        try:
            return ray.get(ref)
        except RayTaskError as exc:  # the stage's own exception, raised as itself, the worker traceback chained
            if isinstance(exc.cause, Exception):
                raise exc.cause from exc
            raise
        except RayActorError as exc:
            self._kill_actors()
            raise StorylensError(f"a Ray worker died: {exc}") from exc

    def _kill_actors(self) -> None:
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []

    def close(self) -> None:
        """Stop the actor pool, and the Ray instance if this backend started it (a shared one is left running)."""
        if ray.is_initialized():
            self._kill_actors()
            if self._started_ray:
                ray.shutdown()
        self._actors = []
        self._started_ray = False


def _cancel(refs: Iterable[Any]) -> None:
    if not ray.is_initialized():
        return
    for ref in refs:
        with contextlib.suppress(RayError, ValueError):  # already finished, or its actor is gone
            ray.cancel(ref)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
