"""The Store protocol: a handful of verbs every backend store offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from storylens.model import Article, RawDocument, Rejection, StorySlice


class Store(Protocol):
    """Persistent state of storylens; writes are transactional."""

    def add_raw(self, raw: RawDocument, digest: str) -> bool:
        """Keep a raw input; return False if the same content was stored before."""
        ...

    def article_for_hash(self, digest: str) -> Article | None:
        """Return the article already cleaned from this content, if any."""
        ...

    def add_article(self, article: Article) -> None:
        """Keep (or replace) a cleaned article."""
        ...

    def add_rejection(self, rejection: Rejection) -> None:
        """Keep a rejected input with its reason."""
        ...

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Return articles by id (all when ``ids`` is None), sorted by id."""
        ...

    def rejections(self) -> list[Rejection]:
        """Return every stored rejection."""
        ...

    def load_state(self, key: str) -> bytes | None:
        """Return a persisted corpus-stage state (LSH index, open stories)."""
        ...

    def save_state(self, key: str, data: bytes) -> None:
        """Persist a corpus-stage state."""
        ...

    def save_story(self, story_slice: StorySlice) -> None:
        """Keep one story's slice of the analysis."""
        ...

    def story_slices(self, ids: Iterable[str] | None = None) -> list[StorySlice]:
        """Return stored story slices, newest first."""
        ...

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over titles, texts and quotes."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...
