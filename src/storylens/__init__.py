"""storylens: read many outlets' coverage of a news story and report what happened and how each told it.

The public API is small: :func:`analyze` runs the pipeline; the dataclasses in :mod:`storylens.model`
are what it returns.
"""

from __future__ import annotations

from storylens.api import analyze
from storylens.model import Article, Conflict, Entity, Quote, RawDocument, Rejection, Report, Reuse, Story
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
