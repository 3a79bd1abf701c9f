"""The SQLite store: migrations, idempotent re-ingest, rejections kept once, the feed watcher's memory."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from pathlib import Path

from storylens.model import Quote, Rejection, Story, StorySlice
from storylens.pipeline import Pipeline
from storylens.store.sqlite import MIGRATIONS, SQLiteStore, open_store

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, Mayor Ada Finch said (fiction).\n"


def _rows(db: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def test_migrations_reach_the_latest_version_and_dedupe_old_rejections(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as connection:  # a store written by the first release
        connection.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
        connection.executemany("INSERT INTO rejections VALUES (?, ?, ?, ?)", [("a.txt", None, "empty file", 1.0)] * 3)
    store = open_store(db)
    assert store.rejections() == [Rejection("a.txt", "empty file")]
    store.close()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_processes_opening_a_new_store_at_once(tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            SQLiteStore(tmp_path / "new.db").close()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_the_same_rejection_is_kept_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    for _ in range(3):
        store.add_rejection(Rejection("feed.jsonl", "malformed JSON line", line=4))
    store.add_rejection(Rejection("feed.jsonl", "malformed JSON line", line=5))
    assert [r.line for r in store.rejections()] == [4, 5]
    store.close()


def test_reingesting_the_same_inputs_adds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(f"Report {number}. " + STORY)
    (folder / "empty.txt").write_text("")
    db = tmp_path / "s.db"
    snapshots = []
    for _ in range(2):
        store = open_store(db)
        result = Pipeline(store).ingest([str(folder)])
        store.close()
        assert [article.id for article in result.articles] == ["a0", "a1", "a2"]
        snapshots.append({table: _rows(db, table) for table in ("raw_documents", "articles", "rejections")})
    assert snapshots[0] == snapshots[1]  # same rows, same timestamps: nothing re-cleaned or re-added
    assert len(snapshots[1]["articles"]) == 3 and len(snapshots[1]["rejections"]) == 1


def test_feed_state_and_seen_entries(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    assert store.feed_state("https://ledger.example/rss") is None
    store.save_feed_state("https://ledger.example/rss", '"v1"', "Tue, 06 May 2031 09:00:00 GMT")
    store.save_feed_state("https://ledger.example/rss", None, None, error="HTTP 500")
    state = store.feed_state("https://ledger.example/rss")
    assert state is not None and (state["etag"], state["error"]) == ('"v1"', "HTTP 500")
    store.mark_seen("k1", "feed", "https://ledger.example/1", "retry")
    store.mark_seen("k1", "feed", "https://ledger.example/1", "retry")
    assert store.seen("k1") == ("retry", 2)
    store.mark_seen("k1", "feed", "https://ledger.example/1", "ingested", ["x1"])
    store.mark_seen("k2", "feed", "https://ledger.example/2", "ingested", ["x2"])
    assert store.pending() == {"k1": ["x1"], "k2": ["x2"]}
    store.mark_seen("k1", "feed", "https://ledger.example/1", "analyzed")
    assert store.pending() == {"k2": ["x2"]}
    assert store.seen("k1") == ("analyzed", 2) and store.seen("nope") is None
    store.close()


def test_replacing_an_article_keeps_one_search_entry(tmp_path: Path) -> None:
    from storylens.model import Article

    store = open_store(tmp_path / "s.db")
    store.add_article(Article(id="a1", text="The ferry resumed service (fiction).", content_hash="h1"))
    store.add_article(Article(id="a2", text="The bridge reopened (fiction).", content_hash="h2"))
    store.add_article(Article(id="a1", text="The ferry resumed service on Monday (fiction).", content_hash="h3"))
    assert [hit.ref for hit in store.search("ferry")] == ["a1"]
    assert "Monday" in store.search("ferry")[0].snippet
    assert [hit.ref for hit in store.search("bridge")] == ["a2"]
    store.close()


def test_saving_a_story_again_keeps_one_search_entry_per_quote(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    dawn = Quote("q1", "a1", "We will sail at dawn.", 0, 21, "Ada Lind")
    strike = StorySlice(Story("s1", "Ferry strike", ()), (), quotes=(dawn,))
    store.save_story(strike)
    store.save_story(StorySlice(Story("s2", "Harbour dredging", ()), ()))
    store.save_story(dataclasses.replace(strike, quotes=(dataclasses.replace(dawn, text="We will sail at noon."),)))
    assert [hit.ref for hit in store.search("sail")] == ["q1"]
    assert store.search("dawn") == [] and [hit.ref for hit in store.search("noon")] == ["q1"]
    assert [hit.ref for hit in store.search("dredging")] == ["s2"]
    store.close()


def _plan(db: Path, statement: str) -> str:
    with sqlite3.connect(db) as connection:
        return " ".join(str(row[-1]) for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", ("s1",)))


def test_replacing_search_rows_looks_them_up_by_key_not_by_scanning(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = open_store(db)
    store.save_story(StorySlice(Story("s1", "Ferry strike", ()), ()))
    store.save_story(StorySlice(Story("s1", "Ferry strike ends", ()), ()))
    store.close()
    assert [row[1:] for row in _rows(db, "search_keys")] == [("story", "s1", "s1")]
    assert "USING COVERING INDEX search_keys_story" in _plan(db, "SELECT row FROM search_keys WHERE story = ?")


def test_a_store_from_before_the_search_keys_is_keyed_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = open_store(db)
    store.save_story(StorySlice(Story("s1", "Ferry strike", ()), ()))
    store.close()
    with sqlite3.connect(db) as connection:  # as a store of migration 5 left it: no key table
        connection.executescript(f"DROP TABLE search_keys; PRAGMA user_version = {len(MIGRATIONS) - 1};")
    store = open_store(db)
    store.save_story(StorySlice(Story("s1", "Dredging resumes", ()), ()))
    assert store.search("strike") == [] and [hit.ref for hit in store.search("dredging")] == ["s1"]
    store.close()
