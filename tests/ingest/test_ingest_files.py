"""Local-file ingest: text, HTML, gzip, directories, sniffing, and one clear rejection per bad input.

All texts here are invented for the tests (fiction).
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from storylens.ingest import IngestOptions, read_inputs
from storylens.model import RawDocument, Rejection

STORY = "The Millbrook council voted on Tuesday to rebuild the old river bridge, the mayor said.\n"
PAGE = "<!doctype html><html><head><title>Bridge</title></head><body><p>{}</p></body></html>"


def read(*names: str | Path, **options: object) -> list[RawDocument | Rejection]:
    return list(read_inputs([str(name) for name in names], IngestOptions(**options)))  # type: ignore[arg-type]


def only(items: list[RawDocument | Rejection]) -> RawDocument | Rejection:
    assert len(items) == 1, items
    return items[0]


def test_text_file_is_read_with_its_stem_as_id(tmp_path: Path) -> None:
    (tmp_path / "m-001.txt").write_text(STORY, encoding="utf-8")
    raw = only(read(tmp_path / "m-001.txt"))
    assert isinstance(raw, RawDocument)
    assert (raw.id, raw.kind, raw.content) == ("m-001", "text", STORY)
    assert raw.origin == str(tmp_path / "m-001.txt")


def test_html_and_gzipped_html(tmp_path: Path) -> None:
    page = PAGE.format(STORY)
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(page.encode()))
    items = read(tmp_path / "a.html", tmp_path / "b.htm.gz")
    assert [(item.id, item.kind, item.content) for item in items if isinstance(item, RawDocument)] == [
        ("a", "html", page),
        ("b", "html", page),
    ]


def test_dotted_names_keep_their_non_extension_parts(tmp_path: Path) -> None:
    (tmp_path / "river.bridge.v2.txt").write_text(STORY)
    assert only(read(tmp_path / "river.bridge.v2.txt")).id == "river.bridge.v2"  # type: ignore[union-attr]


def test_directory_is_recursive_sorted_and_lists_unknown_types(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "c.html").write_text(PAGE.format(STORY))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(STORY)
    items = read(tmp_path)
    assert [item.origin for item in items] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "c.html"),
        str(tmp_path / "notes.pdf"),
        str(tmp_path / "b" / "2.txt"),
    ]
    skipped = [item for item in items if isinstance(item, Rejection)]
    assert len(skipped) == 1 and skipped[0].reason.startswith("skipped")
    assert read(tmp_path) == items  # deterministic


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.html", b"  \n\n ", "empty file"),
        ("junk.txt", bytes(range(256)) * 4, "binary content"),
        ("photo.html", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary content (PNG image)"),
        ("page.html.gz", b"this is not gzip at all", "not a valid gzip file"),
        ("page.xml", b"<html><body><p>A page, not a feed.</p></body></html>", "not an RSS/Atom feed"),
    ],
)
def test_bad_files_give_one_clear_rejection(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    rejection = only(read(tmp_path / name))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith(reason)
    assert rejection.message().startswith(str(tmp_path / name))


def test_missing_path_and_other_schemes(tmp_path: Path) -> None:
    missing, ftp = read(tmp_path / "nope.txt", "ftp://files.example/a.txt")
    assert isinstance(missing, Rejection) and missing.reason == "no such file or directory"
    assert isinstance(ftp, Rejection) and "scheme" in ftp.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    rejection = only(read(path))
    assert isinstance(rejection, Rejection) and "permission denied" in rejection.reason


def test_the_rest_of_a_batch_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "good.txt").write_text(STORY)
    items = read(tmp_path / "bad.txt", tmp_path / "missing.txt", tmp_path / "good.txt")
    assert [type(item).__name__ for item in items] == ["Rejection", "Rejection", "RawDocument"]


def test_legacy_encodings_are_decoded(tmp_path: Path) -> None:
    text = "The caf\u00e9 owner said \u201cwe will reopen\u201d \u2014 twice."
    (tmp_path / "w.txt").write_bytes(text.encode("cp1252"))
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>' + text + "</p></body></html>"
    (tmp_path / "l.html").write_bytes(page.encode("cp1252"))
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    contents = [item.content for item in read(tmp_path / "w.txt", tmp_path / "l.html", tmp_path / "bom.txt")]
    assert contents[0] == text and contents[2] == text
    assert text in contents[1]


def test_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    # Bytes that are not UTF-8 and that no single-byte charset reads as text (no NULs, so not "binary").
    data = bytes(byte for byte in bytes(range(1, 256)) * 8 if byte not in (9, 10, 13))
    (tmp_path / "odd.txt").write_bytes(data)
    rejection = only(read(tmp_path / "odd.txt"))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith(("undecodable bytes", "binary content"))


def test_content_beats_a_lying_extension(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE.format(STORY))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Ledger</title>'
        "<item><title>Bridge</title><link>https://ledger.example/1</link>"
        f"<description>{STORY}</description></item></channel></rss>"
    )
    (tmp_path / "feed.html").write_text(feed)
    page, entry = read(tmp_path / "page.txt", tmp_path / "feed.html")
    assert isinstance(page, RawDocument) and page.kind == "html"
    assert isinstance(entry, RawDocument) and entry.source == "Valley Ledger"


def test_extensionless_files_are_sniffed(tmp_path: Path) -> None:
    (tmp_path / "article").write_text(PAGE.format(STORY))
    (tmp_path / "LICENSE").write_text("Permission is hereby granted, free of charge.")
    page = only(read(tmp_path / "article"))
    assert isinstance(page, RawDocument) and page.kind == "html"
    in_folder = read(tmp_path)
    skipped = [item for item in in_folder if isinstance(item, Rejection)]
    assert len(in_folder) == 2 and len(skipped) == 1 and skipped[0].reason.startswith("skipped")


def test_size_cap(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(STORY * 100)
    rejection = only(read(tmp_path / "big.txt", max_bytes=1000))
    assert isinstance(rejection, Rejection) and "too large" in rejection.reason
