"""The Python API the CLI and the web both call: no logic lives only in an adapter.

Each verb opens the store at ``db`` (closing it afterwards) unless it is handed an open ``store``, which stays the
caller's to close (the web server keeps one for its lifetime), or a ready ``pipeline`` to run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from storylens.backends import get_backend
from storylens.model import Rejection, Report
from storylens.pipeline import IngestResult, Pipeline, PipelineOptions, Progress
from storylens.store import open_store
from storylens.store.base import Store


@contextmanager
def _pipeline(
    db: str | Path, store: Store | None, options: PipelineOptions | None, engine: str, progress: Progress | None
) -> Iterator[Pipeline]:
    """A pipeline on ``store`` (else on the store at ``db``); what this opened is closed however the run ends."""
    in_use: Store = open_store(db) if store is None else store
    backend = get_backend(engine)
    try:
        yield Pipeline(in_use, backend, options, progress)
    finally:
        backend.close()
        if store is None:  # opened here
            in_use.close()


def analyze(  # noqa: PLR0913 - keyword-only choices of where and how to run
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    store: Store | None = None,
    pipeline: Pipeline | None = None,
    options: PipelineOptions | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
) -> tuple[Report, tuple[Rejection, ...]]:
    """Ingest ``inputs`` into the store at ``db`` (or ``store``, or run ``pipeline``) and return the report with any
    rejected inputs.

    Example:
        >>> report, rejected = analyze(["examples/corpus"], db=":memory:")  # doctest: +SKIP
    """
    if pipeline is not None:
        return pipeline.run(inputs)
    with _pipeline(db, store, options, engine, progress) as built:
        return built.run(inputs)


def ingest(  # noqa: PLR0913 - keyword-only choices of where and how to run
    inputs: Sequence[str],
    *,
    db: str | Path = "storylens.db",
    store: Store | None = None,
    pipeline: Pipeline | None = None,
    options: PipelineOptions | None = None,
    engine: str = "auto",
    progress: Progress | None = None,
) -> IngestResult:
    """Read and clean ``inputs`` into the store at ``db`` (or ``store``) without analysing them (bulk loads,
    resumable).

    Example:
        >>> result = ingest(["articles/"], db="news.db")  # doctest: +SKIP
    """
    if pipeline is not None:
        return pipeline.ingest(inputs)
    with _pipeline(db, store, options, engine, progress) as built:
        return built.ingest(inputs)
