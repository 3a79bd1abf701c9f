"""Publication dates of HTML pages: htmldate weighed against structured metadata, bylines and the URL.

Every page here is fiction, written for these tests.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from lxml import html as lxml_html

from storylens.model import Article, RawDocument
from storylens.stages.clean.document import clean_document
from storylens.stages.clean.extract import ExtractOptions, extract_page
from storylens.stages.clean.metadata import json_ld_objects, page_metadata
from storylens.stages.clean.published import (
    country_local,
    headline_stamp,
    normalize_datetime,
    page_offset,
    publication_date,
    status_time,
    url_date,
)

BODY = " ".join(
    f"Paragraph {n} of the harbour story: the ferry from Tallow Point ran late again, and the council of the"
    " little port promised a new timetable before the autumn markets open on the quay."
    for n in range(6)
)


def _page(head: str = "", byline: str = "", title: str = "Ferry Delays Anger Tallow Point Traders") -> str:
    return (
        f"<html><head><title>{title} | The Quay Post</title>{head}</head><body>"
        f"<div class='site'>Tue, 14 Jan 2020</div><article><h1>{title}</h1>{byline}"
        f"<p>{BODY}</p></article></body></html>"
    )


def _date(html: str, url: str | None = None) -> tuple[str | None, str | None]:
    tree = lxml_html.fromstring(html)
    found = publication_date(html, tree, json_ld_objects(tree), url, page_metadata(tree, url).title)
    return found.value, found.source


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-15T10:01:41-04:00", "2020-09-15T10:01:41-04:00"),
        ("2020-05-02T02:54:29.000Z", "2020-05-02T02:54:29+00:00"),
        ("Tue, Sep 15 2020 10:01:41 EDT", "2020-09-15T10:01:41-04:00"),
        ("2020-09-25T16:02:50CDT", "2020-09-25T16:02:50-05:00"),
        ("2020-03-04", "2020-03-04"),
        ("2020-03-04T00:00:00", "2020-03-04"),  # a midnight stamp that only stands for a day
        ("yesterday", None),
        ("", None),
    ],
)
def test_normalize_datetime(value: str, expected: str | None) -> None:
    assert normalize_datetime(value) == expected


def test_url_date() -> None:
    assert url_date("https://quay.example/2020/03/04/ferry-delays") == "2020-03-04"
    assert url_date("https://quay.example/news/ferry-20200304.html") == "2020-03-04"
    assert url_date("https://quay.example/news/2020/13/40/x") is None
    assert url_date(None) is None


def test_page_offset_reads_the_stamps_the_page_carries() -> None:
    html = '<script>{"a": "Fri, 01 May 2020 23:00:00 -0400", "b": "2020-05-01T21:00:00-04:00", "c": "03:00Z"}</script>'
    zone = page_offset(html)
    assert zone is not None and zone.utcoffset(None).total_seconds() == -4 * 3600
    assert page_offset("<p>2020-05-01T21:00:00+00:00</p>") is None


def test_json_ld_date_with_its_time_of_day() -> None:
    data = json.dumps({"@type": "NewsArticle", "datePublished": "2020-03-04T09:15:00+01:00"})
    html = _page(f'<script type="application/ld+json">{data}</script>')
    assert _date(html) == ("2020-03-04T09:15:00+01:00", "json-ld")


def test_utc_stamp_moves_to_the_pages_zone() -> None:
    # Published late on 1 May in a zone four hours behind UTC: the metadata says 2 May in UTC.
    head = (
        '<meta property="article:published_time" content="2020-05-02T02:54:29.000Z">'
        '<script>var schedule = {"date": "Fri, 01 May 2020 23:00:00 -0400"};</script>'
    )
    value, source = _date(_page(head))
    assert value == "2020-05-01T22:54:29-04:00"
    assert source == "meta"


def test_byline_stamp_beats_a_sidebar_date_when_no_metadata() -> None:
    byline = "<ul class='meta'><li>13 Jan 2020, 22:11 GMT+10</li><li>Harbour</li></ul>"
    assert _date(_page(byline=byline)) == ("2020-01-13T22:11:00+10:00", "byline")
    assert headline_stamp(lxml_html.fromstring(_page()), "Ferry Delays Anger Tallow Point Traders") is None


def test_byline_found_under_a_twice_escaped_title() -> None:
    html = _page(byline="<p>13 Jan 2020, 22:11 GMT+10</p>", title="Harbour&amp;#039;s ferry delays anger traders")
    assert _date(html) == ("2020-01-13T22:11:00+10:00", "byline")


def test_a_page_without_dates_is_dated_by_its_url() -> None:
    html = "<html><body><p>No date anywhere in this fictional note.</p></body></html>"
    value, source = _date(html, "https://quay.example/2019/11/02/note")
    assert value == "2019-11-02"
    assert source in ("htmldate", "url")  # htmldate reads URLs too; ours is the fallback when it finds nothing
    assert _date(html) == (None, None)


def test_option_off_reads_markup_only() -> None:
    html = _page('<meta property="article:published_time" content="2020-03-04T09:15:00+01:00">')
    page = extract_page(html, None, ExtractOptions(htmldate=False))
    assert page.published == "2020-03-04"
    assert page.date_source == "meta"


def test_date_source_in_the_article() -> None:
    html = _page('<meta property="article:published_time" content="2020-03-04T09:15:00+01:00">')
    given = clean_document(RawDocument("a", "a.html", html, kind="html", published="2020-03-05"))
    found = clean_document(RawDocument("b", "b.html", html, kind="html"))
    assert isinstance(given, Article) and isinstance(found, Article)
    assert (given.published, given.date_source) == ("2020-03-05", "input")
    assert (found.published, found.date_source) == ("2020-03-04T09:15:00+01:00", "meta")
    assert found.report_dict()["date_source"] == "meta"


def test_an_xhtml_page_declaring_its_encoding_is_read() -> None:
    head = '<meta property="article:published_time" content="2020-03-04T09:15:00+01:00">'
    page = extract_page('<?xml version="1.0" encoding="utf-8"?>' + _page(head))
    assert (page.published, page.date_source) == ("2020-03-04T09:15:00+01:00", "meta")
    assert page.title == "Ferry Delays Anger Tallow Point Traders"


def test_an_unparseable_page_keeps_its_urls_date() -> None:
    page = extract_page("<!-- only a comment -->", "https://quay.example/2021/05/06/y")
    assert (page.published, page.date_source) == ("2021-05-06", "url")


def _snowflake(stamp: str) -> int:
    """A Twitter/X status id for a time (milliseconds since the snowflake epoch, shifted left by 22 bits)."""
    millis = int(datetime.fromisoformat(stamp).timestamp() * 1000) - 1288834974657
    return (millis << 22) + 12345  # the low bits are a worker and sequence number: not time


def test_a_status_url_is_dated_by_its_id() -> None:
    status = _snowflake("2021-03-04T05:06:07+00:00")
    url = f"https://twitter.com/quaypost/status/{status}/photo/1"
    assert status_time(url) == "2021-03-04T05:06:07+00:00"
    assert status_time(url.replace("twitter.com", "x.com")) == "2021-03-04T05:06:07+00:00"
    assert status_time("https://quay.example/quaypost/status/" + str(status)) is None  # not a snowflake site
    assert status_time("https://twitter.com/quaypost/status/20") is None  # before snowflakes: a plain counter
    # The page around the post shows other days (replies, trends); the id is when it was posted.
    html = _page("<meta property='article:published_time' content='2021-03-09T10:00:00Z'>")
    assert _date(html, url) == ("2021-03-04T05:06:07+00:00", "url")


def test_the_articles_own_json_ld_date_before_its_videos() -> None:
    video = json.dumps(
        {
            "@type": "VideoObject",
            "name": "Quay at dawn",
            "uploadDate": "2018-02-02",
            "datePublished": "2018-02-02T08:00:00+00:00",
        }
    )
    article = json.dumps(
        {
            "@type": ["NewsArticle"],
            "headline": "Ferry Delays Anger Tallow Point Traders",
            "datePublished": "2020-03-04T09:15:00+01:00",
        }
    )
    head = f'<script type="application/ld+json">{video}</script><script type="application/ld+json">{article}</script>'
    assert _date(_page(head)) == ("2020-03-04T09:15:00+01:00", "json-ld")


def test_a_utc_stamp_on_a_country_domain_takes_that_countrys_local_day() -> None:
    # 00:23Z is the evening before in every Canadian zone; on a .com page the country is unknown.
    assert country_local("2020-08-25T00:23:33+00:00", "https://news.quaypost.ca/ferry")[:10] == "2020-08-24"
    assert country_local("2020-08-25T00:23:33+00:00", "https://quaypost.com/ferry") == "2020-08-25T00:23:33+00:00"
    assert country_local("2020-08-25T00:23:33+00:00", "https://quaypost.tv/ferry") == "2020-08-25T00:23:33+00:00"
    # At 14:00Z Russia's zones span two days: no local day can be told.
    assert country_local("2020-08-25T14:00:00+00:00", "https://quaypost.ru/a") == "2020-08-25T14:00:00+00:00"
    assert country_local("2020-08-25T23:30:00+00:00", "https://quaypost.co.uk/a") == "2020-08-26T00:30:00+01:00"
    data = json.dumps({"@type": "NewsArticle", "datePublished": "2020-08-25T00:23:33Z"})
    html = _page(f'<script type="application/ld+json">{data}</script>')
    value, source = _date(html, "https://news.quaypost.ca/ferry")
    assert (value or "")[:10] == "2020-08-24"
    assert source == "json-ld"
