"""The feed watcher against a feed server on loopback: new and repeated items, errors, a slow server, restarts.

Feeds and pages are invented here (fiction). Analysis is a recording stand-in, except in the one slow test that
grows real stories.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from loopback_server import Route, Site, serve
from storylens.errors import ConfigError
from storylens.ingest import IngestOptions
from storylens.model import Article
from storylens.pipeline import Pipeline, PipelineOptions
from storylens.store.sqlite import SQLiteStore, open_store
from storylens.watch import RateLimiter, Watcher, WatchOptions, parse_interval

OPTIONS = WatchOptions(host_delay_s=0.0, ingest=IngestOptions(allow_private=True, timeout_s=1.0))
PAGES = {
    "/news/bridge": "The Millbrook council voted 7 to 2 on Tuesday to rebuild the old river bridge, Mayor Finch said.",
    "/news/ferry": "The Millbrook ferry resumed service on Wednesday after two weeks of repairs, the harbour said.",
    "/news/school": "Millbrook's new school opened on Thursday with 300 pupils, the education board said.",
    "/private/memo": "An internal memo that robots.txt keeps out of reach of crawlers in this invented town.",
}
DETAIL = (
    "Residents had waited for a decision since the spring floods damaged the crossing.",
    "Officials said the work would begin next month and last most of the year.",
    "Local shop owners welcomed the news at a public meeting on Wednesday evening.",
)


def _page(text: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in (text, *DETAIL))
    return f"<html><head><title>Millbrook</title></head><body><article>{paragraphs}</article></body></html>".encode()


def _feed(site: Site, paths: Sequence[str]) -> bytes:
    items = "".join(
        f"<item><title>{path}</title><link>{site.base}{path}</link><description>teaser</description></item>"
        for path in paths
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Millbrook Ledger</title>{items}</channel></rss>'
    ).encode()


class Recorder:
    """Stands in for ``Pipeline.analyze``: remembers which articles it was given."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.fail = fail

    def __call__(self, articles: Sequence[Article]) -> None:
        if self.fail:
            raise KeyboardInterrupt  # a run killed between ingest and analysis
        self.calls.append([article.id for article in articles])


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        for path, text in PAGES.items():
            running.routes[path] = Route(_page(text))
        running.routes["/robots.txt"] = Route(
            b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}
        )
        yield running


def _watcher(db: Path, analyze: Recorder) -> tuple[Watcher, SQLiteStore]:
    store = open_store(db)
    pipeline = Pipeline(store, options=PipelineOptions(ingest=OPTIONS.ingest))
    return Watcher(store, pipeline, OPTIONS, analyze=analyze), store


def test_new_items_repeated_items_and_conditional_requests(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = Route(
        _feed(site, ["/news/bridge", "/news/ferry", "/private/memo"]),
        etag='"v1"',
        headers={"Content-Type": "application/rss+xml"},
    )
    recorder = Recorder()
    watcher, store = _watcher(tmp_path / "s.db", recorder)
    (first,) = watcher.poll([f"{site.base}/feed"])
    assert (first.new, first.failed, first.repeated) == (2, 1, 0)  # the memo is disallowed by robots.txt
    assert site.hits("/private/memo") == 0 and site.hits("/robots.txt") == 1
    assert len(recorder.calls) == 1 and len(recorder.calls[0]) == 2
    (second,) = watcher.poll([f"{site.base}/feed"])
    assert second.not_modified
    assert site.requests[-1][1].get("if-none-match") == '"v1"'
    site.routes["/feed"] = Route(
        _feed(site, ["/news/school", "/news/bridge", "/news/ferry"]),
        etag='"v2"',
        headers={"Content-Type": "application/rss+xml"},
    )
    (third,) = watcher.poll([f"{site.base}/feed"])
    assert (third.new, third.repeated) == (1, 2)
    assert [site.hits(path) for path in ("/news/bridge", "/news/ferry", "/news/school")] == [1, 1, 1]
    assert len(recorder.calls) == 2 and len(recorder.calls[1]) == 1  # only the new article analysed
    assert store.counts()["articles"] == 3
    watcher.close()
    store.close()


def test_a_feed_that_errors_then_recovers(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = Route(b"oops", status=500)
    site.routes["/not-a-feed"] = Route(_page("just a page"))
    watcher, store = _watcher(tmp_path / "s.db", Recorder())
    broken, page = watcher.poll([f"{site.base}/feed", f"{site.base}/not-a-feed"])
    assert broken.error == "HTTP 500" and page.error == "not an RSS/Atom feed"
    site.routes["/feed"] = Route(_feed(site, ["/news/bridge"]), headers={"Content-Type": "application/rss+xml"})
    (recovered, _) = watcher.poll([f"{site.base}/feed", f"{site.base}/not-a-feed"])
    assert recovered.new == 1 and recovered.error is None
    watcher.close()
    store.close()


def test_a_slow_server_is_retried_then_given_up(site: Site, tmp_path: Path) -> None:
    site.routes["/slow-feed"] = Route(_feed(site, ["/news/bridge"]), delay_s=2.5)
    site.routes["/feed"] = Route(_feed(site, ["/news/slow", "/news/ferry"]))
    site.routes["/news/slow"] = Route(_page(PAGES["/news/bridge"]), delay_s=2.5)
    watcher, store = _watcher(tmp_path / "s.db", Recorder())
    slow_feed, feed = watcher.poll([f"{site.base}/slow-feed", f"{site.base}/feed"])
    assert slow_feed.error is not None and slow_feed.error.startswith("timed out")
    assert (feed.new, feed.retry) == (1, 1)
    site.routes["/news/slow"] = Route(_page(PAGES["/news/bridge"]))  # the server got faster
    (_, again) = watcher.poll([f"{site.base}/slow-feed", f"{site.base}/feed"])
    assert (again.new, again.repeated, again.retry) == (1, 1, 0)
    watcher.close()
    store.close()


def test_restart_after_a_kill_between_ingest_and_analysis(site: Site, tmp_path: Path) -> None:
    site.routes["/feed"] = Route(_feed(site, ["/news/bridge", "/news/ferry"]), etag='"v1"')
    crashing, store = _watcher(tmp_path / "s.db", Recorder(fail=True))
    with pytest.raises(KeyboardInterrupt):
        crashing.poll([f"{site.base}/feed"])
    crashing.close()
    store.close()
    recorder = Recorder()
    watcher, store = _watcher(tmp_path / "s.db", recorder)
    assert watcher.analyze_pending() == 2  # nothing lost
    (again,) = watcher.poll([f"{site.base}/feed"])
    assert again.not_modified or again.repeated == 2
    assert [len(call) for call in recorder.calls] == [2]  # nothing analysed twice
    assert site.hits("/news/bridge") == 1
    watcher.close()
    store.close()


def test_rate_limiter_spaces_requests_per_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait("https://ledger.example/a")
    limiter.wait("https://hill.example/a")
    limiter.wait("https://ledger.example/b")
    limiter.wait("https://ledger.example/c", delay_s=5.0)
    limiter.wait("https://ledger.example/d")
    assert slept == [2.0, 2.0, 5.0]


def test_parse_interval() -> None:
    assert [parse_interval(text) for text in ("30s", "10m", "1h", "45", "1.5m")] == [30, 600, 3600, 45, 90]
    with pytest.raises(ConfigError):
        parse_interval("soon")


@pytest.mark.slow
def test_stories_grow_from_a_live_feed_across_restarts(site: Site, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storylens.cli import app

    site.routes["/feed"] = Route(_feed(site, ["/news/bridge"]), headers={"Content-Type": "application/rss+xml"})
    db = tmp_path / "s.db"
    args = ["watch", f"{site.base}/feed", "--once", "--allow-private", "--db", str(db)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 new" in first.stderr
    site.routes["/feed"] = Route(
        _feed(site, ["/news/ferry", "/news/bridge"]), headers={"Content-Type": "application/rss+xml"}
    )
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0 and "1 new, 1 already seen" in second.stderr
    store = open_store(db)
    stories = store.story_slices()
    assert {article for story_slice in stories for article in story_slice.story.article_ids} == {
        article.id for article in store.articles()
    }
    assert store.counts()["articles"] == 2
    store.close()


def test_watch_once_reports_a_failed_feed(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storylens.cli import app
    from storylens.watch import run_watch

    dead = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens, the connection is refused
    assert run_watch([dead], every="1m", db=tmp_path / "w.db", once=True, allow_private=True) is False
    result = CliRunner().invoke(app, ["watch", dead, "--once", "--allow-private", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 1
