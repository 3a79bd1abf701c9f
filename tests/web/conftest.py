"""Fixtures for the web tests: a store filled with invented stories (no models needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore
from storylens.web.sample import sample_story


def fill(store: SQLiteStore, count: int = 3, size: int = 4) -> None:
    """Write ``count`` invented stories straight into the store, as an analysis would have."""
    for number in range(count):
        sample = sample_story(number, size)
        for article in sample.articles:
            store.add_article(article)
        store.save_story(sample.bundle["story"]["id"], sample.bundle)


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A fresh store holding three invented stories."""
    opened = open_store(tmp_path / "web.db")
    fill(opened)
    yield opened
    opened.close()
