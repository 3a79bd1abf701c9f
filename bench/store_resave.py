"""Cost of saving stories again as the store grows: N invented articles, N/10 stories, then 200 stories re-saved.

Usage: ``PYTHONPATH=src .venv/bin/python bench/store_resave.py 5000 20000`` (process CPU seconds per size).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from storylens.model import Article, Story, StorySlice
from storylens.store.sqlite import SQLiteStore

RESAVES = 200


def resave_cpu(articles: int, folder: Path) -> float:
    """Fill a fresh store with ``articles`` articles and a tenth as many stories; return CPU s of the re-saves."""
    store = SQLiteStore(folder / f"resave-{articles}.db")
    for i in range(articles):
        text = f"Invented article number {i} about a ferry and a bridge (fiction)."
        store.add_article(Article(id=f"a{i}", text=text, content_hash=f"h{i}"))
    for i in range(articles // 10):
        store.save_story(StorySlice(Story(f"s{i}", f"Story {i}", ()), ()))
    started = time.process_time()
    for i in range(min(RESAVES, articles // 10)):
        store.save_story(StorySlice(Story(f"s{i}", f"Story {i} again", ()), ()))
    spent = time.process_time() - started
    store.close()
    return spent


def main() -> None:
    """Print the re-save cost for each size given on the command line."""
    with tempfile.TemporaryDirectory() as folder:
        for size in [int(arg) for arg in sys.argv[1:]] or [5000, 20000]:
            print(f"{size} articles: {RESAVES} re-saves {resave_cpu(size, Path(folder)):.3f} CPU s")


if __name__ == "__main__":
    main()
