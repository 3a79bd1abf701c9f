"""The publication date of an HTML page: the best of htmldate, structured metadata, a byline stamp and the URL.

htmldate (the date extractor inside trafilatura) is asked twice: for the original publication date and for the
latest date the page carries (both with its extensive search). When the two agree it is sure of the day; the
publisher's structured stamp (JSON-LD ``datePublished``, then the meta tags a page sets for its own date) then only
lends its time of day, when it names the same day. When htmldate hesitates (its two readings differ) or finds
nothing, the structured date is taken: it is what the publisher declares, and htmldate fails on some of its
spellings ("Tue, Sep 15 2020 10:01:41 EDT"). A page that declares no structured date but prints a stamp with a time
of day under its headline ("13 Oct 2020 18:29") is dated by that stamp: htmldate may read a sidebar's date instead.
The URL's date is the last resort.

Publication days are local days while metadata is often in UTC: a UTC stamp is moved to the offset most of the
page's other stamps carry ("-0400" on a New York page), and a UTC stamp a day away from a sure htmldate reading
loses to it. The full datetime is kept when the page gives one; ``published[:10]`` stays the day.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from storylens.stages.clean.metadata import TIME_OF_DAY, find_text_date, normalize_date

_ISO_DAY = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?!\d)")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_HAS_CLOCK = re.compile(r"\d{1,2}(?::|h)\d\d")
_STRUCTURED_XPATHS: tuple[tuple[str, str], ...] = (
    ("meta", '//meta[@property="article:published_time"]/@content'),
    ("meta", '//meta[@itemprop="datePublished"]/@content'),
    ("meta", '//*[@itemprop="datePublished"]/@datetime'),
    ("meta", '//meta[@name="pubdate"]/@content'),
    ("meta", '//meta[@name="publish-date"]/@content'),
    ("meta", '//meta[@name="DC.date.issued"]/@content'),
)


# Stamps with an explicit offset anywhere in the page source: ISO (``2020-05-01T23:00:00-04:00``) or RFC 2822
# (``Fri, 01 May 2020 23:00:00 -0400``).
_OFFSET_STAMP = re.compile(r"\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s?(?P<sign>[+-])(?P<hours>[01]\d):?(?P<minutes>[0-5]\d)\b")


@dataclass(frozen=True, slots=True)
class Dated:
    """A publication date or datetime (ISO) and how it was found (``json-ld``, ``meta``, ``byline``, ``htmldate``,
    ``url``)."""

    value: str | None = None
    source: str | None = None


def normalize_datetime(value: str | None) -> str | None:
    """Return an ISO datetime (with its offset) when ``value`` gives a time of day, else an ISO date, else None."""
    if not value or not _HAS_YEAR.search(value):
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = _dateparser(text)
    if parsed is None:
        return normalize_date(text)
    if not _HAS_CLOCK.search(text) or (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
        return parsed.date().isoformat()  # a bare day, or a midnight stamp that only stands for one
    return parsed.replace(microsecond=0).isoformat()


def _dateparser(text: str) -> datetime | None:
    import dateparser  # lazily: importing it costs ~0.3 s

    # Browser-style stamps end in a zone's name in brackets, which dateparser does not read.
    cleaned = re.sub(r"\s*\([^)]*\)\s*$", "", text).replace("|", " ")
    cleaned = re.sub(r"(\d{1,2})h(\d\d)", r"\1:\2", cleaned)
    parsed: datetime | None = dateparser.parse(cleaned, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed


def _structured(objects: list[dict[str, Any]], tree: Any) -> Dated:
    """The publisher's declared date: JSON-LD ``datePublished``, else a meta tag naming the page's own date."""
    for item in objects:
        found = normalize_datetime(item.get("datePublished")) if isinstance(item.get("datePublished"), str) else None
        if found:
            return Dated(found, "json-ld")
    for source, xpath in _STRUCTURED_XPATHS:
        for raw in tree.xpath(xpath):
            found = normalize_datetime(str(raw))
            if found:
                return Dated(found, source)
    return Dated()


def _htmldate(html: str, url: str | None, *, original: bool) -> str | None:
    from htmldate import find_date  # lazily: it imports dateparser and its own tables

    try:
        found: str | None = find_date(html, url=url, original_date=original, extensive_search=True)
    except (ValueError, TypeError):  # htmldate raises on some malformed pages
        return None
    return found if found and _ISO_DAY.fullmatch(found) else None


def url_date(url: str | None) -> str | None:
    """Return the day a URL's path names (``/2023/03/21/``, ``-20230321``), or None."""
    for match in _URL_DATE.finditer(url or ""):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            continue
    return None


def page_offset(html: str) -> timezone | None:
    """Return the UTC offset most of the page's stamps carry, when some carry one other than zero."""
    offsets = Counter(
        (match.group("sign"), match.group("hours"), match.group("minutes")) for match in _OFFSET_STAMP.finditer(html)
    )
    offsets.pop(("+", "00", "00"), None)
    offsets.pop(("-", "00", "00"), None)
    if not offsets:
        return None
    (sign, hours, minutes), _ = offsets.most_common(1)[0]
    delta = timedelta(hours=int(hours), minutes=int(minutes))
    return timezone(-delta if sign == "-" else delta)


def _local(value: str, html: str) -> str:
    """Move a UTC stamp to the zone the page's other stamps use: publication days are local days."""
    if not value.endswith("+00:00"):
        return value
    zone = page_offset(html)
    return datetime.fromisoformat(value).astimezone(zone).isoformat() if zone else value


def publication_date(html: str, tree: Any, objects: list[dict[str, Any]], url: str | None, title: str | None) -> Dated:
    """Return the page's publication date from the best of its evidence (see the module doc)."""
    structured = _structured(objects, tree)
    if structured.value is None:
        stamp = headline_stamp(tree, title)
        if stamp:
            return Dated(stamp, "byline")
    else:
        structured = Dated(_local(structured.value, html), structured.source)
    original = _htmldate(html, url, original=True)
    sure = original is not None and original == _htmldate(html, url, original=False)
    if original and (sure or structured.value is None):
        if structured.value and _same_day(structured.value, original):
            return structured
        return Dated(original, "htmldate")
    if structured.value:
        return structured
    found = url_date(url)
    return Dated(found, "url") if found else Dated()


def _same_day(stamp: str, day: str) -> bool:
    """Whether a publisher's stamp names ``day``, or a day next to it in the page's own (non-UTC) zone.

    htmldate reads UTC stamps as they are; once the stamp is moved to the page's zone, a day apart is that.
    """
    apart = abs((date.fromisoformat(stamp[:10]) - date.fromisoformat(day)).days)
    return apart == 0 or (apart == 1 and len(stamp) > 10 and not stamp.endswith("+00:00"))


_STAMP_WINDOW = 600  # characters of visible text after the headline where a byline stamp sits
_VISIBLE_AFTER = "following::text()[not(ancestor::script) and not(ancestor::style)]"


def _headline(tree: Any, title: str | None) -> Any:
    """The heading that carries the page's title (the first h1 when none does)."""
    key = " ".join(html_lib.unescape(title or "").split()).casefold()  # some pages escape their titles twice
    for node in tree.xpath("//h1|//h2"):
        text = " ".join(node.text_content().split()).casefold()
        if key and len(text.split()) >= 3 and (text in key or key in text):
            return node
    return next(iter(tree.xpath("//h1")), None)


def headline_stamp(tree: Any, title: str | None) -> str | None:
    """Return the first date printed with a time of day just after the headline (with that time when it reads
    cleanly), or None."""
    heading = _headline(tree, title)
    if heading is None:
        return None
    seen = 0
    for node in heading.xpath(_VISIBLE_AFTER):
        text = " ".join(str(node).split())
        found, _ = find_text_date(text) if text else (None, text)
        if found and TIME_OF_DAY.search(text):
            stamp = normalize_datetime(text)
            return stamp if stamp and stamp[:10] == found else found
        seen += len(text)
        if seen > _STAMP_WINDOW:
            return None
    return None
