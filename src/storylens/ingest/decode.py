"""Bytes to text: sniff what a document is, refuse binary junk, and find its character encoding.

Order of trust for the encoding: a byte-order mark, then strict UTF-8 (most of the web), then a charset the
container declares (HTTP header, ``<meta charset>``, XML prolog), then charset-normalizer's detection.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

import charset_normalizer

Sniffed = Literal["feed", "html", "warc", "jsonl", "text", "binary"]

# Magic numbers of formats people drop into a news folder by mistake: named in the rejection.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(rss|feed|RDF)[\s>]")
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# Controls other than tab, newlines and form feed: their share tells junk from text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_MAX_FOREIGN_LETTERS = 0.2
_TEXT_BYTES = frozenset({9, 10, 13, *range(0x20, 0x7F)})
_MIN_ASCII_SHARE = 0.6


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """Name the UTF-16 byte order of BOM-less text, or None.

    Latin-script UTF-16 is mostly printable ASCII with a NUL beside each byte; binary data with NULs is not.
    """
    sample = data[: 4096 - 4096 % 2]
    if len(sample) < 8:
        return None
    pairs = len(sample) // 2
    for encoding, zero, char in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        ascii_pairs = sum(
            1 for a, b in zip(sample[zero::2], sample[char::2], strict=False) if a == 0 and b in _TEXT_BYTES
        )
        if ascii_pairs / pairs >= _MIN_ASCII_SHARE:
            try:
                sample[: len(sample) - len(sample) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data`` (``"binary data"`` when unknown), or None when it may be text."""
    head = data[:8192]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if _bom_encoding(head) in ("utf-16", "utf-32") or utf16_without_bom(head):
        return None  # wide encodings are full of NUL bytes by design
    return "binary data" if b"\x00" in head else None


def sniff(data: bytes) -> Sniffed:
    """Tell what ``data`` holds from its first bytes, whatever its file name claims."""
    if binary_kind(data):
        return "binary"
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if _HTML_START.search(head[:1024]):
        return "html"
    if head.startswith(b"<") and _FEED_ROOT.search(head):
        return "feed"
    return "text"


def declared_charset(data: bytes, header: str | None = None) -> str | None:
    """Return the charset the container declares: HTTP ``Content-Type``, ``<meta>``, or the XML prolog."""
    if header:
        match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", header, re.IGNORECASE)
        if match:
            return match.group(1)
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return found.group(1).decode("ascii") if found else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    # WHATWG: pages labelled latin-1 are windows-1252 (curly quotes live in 0x80-0x9f).
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _mostly_ascii_cp1252(data: bytes) -> bool:
    """Tell windows-1252 text in a Latin-script language: strict decode, and few letters outside ASCII.

    Short texts with a few accents or curly quotes defeat statistical detection; Cyrillic or Greek
    single-byte text decoded as windows-1252 is nearly all non-ASCII letters, so it fails the share test.
    """
    try:
        text = data[:200_000].decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [char for char in text if char.isalpha()]
    foreign = sum(1 for char in letters if not char.isascii())
    return bool(letters) and foreign / len(letters) < _MAX_FOREIGN_LETTERS


def _detect(data: bytes) -> str | None:
    """Best encoding by charset-normalizer; among equally clean candidates prefer windows-1252 (English news)."""
    if _mostly_ascii_cp1252(data):
        return "cp1252"
    matches = list(charset_normalizer.from_bytes(data[:200_000]))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    tied = [match.encoding for match in matches if match.chaos == best]
    return "cp1252" if "cp1252" in tied else tied[0]


def decode_bytes(data: bytes, header: str | None = None) -> str | None:
    """Decode ``data`` to text, or return None when no encoding gives readable text."""
    candidates = [_bom_encoding(data) or utf16_without_bom(data), "utf-8", _known(declared_charset(data, header))]
    for encoding in candidates:
        if encoding is None:
            continue
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.lstrip("\ufeff")
    detected = _detect(data)
    if detected is None:
        return None
    return data.decode(detected, errors="replace")


def is_junk(text: str) -> bool:
    """Tell decoded text that is mostly control characters (binary that happened to decode)."""
    sample = text[:20_000]
    return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > _MAX_CONTROL_SHARE
