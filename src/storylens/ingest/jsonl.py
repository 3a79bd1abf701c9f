"""JSONL: one article a line, streamed; a malformed line is a rejection with its number, the rest still read.

Lines are cut from fixed-size blocks, so neither one huge line nor a run of millions of blank lines costs more
than a block of memory or a Python step per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from storylens.model import RawDocument, Rejection

_OPTIONAL = ("url", "title", "source", "published", "story")
_BLOCK = 1 << 20


class Readable(Protocol):
    """What a binary stream offers that the JSONL reader uses."""

    def read(self, size: int = -1, /) -> bytes:
        """Read up to ``size`` bytes."""
        ...


class _FieldError(ValueError):
    """A field of a record that is present but not a string."""


def _text_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):  # numbered records: {"id": 7}
        return str(value)
    if not isinstance(value, str):  # a list, object or float printed as its Python repr would be a wrong title
        raise _FieldError(f"field '{name}' is {type(value).__name__}, not a string")
    return value


def _content(record: dict[str, Any]) -> tuple[str, str] | str:
    """The record's body and its kind, or why it has none."""
    for name in ("html", "text"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return f"field '{name}' is {type(value).__name__}, not a string"
        if value and value.strip():
            return value, name
    return "no 'text' or 'html' field with content"


def _record(record: Any, origin: str, stem: str, number: int) -> RawDocument | Rejection:
    if not isinstance(record, dict):
        return Rejection(origin, "not a JSON object", line=number)
    body = _content(record)
    if isinstance(body, str):
        return Rejection(origin, body, line=number)
    try:
        identifier = _text_field(record, "id") or f"{stem}-{number}"
        extra = {name: _text_field(record, name) for name in _OPTIONAL}
    except _FieldError as exc:
        return Rejection(origin, str(exc), line=number)
    return RawDocument(
        id=identifier,
        origin=f"{origin}:{number}",
        content=body[0],
        kind="html" if body[1] == "html" else "text",
        url=extra["url"],
        title=extra["title"],
        source=extra["source"],
        published=extra["published"],
        story=extra["story"],
    )


def split_lines(stream: Readable, max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(number, line)`` for each non-blank line of ``stream``; ``line`` is None when over ``max_line`` bytes.

    An over-long line is skipped without being held in memory.
    """
    number, carry, too_long = 0, b"", False
    while block := stream.read(_BLOCK):
        if not too_long and not carry.strip() and not block.strip():  # a run of blank lines: count, don't split
            number += block.count(b"\n")
            carry = b""  # leading blanks of the next line mean nothing to JSON
            continue
        *complete, rest = (carry + block).split(b"\n")
        for line in complete:
            number += 1
            if too_long or len(line) > max_line:
                too_long = False
                yield number, None
            elif line.strip():
                yield number, line
        too_long = too_long or len(rest) > max_line
        carry = b"" if too_long else rest
    if too_long:
        yield number + 1, None
    elif carry.strip():
        yield number + 1, carry if len(carry) <= max_line else None


def _parse(line: bytes, origin: str, number: int) -> Any | Rejection:
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        return Rejection(origin, "malformed JSON line: not UTF-8", line=number)
    except json.JSONDecodeError as exc:
        return Rejection(origin, f"malformed JSON line: {exc.msg} at column {exc.colno}", line=number)
    except RecursionError:
        return Rejection(origin, "malformed JSON line: nested too deeply", line=number)


def read_jsonl_lines(
    lines: Iterable[tuple[int, bytes | None]], origin: str, stem: str, max_line: int
) -> Iterator[RawDocument | Rejection]:
    """Yield a raw document or a rejection per numbered non-blank line (see ``split_lines``)."""
    seen = False
    for number, line in lines:
        seen = True
        if line is None:
            yield Rejection(origin, f"line too long (over {max_line} bytes)", line=number)
            continue
        record = _parse(line, origin, number)
        yield record if isinstance(record, Rejection) else _record(record, origin, stem, number)
    if not seen:
        yield Rejection(origin, "empty file")
