"""The Backend protocol and the factory that names engines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from storylens.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")


class Backend(Protocol):
    """Runs a pure function over items, keeping their order."""

    name: str

    def map(self, fn: Callable[[T], R], items: Iterable[T], *, chunksize: int = 16) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in input order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


def get_backend(engine: str = "local", workers: int | None = None) -> Backend:
    """Return the backend named by ``engine``: ``sequential``, ``local`` (processes) or ``ray``."""
    from storylens.backends.local import ProcessBackend, SequentialBackend

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
    raise ConfigError(f"unknown engine {engine!r}: choose sequential, local or ray")
