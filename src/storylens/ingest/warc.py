"""WARC files (Common Crawl News style), streamed record by record with fastwarc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from storylens.ingest.decode import decode_bytes, is_junk
from storylens.ingest.options import IngestOptions
from storylens.ingest.url import domain_of, url_id
from storylens.model import RawDocument, Rejection

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html_response(record: WarcRecord) -> bool:
    headers = record.http_headers
    if headers is None or not 200 <= int(headers.status_code or 0) < 300:
        return False
    return (record.http_content_type or "").lower().startswith(_HTML_TYPES)


def _document(record: WarcRecord, origin: str, options: IngestOptions) -> RawDocument | Rejection | None:
    url = record.headers.get("WARC-Target-URI") or ""
    where = f"{origin}#{url or record.record_id}"
    body = record.reader.read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        return Rejection(where, f"record too large (over {options.max_bytes} bytes)")
    if not body.strip():
        return None  # an empty 200 is a crawl artefact, not an article
    text = decode_bytes(body, f"charset={record.http_charset}" if record.http_charset else None)
    if text is None or is_junk(text):
        return Rejection(where, "undecodable bytes in a WARC record")
    return RawDocument(
        id=url_id(url or where), origin=where, content=text, kind="html", url=url or None, source=domain_of(url)
    )


def read_warc(path: Path, options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """Yield the HTML responses of the WARC at ``path`` (plain or gzipped) as raw documents."""
    found = headerless = read = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
            for record in records:
                found += 1
                headerless += record.http_headers is None
                if not _is_html_response(record):
                    continue
                document = _document(record, str(path), options)
                if document is not None:
                    read += 1
                    yield document
    except OSError as exc:
        yield Rejection(str(path), f"corrupt WARC after {found} records: {exc}")
        return
    if found == 0:
        yield Rejection(str(path), "not a WARC file (no response records)")
    elif headerless:  # a WARC written without HTTP headers cannot say which records are pages
        yield Rejection(str(path), f"{headerless} of {found} response records have no HTTP headers and were not read")
    elif read == 0:
        yield Rejection(str(path), f"skipped: none of its {found} response records is an HTML page")
