"""The Python API the CLI and the web both call: no logic lives only in an adapter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from storylens.backends import get_backend
from storylens.model import Rejection, Report
from storylens.pipeline import IngestResult, Pipeline, PipelineOptions, Progress
from storylens.store import open_store


def analyze(
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    options: PipelineOptions | None = None,
    engine: str = "sequential",
    progress: Progress | None = None,
) -> tuple[Report, tuple[Rejection, ...]]:
    """Ingest ``inputs`` into the store at ``db`` and return the report with any rejected inputs.

    Example:
        >>> report, rejected = analyze(["examples/corpus"], db=":memory:")  # doctest: +SKIP
    """
    store = open_store(db)
    backend = get_backend(engine)
    try:
        return Pipeline(store, backend, options, progress).run(inputs)
    finally:
        backend.close()
        store.close()


def ingest(
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    options: PipelineOptions | None = None,
    engine: str = "sequential",
    progress: Progress | None = None,
) -> IngestResult:
    """Read and clean ``inputs`` into the store at ``db`` without analysing them (bulk loads, resumable).

    Example:
        >>> result = ingest(["articles/"], db="news.db")  # doctest: +SKIP
    """
    store = open_store(db)
    backend = get_backend(engine)
    try:
        return Pipeline(store, backend, options, progress).ingest(inputs)
    finally:
        backend.close()
        store.close()
