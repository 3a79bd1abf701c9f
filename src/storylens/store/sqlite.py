"""The embedded default store: one SQLite file in WAL mode, numbered migrations, FTS5 search.

This module is the only place with SQL.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from storylens.errors import StoreError
from storylens.model import Article, RawDocument, Rejection, SearchHit, StorySlice
from storylens.store.lock import WriterLock

# Each entry migrates the schema from version i to i + 1; never edit a released one, append.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE raw_documents (
        digest TEXT PRIMARY KEY, id TEXT NOT NULL, origin TEXT NOT NULL, kind TEXT NOT NULL,
        content TEXT NOT NULL, meta TEXT NOT NULL, added REAL NOT NULL);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY, digest TEXT NOT NULL, published TEXT, source TEXT, title TEXT,
        data TEXT NOT NULL, added REAL NOT NULL);
    CREATE INDEX articles_digest ON articles(digest);
    CREATE TABLE rejections (
        origin TEXT NOT NULL, line INTEGER, reason TEXT NOT NULL, added REAL NOT NULL);
    CREATE TABLE state (key TEXT PRIMARY KEY, data BLOB NOT NULL, updated REAL NOT NULL);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY, title TEXT, updated REAL NOT NULL, data TEXT NOT NULL);
    CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, ref UNINDEXED, story UNINDEXED, title, body);
    """,
    # 2: the same rejection is kept once, however often its input is re-read.
    """
    DELETE FROM rejections WHERE rowid NOT IN (SELECT min(rowid) FROM rejections GROUP BY origin, line, reason);
    CREATE UNIQUE INDEX rejections_unique ON rejections(origin, ifnull(line, -1), reason);
    """,
    # 3: the feed watcher's memory: conditional-request validators per feed, and every entry seen.
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY, etag TEXT, modified TEXT, checked REAL NOT NULL, error TEXT);
    CREATE TABLE seen (
        key TEXT PRIMARY KEY, feed TEXT NOT NULL, url TEXT, status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, article_ids TEXT NOT NULL DEFAULT '[]', updated REAL NOT NULL);
    CREATE INDEX seen_status ON seen(status);
    """,
    # 4: repair search rows two concurrent writers duplicated or left behind (before the writer lock).
    """
    DELETE FROM search WHERE rowid NOT IN (SELECT max(rowid) FROM search GROUP BY kind, ref, ifnull(story, ''));
    DELETE FROM search WHERE kind = 'article' AND ref NOT IN (SELECT id FROM articles);
    DELETE FROM search WHERE kind IN ('story', 'quote') AND story NOT IN (SELECT id FROM stories);
    """,
    # 5: search finds people: each story's entities (name, variants) are indexed, as save_story now does.
    """
    DELETE FROM search WHERE kind = 'entity';
    INSERT INTO search (kind, ref, story, title, body)
        SELECT 'entity', json_extract(e.value, '$.id'), s.id, ifnull(json_extract(e.value, '$.name'), ''),
            ifnull((SELECT group_concat(v.value, ' · ') FROM json_each(e.value, '$.variants') v), '')
        FROM stories s, json_each(s.data, '$.entities') e;
    """,  # 6: FTS5 cannot index ``ref`` or ``story``, so replacing a story's or an article's search rows scanned the
    # whole index (a cost that grew with the store, paid on every re-save): an indexed table keys the rows.
    """
    DROP TABLE IF EXISTS search_keys;
    CREATE TABLE search_keys (row INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT, story TEXT);
    INSERT INTO search_keys (row, kind, ref, story) SELECT rowid, kind, ref, story FROM search;
    CREATE INDEX search_keys_ref ON search_keys(kind, ref);
    CREATE INDEX search_keys_story ON search_keys(story);
    """,
)
SEEN_STATUSES = ("ingested", "analyzed", "failed", "retry")
SearchRow = tuple[str, str, str | None, str, str]  # kind, ref, story, title, body


class SQLiteStore:
    """SQLite with WAL: readers never block the writer, and each write is its own transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._lock = WriterLock(f"{self.path}.lock") if _on_disk(self.path) else None
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._use_wal()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    def _use_wal(self, patience_s: float = 30.0) -> None:
        """Switch the store to WAL (a persistent setting) unless it already is.

        Switching needs an exclusive lock, and SQLite does not wait for it when another connection is opening the
        same new store at that moment: it says "locked" at once. So retry briefly until the patience runs out.
        """
        deadline = time.monotonic() + patience_s
        while True:
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Apply pending migrations, each in one immediate transaction (two processes may open a new store)."""
        for number, script in enumerate(MIGRATIONS, start=1):
            if self._version() >= number:
                continue
            try:
                self._db.executescript(f"BEGIN IMMEDIATE; {script}; PRAGMA user_version = {number}; COMMIT;")
            except sqlite3.OperationalError:
                if self._db.in_transaction:
                    self._db.rollback()
                if self._version() < number:  # not another process that got there first
                    raise

    def add_raw(self, raw: RawDocument, digest: str) -> bool:
        """Keep a raw input; return False if the same content was stored before."""
        meta = {k: v for k, v in raw.to_dict().items() if k not in ("content", "id", "origin", "kind")}
        with self._db:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO raw_documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (digest, raw.id, raw.origin, raw.kind, raw.content, json.dumps(meta), time.time()),
            )
        return cursor.rowcount > 0

    def article_for_hash(self, digest: str) -> Article | None:
        """Return the article already cleaned from this content, if any."""
        row = self._db.execute("SELECT data FROM articles WHERE digest = ? LIMIT 1", (digest,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def add_article(self, article: Article) -> None:
        """Keep (or replace) a cleaned article and index it for search."""
        data = json.dumps(article.to_dict(), ensure_ascii=False)
        with self._immediate():
            known = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
            self._db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.content_hash, article.published, article.source, article.title, data, time.time()),
            )
            if known:
                self._unindex("kind = 'article' AND ref = ?", article.id)
            self._index([("article", article.id, None, article.title or "", article.text)])

    def add_rejection(self, rejection: Rejection) -> None:
        """Keep a rejected input with its reason."""
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO rejections VALUES (?, ?, ?, ?)",
                (rejection.origin, rejection.line, rejection.reason, time.time()),
            )

    def articles(self, ids: Sequence[str] | None = None) -> list[Article]:
        """Return articles by id (all when ``ids`` is None), sorted by id."""
        if ids is None:
            rows = self._db.execute("SELECT data FROM articles ORDER BY id").fetchall()
        else:
            wanted = list(dict.fromkeys(ids))
            rows = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(f"SELECT data FROM articles WHERE id IN ({marks})", chunk).fetchall()
        found = [Article.from_dict(json.loads(row[0])) for row in rows]
        return sorted(found, key=lambda article: article.id)

    def rejections(self) -> list[Rejection]:
        """Return every stored rejection, oldest first."""
        rows = self._db.execute("SELECT origin, reason, line FROM rejections ORDER BY rowid").fetchall()
        return [Rejection(origin=o, reason=r, line=line) for o, r, line in rows]

    def load_state(self, key: str) -> bytes | None:
        """Return a persisted corpus-stage state."""
        row = self._db.execute("SELECT data FROM state WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def save_state(self, key: str, data: bytes) -> None:
        """Persist a corpus-stage state."""
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", (key, data, time.time()))

    def save_story(self, story_slice: StorySlice) -> None:
        """Keep one story's slice (as JSON) and index its title, quotes and entities for search."""
        story_id, title = story_slice.story.id, story_slice.story.title
        bundle = story_slice.to_dict()
        with self._db:
            known = self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone()
            self._db.execute(
                "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)",
                (story_id, title, time.time(), json.dumps(bundle, ensure_ascii=False)),
            )
            if known:
                self._unindex("story = ?", story_id)
            rows: list[SearchRow] = [("story", story_id, story_id, title or "", "")]
            rows += [("quote", quote.id, story_id, quote.speaker or "", quote.text) for quote in story_slice.quotes]
            rows += [("entity", e.id, story_id, e.name, " · ".join(e.variants)) for e in story_slice.entities]
            self._index(rows)

    def _index(self, rows: Sequence[SearchRow]) -> None:
        """Add search rows, each keyed in ``search_keys`` by the row id it gets in the full-text index."""
        for kind, ref, story, title, body in rows:
            row = self._db.execute(
                "INSERT INTO search_keys (kind, ref, story) VALUES (?, ?, ?)", (kind, ref, story)
            ).lastrowid
            self._db.execute(
                "INSERT INTO search (rowid, kind, ref, story, title, body) VALUES (?, ?, ?, ?, ?, ?)",
                (row, kind, ref, story, title, body),
            )

    def _unindex(self, where: str, value: str) -> None:
        """Remove the search rows whose keys match ``where`` (a fixed clause with one parameter), by row id."""
        self._db.execute(f"DELETE FROM search WHERE rowid IN (SELECT row FROM search_keys WHERE {where})", (value,))
        self._db.execute(f"DELETE FROM search_keys WHERE {where}", (value,))

    def story_slices(self, ids: Iterable[str] | None = None) -> list[StorySlice]:
        """Return stored story slices, most recently updated first."""
        if ids is None:
            rows = self._db.execute("SELECT id, data, updated FROM stories").fetchall()
        else:  # look the wanted ids up by key: the web's story page must not read every story
            wanted, rows = sorted(set(ids)), []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT id, data, updated FROM stories WHERE id IN ({marks})"
                rows += self._db.execute(query, chunk).fetchall()
        rows.sort(key=lambda row: (-row[2], row[0]))
        return [StorySlice.from_dict(json.loads(data)) for _, data, _ in rows]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles, texts, quotes and entity names (FTS5 syntax-safe: terms are quoted)."""
        terms = " ".join('"' + term.replace('"', '""') + '"' for term in query.split())
        if not terms:
            return []
        rows = self._db.execute(
            "SELECT kind, ref, story, title, snippet(search, 4, '[', ']', '…', 12) FROM search "
            "WHERE search MATCH ? ORDER BY rank LIMIT ?",
            (terms, limit),
        ).fetchall()
        return [SearchHit(kind, ref, story, title or "", snippet or "") for kind, ref, story, title, snippet in rows]

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

        A deferred transaction reads, then writes: two processes could both read "not stored yet" and both insert,
        which duplicated search rows.
        """
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.rollback()
            raise
        self._db.commit()

    def writer(self) -> AbstractContextManager[None]:
        """Hold the store's single-writer lock (a no-op for an in-memory store), waiting for another holder."""
        return self._lock.hold(self.path) if self._lock else nullcontext()

    # -- the feed watcher --------------------------------------------------------------------------
    def feed_state(self, url: str) -> dict[str, Any] | None:
        """Return a feed's conditional-request validators (``etag``, ``modified``) and last error, if polled."""
        row = self._db.execute("SELECT etag, modified, checked, error FROM feeds WHERE url = ?", (url,)).fetchone()
        return None if row is None else {"etag": row[0], "modified": row[1], "checked": row[2], "error": row[3]}

    def save_feed_state(self, url: str, etag: str | None, modified: str | None, error: str | None = None) -> None:
        """Remember a feed's validators (or the error of its last poll)."""
        with self._db:
            self._db.execute(
                "INSERT INTO feeds VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "etag = coalesce(excluded.etag, etag), modified = coalesce(excluded.modified, modified), "
                "checked = excluded.checked, error = excluded.error",
                (url, etag, modified, time.time(), error),
            )

    def seen(self, key: str) -> tuple[str, int] | None:
        """Return the status and attempt count of a feed entry, or None when it was never seen."""
        row = self._db.execute("SELECT status, attempts FROM seen WHERE key = ?", (key,)).fetchone()
        return None if row is None else (str(row[0]), int(row[1]))

    def mark_seen(self, key: str, feed: str, url: str | None, status: str, article_ids: Sequence[str] = ()) -> None:
        """Record what happened to a feed entry; ``retry`` counts an attempt."""
        if status not in SEEN_STATUSES:
            raise StoreError(f"unknown entry status {status!r}")
        with self._db:
            self._db.execute(
                "INSERT INTO seen VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "status = excluded.status, attempts = attempts + excluded.attempts, "
                "article_ids = CASE WHEN excluded.article_ids = '[]' THEN article_ids ELSE excluded.article_ids END, "
                "updated = excluded.updated",
                (key, feed, url, status, int(status == "retry"), json.dumps(list(article_ids)), time.time()),
            )

    def pending(self) -> dict[str, list[str]]:
        """Return the entries ingested but not analysed yet (key → article ids), oldest first."""
        rows = self._db.execute(
            "SELECT key, article_ids FROM seen WHERE status = 'ingested' ORDER BY updated, key"
        ).fetchall()
        return {str(key): list(json.loads(ids)) for key, ids in rows}

    def counts(self) -> dict[str, int]:
        """Return how many raw inputs, articles, rejections and stories the store holds."""
        tables = ("raw_documents", "articles", "rejections", "stories")
        return {table: int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in tables}

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def _on_disk(path: str) -> bool:
    """Whether ``path`` names a database file (not ``:memory:`` or a ``file:`` URI)."""
    return path != ":memory:" and not path.startswith("file:")


def open_store(path: str | Path = "storylens.db") -> SQLiteStore:
    """Open (creating and migrating when needed) the store at ``path``."""
    return SQLiteStore(path)
