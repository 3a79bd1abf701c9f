"""The embedded default store: one SQLite file in WAL mode, numbered migrations, FTS5 search.

This module is the only place with SQL.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storylens.errors import StoreError
from storylens.model import Article, RawDocument, Rejection

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
)


class SQLiteStore:
    """SQLite with WAL: readers never block the writer, and each write is its own transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    def _migrate(self) -> None:
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._db:
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

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
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                (article.id, article.content_hash, article.published, article.source, article.title, data,
                 time.time()),
            )
            self._db.execute("DELETE FROM search WHERE kind = 'article' AND ref = ?", (article.id,))
            self._db.execute(
                "INSERT INTO search (kind, ref, story, title, body) VALUES ('article', ?, NULL, ?, ?)",
                (article.id, article.title or "", article.text),
            )

    def add_rejection(self, rejection: Rejection) -> None:
        """Keep a rejected input with its reason."""
        with self._db:
            self._db.execute(
                "INSERT INTO rejections VALUES (?, ?, ?, ?)",
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

    def save_story(self, story_id: str, bundle: dict[str, Any]) -> None:
        """Keep one story's analysis and index its quotes for search."""
        title = bundle.get("story", {}).get("title")
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?)",
                (story_id, title, time.time(), json.dumps(bundle, ensure_ascii=False)),
            )
            self._db.execute("DELETE FROM search WHERE story = ?", (story_id,))
            rows = [("story", story_id, story_id, title or "", "")]
            rows += [
                ("quote", quote["id"], story_id, quote.get("speaker") or "", quote["text"])
                for quote in bundle.get("quotes", [])
            ]
            self._db.executemany("INSERT INTO search (kind, ref, story, title, body) VALUES (?,?,?,?,?)", rows)

    def story_bundles(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Return stored story analyses, most recently updated first."""
        rows = self._db.execute("SELECT id, data FROM stories ORDER BY updated DESC, id").fetchall()
        wanted = None if ids is None else set(ids)
        return [json.loads(data) for story_id, data in rows if wanted is None or story_id in wanted]

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Full-text search over titles, texts and quotes (FTS5 syntax-safe: terms are quoted)."""
        terms = " ".join('"' + term.replace('"', '""') + '"' for term in query.split())
        if not terms:
            return []
        rows = self._db.execute(
            "SELECT kind, ref, story, title, snippet(search, 4, '[', ']', '…', 12) FROM search "
            "WHERE search MATCH ? ORDER BY rank LIMIT ?",
            (terms, limit),
        ).fetchall()
        return [{"kind": k, "ref": r, "story": s, "title": t, "snippet": sn} for k, r, s, t, sn in rows]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def open_store(path: str | Path = "storylens.db") -> SQLiteStore:
    """Open (creating and migrating when needed) the store at ``path``."""
    return SQLiteStore(path)
