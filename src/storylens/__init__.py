"""storylens: read many outlets' coverage of a news story and report what happened and how each told it.

The public API is small: :func:`analyze` runs the pipeline; the dataclasses in :mod:`storylens.model`
are what it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storylens.model import Article, Conflict, Entity, Quote, RawDocument, Rejection, Report, Reuse, Story

if TYPE_CHECKING:
    from storylens.api import analyze
    from storylens.pipeline import Pipeline, PipelineOptions

__all__ = [
    "Article",
    "Conflict",
    "Entity",
    "Pipeline",
    "PipelineOptions",
    "Quote",
    "RawDocument",
    "Rejection",
    "Report",
    "Reuse",
    "Story",
    "analyze",
]
__version__ = "0.1.0"

# Imported on first use: a worker process that unpickles one stage function must not pay for the whole pipeline.
_LAZY = {"analyze": "storylens.api", "Pipeline": "storylens.pipeline", "PipelineOptions": "storylens.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'storylens' has no attribute {name!r}")
