"""Fixtures for the web tests: a store filled with invented stories (no models needed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sample_story import sample_story
from storylens.model import Article
from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore


def fill(store: SQLiteStore, count: int = 3, size: int = 4) -> None:
    """Write ``count`` invented stories straight into the store, as an analysis would have."""
    for number in range(count):
        sample = sample_story(number, size)
        for article in sample.articles:
            store.add_article(article)
        store.save_story(sample.bundle["story"]["id"], sample.bundle)


SCRIPT = "<script>alert('x')</script>"
HANDLER = '"><img src=x onerror="alert(1)"><svg onload=alert(2)>'
PAYLOADS = {
    "title": SCRIPT + " headline " + HANDLER,
    "source": "<b onmouseover=alert(3)>Evil Outlet</b>",
    "url": "javascript:alert(4)",
}


def poisoned_bundle() -> tuple[list[Article], dict[str, Any]]:
    """The invented story with hostile text in every field a page shows."""
    sample = sample_story()
    articles = [dataclasses.replace(a, **PAYLOADS, text=a.text + " " + SCRIPT + HANDLER) for a in sample.articles]
    bundle = dict(sample.bundle)
    bundle["articles"] = [a.report_dict() for a in articles]
    bundle["story"] = {**sample.bundle["story"], "title": SCRIPT + "story"}
    bundle["quotes"] = [{**q, "speaker": HANDLER, "text": q["text"]} for q in sample.bundle["quotes"]]
    bundle["entities"] = [{**e, "name": SCRIPT, "type": HANDLER} for e in sample.bundle["entities"]]
    bundle["conflicts"] = [
        {**c, "topic": HANDLER, "statements": [{**s, "value": SCRIPT, "text": HANDLER} for s in c["statements"]]}
        for c in sample.bundle["conflicts"]
    ]
    return articles, bundle


@pytest.fixture(scope="session")
def hostile() -> tuple[list[Article], dict[str, Any]]:
    """The invented story with script, event-handler and javascript: payloads in every shown field."""
    return poisoned_bundle()


@pytest.fixture(scope="session")
def filler() -> Any:
    """The function that writes invented stories into a store."""
    return fill


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh store holding three invented stories."""
    opened = open_store(tmp_path / "web.db")
    fill(opened)
    yield opened
    opened.close()
