"""The report JSON validates against the contract's schema."""

from __future__ import annotations

import json

import jsonschema

from storylens.model import Article, Passage, Report, Reuse, Story
from storylens.report import render_json


def test_minimal_report_validates(schema: dict[str, object]) -> None:
    report = Report(
        articles=(Article(id="a", text="Body text."),),
        stories=(Story(id="s1", title="T", article_ids=("a",)),),
        reuse=(Reuse("a", "b", "rewrite", 0.8, "a", (Passage((0, 4), (1, 5), 0.9),)),),
    )
    document = json.loads(render_json(report))
    jsonschema.validate(document, schema)
    assert document["schema"] == "storylens.report/1"
    assert document["reuse"][0]["passages"][0]["a"] == [0, 4]


def test_report_round_trips() -> None:
    report = Report(articles=(Article(id="a", text="x", removed=("Share",)),))
    again = Report.from_dict(json.loads(render_json(report)))
    assert again.articles == report.articles
