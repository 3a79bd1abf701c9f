"""The pure view helpers: segments, diffs, matrices, citations, charts."""

from __future__ import annotations

from sample_story import sample_story
from storylens.model import Story, StorySlice
from storylens.present import svg, views


def test_segments_cover_the_text_exactly_and_carry_overlapping_classes() -> None:
    text = "Alpha beta gamma delta"
    spans = [views.Span(0, 10, "quote"), views.Span(6, 16, "ent"), views.Span(30, 40, "bad")]
    segments = views.segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.css) for s in segments] == [
        ("Alpha ", ("quote",)),
        ("beta", ("ent", "quote")),
        (" gamma", ("ent",)),
        (" delta", ()),
    ]


def test_word_diff_shows_dropped_and_added_words() -> None:
    ops = views.word_diff("we will check every bolt", "we will check the bolts")
    assert ("=", "we will check") in ops
    assert ("-", "every bolt") in ops
    assert ("+", "the bolts") in ops


def test_quote_groups_diff_only_altered_versions() -> None:
    groups = views.quote_groups(sample_story().story_slice)
    assert len(groups) == 1
    group = groups[0]
    assert group.speaker == "Ines Corradi"
    assert len(group.versions) == 4
    altered = [v for v in group.versions if v.quote.fidelity == "altered"]
    assert len(altered) == 1 and altered[0].diff
    assert all(not v.diff for v in group.versions if v.quote.fidelity == "verbatim")


def test_conflict_matrix_marks_the_odd_value_out() -> None:
    matrix = views.conflict_matrix(sample_story().story_slice)
    assert [label for _, label in matrix.columns] == ["Bayside Courier", "Coastal Wire", "Marlow Daily"]
    row = matrix.rows[0]
    assert row.cells[1] == ("3 million crowns",)
    assert row.odd == (False, True, False)


def test_cited_passage_finds_the_supporting_sentence() -> None:
    text = "The weather was mild. Engineers closed the bridge on Monday. Ferries ran."
    start, end = views.cited_passage(text, "The bridge was closed by engineers.") or (0, 0)
    assert text[start:end].strip() == "Engineers closed the bridge on Monday."
    assert views.cited_passage(text, "zzz") is None


def test_card_and_filters() -> None:
    card = views.story_card(sample_story().story_slice)
    assert card.article_count == 4 and card.first == "2031-01-06" and card.last == "2031-01-07"
    assert set(card.sections) == {"summary", "reuse", "quotes", "conflicts", "timeline", "entities", "framing"}
    assert views.card_matches(card, "Coastal Wire", "corradi", "2031-01-07", "")
    assert not views.card_matches(card, "Nowhere Post", "", "", "")
    assert not views.card_matches(card, "", "", "2031-02-01", "")
    assert not views.card_matches(card, "", "", "", "2031-01-01")


def test_empty_bundle_gives_empty_sections() -> None:
    empty = StorySlice(Story("s9", "t", ()), ())
    assert views.quote_groups(empty) == [] and views.conflict_matrix(empty).rows == ()
    assert svg.timeline_chart(empty).height == 0 and svg.framing_chart(empty).bars == ()
    assert svg.reuse_graph(empty).edges == ()


def test_reuse_graph_points_from_original_to_copy() -> None:
    graph = svg.reuse_graph(sample_story().story_slice)
    assert {(e.a, e.b) for e in graph.edges} == {("n00000-0", "n00000-1"), ("n00000-0", "n00000-3")}
    assert all(e.directed for e in graph.edges)
    assert [n.original for n in graph.nodes] == [True, False, False, False]


def test_parse_day_reads_partial_dates() -> None:
    assert str(svg.parse_day("2023-03")) == "2023-03-01"
    assert str(svg.parse_day("2023-W12")) == "2023-03-20"
    assert str(svg.parse_day("2023-03-20T10:00:00")) == "2023-03-20"
    assert svg.parse_day("soon") is None and svg.parse_day("2023-13-40") is None
