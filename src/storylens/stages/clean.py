"""Turn a raw document into a clean article: HTML extraction, page-furniture removal, glued words, metadata."""

from __future__ import annotations

from dataclasses import dataclass

import xxhash

from storylens.model import Article, RawDocument, Rejection


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """How hard cleaning works."""

    min_chars: int = 40


def content_hash(raw: RawDocument) -> str:
    """A stable hash of what was read (xxh3-128 hex): equal inputs are stored once."""
    return xxhash.xxh3_128_hexdigest((raw.kind + "\0" + raw.content).encode("utf-8", "surrogatepass"))


def clean_document(raw: RawDocument, options: CleanOptions = CleanOptions()) -> Article | Rejection:
    """Return the cleaned article, or a rejection saying why there is none."""
    text = raw.content.strip()  # TODO(issue 2): extraction, furniture removal, glue repair, metadata
    if len(text) < options.min_chars:
        return Rejection(raw.origin, "no article text found")
    return Article(
        id=raw.id, text=text, title=raw.title, source=raw.source, url=raw.url,
        published=raw.published, story=raw.story, content_hash=content_hash(raw),
    )
