"""Article data carrying script, event-handler and javascript: payloads renders inert everywhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storylens.model import Article, Report
from storylens.present.render import safe_url
from storylens.report.html import render_html
from storylens.store import open_store
from storylens.web import create_app

Hostile = tuple[list[Article], dict[str, Any]]


class TagCollector(HTMLParser):
    """Every start tag and attribute the browser would build from the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_inert(page: str) -> None:
    parser = TagCollector()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "b"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), value


@pytest.fixture()
def client(tmp_path: Path, hostile: Hostile) -> TestClient:
    store = open_store(tmp_path / "xss.db")
    articles, story_slice = hostile
    for article in articles:
        store.add_article(article)
    store.save_story(story_slice)
    return TestClient(create_app(store))


def test_pages_render_payloads_as_text(client: TestClient) -> None:
    pages = [
        "/",
        "/stories/s0",
        "/articles/n00000-0",
        "/articles/n00000-2?story=s0&mark=0-30",
        "/stories/s0/compare?a=n00000-0&b=n00000-1",
        "/search?q=alert",
        "/search?q=%3Cscript%3Ealert",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text)
    story = client.get("/stories/s0").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in story
    article = client.get("/articles/n00000-0").text
    assert "javascript:alert(4)" in article and 'href="javascript' not in article


def test_standalone_report_renders_payloads_as_text(hostile: Hostile) -> None:
    articles, story_slice = hostile
    bundle = story_slice.to_dict()
    report = Report.from_dict({**bundle, "stories": [bundle["story"]], "articles": [a.report_dict() for a in articles]})
    page = render_html(report)
    assert_inert(page)
    assert "&lt;script&gt;" in page and "Evil Outlet" in page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("https://ex\nample.org", None),
        (None, None),
    ],
)
def test_safe_url_only_passes_http(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected
