"""The Markdown report agrees with the web UI: stories newest first under one heading, outlets by name (fiction)."""

from __future__ import annotations

import dataclasses

from sample_story import sample_story
from storylens.model import Report
from storylens.report import render_markdown


def _report() -> Report:
    """Two invented stories; the older one first in report order."""
    old, new = sample_story(0), sample_story(40)
    articles = old.articles + new.articles
    return Report(
        articles=articles,
        stories=(old.story_slice.story, new.story_slice.story),
        reuse=old.story_slice.reuse + new.story_slice.reuse,
        quotes=old.story_slice.quotes,
        conflicts=old.story_slice.conflicts,
        framing=old.story_slice.framing,
    )


def test_stories_are_listed_newest_first_and_say_so() -> None:
    text = render_markdown(_report())
    new_title, old_title = sample_story(40).story_slice.story.title, sample_story(0).story_slice.story.title
    assert text.index(new_title) < text.index(old_title)
    assert "newest first" in text


def test_only_stories_are_third_level_headings_under_stories() -> None:
    lines = render_markdown(_report()).splitlines()
    second = [line for line in lines if line.startswith("## ")]
    assert second[0].startswith("## Stories")
    assert all("all stories" in line or "Rejected" in line for line in second[1:])
    stories = [line for line in lines if line.startswith("### ")]
    assert len(stories) == 2


def test_conflicts_quotes_and_reuse_name_outlets_not_ids() -> None:
    text = render_markdown(_report())
    conflicts = text.split("#### Conflicts")[1].split("####")[0]
    assert "Coastal Wire" in conflicts and "`n00000-1`" not in conflicts
    reuse = text.split("#### Reuse")[1].split("###")[0]
    assert "Bayside Courier ↔" in reuse
    quotes = text.split("## Quotes, all stories")[1]
    assert "Bayside Courier (n00000-0) — Ines Corradi" in quotes.split("\n## ")[0]


def test_an_unnamed_outlet_falls_back_to_the_article_id() -> None:
    report = _report()
    anonymous = tuple(dataclasses.replace(a, source=None) for a in report.articles)
    text = render_markdown(dataclasses.replace(report, articles=anonymous))
    assert "n00000-0" in text.split("## Quotes, all stories")[1]


def test_the_html_report_lists_stories_in_the_same_order_and_says_so() -> None:
    from storylens.report import render_html

    html = render_html(_report())
    new_title, old_title = sample_story(40).story_slice.story.title, sample_story(0).story_slice.story.title
    assert html.index(new_title) < html.index(old_title)
    assert "stories newest first" in html


def test_framing_lines_give_loaded_sentences_per_100_as_the_web_does() -> None:
    from sample_story import sample_story
    from storylens.model import Report
    from storylens.report.markdown import render_markdown

    sample = sample_story()
    story_slice = sample.story_slice
    text = render_markdown(Report(articles=sample.articles, stories=(story_slice.story,), framing=story_slice.framing))
    section = text.split("## Framing, all stories")[1]
    assert "Loaded sentences per 100: of every 100 sentences the outlet wrote in its own words" in section
    assert "- Marlow Daily: 33 per 100 (1 of 3); loaded terms:" in section
    assert section.index("Marlow Daily") < section.index("Bayside Courier: 0 per 100 (0 of 3)")
