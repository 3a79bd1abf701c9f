"""One writer at a time on a store, and search rows repaired (issue 18 item 4)."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storylens.model import Article
from storylens.pipeline import Pipeline
from storylens.store.sqlite import MIGRATIONS, SQLiteStore, open_store

KEY = "count/v1"
HOLDER = """
import sys, time
from storylens.store.sqlite import open_store
store = open_store(sys.argv[1])
with store.writer():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
store.close()
"""


def _increment(db: Path, pause_s: float) -> None:
    """Read a counter, think, write it back: what analysis does with its story state."""
    store = open_store(db)
    try:
        with store.writer():
            value = int(store.load_state(KEY) or b"0")
            time.sleep(pause_s)
            store.save_state(KEY, str(value + 1).encode())
    finally:
        store.close()


def test_two_writers_never_build_on_the_same_state(tmp_path: Path) -> None:
    db = tmp_path / "two.db"
    open_store(db).close()
    threads = [threading.Thread(target=_increment, args=(db, 0.3)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = open_store(db)
    assert store.load_state(KEY) == b"4"  # without the lock, every writer read 0 and wrote 1
    store.close()


def test_a_second_process_waits_and_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "busy.db"
    open_store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), "2"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    store = open_store(db)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="storylens"), store.writer():
        waited = time.monotonic() - started
    store.close()
    holder.wait()
    assert waited > 0.5
    assert f"another storylens run is writing to {db}; waiting for it to finish" in caplog.text


def test_the_lock_is_reentrant_and_free_for_memory_stores(tmp_path: Path) -> None:
    store = open_store(tmp_path / "r.db")
    with store.writer(), store.writer():
        store.save_state(KEY, b"1")
    store.close()
    memory = SQLiteStore(":memory:")
    with memory.writer():
        memory.save_state(KEY, b"1")
    memory.close()


def test_analysis_holds_the_writer_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path / "a.db")
    held: list[bool] = []
    pipeline = Pipeline(store)
    monkeypatch.setattr(
        pipeline, "_analyze", lambda articles: held.append(store._lock is not None and store._lock._depth == 1)
    )
    pipeline.analyze([Article("a1", "Invented text.")])
    assert held == [True]
    store.close()


def test_search_rows_left_by_racing_writers_are_repaired(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as connection:  # a store at version 3 with what two racing writers left
        connection.executescript(";".join(MIGRATIONS[:3]) + "; PRAGMA user_version = 3;")
        connection.execute("INSERT INTO articles VALUES ('a1', 'd', NULL, NULL, 'T', '{}', 1.0)")
        connection.execute("INSERT INTO stories VALUES ('s1', 'S', 1.0, '{}')")
        rows = [
            ("article", "a1", None, "T", "one"),
            ("article", "a1", None, "T", "one again"),
            ("article", "gone", None, "T", "lost"),
            ("story", "s1", "s1", "S", ""),
            ("story", "s1", "s1", "S", ""),
            ("quote", "q1", "s1", "Ann", "we will"),
            ("quote", "q9", "s9", "Bo", "no story"),
        ]
        connection.executemany("INSERT INTO search (kind, ref, story, title, body) VALUES (?,?,?,?,?)", rows)
    open_store(db).close()
    with sqlite3.connect(db) as connection:
        left = connection.execute("SELECT kind, ref, body FROM search ORDER BY kind, ref").fetchall()
    assert left == [("article", "a1", "one again"), ("quote", "q1", "we will"), ("story", "s1", "")]
