"""Reuse and provenance: duplicates, rewrites, shared passages, and who copied whom."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storylens.model import Article, Reuse
from storylens.nlp.embeddings import Embedder


@dataclass(frozen=True, slots=True)
class ReuseOptions:
    """Thresholds and MinHash settings."""

    seed: int = 1


def find_reuse(articles: Sequence[Article], embedder: Embedder | None, options: ReuseOptions) -> list[Reuse]:
    """Return every reusing pair among ``articles``, sorted by (a, b)."""
    return []  # TODO(issue 3)


def originals_of(reuse: Sequence[Reuse]) -> dict[str, str]:
    """Map each near-duplicate article id to the id whose NLP it can reuse."""
    return {}  # TODO(issue 3)
