"""Exporting a report's cleaned articles as JSONL or Parquet."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from storylens.errors import ConfigError
from storylens.model import Article, Report, Story
from storylens.report.export import COLUMNS, PYARROW_HINT, article_rows, export_format, write_articles


def tiny_report() -> Report:
    """Three articles: two in one story, one given a story id in its input, one in no story."""
    articles = (
        Article(
            id="a1",
            text="The council voted on Tuesday.",
            title="Vote",
            source="Ledger",
            published="2026-03-01",
            removed=("Share this article",),
        ),
        Article(
            id="a2",
            text="Councillors approved the plan — 7 to 2.",
            title="Plan passes",
            source="Times",
            url="https://times.example/plan",
            story="bridge",
        ),
        Article(id="a3", text="A lone item about the weather.", source="Star"),
    )
    stories = (Story(id="s1", title="Council vote", article_ids=("a1", "a2")),)
    return Report(articles=articles, stories=stories)


EXPECTED = [
    {
        "id": "a1",
        "source": "Ledger",
        "url": None,
        "title": "Vote",
        "published": "2026-03-01",
        "text": "The council voted on Tuesday.",
        "removed": ["Share this article"],
        "story": "s1",
    },
    {
        "id": "a2",
        "source": "Times",
        "url": "https://times.example/plan",
        "title": "Plan passes",
        "published": None,
        "text": "Councillors approved the plan — 7 to 2.",
        "removed": [],
        "story": "s1",
    },
    {
        "id": "a3",
        "source": "Star",
        "url": None,
        "title": None,
        "published": None,
        "text": "A lone item about the weather.",
        "removed": [],
        "story": None,
    },
]


def test_rows_carry_the_report_story_id() -> None:
    assert list(article_rows(tiny_report())) == EXPECTED
    assert all(tuple(row) == COLUMNS for row in article_rows(tiny_report()))


def test_jsonl_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert write_articles(tiny_report(), out, batch_size=2) == 3
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == EXPECTED
    assert "—" in lines[1]  # UTF-8 kept as is
    assert not list(tmp_path.glob("*.part"))


def test_parquet_round_trip_in_batches(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "articles.PARQUET"
    assert write_articles(tiny_report(), out, batch_size=2) == 3
    parquet = pq.ParquetFile(out)
    assert parquet.metadata.num_row_groups == 2  # one per batch: written as it goes
    assert parquet.schema_arrow.names == list(COLUMNS)
    assert parquet.read().to_pylist() == EXPECTED


def test_empty_report_gives_readable_empty_files(tmp_path: Path) -> None:
    assert write_articles(Report(), tmp_path / "none.jsonl") == 0
    assert (tmp_path / "none.jsonl").read_text() == ""
    pq = pytest.importorskip("pyarrow.parquet")
    assert write_articles(Report(), tmp_path / "none.parquet") == 0
    table = pq.read_table(tmp_path / "none.parquet")
    assert table.num_rows == 0 and table.schema.names == list(COLUMNS)


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\.jsonl or \.parquet"):
        write_articles(tiny_report(), tmp_path / "articles.csv")
    assert not list(tmp_path.iterdir())


def test_missing_pyarrow_gives_an_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ConfigError) as caught:
        export_format(tmp_path / "articles.parquet")
    assert str(caught.value) == PYARROW_HINT and "pip install" in PYARROW_HINT
    assert export_format(tmp_path / "articles.jsonl") == "jsonl"  # JSONL needs nothing extra
