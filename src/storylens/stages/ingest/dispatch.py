"""Route each input (file, directory, URL) to its reader; unknown types are skipped and listed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from storylens.model import RawDocument, Rejection


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Fetch limits and safety switches."""

    allow_private: bool = False
    timeout_s: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


def _stem(path: Path) -> str:
    name = path.name
    return name.split(".", 1)[0] if "." in name else name


def read_inputs(inputs: Sequence[str], options: IngestOptions) -> Iterator[RawDocument | Rejection]:
    """Yield a raw document or a rejection for everything named by ``inputs``."""
    # TODO(issue 2): html/gz, feeds, WARC, URLs, encodings, binary junk
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            yield from read_inputs(sorted(str(p) for p in path.iterdir() if p.is_file()), options)
        elif not path.exists():
            yield Rejection(name, "no such file")
        elif path.suffix == ".jsonl":
            for number, line in enumerate(path.read_text().splitlines(), 1):
                record = json.loads(line)
                yield RawDocument(
                    id=str(record["id"]), origin=f"{name}:{number}", content=record.get("text") or "",
                    title=record.get("title"), source=record.get("source"), url=record.get("url"),
                    published=record.get("published"), story=record.get("story"),
                )
        elif path.suffix == ".txt":
            yield RawDocument(id=_stem(path), origin=name, content=path.read_text())
        else:
            yield Rejection(name, "skipped: unknown file type")
