"""One rule for what belongs to a story, shared by the pipeline, the store, the reports and the web (fiction)."""

from __future__ import annotations

from sample_story import sample_story
from storylens.model import (
    Article,
    Conflict,
    Entity,
    Mention,
    Quote,
    Report,
    Reuse,
    Statement,
    Story,
    StorySlice,
)
from storylens.present.slices import CorpusIndex, report_slices
from storylens.report import render_html, render_markdown

# Two invented stories: a ferry strike (a, b) and a library fire (c).
ARTICLES = (
    Article("a", "Ferry crews walked out on Monday.", source="Gull Post"),
    Article("b", "Ferry crews struck on Tuesday.", source="Tern Times"),
    Article("c", "The old library burned on Monday.", source="Gull Post"),
)
STRIKE = Story("s1", "Ferry strike", ("a", "b"))
FIRE = Story("s2", "Library fire", ("c",))
MONDAY_A, TUESDAY_B = Statement("a", "On Monday.", "Monday"), Statement("b", "On Tuesday.", "Tuesday")
INSIDE = Conflict("c1", "day of the walkout", "date", (MONDAY_A, TUESDAY_B))
ACROSS = Conflict("c2", "day of the event", "date", (TUESDAY_B, Statement("c", "On Monday.", "Monday")))


def _report() -> Report:
    return Report(
        articles=ARTICLES,
        stories=(STRIKE, FIRE),
        reuse=(Reuse("a", "b", "rewrite", 0.8, "a"), Reuse("b", "c", "shared_passages", 0.3)),
        entities=(Entity("e1", "Gull Harbour", "GPE", ("Gull Harbour",), ("a", "c")),),
        mentions=(Mention("c", 0, 3, "The", "e9"),),
        quotes=(Quote("q1", "b", "We stay out", 0, 11),),
        conflicts=(INSIDE, ACROSS),
    )


def test_a_conflict_belongs_to_the_story_holding_every_statement() -> None:
    strike, fire = report_slices(_report())
    assert strike.conflicts == (INSIDE,)
    assert fire.conflicts == ()


def test_records_follow_their_articles() -> None:
    strike, fire = report_slices(_report())
    assert [a.id for a in strike.articles] == ["a", "b"] and [a.id for a in fire.articles] == ["c"]
    assert [(r.a, r.b) for r in strike.reuse] == [("a", "b")] and fire.reuse == ()
    assert [q.id for q in strike.quotes] == ["q1"] and fire.quotes == ()
    # Listed under one article of each story: the entity belongs to both; a mention of an unknown entity to none.
    assert [e.id for e in strike.entities] == ["e1"] and [e.id for e in fire.entities] == ["e1"]


def test_reports_show_the_conflicts_of_the_slice() -> None:
    report = _report()
    markdown = render_markdown(report)
    html = render_html(report)
    assert "day of the walkout" in markdown and "day of the walkout" in html
    assert "day of the event" not in markdown and "day of the event" not in html


def test_an_index_slices_a_story_as_the_report_does() -> None:
    report = _report()
    index = CorpusIndex(ARTICLES, report.reuse, report.entities, report.mentions, report.quotes, (), (), ())
    assert index.slice(STRIKE) == StorySlice(STRIKE, ARTICLES[:2], report.reuse[:1], report.entities, (), report.quotes)


def test_the_stored_shape_reads_back_as_the_same_slice() -> None:
    story_slice = sample_story().story_slice
    assert StorySlice.from_dict(story_slice.to_dict()) == story_slice
    bare = StorySlice.from_dict({"story": {"id": "s9", "title": "Bare"}})
    assert bare.story.article_ids == () and bare.articles == ()
