"""Article metadata: title, publication date and outlet, from HTML markup, URLs and dates printed in text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
_MONTH = (
    r"(?P<month{0}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# The year is exactly four digits and may be glued to what follows ("Mar 21, 2023164 Shares"), so no \b after it.
_YEAR = r"(?P<year{0}>(?:19|20)\d\d)"
_DAY = r"(?P<day{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_US = rf"{_MONTH.format(1)}\s+{_DAY.format(1)},?\s+{_YEAR.format(1)}"
_UK = rf"{_DAY.format(2)}\s+{_MONTH.format(2)},?\s+{_YEAR.format(2)}"
TEXT_DATE = re.compile(
    rf"(?<![\w])(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:{_US}|{_UK}"
    rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d)?(?:Z|[+-][0-2]\d:?\d\d)?)?)",
    re.IGNORECASE,
)
TIME_OF_DAY = re.compile(r"\b[0-2]?\d[:.][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?|\b[0-1]?\d\s*[ap]\.?m\.?", re.I)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What a page says about itself; any field may be unknown."""

    title: str | None = None
    published: str | None = None
    source: str | None = None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _match_iso(match: re.Match[str]) -> str | None:
    if match.group("iso"):
        return _iso(*(int(part) for part in match.group("iso").split("-")))
    form = "1" if match.group("month1") else "2"
    month = _MONTHS.get(match.group("month" + form).lower().rstrip("."))
    return _iso(int(match.group("year" + form)), month, int(match.group("day" + form))) if month else None


def find_text_date(line: str) -> tuple[str | None, str]:
    """Find a calendar date printed in ``line``; return it (ISO) and the line with the date taken out."""
    for match in TEXT_DATE.finditer(line):
        value = _match_iso(match)
        if value:
            rest = line[: match.start()] + " " + line[match.end() :]
            return value, TIME_OF_DAY.sub(" ", rest).strip()
    return None, line


def normalize_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata value such as ``2023-03-21T10:00:00+03:00``, else None."""
    if not value:
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        found, _ = find_text_date(value)
        return found


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, or None (also for a malformed URL such as ``https://[x/a``)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # an unbalanced IPv6 bracket or a bad port: no outlet to read from it
        return None
    host = host.removeprefix("www.")
    return host or None


def _first(tree: Any, xpaths: tuple[str, ...]) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = " ".join(str(value).split())
            if text:
                return text
    return None


def json_ld_objects(tree: Any) -> list[dict[str, Any]]:
    """Return every JSON-LD object of the page, flattened out of lists and ``@graph``s."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:  # JSON-LD nests articles in lists and "@graph"s
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(value for key, value in item.items() if key == "@graph")
    return found


def _json_ld(objects: list[dict[str, Any]], key: str) -> str | None:
    for item in objects:
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


_META_TITLE_XPATHS = ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content')
_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="date"]/@content',
    '//meta[@name="pubdate"]/@content',
    '//meta[@name="publish-date"]/@content',
    '//meta[@name="dc.date"]/@content',
    '//meta[@name="DC.date.issued"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    "//time/@datetime",
    "//time/text()",
)
_SITE_XPATHS = ('//meta[@property="og:site_name"]/@content', '//meta[@name="application-name"]/@content')


#: What sites put between a headline and their own name in ``<title>``: "Headline | Outlet", "Outlet - Headline".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•»:]{1,2}\s+")
_NAME_KEY = re.compile(r"[\W_]+")


def _name_key(text: str) -> str:
    """Lower-case letters and digits only: "The Outlet" and "theoutlet.com"'s label compare equal."""
    return _NAME_KEY.sub("", text.casefold().removeprefix("the "))


def _names_site(part: str, site_names: tuple[str, ...]) -> bool:
    """Whether a title segment is the site's name (equal to it, containing it, or contained in it)."""
    key = _name_key(part)
    if not key or len(part.split()) > 6:
        return False
    return any(len(name) >= 3 and (name in key or key in name) for name in site_names)


def strip_site_name(title: str, site_names: tuple[str, ...]) -> str:
    """Remove a site-name suffix or prefix from ``title`` ("Headline - The Outlet" → "Headline").

    ``site_names`` are the outlet's names as ``_name_key`` keys (og:site_name, JSON-LD publisher, domain label).
    A segment is removed only when it names the site and a headline remains.
    """
    pieces = re.split(f"({_TITLE_SEPARATOR.pattern})", title)  # segment, separator, segment, ...
    while len(pieces) > 2 and _names_site(pieces[-1], site_names):
        del pieces[-2:]
    while len(pieces) > 2 and _names_site(pieces[0], site_names):
        del pieces[:2]
    return "".join(pieces).strip()


def _site_names(site: str | None, url: str | None) -> tuple[str, ...]:
    names = [_name_key(site)] if site else []
    host = domain_of(url)
    if host:  # "news.coast-daily.example" → "coastdaily"; a bare label such as "co" is too short to count
        labels = host.split(".")
        names.append(_name_key(max(labels[:-1] or labels, key=len)))
    return tuple(name for name in names if name)


def _title(tree: Any, objects: list[dict[str, Any]], site_names: tuple[str, ...]) -> str | None:
    """og:title / twitter:title, then JSON-LD headline, then the h1 when <title> agrees, then <title>."""
    title = _first(tree, _META_TITLE_XPATHS) or _json_ld(objects, "headline")
    if title:
        return strip_site_name(title, site_names)
    html_title = _first(tree, ("//title/text()",))
    heading = next((text for h1 in tree.xpath("//h1") if (text := " ".join(h1.text_content().split()))), None)
    agrees = bool(html_title and heading and heading.casefold() in html_title.casefold())
    if agrees and heading and not _names_site(heading, site_names):  # <title> is this h1 plus the site's name
        return heading
    return strip_site_name(html_title, site_names) if html_title else heading


def page_metadata(tree: Any, url: str | None = None) -> PageMetadata:
    """Read title (og:title, h1, <title>), published date (meta, JSON-LD, <time>) and outlet from a parsed page."""
    objects = json_ld_objects(tree)
    published = normalize_date(_json_ld(objects, "datePublished")) or normalize_date(_first(tree, _DATE_XPATHS))
    source = _first(tree, _SITE_XPATHS) or _json_ld(objects, "publisher")
    if url is None:
        url = _first(tree, ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'))
    title = _title(tree, objects, _site_names(source, url))
    return PageMetadata(title=title, published=published, source=source or domain_of(url))


def html_metadata(html: str, url: str | None = None) -> PageMetadata:
    """Parse ``html`` and read its metadata (see ``page_metadata``)."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return PageMetadata(source=domain_of(url))
    return page_metadata(tree, url)
