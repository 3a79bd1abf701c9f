"""One bad record never sinks a batch; ids stay unique; what is not a regular file is skipped (issue 18).

All texts here are invented for the tests (fiction).
"""

from __future__ import annotations

import gzip
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storylens.ingest import IngestOptions, read_inputs
from storylens.ingest import dispatch as dispatch_module
from storylens.model import RawDocument, Rejection
from storylens.stages.clean import CleanOptions, clean_document

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said."


def read(*names: str | Path, **options: object) -> list[RawDocument | Rejection]:
    return list(read_inputs([str(name) for name in names], IngestOptions(**options)))  # type: ignore[arg-type]


def reasons(items: list[RawDocument | Rejection]) -> list[tuple[int | None, str]]:
    return [(item.line, item.reason) for item in items if isinstance(item, Rejection)]


def ids(items: list[RawDocument | Rejection]) -> list[str]:
    return [item.id for item in items if isinstance(item, RawDocument)]


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_deeply_nested_line_is_one_rejection(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "deep.jsonl", ["[" * 100_000, json.dumps({"id": "ok", "text": STORY})])
    items = read(path)
    assert reasons(items) == [(1, "malformed JSON line: nested too deeply")]
    assert ids(items) == ["ok"]


def test_lone_surrogates_are_refused_at_decoding(tmp_path: Path) -> None:
    bad = '{"id": "s", "text": "The council \\ud800 voted on Tuesday to rebuild the old bridge."}'
    path = write_jsonl(tmp_path / "s.jsonl", [bad, json.dumps({"id": "ok", "text": STORY})])
    items = read(path)
    assert [r for _, r in reasons(items)] == ["invalid Unicode (a lone surrogate) in field 'content'"]
    assert ids(items) == ["ok"]


def test_non_string_fields_are_refused_by_name(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "t", "text": STORY, "title": ["Bridge"]}),
        json.dumps({"id": "p", "text": STORY, "published": 2031.5}),
        json.dumps({"id": "x", "text": {"body": STORY}}),
        json.dumps({"id": 9, "text": STORY}),
    ]
    items = read(write_jsonl(tmp_path / "f.jsonl", lines))
    assert reasons(items) == [
        (1, "field 'title' is list, not a string"),
        (2, "field 'published' is float, not a string"),
        (3, "field 'text' is dict, not a string"),
    ]
    assert ids(items) == ["9"]  # numbered records keep their number as id


def test_a_line_over_the_cap_is_refused_and_the_next_read(tmp_path: Path) -> None:
    long = json.dumps({"id": "long", "text": STORY * 100})
    path = write_jsonl(tmp_path / "l.jsonl", [long, json.dumps({"id": "ok", "text": STORY})])
    items = read(path, max_bytes=1000)
    assert reasons(items) == [(1, "line too long (over 1000 bytes)")]
    assert ids(items) == ["ok"]


def test_a_gzip_bomb_of_blank_lines_stops_early(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"id": "a", "text": STORY}).encode() + b"\n" * 20_000_000))
    items = read(path, max_bytes=100_000)
    assert ids(items) == ["a"]
    assert len(reasons(items)) == 1 and "gzip expands to over" in reasons(items)[0][1]


def test_a_long_title_is_cut(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl", [json.dumps({"id": "t", "text": STORY, "title": "Bridge " * 500})])
    (raw,) = read(path, max_title_chars=100)
    assert isinstance(raw, RawDocument) and raw.title is not None
    assert len(raw.title) <= 100 and raw.title.endswith("\u2026")


def test_duplicate_ids_get_a_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "d", "text": STORY}),
        json.dumps({"id": "d", "text": STORY + " A second, different text."}),
        json.dumps({"id": "d", "text": STORY}),
    ]
    items = read(write_jsonl(tmp_path / "d.jsonl", lines))
    assert ids(items) == ["d"]
    (second, third) = [r for _, r in reasons(items)]
    assert second.startswith("duplicate id 'd' (already used by ") and "d.jsonl:1" in second
    assert third.startswith("skipped: same id 'd' and content as ")


def test_pages_of_a_crawl_keep_one_id_each(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(f"<html><body><p>{folder}: {STORY}</p></body></html>")
    (tmp_path / "report.txt").write_text(STORY)
    (tmp_path / "report.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    (tmp_path / "lone.txt").write_text(STORY + " Once.")
    items = read(tmp_path)
    assert reasons(items) == []
    assert sorted(ids(items)) == ["a/index", "b/index", "lone", "report.html", "report.txt"]


@pytest.mark.timeout(20)
def test_a_fifo_is_skipped_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(STORY)
    items = read(tmp_path, tmp_path / "pipe.txt")
    assert ids(items) == ["good"]
    assert [r for _, r in reasons(items)] == ["skipped: a FIFO, not a regular file"] * 2


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "good.txt").write_text(STORY)
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = read(tmp_path)
    assert ids(items) == ["good"]
    assert [(r.origin, r.reason) for r in items if isinstance(r, Rejection)] == [
        (str(tmp_path / "locked"), "cannot read folder: Permission denied")
    ]


def test_a_reader_that_raises_costs_one_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, origin: str) -> Iterator[RawDocument]:
        raise KeyError("surprise")
        yield  # pragma: no cover

    monkeypatch.setattr(dispatch_module, "read_feed_bytes", broken)
    (tmp_path / "a.rss").write_text("<rss version='2.0'><channel></channel></rss>")
    (tmp_path / "b.txt").write_text(STORY)
    items = read(tmp_path)
    assert ids(items) == ["b"]
    assert reasons(items) == [(None, "cannot read: KeyError: 'surprise'")]


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Ledger</title>
<item><title>Bridge &#xD800;</title><link>http://[broken</link>
<description>&lt;p&gt;{story} &#1114112;&lt;/p&gt;</description></item>
<item><title>Ferry</title><link>https://ledger.example/ferry</link><description>{story}</description></item>
</channel></rss>"""


def test_bad_character_references_and_links_in_a_feed(tmp_path: Path) -> None:
    (tmp_path / "f.rss").write_text(FEED.format(story=STORY))
    first, second = read(tmp_path / "f.rss")
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.url is None and first.title == "Bridge \ufffd"
    assert second.url == "https://ledger.example/ferry"


def test_a_one_paragraph_html_entry_is_an_article(tmp_path: Path) -> None:
    (tmp_path / "f.rss").write_text(FEED.format(story=STORY))
    first = read(tmp_path / "f.rss")[0]
    assert isinstance(first, RawDocument)
    article = clean_document(first, CleanOptions())
    assert not isinstance(article, Rejection), article
    assert STORY in article.text


@pytest.mark.parametrize("url", ["http://0177.0.0.1/", "http://[::1/", "http://example.org:99999/"])
def test_malformed_urls_are_rejections(url: str) -> None:
    (rejection,) = read(url)
    assert isinstance(rejection, Rejection) and rejection.origin == url
    assert rejection.reason.startswith(("invalid URL", "fetch failed"))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    text = "The caf\u00e9 owner said \u201cwe will reopen\u201d on Tuesday. " * 3
    (tmp_path / "w.txt").write_bytes(text.encode(encoding))
    (raw,) = read(tmp_path / "w.txt")
    assert isinstance(raw, RawDocument) and raw.content == text


def test_a_warc_without_http_headers_is_reported(tmp_path: Path) -> None:
    body = f"<html><body><p>{STORY}</p></body></html>".encode()
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ledger.example/a\r\n"
        f"WARC-Date: 2031-05-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    (tmp_path / "bare.warc").write_bytes(head + body + b"\r\n\r\n")
    (rejection,) = read(tmp_path / "bare.warc")
    assert isinstance(rejection, Rejection) and "no HTTP headers" in rejection.reason


def test_a_very_long_text_is_cut_with_a_line(tmp_path: Path) -> None:
    (tmp_path / "long.txt").write_text((STORY + " ") * 100)  # about 9,000 characters, one line
    (tmp_path / "page.html").write_text(f"<html><body><p>{STORY}</p></body></html>")
    items = read(tmp_path, max_chars=1000)
    (note,) = [item for item in items if isinstance(item, Rejection)]
    raw = next(item for item in items if isinstance(item, RawDocument) and item.id == "long")
    assert note.origin == str(tmp_path / "long.txt") and note.reason.startswith("skipped: characters after the first")
    assert 500 <= len(raw.content) <= 1000 and raw.content.endswith(" ")
    assert (STORY + " ").startswith(raw.content[: len(STORY)])
    page = next(item for item in items if isinstance(item, RawDocument) and item.id == "page")
    assert STORY in page.content  # markup counts five times: a page that short is whole


def test_a_document_the_store_refuses_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storylens.pipeline import Pipeline
    from storylens.store.sqlite import SQLiteStore

    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.txt").write_text(f"{STORY} Story {name}.")
    store = SQLiteStore(tmp_path / "s.db")
    real = SQLiteStore.add_article

    def add_article(self: SQLiteStore, article: object) -> None:
        if getattr(article, "id", "") == "b":
            raise ValueError("cannot hold this one")
        real(self, article)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "add_article", add_article)
    result = Pipeline(store).ingest([str(tmp_path / "in")])
    assert [article.id for article in result.articles] == ["a", "c"]
    assert [(r.origin, r.reason) for r in result.rejections] == [
        (str(tmp_path / "in" / "b.txt"), "cannot store: ValueError: cannot hold this one")
    ]
    store.close()


def test_a_page_whose_text_is_too_long_is_cut_after_cleaning(tmp_path: Path) -> None:
    from storylens.pipeline import Pipeline, PipelineOptions
    from storylens.store.sqlite import SQLiteStore

    paragraphs = "".join(f"<p>{STORY} Paragraph {n}.</p>" for n in range(30))  # ~3,000 characters of text
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>")
    store = SQLiteStore(tmp_path / "s.db")
    options = PipelineOptions(ingest=IngestOptions(max_chars=1000))
    (article,) = Pipeline(store, options=options).ingest([str(tmp_path / "in")]).articles
    store.close()
    assert 500 <= len(article.text) <= 1000
    assert article.removed[-1].endswith("not analysed: limit per document]")
