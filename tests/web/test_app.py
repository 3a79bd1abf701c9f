"""The JSON API and the pages, through FastAPI's test client (stores filled with invented stories)."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sample_story import sample_story
from storylens.model import Article, Rejection, Report, Story, StorySlice
from storylens.store import open_store
from storylens.store.sqlite import SQLiteStore
from storylens.web import create_app
from storylens.web.app import StoryIndex, WebOptions, default_runner


class FakeRunner:
    """Stands in for the pipeline: records the inputs and reads back what they hold."""

    def __init__(self) -> None:
        self.inputs: list[str] = []
        self.contents: list[bytes] = []

    def __call__(self, inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        self.inputs = list(inputs)
        self.contents = [Path(i).read_bytes() for i in inputs if not i.startswith("http")]
        story = Story("s-new", "A new story", ("x1",))
        return Report(articles=(Article("x1", "text"),), stories=(story,)), (Rejection("bad.txt", "empty"),)


@pytest.fixture()
def client(store: SQLiteStore) -> TestClient:
    return TestClient(create_app(store))


def test_stories_json_lists_stories_with_counts_outlets_and_dates(client: TestClient) -> None:
    data = client.get("/stories.json").json()
    assert data["total"] == 3
    story = next(s for s in data["stories"] if s["id"] == "s0")
    assert story["article_count"] == 4
    assert story["outlets"] == ["Bayside Courier", "Coastal Wire", "Marlow Daily", "The Evening Lamp"]
    assert (story["first"], story["last"]) == ("2031-01-06", "2031-01-07")


def test_stories_filters(client: TestClient) -> None:
    assert client.get("/stories.json", params={"entity": "marlow bay 2"}).json()["matching"] == 1
    assert client.get("/stories.json", params={"outlet": "Coastal Wire"}).json()["matching"] == 3
    assert client.get("/stories.json", params={"outlet": "Nowhere"}).json()["matching"] == 0
    assert client.get("/stories.json", params={"since": "2031-01-09"}).json()["matching"] == 1
    page = client.get("/", params={"since": "2031-01-09"}).text
    assert "Marlow Bay 2" in page and "Marlow Bay 1<" not in page


def test_story_json_is_the_stored_bundle(client: TestClient) -> None:
    data = client.get("/stories/s0.json").json()
    assert set(data) >= {"story", "articles", "reuse", "entities", "mentions", "quotes", "conflicts", "framing"}
    assert data["story"]["article_ids"] == ["n00000-0", "n00000-1", "n00000-2", "n00000-3"]
    assert client.get("/stories/missing.json").status_code == 404


def test_story_page_shows_every_section(client: TestClient) -> None:
    page = client.get("/stories/s0").text
    for heading in (
        "Summary",
        "Coverage",
        "Reuse: who copied whom",
        "Quotes",
        "Conflicts: fact × outlet",
        "Timeline",
        "Entities",
        "Framing: loaded language per outlet",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "none found" not in page
    assert '<svg class="graph"' in page and '<svg class="timeline"' in page and '<svg class="bars"' in page
    assert '<td class="odd"' in page and "3 million crowns" in page
    assert "<del>" in page and "<ins>" in page  # the altered quote's word diff
    assert "mark=" in page  # summary citations link to a passage


def test_empty_sections_say_none_found(store: SQLiteStore) -> None:
    store.save_story(StorySlice(Story("bare", "Bare", ()), ()))
    page = TestClient(create_app(store)).get("/stories/bare").text
    assert page.count("none found") == 8


def test_article_page_highlights_and_removed(client: TestClient) -> None:
    page = client.get("/articles/n00000-2").text
    assert '<span class="ent ent-PERSON"' in page
    assert 'class="loaded-sentence loaded-term"' in page
    assert "quote quote-altered" in page
    assert "Sign up for our newsletter" in page
    marked = client.get("/articles/n00000-0", params={"story": "s0", "mark": "0-20"}).text
    assert 'id="mark"' in marked and "mark" in marked
    data = client.get("/articles/n00000-2.json").json()
    assert data["article"]["source"] == "Marlow Daily" and data["story"] == "s0"
    assert data["quotes"][0]["fidelity"] == "altered"
    assert client.get("/articles/nope").status_code == 404


def test_compare_highlights_shared_passages_in_both_texts(client: TestClient) -> None:
    page = client.get("/stories/s0/compare", params={"a": "n00000-0", "b": "n00000-1"}).text
    assert page.count('<span class="shared"') == 2
    data = client.get("/stories/s0/compare.json", params={"a": "n00000-0", "b": "n00000-1"}).json()
    assert data["pair"]["kind"] == "rewrite"
    assert client.get("/stories/s0/compare", params={"a": "n00000-0", "b": "zzz"}).status_code == 404


def test_search_over_titles_texts_and_quotes(client: TestClient) -> None:
    hits = client.get("/search.json", params={"q": "bolt"}).json()["hits"]
    assert {hit["kind"] for hit in hits} >= {"article", "quote"}
    page = client.get("/search", params={"q": "crowns"}).text
    assert "<mark>crowns</mark>" in page
    assert client.get("/search.json", params={"q": '"unbalanced'}).status_code == 200


def test_openapi_schema_lists_the_json_twins(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/stories.json",
        "/stories/{story_id}.json",
        "/articles/{article_id}.json",
        "/search.json",
        "/api/ingest",
        "/rejections.json",
    ):
        assert path in paths


def test_api_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "http" not in page.text.replace('content="width', "")  # every asset comes from this server
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "unsafe-inline" not in page.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/api-docs.js").status_code == 200
    assert "script-src" not in client.get("/").headers["content-security-policy"]


def test_missing_pages_are_pages_and_missing_json_is_json(client: TestClient) -> None:
    page = client.get("/stories/s99")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'name="q"' in page.text and 'href="/"' in page.text and "s99" in page.text
    assert client.get("/articles/nope").headers["content-type"].startswith("text/html")
    assert client.get("/no/such/page").status_code == 404
    twin = client.get("/stories/s99.json")
    assert twin.status_code == 404 and twin.json() == {"detail": "no story 's99'"}


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_ingest_pasted_text_goes_to_the_pipeline(store: SQLiteStore) -> None:
    runner = FakeRunner()
    client = TestClient(create_app(store, runner=runner))
    response = client.post("/api/ingest", data={"text": "Invented text.", "title": "T", "source": "Invented Post"})
    assert response.status_code == 200
    assert response.json()["stories"] == [{"id": "s-new", "title": "A new story"}]
    assert response.json()["rejections"] == [{"origin": "bad.txt", "reason": "empty", "line": None}]
    assert runner.inputs[0].endswith(".jsonl") and b'"source": "Invented Post"' in runner.contents[0]
    page = client.post("/ingest", data={"text": "Invented text."}).text
    assert "A new story" in page and "bad.txt: empty" in page


def test_ingest_accepts_json_and_says_what_it_wants(store: SQLiteStore) -> None:
    runner = FakeRunner()
    client = TestClient(create_app(store, runner=runner))
    response = client.post("/api/ingest", json={"text": "Invented text.", "title": "T", "source": "Invented Post"})
    assert response.status_code == 200 and b'"source": "Invented Post"' in runner.contents[0]
    assert client.post("/api/ingest", json={"html": "<p>An invented page.</p>"}).status_code == 200
    assert Path(runner.inputs[0]).name == "pasted.html" and b"invented page" in runner.contents[0]
    for wrong in ({"body": "x"}, ["text"], {"text": 3}):
        refused = client.post("/api/ingest", json=wrong)
        assert refused.status_code == 400 and '"text" | "html" | "url"' in refused.json()["error"], wrong
    broken = client.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 400 and "unreadable JSON" in broken.json()["error"]


class FailingRunner(FakeRunner):
    """Stands in for a pipeline whose only input could not be read."""

    def __call__(self, inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        self.inputs = list(inputs)
        return Report(), (Rejection(inputs[0], "fetch failed: connection refused"),)


def test_ingest_that_analysed_nothing_is_a_failure(store: SQLiteStore) -> None:
    client = TestClient(create_app(store, runner=FailingRunner()))
    response = client.post("/api/ingest", data={"url": "https://news.invalid/a"})
    assert response.status_code == 422 and response.json()["error"] == "nothing could be analysed"
    page = client.post("/ingest", data={"url": "https://news.invalid/a"})
    assert page.status_code == 422 and "Not analysed" in page.text and "connection refused" in page.text
    one = TestClient(create_app(store, runner=FakeRunner())).post("/ingest", data={"text": "Invented text."})
    assert "Analysed 1 article into 1 story." in one.text


def test_ingest_uploads_are_type_checked_and_capped(store: SQLiteStore) -> None:
    runner = FakeRunner()
    client = TestClient(create_app(store, options=WebOptions(max_upload_bytes=1000), runner=runner))
    good = [("files", ("a.txt", b"plain text", "text/plain")), ("files", ("b.html.gz", gzip.compress(b"<p>x"), "x"))]
    assert client.post("/api/ingest", files=good).status_code == 200
    assert [Path(i).name for i in runner.inputs] == ["a.txt", "b.html.gz"]
    refused = {
        "evil.exe": b"MZ\x90\x00",
        "fake.gz": b"not gzip",
        "bin.txt": b"abc\x00def",
        "big.txt": b"x" * 1001,
    }
    for name, data in refused.items():
        response = client.post("/api/ingest", files=[("files", (name, data, "application/octet-stream"))])
        assert response.status_code == 400, name
    response = client.post("/api/ingest", files=[("files", ("../../etc/passwd.txt", b"x", "text/plain"))])
    assert response.status_code == 200 and Path(runner.inputs[0]).name == "passwd.txt"


def test_ingest_urls_only_http(store: SQLiteStore) -> None:
    runner = FakeRunner()
    client = TestClient(create_app(store, runner=runner))
    assert client.post("/api/ingest", data={"url": "javascript:alert(1)"}).status_code == 400
    assert client.post("/api/ingest", data={"url": "file:///etc/passwd"}).status_code == 400
    assert client.post("/api/ingest", data={"url": "https://news.invalid/a"}).status_code == 200
    assert runner.inputs == ["https://news.invalid/a"]
    assert client.post("/api/ingest", data={}).status_code == 400


def test_read_only_refuses_ingest(store: SQLiteStore) -> None:
    runner = FakeRunner()
    client = TestClient(create_app(store, read_only=True, runner=runner))
    assert client.post("/api/ingest", data={"text": "x"}).status_code == 403
    assert client.post("/ingest", data={"text": "x"}).status_code == 403
    assert runner.inputs == []
    assert 'action="/ingest"' not in client.get("/").text


def test_default_runner_analyses_into_the_app_store_with_the_ssrf_guard(store: SQLiteStore) -> None:
    runner = default_runner(store)
    report, rejected = runner(["http://127.0.0.1:9/invented"])
    assert report.articles == () and len(rejected) == 1 and "refused" in rejected[0].reason
    assert store.rejections()[-1].origin == rejected[0].origin  # kept in the app's store, which stays open
    assert len(store.story_slices()) == 3


def test_story_index_refreshes_in_the_background_and_after_ingest(store: SQLiteStore, filler: Any) -> None:
    index = StoryIndex(store, ttl=0.0)
    assert len(index.cards()) == 3
    sample = sample_story(3)
    store.save_story(sample.story_slice)
    # Never blocks: the old list or, if the background rebuild already finished, the new one (timing-dependent).
    assert len(index.cards()) in (3, 4)
    deadline = time.monotonic() + 20
    while len(index.cards()) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(index.cards()) == 4 and index.story_of("n00003-1") == "s3"
    store.save_story(sample_story(4).story_slice)
    index.invalidate()
    assert len(index.cards()) == 5  # after an ingest the list is rebuilt before answering
    index.wait()  # a refresh still reading must not outlive the store


def test_article_outside_any_story_still_renders(store: SQLiteStore) -> None:
    store.add_article(Article("lonely", "An invented note with no story <b>yet</b>.", title="Lonely", source="Nowhere"))
    client = TestClient(create_app(store))
    page = client.get("/articles/lonely").text
    assert "An invented note with no story &lt;b&gt;yet&lt;/b&gt;." in page
    assert client.get("/articles/lonely.json").json()["story"] is None


def test_a_failed_background_refresh_keeps_the_previous_list(tmp_path: Path) -> None:
    own = open_store(tmp_path / "closing.db")
    own.save_story(sample_story(1).story_slice)
    index = StoryIndex(own, ttl=0.0)
    assert len(index.cards()) == 1
    own.close()  # as at shutdown, while a refresh may still be under way
    index._build_in_background()  # must neither raise nor lose the list it had
    assert len(index.cards()) == 1


class BrokenRunner(FakeRunner):
    """Stands in for a pipeline whose analysis fails after the upload was accepted."""

    def __call__(self, inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        self.inputs = list(inputs)
        raise RuntimeError("the claims stage ran out of memory")


def test_a_failed_analysis_is_a_clear_answer_and_keeps_what_was_stored(store: SQLiteStore) -> None:
    before = [s.story.id for s in store.story_slices()]
    client = TestClient(create_app(store, runner=BrokenRunner()), raise_server_exceptions=False)
    answer = client.post("/api/ingest", json={"text": "An invented report about a bridge."})
    assert answer.status_code == 500
    error = answer.json()["error"]
    assert "analysis failed" in error and "RuntimeError" in error and "Nothing stored before is lost" in error
    page = client.post("/ingest", data={"text": "An invented report about a bridge."})
    assert page.status_code == 500 and "Not analysed" in page.text and "Traceback" not in page.text
    assert "ran out of memory" in page.text and 'class="flash error"' in page.text
    assert [s.story.id for s in store.story_slices()] == before
    assert client.get("/").status_code == 200


class BrokenStore(SQLiteStore):
    """A store whose story reads fail (a damaged database file, say)."""

    def story_slices(self, ids: Iterable[str] | None = None) -> list[StorySlice]:
        raise OSError("disk I/O error")


def test_an_unexpected_error_is_a_page_or_json_never_a_traceback(tmp_path: Path) -> None:
    store = BrokenStore(tmp_path / "broken.db")
    try:
        client = TestClient(create_app(store), raise_server_exceptions=False)
        page = client.get("/stories/s1")
        assert page.status_code == 500 and "Something went wrong" in page.text and "OSError" in page.text
        assert "Traceback" not in page.text and "Content-Security-Policy" in page.headers
        twin = client.get("/stories/s1.json")
        assert twin.status_code == 500 and "could not be built" in twin.json()["detail"]
    finally:
        store.close()


def test_web_analysis_cuts_each_document_at_the_webs_limit(tmp_path: Path) -> None:
    from storylens.ingest import read_inputs
    from storylens.model import RawDocument
    from storylens.web.app import pipeline_options

    text = "The invented council met again on the harbour wall. " * 40  # fiction, about 2,000 characters
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    options = pipeline_options(WebOptions(max_chars=500))
    assert options.ingest.allow_private is False
    read = list(read_inputs([str(tmp_path / "long.txt")], options.ingest))
    kept = [item for item in read if isinstance(item, RawDocument)]
    assert len(kept) == 1 and len(kept[0].content) <= 500
    assert any(isinstance(item, Rejection) and "limit per document" in item.reason for item in read)


def test_articles_read_before_a_failed_analysis_stay(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens import api
    from storylens.pipeline import Pipeline

    def fail(self: Pipeline, articles: Sequence[Article]) -> Report:
        raise MemoryError("invented: the story was too long")

    monkeypatch.setattr(Pipeline, "_analyze", fail)

    def runner(inputs: Sequence[str]) -> tuple[Report, tuple[Rejection, ...]]:
        return api.analyze(inputs, store=store, engine="sequential")

    client = TestClient(create_app(store, runner=runner), raise_server_exceptions=False)
    text = "Fiction: the Dunmere harbour board met on Monday and agreed to repair the western pier before summer."
    answer = client.post("/api/ingest", json={"text": text, "source": "Invented Post"})
    assert answer.status_code == 500 and "MemoryError" in answer.json()["error"]
    kept = [a for a in store.articles() if a.text == text]
    assert len(kept) == 1 and kept[0].source == "Invented Post"
