"""Where quotations are in a text: quote-mark pairs and flattened block quotations.

Pure string work, no parse: the speaker is found afterwards (``stages/quotes/attribution.py``).
Offsets are into the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Span = tuple[int, int]

OPEN_CURLY = "“„«"
CLOSE_CURLY = "”»"
STRAIGHT = '"'
ALL_MARKS = OPEN_CURLY + CLOSE_CURLY + STRAIGHT
# A quotation left open at the end of a paragraph is kept when it is at least this long (pages drop marks).
_UNCLOSED_MIN_WORDS = 8
# "… end of the quotation.- Name" or "… – Name": scraped pages flatten a block quote's signature this way.
_SIGNATURE = re.compile(
    r"(?P<body>.*?[.!?…\"”])\s*[-–—]\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$", re.DOTALL
)
_TRAILING = " \t,;:"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One candidate quotation: content offsets, mark offsets and how it was found."""

    start: int
    end: int
    open: int
    close: int
    block: bool = False
    signature: str | None = None
    signature_start: int | None = None


def lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every non-blank line: scraped news puts one paragraph per line."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace and the comma that belongs to the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
        end -= 1
    return start, end


def _opens_straight(text: str, index: int) -> bool:
    """A straight mark opens when it is not glued to a preceding word (so 6'2" is not a quotation)."""
    return index == 0 or not text[index - 1].isalnum()


def _followed_by_word(text: str, index: int, end: int) -> bool:
    return index + 1 < end and text[index + 1].isalnum()


def _scan_line(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Pair the marks of one line; return the pairs and the offset of a mark left open."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    kind = ""
    for index in range(start, end):
        char = text[index]
        if char in OPEN_CURLY and char != "»" and kind != "straight":  # curly inside straight: nested
            opened, kind = index, "curly"  # a second opener restarts: the first was never closed
        elif char in CLOSE_CURLY and kind == "curly" and opened is not None:
            pairs.append((opened, index + 1))
            opened, kind = None, ""
        elif char == "”" and opened is None and _opens_straight(text, index) and _followed_by_word(text, index, end):
            opened, kind = index, "curly"  # a closing mark typed where an opening one belongs
        elif char == STRAIGHT:
            if opened is None and _opens_straight(text, index):
                opened, kind = index, "straight"
            elif kind == "straight" and opened is not None:
                pairs.append((opened, index + 1))
                opened, kind = None, ""
    return pairs, opened


def _marked(text: str) -> list[QuoteSpan]:
    """Quotations between marks, paragraph by paragraph; multi-paragraph quotes close at the line end."""
    found: list[QuoteSpan] = []
    spans = lines(text)
    for number, (start, end) in enumerate(spans):
        pairs, opened = _scan_line(text, start, end)
        if opened is not None:
            following = text[spans[number + 1][0]] if number + 1 < len(spans) else ""
            long_enough = len(text[opened:end].split()) >= _UNCLOSED_MIN_WORDS
            if following in OPEN_CURLY + STRAIGHT or long_enough:
                pairs.append((opened, end))
        for mark_open, mark_close in pairs:
            inner_end = mark_close - 1 if text[mark_close - 1] in ALL_MARKS else mark_close
            content_start, content_end = _trim(text, mark_open + 1, inner_end)
            if content_end > content_start:
                found.append(QuoteSpan(content_start, content_end, mark_open, mark_close))
    return found


def _block(text: str, spans: list[tuple[int, int]], number: int) -> QuoteSpan | None:
    """A line without marks that a ``- Name`` signature or a ``said:`` line before it makes a quotation."""
    start, end = spans[number]
    line = text[start:end]
    if any(mark in line for mark in ALL_MARKS):
        return None
    match = _SIGNATURE.match(line)
    if match and len(match.group("body").split()) >= 6:
        body_start, body_end = _trim(text, start, start + match.end("body"))
        name_start = start + match.start("name")
        return QuoteSpan(body_start, body_end, start, end, True, match.group("name"), name_start)
    previous = text[spans[number - 1][0] : spans[number - 1][1]].rstrip() if number else ""
    if previous.endswith(":") and len(line.split()) >= 6:
        body_start, body_end = _trim(text, start, end)
        return QuoteSpan(body_start, body_end, start, end, True)
    return None


def find_spans(text: str) -> list[QuoteSpan]:
    """Return every candidate quotation in ``text`` in order (length filters come later)."""
    found = _marked(text)
    spans = lines(text)
    for number in range(len(spans)):
        block = _block(text, spans, number)
        if block is not None:
            found.append(block)
    return sorted(found, key=lambda span: span.start)


_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))
_OPEN_SINGLE = re.compile(r"(?:(?<=\s)|^)‘")


def quotation_spans(text: str, extra: Sequence[Span] = ()) -> list[Span]:
    """Spans inside quotation marks (curly, straight, guillemets or single curly), merged with ``extra`` spans.

    A quotation runs to its closing mark; an unclosed one ends at the paragraph break (news leaves a quotation
    that continues into the next paragraph open). Single curly quotes (British style) open after a space and close
    at a ’ that is not an apostrophe inside a word (it’s).
    """
    spans = list(extra)
    for opening, closing in _QUOTE_PAIRS:
        position = 0
        while (start := text.find(opening, position)) >= 0:
            end = text.find(closing, start + 1)
            paragraph = text.find("\n\n", start + 1)
            if end < 0 or 0 <= paragraph < end:
                end = paragraph if paragraph >= 0 else len(text)
            spans.append((start, end + 1))
            position = end + 1
    spans += _single_quoted(text)
    return merge_spans(spans)


def _single_quoted(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in _OPEN_SINGLE.finditer(text):
        end = text.find("’", match.end())
        while end >= 0 and end + 1 < len(text) and text[end + 1].isalpha():
            end = text.find("’", end + 1)
        paragraph = text.find("\n\n", match.end())
        if end >= 0 and (paragraph < 0 or end < paragraph):
            spans.append((match.start(), end + 1))
    return spans


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Sort and merge overlapping spans."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(position: int, spans: Sequence[Span]) -> bool:
    """Whether ``position`` falls within one of the sorted, merged ``spans``."""
    return any(start <= position < end for start, end in spans)
