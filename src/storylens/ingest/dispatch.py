"""Route each input (file, directory, URL) to its reader; unknown types are skipped and listed.

Every problem with an input becomes one ``Rejection`` naming it (and its line), never an exception, so a bad
file never stops the rest of a batch. Reasons that start with ``skipped`` are not failures.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import xxhash

from storylens.ingest.decode import binary_kind, decode_bytes, is_junk, sniff
from storylens.ingest.feed import read_feed_bytes
from storylens.ingest.files import FileKind, file_kind, read_bytes, special_kind, stem, walk
from storylens.ingest.jsonl import Readable, read_jsonl_lines, split_lines
from storylens.ingest.options import IngestOptions
from storylens.ingest.url import domain_of, fetch, make_client, url_id
from storylens.ingest.warc import read_warc
from storylens.model import RawDocument, Rejection

__all__ = ["IngestOptions", "read_document_bytes", "read_inputs", "read_url"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_MARKUP_SHARE = 5  # an HTML page may hold this many characters of markup per character of text
_SURROGATE = re.compile("[\ud800-\udfff]")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


def read_inputs(inputs: Sequence[str], options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """Yield a raw document or a rejection for everything named by ``inputs``, in order.

    Whatever goes wrong while reading one input ends that input with a rejection naming it, never the batch.
    """
    checker = _Checker(options)
    for name in inputs:
        for item in _isolated(name, _read_input(name, options)):
            if isinstance(item, RawDocument):
                yield from checker.check(item)
            else:
                yield item


def _isolated(origin: str, items: Iterator[RawDocument | Rejection]) -> Iterator[RawDocument | Rejection]:
    """Yield ``items``; an exception ends them with one rejection naming ``origin`` instead of ending the batch."""
    try:
        yield from items
    except RecursionError:
        yield Rejection(origin, "cannot read: structure nested too deeply")
    except Exception as exc:  # a reader's bug or a library's surprise must cost one input, not the run
        yield Rejection(origin, f"cannot read: {type(exc).__name__}: {exc}")


def _read_input(name: str, options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    if _SCHEME.match(name):
        if name.lower().startswith(("http://", "https://")):
            yield from read_url(name, options)
        else:
            yield Rejection(name, "unsupported URL scheme (only http and https)")
        return
    path = Path(name)
    if path.is_dir():
        for child in walk(path):
            if isinstance(child, Rejection):
                yield child
            else:
                yield from _isolated(str(child[0]), _read_path(child[0], child[1], options, in_directory=True))
    elif not path.exists():
        yield Rejection(name, "no such file or directory")
    elif special := special_kind(path):
        yield Rejection(name, f"skipped: {special}, not a regular file")
    else:
        yield from _read_path(path, stem(path), options, in_directory=False)


class _Checker:
    """What every document must satisfy whatever read it: valid Unicode, bounded size and title, its own id."""

    def __init__(self, options: IngestOptions) -> None:
        self.options = options
        self.ids: dict[str, tuple[str, str]] = {}  # id -> (origin, content digest)

    def check(self, raw: RawDocument) -> Iterator[RawDocument | Rejection]:
        """Yield ``raw`` (title and text cut when too long, with a line saying so), or why it cannot be used."""
        for name, value in raw.to_dict().items():
            if isinstance(value, str) and _SURROGATE.search(value):
                # Lone surrogates (from \\ud800 or &#xD800;) are not text: no store or report could hold them.
                yield Rejection(raw.origin, f"invalid Unicode (a lone surrogate) in field '{name}'")
                return
        digest = xxhash.xxh3_64_hexdigest(raw.content.encode("utf-8"))
        first = self.ids.setdefault(raw.id, (raw.origin, digest))
        if first != (raw.origin, digest):
            if first[1] == digest:
                yield Rejection(raw.origin, f"skipped: same id '{raw.id}' and content as {first[0]}")
            else:
                yield Rejection(raw.origin, f"duplicate id '{raw.id}' (already used by {first[0]}); ids must be unique")
            return
        limit = self.options.max_title_chars
        if raw.title and len(raw.title) > limit:
            raw = dataclasses.replace(raw, title=raw.title[: limit - 1].rstrip() + "\u2026")
        # Analysis time and memory grow with a document's length: the rest of a very long one is not analysed.
        chars = self.options.max_chars * (_MARKUP_SHARE if raw.kind == "html" else 1)
        if len(raw.content) > chars:
            cut = cut_point(raw.content, chars)
            yield Rejection(
                raw.origin, f"skipped: characters after the first {cut:,} of {len(raw.content):,} (limit per document)"
            )
            raw = dataclasses.replace(raw, content=raw.content[:cut])
        yield raw


def cut_point(text: str, limit: int) -> int:
    """Where to end ``text`` at most ``limit`` characters in: after the last paragraph break or space before it."""
    for mark in ("\n\n", "\n", " "):
        at = text.rfind(mark, limit // 2, limit)
        if at > 0:
            return at + len(mark)
    return limit


def _read_path(
    path: Path, identifier: str, options: IngestOptions, *, in_directory: bool
) -> Iterator[RawDocument | Rejection]:
    kind, gzipped = file_kind(path)
    if kind is None:
        yield Rejection(str(path), f"skipped: unknown file type ({''.join(path.suffixes[-2:]) or 'no extension'})")
    elif kind == "warc":
        yield from read_warc(path, options)
    elif kind == "jsonl":
        yield from _read_jsonl(path, identifier, gzipped, options)
    else:
        data = read_bytes(path, gzipped, options.max_bytes)
        if isinstance(data, Rejection):
            yield data
        elif kind == "sniff" and in_directory and sniff(data) in ("binary", "text"):
            # Extension-less files in a folder are usually not articles (LICENSE, Makefile): list, don't fail.
            yield Rejection(str(path), "skipped: no extension and not HTML, a feed, JSONL or WARC")
        else:
            yield from read_document_bytes(data, str(path), identifier, kind)


def _read_jsonl(
    path: Path, identifier: str, gzipped: bool, options: IngestOptions
) -> Iterator[RawDocument | Rejection]:
    origin = str(path)
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            head = stream.peek(8192) if hasattr(stream, "peek") else b""
            binary = binary_kind(head)
            if binary:
                yield Rejection(origin, f"binary content ({binary}), not JSONL")
                return
            source: Readable = _Inflated(stream, path, options) if gzipped else stream
            lines = split_lines(source, options.max_bytes)
            yield from read_jsonl_lines(lines, origin, identifier, options.max_bytes)
    except _TooInflated as exc:
        yield Rejection(origin, str(exc))
    except PermissionError:
        yield Rejection(origin, "cannot read: permission denied")
    except (gzip.BadGzipFile, zlib.error, EOFError):
        yield Rejection(origin, "not a valid or a truncated gzip file")
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")


class _TooInflated(Exception):
    """A gzip stream that expands beyond what a corpus of articles compresses to (a decompression bomb)."""


class _Inflated:
    """A decompressing stream that stops past ``max_expansion`` times the file's size (and ``max_bytes``)."""

    def __init__(self, stream: Readable, path: Path, options: IngestOptions) -> None:
        self._stream = stream
        self._limit = max(options.max_bytes, path.stat().st_size * options.max_expansion)
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        """Read like the wrapped stream, raising ``_TooInflated`` past the limit."""
        data = self._stream.read(size)
        self._read += len(data)
        if self._read > self._limit:
            raise _TooInflated(f"gzip expands to over {self._limit} bytes (more than a corpus of text compresses to)")
        return data


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
