"""Fixtures for the web tests: a store filled with invented stories (no models needed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sample_story import sample_story
from storylens.model import Article, StorySlice
from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore


def fill(store: SQLiteStore, count: int = 3, size: int = 4) -> None:
    """Write ``count`` invented stories straight into the store, as an analysis would have."""
    for number in range(count):
        sample = sample_story(number, size)
        for article in sample.articles:
            store.add_article(article)
        store.save_story(sample.story_slice)


SCRIPT = "<script>alert('x')</script>"
HANDLER = '"><img src=x onerror="alert(1)"><svg onload=alert(2)>'
PAYLOADS = {
    "title": SCRIPT + " headline " + HANDLER,
    "source": "<b onmouseover=alert(3)>Evil Outlet</b>",
    "url": "javascript:alert(4)",
}


def poisoned_slice() -> tuple[list[Article], StorySlice]:
    """The invented story with hostile text in every field a page shows."""
    sample = sample_story()
    articles = [dataclasses.replace(a, **PAYLOADS, text=a.text + " " + SCRIPT + HANDLER) for a in sample.articles]
    story_slice = sample.story_slice
    conflicts = tuple(
        dataclasses.replace(
            c, topic=HANDLER, statements=tuple(dataclasses.replace(s, value=SCRIPT, text=HANDLER) for s in c.statements)
        )
        for c in story_slice.conflicts
    )
    return articles, dataclasses.replace(
        story_slice,
        articles=tuple(articles),
        story=dataclasses.replace(story_slice.story, title=SCRIPT + "story"),
        quotes=tuple(dataclasses.replace(q, speaker=HANDLER) for q in story_slice.quotes),
        entities=tuple(dataclasses.replace(e, name=SCRIPT, type=HANDLER) for e in story_slice.entities),
        conflicts=conflicts,
    )


@pytest.fixture(scope="session")
def hostile() -> tuple[list[Article], StorySlice]:
    """The invented story with script, event-handler and javascript: payloads in every shown field."""
    return poisoned_slice()


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
