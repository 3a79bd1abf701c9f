"""Local files: name the type from the extensions, read bytes safely (gzip, size cap), walk directories."""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections import Counter
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


def special_kind(path: Path) -> str | None:
    """Name what ``path`` is when it is not a regular file (opening a FIFO would block forever), else None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken link"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def _ids(names: list[str]) -> dict[str, str]:
    """Each file's id in its folder: its stem, or its whole name when siblings share the stem (a.txt, a.html)."""
    stems = Counter(stem(Path(name)) for name in names)
    return {name: stem(Path(name)) if stems[stem(Path(name))] == 1 else name for name in names}


def walk(directory: Path) -> Iterator[tuple[Path, str] | Rejection]:
    """Yield each file under ``directory`` (recursive, sorted) with its id, or a rejection for what cannot be read.

    The id is the path relative to ``directory`` without extensions (``a/index``), so every page of a crawl
    keeps its own; hidden files and symlinked folders are skipped, and so are FIFOs, sockets and devices.
    """
    errors: list[OSError] = []
    for root, dirs, names in os.walk(directory, onerror=errors.append, followlinks=False):
        yield from _folder_errors(errors)
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        visible = sorted(name for name in names if not name.startswith("."))
        folder = Path(root).relative_to(directory)
        for name, identifier in _ids(visible).items():
            path = Path(root) / name
            special = special_kind(path)
            if special:
                yield Rejection(str(path), f"skipped: {special}, not a regular file")
            else:
                yield path, (folder / identifier).as_posix()
    yield from _folder_errors(errors)


def _folder_errors(errors: list[OSError]) -> Iterator[Rejection]:
    """One rejection per folder ``os.walk`` could not list (it would skip them silently)."""
    for error in errors:
        yield Rejection(str(error.filename), f"cannot read folder: {error.strerror or error}")
    errors.clear()
