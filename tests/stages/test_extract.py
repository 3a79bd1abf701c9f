"""HTML extraction: body text without page chrome, paragraphs, and metadata (an invented page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storylens.model import Article, RawDocument, Rejection
from storylens.stages.clean.document import clean_document
from storylens.stages.clean.extract import ExtractOptions, extract_page, extract_text

PAGE = (Path(__file__).resolve().parent.parent / "fixtures" / "clean" / "article.html").read_text()


@pytest.fixture(scope="module")
def article() -> Article:
    result = clean_document(RawDocument(id="lan", origin="article.html", content=PAGE, kind="html"))
    assert isinstance(result, Article)
    return result


def test_body_paragraphs_extracted(article: Article) -> None:
    assert article.text.startswith("The lantern festival returned to Orrin Valley on Saturday")
    assert "“We had to relearn how to make them,” said festival director Anneke Sol." in article.text
    assert article.text.rstrip().endswith("a night concert on the water meadow.")
    assert "\n\nA tradition rebuilt\n\n" in article.text


def test_page_chrome_left_out(article: Article) -> None:
    for chrome in ("Most Read", "Bridge repairs delayed", "All rights reserved", "Privacy policy", "Share this"):
        assert chrome not in article.text


def test_metadata_from_markup(article: Article) -> None:
    assert article.title == "Lantern Festival Returns to Orrin Valley"
    assert article.published == "2031-09-14T08:30:00+02:00"  # the page's time of day is kept
    assert article.date_source == "meta"
    assert article.source == "The Valley Courier"
    assert "Lantern Festival Returns" not in article.text


def test_extract_page_and_recall_mode() -> None:
    page = extract_page(PAGE, "https://www.valley-courier.example/culture/lanterns")
    assert "four thousand lanterns" in page.text
    assert "four thousand lanterns" in extract_text(PAGE, options=ExtractOptions(favor_precision=False))


def test_empty_or_junk_html_is_rejected() -> None:
    for content in ("", "<html><body><nav>Home</nav></body></html>"):
        result = clean_document(RawDocument(id="e", origin="e.html", content=content, kind="html"))
        assert isinstance(result, Rejection)


def test_rescue_leaves_a_well_extracted_page_alone() -> None:
    assert extract_text(PAGE) == extract_text(PAGE, options=ExtractOptions(rescue=False))


def test_merge_inserts_missed_paragraphs_in_reading_order() -> None:
    from storylens.stages.clean.extract import _merge

    kept = "The first paragraph is about the harbour wall repairs.\nThe third paragraph covers the cost overrun."
    paragraphs = [
        "The first paragraph is about the harbour wall repairs.",
        "The second paragraph was missed by the first extractor entirely.",
        "The third paragraph covers the cost overrun.",
    ]
    merged = _merge(kept, paragraphs, {paragraphs[1]})
    assert merged.split("\n") == paragraphs
