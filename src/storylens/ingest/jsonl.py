"""JSONL: one article a line, streamed; a malformed line is a rejection with its number, the rest still read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from storylens.model import RawDocument, Rejection

_OPTIONAL = ("url", "title", "source", "published", "story")


def _text_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _record(record: Any, origin: str, stem: str, number: int) -> RawDocument | Rejection:
    if not isinstance(record, dict):
        return Rejection(origin, "not a JSON object", line=number)
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        content, kind = html, "html"
    elif isinstance(text, str) and text.strip():
        content, kind = text, "text"
    else:
        return Rejection(origin, "no 'text' or 'html' field with content", line=number)
    identifier = _text_field(record, "id") or f"{stem}-{number}"
    extra = {name: _text_field(record, name) for name in _OPTIONAL}
    return RawDocument(
        id=identifier,
        origin=f"{origin}:{number}",
        content=content,
        kind="html" if kind == "html" else "text",
        url=extra["url"],
        title=extra["title"],
        source=extra["source"],
        published=extra["published"],
        story=extra["story"],
    )


def read_jsonl_lines(lines: Iterable[bytes], origin: str, stem: str) -> Iterator[RawDocument | Rejection]:
    """Yield a raw document or a rejection per non-blank line of ``lines`` (an open binary file streams)."""
    seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except UnicodeDecodeError:
            yield Rejection(origin, "malformed JSON line: not UTF-8", line=number)
            continue
        except json.JSONDecodeError as exc:
            yield Rejection(origin, f"malformed JSON line: {exc.msg} at column {exc.colno}", line=number)
            continue
        yield _record(record, origin, stem, number)
    if not seen:
        yield Rejection(origin, "empty file")
