"""Local files: name the type from the extensions, read bytes safely (gzip, size cap), walk directories."""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from storylens.model import Rejection

FileKind = Literal["text", "html", "feed", "jsonl", "warc", "sniff"]

_EXTENSIONS: dict[str, FileKind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
}
_STRIPPED = {*_EXTENSIONS, ".gz", ".gzip"}


def file_kind(path: Path) -> tuple[FileKind | None, bool]:
    """Return the kind named by ``path``'s extensions (``sniff`` when it has none) and whether it is gzipped."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    gzipped = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if gzipped:
        suffixes = suffixes[:-1]
    if not suffixes or (suffixes[-1] not in _EXTENSIONS and not _looks_like_extension(suffixes[-1])):
        return "sniff", gzipped
    return _EXTENSIONS.get(suffixes[-1]), gzipped


def _looks_like_extension(suffix: str) -> bool:
    """``report.2023.03`` has dots but no extension; ``notes.pdf`` has one."""
    body = suffix[1:]
    return 1 <= len(body) <= 5 and body.isalnum() and not body.isdigit()


def stem(path: Path) -> str:
    """The file name without its known extensions: the article id of a file."""
    name = path.name
    while True:
        base, dot, suffix = name.rpartition(".")
        if not dot or not base or "." + suffix.lower() not in _STRIPPED:
            return name
        name = base


def read_bytes(path: Path, gzipped: bool, max_bytes: int) -> bytes | Rejection:
    """Read (and decompress) a whole document, refusing anything over ``max_bytes``."""
    origin = str(path)
    try:
        with gzip.open(path, "rb") if gzipped else path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except PermissionError:
        return Rejection(origin, "cannot read: permission denied")
    except IsADirectoryError:
        return Rejection(origin, "cannot read: is a directory")
    except (gzip.BadGzipFile, zlib.error):
        return Rejection(origin, "not a valid gzip file")
    except EOFError:
        return Rejection(origin, "truncated gzip file")
    except OSError as exc:
        return Rejection(origin, f"cannot read: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Rejection(origin, f"file too large (over {max_bytes} bytes)")
    return data


def walk(directory: Path) -> Iterator[Path]:
    """Yield the files under ``directory`` recursively in sorted order, skipping hidden ones and symlinked dirs."""
    for root, dirs, names in os.walk(directory, followlinks=False):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name
