"""``storylens watch``: poll feeds and grow stories (an adapter around the pipeline).

Each poll asks a feed with ``If-None-Match`` / ``If-Modified-Since``, fetches every new entry's page politely
(robots.txt, a per-host delay) through the guarded URL reader, cleans and stores it, then analyses what was
stored. Restart-safe: an entry is marked ``ingested`` once its article is committed and ``analyzed`` once its
stories are, and a feed's validators are saved only after all its entries were handled, so a run killed at
any point neither loses an entry nor stores one twice (content hashes make a repeated fetch a no-op).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from storylens.errors import ConfigError
from storylens.ingest import IngestOptions
from storylens.ingest.feed import parse_feed
from storylens.ingest.url import fetch, make_client, url_id
from storylens.model import Article, Rejection
from storylens.pipeline import Pipeline, PipelineOptions
from storylens.store import open_store
from storylens.store.base import Store

ROBOTS_AGENT = "storylens"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_TRANSIENT = ("timed out", "fetch failed", "HTTP 5", "HTTP 429", "HTTP 408")
RETRY_PENDING = "entries to retry"


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``10m``, ``1h``, ``1d`` (a bare number is seconds)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"bad interval {text!r}: use e.g. 30s, 10m, 1h")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@dataclass(frozen=True)
class WatchOptions:
    """How often and how politely to poll."""

    every_s: float = 600.0
    host_delay_s: float = 1.0
    max_attempts: int = 3
    ingest: IngestOptions = field(default_factory=IngestOptions)


class RateLimiter:
    """At most one request per host every ``delay_s`` seconds (or the host's robots.txt crawl delay)."""

    def __init__(
        self, delay_s: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.delay_s = delay_s
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}

    def wait(self, url: str, delay_s: float | None = None) -> None:
        """Block until ``url``'s host may be asked again, then book the next slot."""
        host = (urlsplit(url).hostname or "").lower()
        now = self._clock()
        ready = self._next.get(host, now)
        if ready > now:
            self._sleep(ready - now)
            now = ready
        self._next[host] = now + max(self.delay_s, delay_s or 0.0)


class Robots:
    """robots.txt per site, fetched once with the guarded client and read by ``urllib.robotparser``."""

    def __init__(self, client: httpx.Client, options: IngestOptions, limiter: RateLimiter) -> None:
        self._client, self._options, self._limiter = client, options, limiter
        self._sites: dict[str, RobotFileParser] = {}

    def _parser(self, url: str) -> RobotFileParser | None:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._sites:
            self._limiter.wait(site)
            fetched = fetch(f"{site}/robots.txt", self._options, self._client)
            parser = RobotFileParser()
            if isinstance(fetched, Rejection) or fetched.status >= 500:
                return None  # unknown for now: ask again on the next poll rather than guess
            if fetched.status in (401, 403):  # the convention urllib.robotparser follows too
                parser.parse(["User-agent: *", "Disallow: /"])
            elif fetched.status >= 400:
                parser.parse([])
            else:
                parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
            self._sites[site] = parser
        return self._sites[site]

    def allowed(self, url: str) -> bool | None:
        """Whether robots.txt lets us fetch ``url`` (None: robots.txt could not be read now)."""
        parser = self._parser(url)
        return None if parser is None else parser.can_fetch(ROBOTS_AGENT, url)

    def delay(self, url: str) -> float | None:
        """The site's crawl delay for us, if it sets one."""
        parser = self._parser(url)
        value = parser.crawl_delay(ROBOTS_AGENT) if parser else None
        return float(value) if value is not None else None


@dataclass
class PollResult:
    """What one poll of one feed did."""

    feed: str
    new: int = 0
    repeated: int = 0
    failed: int = 0
    retry: int = 0
    not_modified: bool = False
    error: str | None = None

    def line(self) -> str:
        """One line for the log."""
        if self.error:
            return f"{self.feed}: {self.error}"
        if self.not_modified:
            return f"{self.feed}: not modified"
        return f"{self.feed}: {self.new} new, {self.repeated} already seen, {self.failed} failed, {self.retry} to retry"


class Watcher:
    """Polls feeds into the store and analyses what arrived; every step is committed before the next."""

    def __init__(
        self,
        store: Store,
        pipeline: Pipeline,
        options: WatchOptions,
        analyze: Callable[[Sequence[Article]], Any] | None = None,
    ) -> None:
        self.store, self.pipeline, self.options = store, pipeline, options
        self.limiter = RateLimiter(options.host_delay_s)
        self.client = make_client(options.ingest)
        self.robots = Robots(self.client, options.ingest, self.limiter)
        self._analyze = analyze or pipeline.analyze

    def close(self) -> None:
        """Release the HTTP client."""
        self.client.close()

    def poll(self, feeds: Sequence[str]) -> list[PollResult]:
        """Poll every feed once, then analyse everything stored but not analysed yet."""
        results = [self.poll_feed(feed) for feed in feeds]
        self.analyze_pending()
        return results

    def poll_feed(self, feed: str) -> PollResult:
        """Fetch ``feed`` conditionally and ingest its new entries."""
        result = PollResult(feed)
        state = self.store.feed_state(feed) or {}
        headers: dict[str, str] = {}
        if not state.get("error"):  # after any trouble, ask for the whole feed again
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("modified"):
                headers["If-Modified-Since"] = state["modified"]
        self.limiter.wait(feed)
        fetched = fetch(feed, self.options.ingest, self.client, headers)
        if isinstance(fetched, Rejection) or fetched.status >= 400:
            result.error = fetched.reason if isinstance(fetched, Rejection) else f"HTTP {fetched.status}"
        elif fetched.status == 304:
            result.not_modified = True
        elif (parsed := parse_feed(fetched.body)) is None:
            result.error = "not an RSS/Atom feed"
        else:
            for entry in parsed.get("entries", []):
                self._entry(feed, entry, result)
            error = RETRY_PENDING if result.retry else None
            self.store.save_feed_state(feed, fetched.headers.get("etag"), fetched.headers.get("last-modified"), error)
            return result
        self.store.save_feed_state(feed, None, None, result.error if result.error else state.get("error"))
        return result

    def _entry(self, feed: str, entry: Any, result: PollResult) -> None:
        link = entry.get("link") or None
        key = url_id(link or entry.get("id") or entry.get("title") or "")
        seen = self.store.seen(key)
        if seen is not None and seen[0] != "retry":
            result.repeated += 1
            return
        if not link:
            self.store.mark_seen(key, feed, None, "failed")
            result.failed += 1
            return
        status, ids = self._fetch_article(link)
        if status == "retry" and seen is not None and seen[1] + 1 >= self.options.max_attempts:
            status = "failed"  # give up on a page that keeps failing
        self.store.mark_seen(key, feed, link, status, ids)
        result.new += status == "ingested"
        result.failed += status == "failed"
        result.retry += status == "retry"

    def _fetch_article(self, link: str) -> tuple[str, list[str]]:
        """Fetch, clean and store one page: ``ingested`` with its article ids, ``retry`` or ``failed``."""
        allowed = self.robots.allowed(link)
        if allowed is None:
            return "retry", []
        if not allowed:
            return "failed", []
        self.limiter.wait(link, self.robots.delay(link))
        ingested = self.pipeline.ingest([link])
        if ingested.articles:
            return "ingested", [article.id for article in ingested.articles]
        transient = any(r.reason.startswith(_TRANSIENT) for r in ingested.rejections)
        return ("retry" if transient else "failed"), []

    def analyze_pending(self) -> int:
        """Analyse the articles stored but not analysed yet (also those a killed run left); return how many."""
        pending = self.store.pending()
        ids = sorted({article_id for ids in pending.values() for article_id in ids})
        articles = self.store.articles(ids)
        if articles:
            self._analyze(articles)
        for key in pending:
            self.store.mark_seen(key, "", None, "analyzed")
        return len(articles)


def run_watch(feeds: Sequence[str], *, every: str, db: Path, once: bool, allow_private: bool) -> bool:
    """Poll ``feeds`` every ``every`` until interrupted (or once); return whether the last poll of each succeeded."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, soft_wrap=True)
    ingest = IngestOptions(allow_private=allow_private)
    options = WatchOptions(every_s=parse_interval(every), ingest=ingest)
    store = open_store(db)
    watcher = Watcher(store, Pipeline(store, options=PipelineOptions(ingest=ingest)), options)
    try:
        recovered = watcher.analyze_pending()
        if recovered:
            console.print(f"analysed {recovered} articles a previous run had stored", highlight=False)
        while True:
            results = watcher.poll(feeds)
            for result in results:
                console.print(escape(result.line()), highlight=False)
            if once:
                return not any(result.error for result in results)
            time.sleep(options.every_s)
    finally:
        watcher.close()
        store.close()
