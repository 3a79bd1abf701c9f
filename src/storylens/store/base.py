"""The Store protocol: a handful of verbs every backend store offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from storylens.model import Article, RawDocument, Rejection, SearchHit, StorySlice


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

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles, texts and quotes."""
        ...

    def writer(self) -> AbstractContextManager[None]:
        """Hold the store's single-writer lock (analysis: load state, save stories), waiting for another holder."""
        ...

    # -- the feed watcher's memory ------------------------------------------------------------------
    def feed_state(self, url: str) -> dict[str, Any] | None:
        """Return a feed's conditional-request validators (``etag``, ``modified``) and last error, if polled."""
        ...

    def save_feed_state(self, url: str, etag: str | None, modified: str | None, error: str | None = None) -> None:
        """Remember a feed's validators (or the error of its last poll)."""
        ...

    def seen(self, key: str) -> tuple[str, int] | None:
        """Return the status and attempt count of a feed entry, or None when it was never seen."""
        ...

    def mark_seen(self, key: str, feed: str, url: str | None, status: str, article_ids: Sequence[str] = ()) -> None:
        """Record what happened to a feed entry (``ingested``, ``analyzed``, ``failed``, ``retry``)."""
        ...

    def pending(self) -> dict[str, list[str]]:
        """Return the feed entries ingested but not analysed yet (key → article ids), oldest first."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...
