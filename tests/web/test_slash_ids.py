"""An article whose id holds a slash (a/index from a crawl folder) opens in the web UI (issue 18 item 8)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from storylens.model import Article
from storylens.store import open_store
from storylens.web import create_app

TEXT = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said (fiction)."


def test_an_id_with_a_slash_opens(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    store.add_article(Article("news/a/index", TEXT, title="Bridge vote"))
    client = TestClient(create_app(store, read_only=True))
    for path in ("/articles/news%2Fa%2Findex", "/articles/news/a/index"):
        page = client.get(path)
        assert page.status_code == 200 and "Bridge vote" in page.text
    data = client.get("/articles/news/a/index.json")
    assert data.status_code == 200 and data.json()["article"]["id"] == "news/a/index"
    assert client.get("/articles/news/b/index").status_code == 404
    store.close()
