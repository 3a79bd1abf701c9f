"""HTML → article text and page metadata, built on trafilatura.

trafilatura is run in precision mode first (it drops more boilerplate, and on news pages that is what costs
most); when that output looks truncated against a recall-mode run, the recall output is used instead. Each
paragraph becomes one line; ``clean_text`` then removes the furniture that survives extraction with the same
rules as for plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html  # type: ignore[import-untyped]

from storylens.stages.metadata import PageMetadata, domain_of, page_metadata


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How HTML extraction works."""

    #: Start from trafilatura's precision mode (fewer boilerplate lines).
    favor_precision: bool = True
    #: Fall back to the recall-mode output when the precision output has less than this share of its words.
    min_precision_share: float = 0.6
    include_tables: bool = True


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """The article text of one page (one paragraph a line) and what the page says about itself."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None


def _trafilatura(html: str, url: str | None, options: ExtractOptions, *, precision: bool) -> str:
    import trafilatura  # lazily: importing it costs ~0.5 s

    text: str | None = trafilatura.extract(
        html, url=url, output_format="txt", include_comments=False, include_tables=options.include_tables,
        favor_precision=precision, favor_recall=not precision, deduplicate=False, with_metadata=False,
    )
    return text or ""


def extract_text(html: str, url: str | None = None, options: ExtractOptions = ExtractOptions()) -> str:
    """Return the article body of ``html`` as text, one paragraph a line ('' when none is found)."""
    if not options.favor_precision:
        return _trafilatura(html, url, options, precision=False)
    precise = _trafilatura(html, url, options, precision=True)
    generous = _trafilatura(html, url, options, precision=False)
    if len(precise.split()) < options.min_precision_share * len(generous.split()):
        return generous
    return precise


def _parse(html: str) -> Any:
    try:
        return lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def extract_page(html: str, url: str | None = None, options: ExtractOptions = ExtractOptions()) -> ExtractedPage:
    """Extract the body text and the metadata (title, published date, outlet) of one HTML page."""
    text = extract_text(html, url, options) if html.strip() else ""
    tree = _parse(html) if html.strip() else None
    meta = page_metadata(tree, url) if tree is not None else PageMetadata(source=domain_of(url))
    return ExtractedPage(text=text, title=meta.title, published=meta.published, source=meta.source)
