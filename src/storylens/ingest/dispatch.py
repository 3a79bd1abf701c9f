"""Route each input (file, directory, URL) to its reader; unknown types are skipped and listed.

Every problem with an input becomes one ``Rejection`` naming it (and its line), never an exception, so a bad
file never stops the rest of a batch. Reasons that start with ``skipped`` are not failures.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from storylens.ingest.decode import binary_kind, decode_bytes, is_junk, sniff
from storylens.ingest.feed import read_feed_bytes
from storylens.ingest.files import FileKind, file_kind, read_bytes, stem, walk
from storylens.ingest.jsonl import read_jsonl_lines
from storylens.ingest.options import IngestOptions
from storylens.ingest.url import domain_of, fetch, make_client, url_id
from storylens.ingest.warc import read_warc
from storylens.model import RawDocument, Rejection

__all__ = ["IngestOptions", "read_document_bytes", "read_inputs", "read_url"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def read_inputs(inputs: Sequence[str], options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """Yield a raw document or a rejection for everything named by ``inputs``, in order."""
    for name in inputs:
        if _SCHEME.match(name):
            if name.lower().startswith(("http://", "https://")):
                yield from read_url(name, options)
            else:
                yield Rejection(name, "unsupported URL scheme (only http and https)")
            continue
        path = Path(name)
        if path.is_dir():
            for child in walk(path):
                yield from _read_path(child, options, in_directory=True)
        elif not path.exists():
            yield Rejection(name, "no such file or directory")
        else:
            yield from _read_path(path, options, in_directory=False)


def _read_path(path: Path, options: IngestOptions, *, in_directory: bool) -> Iterator[RawDocument | Rejection]:
    kind, gzipped = file_kind(path)
    if kind is None:
        yield Rejection(str(path), f"skipped: unknown file type ({''.join(path.suffixes[-2:]) or 'no extension'})")
    elif kind == "warc":
        yield from read_warc(path, options)
    elif kind == "jsonl":
        yield from _read_jsonl(path, gzipped)
    else:
        data = read_bytes(path, gzipped, options.max_bytes)
        if isinstance(data, Rejection):
            yield data
        elif kind == "sniff" and in_directory and sniff(data) in ("binary", "text"):
            # Extension-less files in a folder are usually not articles (LICENSE, Makefile): list, don't fail.
            yield Rejection(str(path), "skipped: no extension and not HTML, a feed, JSONL or WARC")
        else:
            yield from read_document_bytes(data, str(path), stem(path), kind)


def _read_jsonl(path: Path, gzipped: bool) -> Iterator[RawDocument | Rejection]:
    origin = str(path)
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            head = stream.peek(8192) if hasattr(stream, "peek") else b""
            binary = binary_kind(head)
            if binary:
                yield Rejection(origin, f"binary content ({binary}), not JSONL")
                return
            yield from read_jsonl_lines(stream, origin, stem(path))
    except PermissionError:
        yield Rejection(origin, "cannot read: permission denied")
    except (gzip.BadGzipFile, zlib.error, EOFError):
        yield Rejection(origin, "not a valid or a truncated gzip file")
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")


def read_document_bytes(
    data: bytes, origin: str, identifier: str, kind: FileKind, header: str | None = None
) -> Iterator[RawDocument | Rejection]:
    """Read one document's bytes as ``kind`` (trusting its content over a name that lies)."""
    if not data.strip():
        yield Rejection(origin, "empty file")
        return
    binary = binary_kind(data)
    if binary:
        yield Rejection(origin, f"binary content ({binary}), not text")
        return
    found = sniff(data)
    if kind == "feed" or found == "feed":
        yield from read_feed_bytes(data, origin)
        return
    if found in ("jsonl", "warc") and kind == "sniff":
        yield Rejection(origin, f"skipped: looks like {found.upper()}; name it with the .{found} extension")
        return
    text = decode_bytes(data, header)
    if text is None or is_junk(text):
        yield Rejection(origin, "undecodable bytes (not UTF-8 and no usable charset found)")
        return
    is_html = kind == "html" or found == "html"
    yield RawDocument(id=identifier, origin=origin, content=text, kind="html" if is_html else "text")


def read_url(url: str, options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """Fetch ``url`` and read the response as a feed, an HTML page or text."""
    with make_client(options) as client:
        fetched = fetch(url, options, client)
    if isinstance(fetched, Rejection):
        yield fetched
        return
    if fetched.status >= 400:
        yield Rejection(url, f"HTTP {fetched.status}")
        return
    media = fetched.content_type
    if media and not media.startswith("text/") and media not in _FEED_TYPES and "html" not in media:
        yield Rejection(url, f"unsupported content type {media}")
        return
    kind: FileKind = "feed" if media in _FEED_TYPES[:3] else "html" if "html" in media else "sniff"
    for item in read_document_bytes(fetched.body, url, url_id(fetched.url), kind, fetched.headers.get("content-type")):
        if isinstance(item, RawDocument) and item.url is None:  # a page, not feed entries (they carry their links)
            source = domain_of(fetched.url)
            item = RawDocument(
                id=item.id, origin=item.origin, content=item.content, kind=item.kind, url=fetched.url, source=source
            )
        yield item
