"""Metadata: dates printed in text, HTML meta / JSON-LD / <time>, outlet names (invented pages)."""

from __future__ import annotations

import pytest

from storylens.stages.clean.metadata import domain_of, find_text_date, html_metadata, normalize_date


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jun 4, 2031212 Shares4810 Views", "2031-06-04"),
        ("Published: Tuesday, 14 September 2031, 10:12 GMT", "2031-09-14"),
        ("Updated March 3rd, 2030", "2030-03-03"),
        ("2029-12-31T23:00:00Z", "2029-12-31"),
        ("Sept. 9, 2031", "2031-09-09"),
        ("No date here at all", None),
        ("Feb 30, 2031", None),
    ],
)
def test_find_text_date(line: str, expected: str | None) -> None:
    assert find_text_date(line)[0] == expected


def test_find_text_date_returns_the_rest() -> None:
    assert find_text_date("Jun 4, 2031212 Shares")[1] == "212 Shares"


def test_normalize_date() -> None:
    assert normalize_date("2031-09-14T08:30:00+02:00") == "2031-09-14"
    assert normalize_date("14 September 2031") == "2031-09-14"
    assert normalize_date("") is None


def test_domain_of() -> None:
    assert domain_of("https://www.news.example/a/b?c=1") == "news.example"
    assert domain_of("news.example/path") == "news.example"
    assert domain_of(None) is None
    assert domain_of("https://[news.example/a") is None  # malformed (unbalanced IPv6 bracket): no outlet, no crash


def test_meta_tags() -> None:
    page = """<html><head><title>Ferry Strike Ends | Coast Daily</title>
    <meta property="og:title" content="Ferry Strike Ends"><meta property="og:site_name" content="Coast Daily">
    <meta property="article:published_time" content="2031-02-03T07:00:00Z"></head><body><p>x</p></body></html>"""
    meta = html_metadata(page, "https://coast.example/x")
    assert (meta.title, meta.published, meta.source) == ("Ferry Strike Ends", "2031-02-03", "Coast Daily")


def test_json_ld_graph_and_fallbacks() -> None:
    page = """<html><head><title>Dam Inspection Passed</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"},
     {"@type": "NewsArticle", "datePublished": "2030-11-05", "publisher": {"name": "Valley Wire"}}]}
    </script></head><body><h1>Other</h1></body></html>"""
    meta = html_metadata(page)
    assert (meta.title, meta.published, meta.source) == ("Dam Inspection Passed", "2030-11-05", "Valley Wire")


def test_time_element_h1_and_domain() -> None:
    page = """<html><body><h1>Market Day Moves</h1><time datetime="2030-05-06T09:00">6 May</time>
    <p>text</p></body></html>"""
    meta = html_metadata(page, "https://www.town-news.example/market")
    assert (meta.title, meta.published, meta.source) == ("Market Day Moves", "2030-05-06", "town-news.example")


def test_broken_html_gives_empty_metadata() -> None:
    meta = html_metadata("", "https://x.example/")
    assert meta.title is None and meta.source == "x.example"


def test_title_site_suffix_removed_by_site_name() -> None:
    page = """<html><head><title>Harbour Bridge Reopens After Repairs - The Coast Daily</title>
    <meta property="og:site_name" content="Coast Daily"></head><body><p>x</p></body></html>"""
    assert html_metadata(page, "https://coast.example/a").title == "Harbour Bridge Reopens After Repairs"


def test_title_site_suffix_removed_by_domain_and_publisher() -> None:
    page = """<html><head><title>Valley Wire | Council Votes On Budget | Valley Wire News</title>
    </head><body><p>x</p></body></html>"""
    assert html_metadata(page, "https://www.valleywire.example/b").title == "Council Votes On Budget"
    ld = """<html><head><title>Rail Fares Rise - Northern Ledger</title><script type="application/ld+json">
    {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "The Northern Ledger"}}</script>
    </head><body></body></html>"""
    assert html_metadata(ld, "https://ledger.example/c").title == "Rail Fares Rise"


def test_title_keeps_segments_that_are_not_the_site() -> None:
    page = """<html><head><title>Storm Warning - What Residents Need To Know</title></head><body></body></html>"""
    meta = html_metadata(page, "https://weather-desk.example/d")
    assert meta.title == "Storm Warning - What Residents Need To Know"
    only_site = "<html><head><title>Coast Daily</title></head><body></body></html>"
    assert html_metadata(only_site, "https://coastdaily.example/").title == "Coast Daily"


def test_title_prefers_og_title_and_h1() -> None:
    og = """<html><head><title>Old Headline | Coast Daily</title><meta property="og:title"
    content="New Headline | Coast Daily"><meta property="og:site_name" content="Coast Daily"></head></html>"""
    assert html_metadata(og).title == "New Headline"
    h1 = """<html><head><title>Mayor Resigns Over Audit · Town Crier Online</title></head>
    <body><h1>Mayor <span>Resigns</span> Over Audit</h1></body></html>"""
    assert html_metadata(h1, "https://example.org/e").title == "Mayor Resigns Over Audit"
