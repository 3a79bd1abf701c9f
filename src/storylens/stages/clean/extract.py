"""HTML → article text and page metadata, built on trafilatura.

trafilatura is run in precision mode first (it drops more boilerplate, and on news pages that is what costs
most); when that output looks truncated against a recall-mode run, the recall output is used instead.

Rescue: on some layouts trafilatura keeps only part of the body in every mode. When the page holds much more text
than trafilatura kept (trafilatura's baseline extractor is the cheap detector), two independent extractors are
asked: readability's paragraphs that jusText also keeps as content and that trafilatura left out are added, in
readability's order, provided they add a substantial share of text (a few agreed teasers are not a missed body).

Each paragraph becomes one line; ``clean_text`` then removes the furniture that survives extraction with the
same rules as for plain text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lxml import html as lxml_html

from storylens.stages.clean.metadata import domain_of, json_ld_objects, page_metadata
from storylens.stages.clean.published import Dated, publication_date, url_date


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """How HTML extraction works."""

    #: Start from trafilatura's precision mode (fewer boilerplate lines).
    favor_precision: bool = True
    #: Fall back to the recall-mode output when the precision output has less than this share of its words.
    min_precision_share: float = 0.5
    include_tables: bool = True
    #: Add body paragraphs that readability and jusText agree on and trafilatura missed (see the module doc).
    rescue: bool = True
    #: Only look for missed paragraphs when the baseline extractor finds this many times trafilatura's words ...
    rescue_min_ratio: float = 1.5
    #: ... and only add them when they come to at least this share of trafilatura's words.
    rescue_min_gain: float = 0.5
    #: A paragraph is "kept" by another extraction when this share of its 4-word shingles occurs there.
    rescue_min_support: float = 0.5
    #: Weigh htmldate's readings against the page's structured dates (``published.py``); off: markup only.
    htmldate: bool = True


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """The article text of one page (one paragraph a line) and what the page says about itself."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    #: How ``published`` was found: ``json-ld``, ``meta``, ``byline``, ``htmldate`` or ``url`` (None when it was not).
    date_source: str | None = None


def _trafilatura(html: str, url: str | None, options: ExtractOptions, *, precision: bool) -> str:
    import trafilatura  # lazily: importing it costs ~0.5 s

    text: str | None = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=options.include_tables,
        favor_precision=precision,
        favor_recall=not precision,
        deduplicate=False,
        with_metadata=False,
    )
    return text or ""


def _trafilatura_text(html: str, url: str | None, options: ExtractOptions) -> str:
    if not options.favor_precision:
        return _trafilatura(html, url, options, precision=False)
    precise = _trafilatura(html, url, options, precision=True)
    generous = _trafilatura(html, url, options, precision=False)
    if len(precise.split()) < options.min_precision_share * len(generous.split()):
        return generous
    return precise


_TOKEN = re.compile(r"\w+")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-word shingles of ``text`` (one shingle of all words when there are fewer)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def _support(paragraph: str, found: Counter[tuple[str, ...]]) -> float:
    """The share of ``paragraph``'s shingles that occur in ``found``."""
    own = _shingles(paragraph)
    return sum(1 for shingle in own if shingle in found) / len(own) if own else 0.0


def _readability_paragraphs(html: str) -> list[str]:
    """The paragraphs readability keeps, outermost text blocks only, one string each."""
    from trafilatura.readability_lxml import Document

    tree = _parse(html)
    if tree is None:
        return []
    try:
        summary = _parse(Document(tree).summary())
    except ValueError:  # readability trips over comments among a node's siblings on some pages
        return []
    if summary is None:
        return []
    blocks = [node for node in summary.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in node.iterancestors())]
    return [text for node in blocks if (text := " ".join(node.text_content().split()))]


def _justext_shingles(html: str) -> Counter[tuple[str, ...]]:
    import justext  # type: ignore[import-untyped]

    paragraphs = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return _shingles("\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def _missed_paragraphs(html: str, text: str, options: ExtractOptions) -> tuple[list[str], set[str]]:
    """Readability's paragraphs, and those of them jusText also keeps and ``text`` lacks (when they add up)."""
    from trafilatura import baseline

    words = len(text.split())
    if len(baseline(html)[1].split()) < options.rescue_min_ratio * max(words, 1):
        return [], set()
    paragraphs = _readability_paragraphs(html)
    kept, agreed = _shingles(text), _justext_shingles(html)
    missed = {
        paragraph
        for paragraph in paragraphs
        if _support(paragraph, kept) < 0.5 and _support(paragraph, agreed) >= options.rescue_min_support
    }
    enough = sum(len(p.split()) for p in missed) >= options.rescue_min_gain * words
    return paragraphs, missed if enough else set()


def _merge(text: str, paragraphs: list[str], missed: set[str]) -> str:
    """Insert each missed paragraph after the line holding the readability paragraph before it."""
    lines = text.split("\n")
    line_shingles = [_shingles(line) for line in lines]
    inserts: dict[int, list[str]] = {}
    anchor = -1
    for paragraph in paragraphs:
        if paragraph in missed:
            inserts.setdefault(anchor, []).append(paragraph)
            continue
        own = _shingles(paragraph)
        overlaps = [sum((own & found).values()) for found in line_shingles]
        if max(overlaps, default=0) > 0:
            anchor = max(range(len(lines)), key=overlaps.__getitem__)
    merged = list(inserts.get(-1, []))
    for index, line in enumerate(lines):
        merged.extend([line, *inserts.get(index, [])])
    return "\n".join(merged)


def extract_text(html: str, url: str | None = None, options: ExtractOptions = ExtractOptions()) -> str:
    """Return the article body of ``html`` as text, one paragraph a line ('' when none is found)."""
    text = _trafilatura_text(html, url, options)
    if not options.rescue or not text:
        return text
    paragraphs, missed = _missed_paragraphs(html, text, options)
    return _merge(text, paragraphs, missed) if missed else text


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _parse(html: str) -> Any:
    try:  # lxml refuses a decoded page that still declares its encoding (XHTML's <?xml ... encoding=...?>)
        return lxml_html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml_html.etree.ParserError):
        return None


def extract_page(html: str, url: str | None = None, options: ExtractOptions = ExtractOptions()) -> ExtractedPage:
    """Extract the body text and the metadata (title, published date, outlet) of one HTML page."""
    text = extract_text(html, url, options) if html.strip() else ""
    tree = _parse(html) if html.strip() else None
    if tree is None:  # an unparseable page still has its URL's date
        found = url_date(url)
        return ExtractedPage(text=text, source=domain_of(url), published=found, date_source="url" if found else None)
    meta = page_metadata(tree, url)
    dated = publication_date(html, tree, json_ld_objects(tree), url, meta.title) if options.htmldate else Dated()
    if dated.value is None and meta.published:
        dated = Dated(meta.published, "meta")
    return ExtractedPage(text, meta.title, dated.value, meta.source, dated.source)
