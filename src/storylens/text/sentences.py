"""Sentences: the one sentence splitter every capability uses (spans into the text, abbreviations kept whole)."""

from __future__ import annotations

import re

from storylens.text.cues import ABBREVIATIONS

Span = tuple[int, int]


_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*")


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or an initial rather than a sentence."""
    start = stop
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    token = text[start:stop].lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def sentence_spans(text: str) -> list[Span]:
    """Sentence spans (stripped, end exclusive): splits at end punctuation and at line breaks."""
    spans: list[Span] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        mark = boundary.group()
        if mark[0] == "." and _is_abbreviation(text, boundary.start()):
            following = text[boundary.end() : boundary.end() + 1]
            if not following or not following.isupper() or "\n" not in mark:
                continue
        end = boundary.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        _add_span(text, start, end, spans)
        start = boundary.end()
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
