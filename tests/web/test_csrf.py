"""Cross-site writes are refused (issue 18 item 3); the site's own form and non-browser clients still work."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from fastapi.testclient import TestClient

from storylens.model import Article, Rejection, Report, Story
from storylens.store.sqlite import SQLiteStore
from storylens.web import create_app
from storylens.web.csrf import cross_site_refusal


class CountingRunner:
    """Stands in for the pipeline and counts how often an ingest reached it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        self.calls += 1
        return Report(articles=(Article("x1", "text"),), stories=(Story("s-new", "New", ("x1",)),)), ()


FORGED = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
    {"Origin": "http://testserver.evil.example"},
]
GENUINE = [
    {},  # curl and scripts send neither header
    {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},
]


@pytest.mark.parametrize("path", ["/ingest", "/api/ingest"])
@pytest.mark.parametrize("headers", FORGED)
def test_cross_site_ingest_is_refused(store: SQLiteStore, path: str, headers: dict[str, str]) -> None:
    runner = CountingRunner()
    client = TestClient(create_app(store, runner=runner))
    response = client.post(path, data={"text": "Invented text of a forged post."}, headers=headers)
    assert response.status_code == 403
    assert "cross-site request refused" in response.json()["error"]
    assert "Content-Security-Policy" in response.headers
    assert runner.calls == 0


@pytest.mark.parametrize("headers", GENUINE)
def test_same_origin_and_non_browser_ingest_is_accepted(store: SQLiteStore, headers: dict[str, str]) -> None:
    runner = CountingRunner()
    client = TestClient(create_app(store, runner=runner))
    response = client.post("/api/ingest", data={"text": "Invented text."}, headers=headers)
    assert response.status_code == 200
    assert runner.calls == 1


def test_reads_from_anywhere_are_not_refused() -> None:
    assert cross_site_refusal("GET", {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}) is None
    assert cross_site_refusal("DELETE", {"origin": "null", "host": "a"}) is not None


def test_upload_caps_are_what_analysis_affords(store: SQLiteStore) -> None:
    runner = CountingRunner()
    client = TestClient(create_app(store, runner=runner))
    six = [("files", (f"a{n}.txt", b"Invented text.", "text/plain")) for n in range(6)]
    assert client.post("/api/ingest", files=six).status_code == 400
    big = [("files", ("big.txt", b"word " * 500_000, "text/plain"))]  # 2.5 MB
    assert client.post("/api/ingest", files=big).status_code in (400, 413)
    five = six[:5]
    assert client.post("/api/ingest", files=five).status_code == 200
    assert runner.calls == 1
