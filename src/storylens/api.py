"""The Python API the CLI and the web both call: no logic lives only in an adapter."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from storylens.backends import get_backend
from storylens.model import Rejection, Report
from storylens.pipeline import IngestResult, Pipeline, PipelineOptions, Progress
from storylens.store import open_store


@contextmanager
def _pipeline(
    db: str | Path, options: PipelineOptions | None, engine: str, progress: Progress | None
) -> Iterator[Pipeline]:
    """A pipeline on the store at ``db``; the store and the backend are closed however the run ends."""
    store = open_store(db)
    backend = get_backend(engine)
    try:
        yield Pipeline(store, backend, options, progress)
    finally:
        backend.close()
        store.close()


def analyze(
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    options: PipelineOptions | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
) -> tuple[Report, tuple[Rejection, ...]]:
    """Ingest ``inputs`` into the store at ``db`` and return the report with any rejected inputs.

    Example:
        >>> report, rejected = analyze(["examples/corpus"], db=":memory:")  # doctest: +SKIP
    """
    with _pipeline(db, options, engine, progress) as pipeline:
        return pipeline.run(inputs)


def ingest(
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    options: PipelineOptions | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
) -> IngestResult:
    """Read and clean ``inputs`` into the store at ``db`` without analysing them (bulk loads, resumable).

    Example:
        >>> result = ingest(["articles/"], db="news.db")  # doctest: +SKIP
    """
    with _pipeline(db, options, engine, progress) as pipeline:
        return pipeline.ingest(inputs)
