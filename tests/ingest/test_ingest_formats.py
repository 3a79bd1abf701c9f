"""JSONL, RSS/Atom and WARC ingest (invented records, labelled fiction)."""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path

from storylens.ingest import IngestOptions, read_inputs
from storylens.ingest.jsonl import read_jsonl_lines, split_lines
from storylens.model import RawDocument, Rejection

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said."


def read(*names: Path) -> list[RawDocument | Rejection]:
    return list(read_inputs([str(name) for name in names], IngestOptions()))


def test_jsonl_fields_bad_lines_and_the_rest(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "n1",
                "text": STORY,
                "title": "Bridge",
                "source": "Valley Ledger",
                "published": "2031-05-06",
                "story": "bridge",
                "url": "https://ledger.example/1",
            }
        ),
        "{not json",
        "",
        json.dumps({"id": 7, "html": f"<p>{STORY}</p>"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "n3", "title": "no body"}),
        json.dumps({"text": STORY}),
    ]
    path = tmp_path / "feed-dump.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = read(path)
    first = items[0]
    assert isinstance(first, RawDocument)
    assert (first.id, first.title, first.source, first.published, first.story, first.url, first.origin) == (
        "n1",
        "Bridge",
        "Valley Ledger",
        "2031-05-06",
        "bridge",
        "https://ledger.example/1",
        f"{path}:1",
    )
    bad = [(item.line, item.reason.split(":")[0]) for item in items if isinstance(item, Rejection)]
    assert bad == [(2, "malformed JSON line"), (5, "not a JSON object"), (6, "no 'text' or 'html' field with content")]
    html = items[2]
    assert isinstance(html, RawDocument) and (html.id, html.kind) == ("7", "html")
    last = items[-1]
    assert isinstance(last, RawDocument) and last.id == "feed-dump-7"
    assert items[1].message().startswith(f"{path}:2: malformed JSON line")  # type: ignore[union-attr]


def test_jsonl_is_streamed_block_by_block() -> None:
    class Lines:
        """A stream of a million records that counts how much of it was read."""

        def __init__(self) -> None:
            self.reads = 0
            self.number = 0

        def read(self, size: int) -> bytes:
            self.reads += 1
            chunk = b""
            while len(chunk) < size and self.number < 1_000_000:
                self.number += 1
                chunk += json.dumps({"id": str(self.number), "text": STORY}).encode() + b"\n"
            return chunk

    source = Lines()
    stream = read_jsonl_lines(split_lines(source, 1000), "big.jsonl", "big", 1000)  # type: ignore[arg-type]
    assert next(stream).id == "1"  # type: ignore[union-attr]
    assert source.reads == 1 and source.number < 20_000


def test_gzipped_jsonl_empty_jsonl_and_binary_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "g", "text": STORY}).encode()))
    (tmp_path / "b.jsonl").write_text("\n\n")
    (tmp_path / "c.jsonl").write_bytes(b"\x00\xff" * 300)
    first, empty, binary = read(tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl", tmp_path / "c.jsonl")
    assert isinstance(first, RawDocument) and first.id == "g"
    assert isinstance(empty, Rejection) and empty.reason == "empty file"
    assert isinstance(binary, Rejection) and binary.reason.startswith("binary content")


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Valley Ledger</title><link>https://www.ledger.example/</link>
<item><title>Bridge vote</title><link>https://www.ledger.example/news/bridge</link>
<pubDate>Tue, 06 May 2031 09:30:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://www.ledger.example/news/empty</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Times</title><id>urn:x</id><updated>2031-05-07T00:00:00Z</updated>
<entry><title>Ferry</title><id>urn:y</id><link href="https://hill.example/ferry"/>
<updated>2031-05-07T08:00:00Z</updated><summary>short</summary>
<content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_entries(tmp_path: Path) -> None:
    (tmp_path / "ledger.rss").write_text(RSS)
    (tmp_path / "hill.atom").write_text(ATOM)
    items = read(tmp_path / "ledger.rss", tmp_path / "hill.atom")
    entry, empty, atom = items
    assert isinstance(entry, RawDocument)
    # A one-paragraph HTML entry is read as its text: page extraction wants more structure than one <p>.
    assert (entry.kind, entry.title, entry.source, entry.published, entry.url) == (
        "text",
        "Bridge vote",
        "Valley Ledger",
        "2031-05-06",
        "https://www.ledger.example/news/bridge",
    )
    assert STORY in entry.content
    assert isinstance(empty, Rejection) and "no content" in empty.reason
    assert isinstance(atom, RawDocument)
    assert (atom.source, atom.published, atom.url) == ("Hill Times", "2031-05-07", "https://hill.example/ferry")
    assert STORY in atom.content  # content wins over the summary
    again = read(tmp_path / "ledger.rss")[0]
    assert isinstance(again, RawDocument) and again.id == entry.id and len(entry.id) == 16  # stable xxhash id


def test_feed_reader_never_opens_what_the_bytes_name(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(RSS)
    (tmp_path / "pointer.xml").write_text(str(secret))
    rejection = read(tmp_path / "pointer.xml")
    assert len(rejection) == 1 and isinstance(rejection[0], Rejection)
    assert rejection[0].reason == "not an RSS/Atom feed"


def _warc_record(
    url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK"
) -> bytes:
    http = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2031-05-06T10:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def test_warc_plain_and_gzipped(tmp_path: Path) -> None:
    page = f"<html><body><p>{STORY}</p></body></html>".encode()
    records = [
        _warc_record("https://www.ledger.example/news/bridge", page),
        _warc_record("https://ledger.example/logo.png", b"\x89PNG", content_type="image/png"),
        _warc_record("https://ledger.example/gone", b"<html></html>", status="404 Not Found"),
        _warc_record("https://hill.example/ferry", page),
    ]
    (tmp_path / "crawl.warc").write_bytes(b"".join(records))
    (tmp_path / "crawl2.warc.gz").write_bytes(b"".join(gzip.compress(record) for record in records))
    for name in ("crawl.warc", "crawl2.warc.gz"):
        items = read(tmp_path / name)
        assert [(item.url, item.source, item.kind) for item in items] == [  # type: ignore[union-attr]
            ("https://www.ledger.example/news/bridge", "ledger.example", "html"),
            ("https://hill.example/ferry", "hill.example", "html"),
        ]
        assert STORY in items[0].content  # type: ignore[union-attr]


def test_not_a_warc(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_text("this is a text file pretending\n")
    items = read(tmp_path / "fake.warc")
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert "WARC" in items[0].reason
