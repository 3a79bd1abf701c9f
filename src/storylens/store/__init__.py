"""The store: where raw inputs, articles, rejections, stories and analysis results are kept."""

from __future__ import annotations

from storylens.store.base import Store
from storylens.store.sqlite import SQLiteStore, open_store

__all__ = ["SQLiteStore", "Store", "open_store"]
