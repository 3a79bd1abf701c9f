"""Export a report's cleaned articles as JSONL or Parquet (chosen by extension), written in batches.

One row per article: the report-format article fields, with ``story`` set to the id of the report story that
holds it (``None`` when no story does). A given story id from the input is not lost: clustering turns it into the
report story's id. Parquet needs pyarrow (installed with the ``ray`` extra), imported only when it is asked for.
Rows are produced lazily and written ``batch_size`` at a time, so the output is never built whole in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from storylens.errors import ConfigError
from storylens.model import Report

#: The columns, in order (``Article.report_dict`` keys; ``story`` is the report's story id).
COLUMNS = ("id", "source", "url", "title", "published", "text", "removed", "story")
FORMATS = {".jsonl": "jsonl", ".parquet": "parquet"}
PYARROW_HINT = "writing Parquet needs pyarrow: pip install pyarrow (or pip install 'storylens[ray]')"


def export_format(path: str | Path) -> str:
    """Return ``jsonl`` or ``parquet`` for ``path``'s extension; raise ``ConfigError`` for anything else.

    Parquet is checked for pyarrow here too, so a caller can refuse before a long analysis rather than after it.
    """
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise ConfigError(f"{path}: articles can be written as .jsonl or .parquet")
    if kind == "parquet":
        _pyarrow()
    return kind


def article_rows(report: Report) -> Iterator[dict[str, Any]]:
    """Yield one export row per article of ``report``, in report order."""
    story_of = {article_id: story.id for story in report.stories for article_id in story.article_ids}
    for article in report.articles:
        row = article.report_dict()
        row["story"] = story_of.get(article.id)
        yield {column: row[column] for column in COLUMNS}


def write_articles(report: Report, path: str | Path, *, batch_size: int = 1000) -> int:
    """Write ``report``'s articles to ``path`` (``.jsonl`` or ``.parquet``); return how many were written.

    The file appears complete or not at all: rows go to a ``.part`` file renamed into place at the end.

    Example:
        >>> write_articles(report, "articles.parquet")  # doctest: +SKIP
        412
    """
    target = Path(path)
    writer = _write_parquet if export_format(target) == "parquet" else _write_jsonl
    part = target.with_name(target.name + ".part")
    try:
        count = writer(_batches(article_rows(report), max(1, batch_size)), part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return count


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _write_jsonl(batches: Iterable[list[dict[str, Any]]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as stream:
        for batch in batches:
            stream.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch))
            count += len(batch)
    return count


def _write_parquet(batches: Iterable[list[dict[str, Any]]], path: Path) -> int:
    pa, pq = _pyarrow()
    schema = pa.schema([(column, pa.list_(pa.string()) if column == "removed" else pa.string()) for column in COLUMNS])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in batches:  # one row group per batch
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            count += len(batch)
        if count == 0:  # a readable file with the schema and no rows
            writer.write_table(schema.empty_table())
    return count


def _pyarrow() -> tuple[Any, Any]:
    """Import pyarrow lazily (an optional dependency), turning its absence into one clear error."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ConfigError(PYARROW_HINT) from exc
    return pyarrow, pyarrow.parquet
