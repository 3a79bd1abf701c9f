"""What the web routes share: limits, the cached story list and the app's state over one store."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from storylens.model import Rejection, Report, StorySlice
from storylens.present import render, views
from storylens.store.base import Store

# Pages never run scripts or load anything from elsewhere; inline SVG is part of the document.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

Runner = Callable[[Sequence[str]], tuple[Report, tuple[Rejection, ...]]]


@dataclass(frozen=True)
class WebOptions:
    """Limits of the web adapter."""

    # What one request may ask analysis to hold: at most 5 files of 2 MB (and 2 MB pasted), each document analysed
    # up to ``max_chars`` characters (the CLI's limit is 200,000): five near-identical long texts make one story
    # whose reuse and claims stages grow with the square of its length. Peak memory per request size:
    # BENCHMARKS.md, Reliability (issue 18).
    max_upload_bytes: int = 2_000_000
    max_files: int = 5
    max_chars: int = 40_000
    page_size: int = 50
    index_ttl_s: float = 30.0  # the story list is rebuilt at most this often (and after each ingest)


_log = logging.getLogger(__name__)


class StoryIndex:
    """The stories page's list, kept in memory.

    Built on first use and right after an ingest from the UI. When older than ``ttl`` seconds (the CLI may have
    written meanwhile) it is rebuilt in a background thread while readers keep the previous list, so on a large
    store no page waits for the full read.
    """

    def __init__(self, store: Store, ttl: float) -> None:
        self.store, self.ttl = store, ttl
        self._lock = threading.Lock()
        self._built: float | None = None
        self._rebuilding = False
        self._generation = 0  # bumped by invalidate(): a rebuild begun before it must not overwrite a newer list
        self._thread: threading.Thread | None = None
        self._data: tuple[list[views.StoryCard], dict[str, str]] = ([], {})

    def invalidate(self) -> None:
        """Forget the cached list: the next read rebuilds it before answering."""
        with self._lock:
            self._built = None
            self._generation += 1

    def _build(self) -> None:
        with self._lock:
            generation = self._generation
        cards: list[views.StoryCard] = []
        owners: dict[str, str] = {}
        try:
            for story_slice in self.store.story_slices():
                card = views.story_card(story_slice)
                cards.append(card)
                for article_id in story_slice.story.article_ids:
                    owners.setdefault(article_id, card.id)
        finally:  # a failed rebuild must not block the next one
            with self._lock:
                self._rebuilding = False
        with self._lock:
            if generation == self._generation:
                self._data, self._built = (cards, owners), time.monotonic()

    def _current(self) -> tuple[list[views.StoryCard], dict[str, str]]:
        with self._lock:
            built, stale = self._built, self._built is not None and time.monotonic() - self._built >= self.ttl
            start_background = stale and not self._rebuilding
            if start_background:
                self._rebuilding = True
        if built is None:
            self._build()
        elif start_background:
            self._thread = threading.Thread(target=self._build_in_background, daemon=True, name="storylens-index")
            self._thread.start()
        return self._data

    def wait(self, timeout: float = 30.0) -> None:
        """Let a background rebuild finish: call before closing the store (a read cut off by a close can crash
        SQLite's module)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _build_in_background(self) -> None:
        """A background refresh that fails (the store closed at shutdown, a locked database) keeps the previous list;
        the next stale read tries again. Only a foreground build, which has no list to fall back on, raises."""
        try:
            self._build()
        except Exception:  # nothing above a daemon thread could handle it
            _log.warning("refreshing the story list failed; keeping the previous one", exc_info=True)

    def cards(self) -> list[views.StoryCard]:
        """Every story's card, most recently updated first."""
        return self._current()[0]

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to."""
        return self._current()[1].get(article_id)


@dataclass
class AppState:
    """Everything the routes share, held by one app."""

    store: Store
    read_only: bool
    options: WebOptions
    runner: Runner
    env: Environment
    index: StoryIndex
    ingest_lock: threading.Lock

    def page(self, name: str, request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        """Render a template with the web links."""
        context.setdefault("links", render.Links())
        context.setdefault("q", request.query_params.get("q", ""))
        html = self.env.get_template(name).render(standalone=False, **context)
        return HTMLResponse(html, status_code=status)

    def story(self, story_id: str) -> StorySlice:
        """Return one story's slice or raise 404."""
        found = self.store.story_slices([story_id])
        if not found:
            raise HTTPException(404, f"no story {story_id!r}")
        return found[0]
