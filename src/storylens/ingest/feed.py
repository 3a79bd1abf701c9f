"""RSS/Atom feeds: every entry becomes a raw HTML document (feedparser on bytes, never fetching)."""

from __future__ import annotations

import html
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import feedparser

from storylens.ingest.url import domain_of, url_id, web_url
from storylens.model import RawDocument, Rejection

_CHARREF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")
_BLOCK = re.compile(r"<(?:p|div|h[1-6]|li|blockquote|table|pre|section|article)[\s>/]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _iso_date(parsed: time.struct_time | None) -> str | None:
    """feedparser gives UTC ``struct_time``; the report wants an ISO date."""
    if not parsed:
        return None
    return time.strftime("%Y-%m-%d", parsed)


def _content(entry: Any) -> tuple[str, str]:
    """The fullest body an entry carries (content over summary) and whether it is HTML or text."""
    for item in entry.get("content") or []:
        value = item.get("value") or ""
        if value.strip():
            return value, "text" if item.get("type") == "text/plain" else "html"
    summary = entry.get("summary") or ""
    detail = entry.get("summary_detail") or {}
    return summary, "text" if detail.get("type") == "text/plain" else "html"


def _valid_reference(match: re.Match[bytes]) -> bytes:
    """A numeric character reference to a code point, or U+FFFD for a surrogate or one past U+10FFFF."""
    digits = match.group(1)
    try:
        point = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    except ValueError:
        return b"&#xFFFD;"
    return match.group(0) if point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else b"&#xFFFD;"


def parse_feed(data: bytes) -> Any | None:
    """Parse ``data`` as RSS/Atom; None when it is not a feed."""
    # feedparser turns &#xD800; into a character it then fails to encode (and crashes on &#1114112;): as in HTML,
    # such references mean U+FFFD.
    data = _CHARREF.sub(_valid_reference, data)
    # A BytesIO, never bytes or str: feedparser treats a str as a URL or a file name and would open it.
    parsed = feedparser.parse(io.BytesIO(data))
    return parsed if parsed.get("version") else None


def _fragment_as_text(content: str) -> str | None:
    """The text of an HTML fragment of at most one paragraph (page extraction needs more structure than that)."""
    if len(_BLOCK.findall(content)) > 1:
        return None
    text = html.unescape(_TAG.sub(" ", content))
    return re.sub(r"[ \t\r\f\v]+", " ", text).strip()


def feed_entries(parsed: Any, origin: str) -> Iterator[RawDocument | Rejection]:
    """Turn parsed feed entries into raw documents; ``source`` is the feed's title."""
    feed = parsed.get("feed", {})
    source = (feed.get("title") or "").strip() or domain_of(feed.get("link")) or domain_of(origin)
    for number, entry in enumerate(parsed.get("entries", []), 1):
        link = web_url(entry.get("link"))
        content, kind = _content(entry)
        where = f"{origin}#entry{number}"
        if not content.strip():
            yield Rejection(where, f"feed entry has no content ({link or 'no link'})")
            continue
        key = link or entry.get("id") or (entry.get("title", "") + content)
        if kind == "html" and (text := _fragment_as_text(content)) is not None:
            content, kind = text, "text"
        yield RawDocument(
            id=url_id(key),
            origin=where,
            content=content,
            kind="text" if kind == "text" else "html",
            url=link,
            title=(entry.get("title") or "").strip() or None,
            source=source,
            published=_iso_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        )


def read_feed_bytes(data: bytes, origin: str) -> Iterator[RawDocument | Rejection]:
    """Yield one raw document per entry of the feed in ``data``, or one rejection if it is not a feed."""
    parsed = parse_feed(data)
    if parsed is None:
        yield Rejection(origin, "not an RSS/Atom feed")
        return
    if not parsed.get("entries"):
        yield Rejection(origin, "skipped: the feed has no entries")
        return
    yield from feed_entries(parsed, origin)
