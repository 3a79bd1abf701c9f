"""The Backend protocol and the factory that names engines."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from storylens.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")


class Backend(Protocol):
    """Runs a pure function over items, keeping their order."""

    name: str
    #: Whether ``map`` runs in other processes: work worth shipping (a parse) goes there, else it stays here.
    parallel: bool

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in input order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


def free_cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def get_backend(engine: str = "auto", workers: int | None = None) -> Backend:
    """Return the backend named by ``engine``: ``auto``, ``sequential``, ``local`` (processes) or ``ray``.

    ``auto`` is the process pool when more than one core is free, else sequential. The pool starts its workers
    only for a batch large enough to pay for their start-up, so small inputs stay in this process and instant.
    """
    from storylens.backends.local import ProcessBackend, SequentialBackend

    if engine == "auto":
        engine = "local" if (workers or free_cores()) > 1 else "sequential"
    if engine == "sequential" or (engine == "local" and workers == 1):
        return SequentialBackend()
    if engine == "local":
        return ProcessBackend(workers)
    if engine == "ray":
        try:
            from storylens.backends.ray import RayBackend
        except ImportError as exc:  # ray is an optional extra
            raise ConfigError("the ray engine needs the extra: pip install 'storylens[ray]'") from exc
        return RayBackend(workers)
    raise ConfigError(f"unknown engine {engine!r}: choose auto, sequential, local or ray")
