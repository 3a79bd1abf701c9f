"""The publication date of an HTML page: the best of htmldate, structured metadata, a byline stamp and the URL.

htmldate (the date extractor inside trafilatura) is asked twice: for the original publication date and for the
latest date the page carries (both with its extensive search). When the two agree it is sure of the day; the
publisher's structured stamp (JSON-LD ``datePublished``, then the meta tags a page sets for its own date) then only
lends its time of day, when it names the same day, unless the article's own JSON-LD object (not a video's or a
related story's, whose dates htmldate may read first) declares another day with a zone. When htmldate hesitates
(its two readings differ) or finds nothing, the structured date is taken: it is what the publisher declares, and
htmldate fails on some of its spellings ("Tue, Sep 15 2020 10:01:41 EDT"). A page that declares no structured date
but prints a stamp with a time of day under its headline ("13 Oct 2020 18:29") is dated by that stamp: htmldate may
read a sidebar's date instead. The URL's date is the last resort, except for a Twitter/X status, whose id encodes
the time it was posted.

Publication days are local days while metadata is often in UTC: a UTC stamp is moved to the offset most of the
page's other stamps carry ("-0400" on a New York page), else, on a country's domain (``.ca``), to that country's
local day when all its time zones agree on it (00:23Z is the evening before everywhere in Canada); a UTC stamp a day
away from a sure htmldate reading loses to it. A page's language tag says less: content systems default to
``en-US`` wherever the outlet is. The full datetime is kept when the page gives one; ``published[:10]`` stays the day.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

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


def _is_article(item: dict[str, Any]) -> bool:
    """Whether a JSON-LD object describes the page's own text (``NewsArticle``, ``BlogPosting``, ...)."""
    kinds = item.get("@type")
    names = (
        [kinds]
        if isinstance(kinds, str)
        else [kind for kind in kinds if isinstance(kind, str)]
        if isinstance(kinds, list)
        else []
    )
    return any(name.endswith(("Article", "Posting", "Report")) for name in names)


def _structured(objects: list[dict[str, Any]], tree: Any) -> tuple[Dated, bool]:
    """The publisher's declared date: JSON-LD ``datePublished``, else a meta tag naming the page's own date; and
    whether it is the article's own JSON-LD object that declares it.

    The article's own object is read first: a page also describes its videos, breadcrumbs and related stories.
    """
    for item in sorted(objects, key=lambda item: not _is_article(item)):
        found = normalize_datetime(item.get("datePublished")) if isinstance(item.get("datePublished"), str) else None
        if found:
            return Dated(found, "json-ld"), _is_article(item)
    for source, xpath in _STRUCTURED_XPATHS:
        for raw in tree.xpath(xpath):
            found = normalize_datetime(str(raw))
            if found:
                return Dated(found, source), False
    return Dated(), False


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


# Twitter/X status ids are "snowflakes": the id shifted right by 22 bits is the post's time in milliseconds since
# 2010-11-04T01:42:54.657Z. Ids below the first snowflake were sequential and carry no time.
_STATUS_URL = re.compile(r"^https?://(?:[\w-]+\.)?(?:twitter|x)\.com/\w+/status(?:es)?/(\d{11,20})\b")
_SNOWFLAKE_EPOCH_MS = 1288834974657
_FIRST_SNOWFLAKE = 29_700_859_247


def status_time(url: str | None) -> str | None:
    """Return the UTC time a Twitter/X status URL's id encodes (ISO, ``+00:00``), or None."""
    match = _STATUS_URL.match(url or "")
    if match is None or int(match.group(1)) < _FIRST_SNOWFLAKE:
        return None
    millis = (int(match.group(1)) >> 22) + _SNOWFLAKE_EPOCH_MS
    return datetime.fromtimestamp(millis // 1000, UTC).isoformat()


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


def _local(value: str, html: str, url: str | None) -> str:
    """Move a UTC stamp to the zone the page's other stamps use, else to its country's local day when the page's
    domain names a country: publication days are local days."""
    if not value.endswith("+00:00"):
        return value
    zone = page_offset(html)
    return datetime.fromisoformat(value).astimezone(zone).isoformat() if zone else country_local(value, url)


# Country-code domains that are sold as generic names (.io, .tv, .co, ...): they say nothing of where a site is.
_GENERIC_DOMAINS = frozenset(
    {"ad", "ai", "as", "bz", "cc", "cd", "co", "dj", "fm", "gg", "io", "la", "ly", "me", "ms", "nu", "sc", "sr", "su",
     "tk", "tv", "vc", "ws"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, tuple[str, ...]]:
    """The IANA time zones of each country (ISO 3166 code, lower case), from the tz database's ``zone.tab``."""
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and not line.startswith("#"):
            zones.setdefault(fields[0].lower(), []).append(fields[2])
    return {country: tuple(names) for country, names in zones.items()}


def country_local(value: str, url: str | None) -> str:
    """Return a UTC stamp in the local time of the country the URL's domain names, when every zone of that country
    puts it on the same day (the middle zone's time is kept), else the stamp unchanged."""
    host = urlsplit(url or "").hostname or ""
    code = host.rsplit(".", 1)[-1].lower()
    code = "gb" if code == "uk" else code
    names = () if code in _GENERIC_DOMAINS else _country_zones().get(code, ())
    if not names:
        return value
    moment = datetime.fromisoformat(value)
    local = sorted((moment.astimezone(ZoneInfo(name)) for name in names), key=lambda stamp: stamp.utcoffset() or 0)
    if len({stamp.date() for stamp in local}) != 1:
        return value  # the country straddles the date line at that moment: its day is unknown
    return local[len(local) // 2].isoformat()


def publication_date(html: str, tree: Any, objects: list[dict[str, Any]], url: str | None, title: str | None) -> Dated:
    """Return the page's publication date from the best of its evidence (see the module doc)."""
    posted = status_time(url)
    if posted:  # the id says when it was posted, whatever dates the page around the post shows
        return Dated(_local(posted, html, url), "url")
    structured, own = _structured(objects, tree)
    # The article's own declared day stands against htmldate, which reads the first date of any object (a video's);
    # a UTC stamp does not: its local day is uncertain.
    declared = own and structured.value is not None and not structured.value.endswith("+00:00")
    if structured.value is None:
        stamp = headline_stamp(tree, title)
        if stamp:
            return Dated(stamp, "byline")
    else:
        structured = Dated(_local(structured.value, html, url), structured.source)
    original = _htmldate(html, url, original=True)
    sure = original is not None and original == _htmldate(html, url, original=False)
    if original and (sure or structured.value is None):
        if structured.value and (declared or _same_day(structured.value, original)):
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
