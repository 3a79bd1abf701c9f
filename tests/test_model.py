"""Model values: immutability and the report-format shape."""

from __future__ import annotations

import dataclasses

import pytest

from storylens.model import Article, Conflict, Framing, LoadedSentence, Rejection, Report, Statement, Story


def test_values_are_frozen() -> None:
    article = Article(id="a", text="t")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.text = "changed"  # type: ignore[misc]


def test_rejection_message_names_input_and_line() -> None:
    assert Rejection("feed.jsonl", "not JSON", line=3).message() == "feed.jsonl:3: not JSON"
    assert Rejection("x.bin", "binary").message() == "x.bin: binary"


OTHER = Statement("b", "On Saturday.", "Saturday")


def test_report_dict_has_every_spec_section_and_round_trips() -> None:
    report = Report(
        articles=(Article(id="a", text="Alpha.", source="x.example", published="2031-03-17"),),
        stories=(Story(id="s1", title="T", article_ids=("a",)),),
        conflicts=(Conflict("c1", "day of the call", "date", (Statement("a", "On Friday.", "Friday"), OTHER)),),
        framing=(Framing("a", 1.5, ("regime",), ("reportedly",), (LoadedSentence(0, 6, ("regime",)),)),),
    )
    data = report.to_dict()
    for key in ("schema", "articles", "stories", "reuse", "entities", "quotes", "conflicts", "framing", "times"):
        assert key in data
    assert data["stories"][0]["article_ids"] == ["a"]
    assert Report.from_dict(data).conflicts == report.conflicts
    assert Report.from_dict(data).framing == report.framing
