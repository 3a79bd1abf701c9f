"""The self-contained HTML report: the web UI's story pages in one file, with no external assets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sample_story import sample_story
from storylens.model import Report
from storylens.present.slices import report_slices
from storylens.report.html import render_html


class Links(HTMLParser):
    """Collect element ids, in-page links and anything that would load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.anchors: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        href = values.get("href") or ""
        if href.startswith("#"):
            self.anchors.append(href[1:])
        if tag in ("script", "link", "img", "iframe") or "src" in values:
            self.loads.append(tag)


def sample_report() -> Report:
    bundles = [sample_story(number).bundle for number in range(2)]
    merged: dict[str, list[object]] = {
        key: [] for key in ("articles", "reuse", "entities", "mentions", "quotes", "conflicts", "framing", "times")
    }
    for bundle in bundles:
        for key, items in merged.items():
            items += bundle[key]
    return Report.from_dict({**merged, "stories": [b["story"] for b in bundles]})


def test_report_is_self_contained_and_every_anchor_resolves() -> None:
    page = render_html(sample_report())
    parser = Links()
    parser.feed(page)
    assert parser.loads == []
    assert "<style>" in page and "/static/" not in page
    missing = [anchor for anchor in parser.anchors if anchor not in parser.ids]
    assert missing == []
    assert len(parser.anchors) > 20


def test_report_shows_the_story_sections_of_the_web_ui() -> None:
    page = render_html(sample_report())
    for heading in (
        "Summary",
        "Coverage",
        "Reuse: who copied whom",
        "Quotes",
        "Conflicts: fact × outlet",
        "Timeline",
        "Entities",
        "Framing: loaded language per outlet",
        "What cleaning removed",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert page.count('<article class="story"') == 2
    assert re.search(r'<span class="[^"]*shared[^"]*"', page)  # shared passages highlighted in the comparisons


def test_report_slices_by_story() -> None:
    slices = report_slices(sample_report())
    assert [s.story.id for s in slices] == ["s0", "s1"]
    assert all(len(s.articles) == 4 and len(s.conflicts) == 1 for s in slices)
    assert {q.article_id[:6] for q in slices[1].quotes} == {"n00001"}


def test_empty_report_renders() -> None:
    page = render_html(Report())
    assert "0 stories" in page and "</html>" in page
