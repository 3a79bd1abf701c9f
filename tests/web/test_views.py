"""The pure view helpers: segments, diffs, matrices, citations, charts."""

from __future__ import annotations

from sample_story import sample_story
from storylens.model import Article, Conflict, Entity, Mention, Statement, Story, StorySlice
from storylens.present import render, svg, views


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


def _matrix_odd(*given: tuple[str, str]) -> tuple[bool, ...]:
    """Lay out one conflict whose statements (value, sentence) come from outlets o0, o1, ... (fiction)."""
    articles = tuple(Article(f"o{i}", sentence, source=f"Outlet {i}") for i, (_, sentence) in enumerate(given))
    statements = tuple(Statement(f"o{i}", sentence, value) for i, (value, sentence) in enumerate(given))
    story_slice = StorySlice(
        Story("s", "t", tuple(a.id for a in articles)), articles, conflicts=(Conflict("c1", "t", "number", statements),)
    )
    return views.conflict_matrix(story_slice).rows[0].odd


def test_conflict_matrix_compares_values_not_their_wording() -> None:
    odd = _matrix_odd(
        ("About 300 people", "About 300 people were told to leave the valley."),
        ("300 residents", "The mayor ordered 300 residents out on Sunday."),
        ("300 people", "Some 300 people left, the council said."),
        ("About 120", "About 120 residents were ordered out, officials said."),
    )
    assert odd == (False, False, False, True)


def test_conflict_matrix_marks_the_other_day_and_the_other_words() -> None:
    friday, saturday = "Friday (2031-03-14)", "Saturday morning (2031-03-15)"
    days = _matrix_odd(
        (friday, "Cracks were found on Friday."),
        (saturday, "Cracks were found on Saturday morning."),
        (friday, "Inspectors found cracks on Friday."),
    )
    assert days == (False, True, False)
    words = _matrix_odd(
        ("fraud", "He was charged with fraud."),
        ("Fraud", "Fraud, the charge sheet says."),
        ("bribery", "He was charged with bribery."),
    )
    assert words == (False, False, True)


def test_conflict_matrix_marks_no_one_when_the_outlets_are_split() -> None:
    even = _matrix_odd(("4,200 residents", "Some 4,200 residents left."), ("2,400 residents", "2,400 residents left."))
    assert even == (False, False)


def test_article_page_lists_only_the_entities_it_mentions_with_its_own_counts() -> None:
    first = Article("a", "Mayor Ines Corradi spoke. Corradi left.", source="Bayside Courier")
    second = Article("b", "The Harbour Authority and Ines Corradi agreed.", source="Coastal Wire")
    mayor = Entity("e1", "Ines Corradi", "PERSON", ("Ines Corradi", "Corradi"), ("a", "b"), mentions=3)
    harbour = Entity("e2", "Harbour Authority", "ORG", ("Harbour Authority",), ("b",), mentions=7)
    mentions = (
        Mention("a", 6, 18, "Ines Corradi", "e1"),
        Mention("a", 26, 33, "Corradi", "e1"),
        Mention("b", 4, 21, "Harbour Authority", "e2"),
        Mention("b", 26, 38, "Ines Corradi", "e1"),
    )
    story_slice = StorySlice(Story("s", "t", ("a", "b")), (first, second), entities=(mayor, harbour), mentions=mentions)
    rows = render.article_view(first, story_slice).entities
    assert [(row.name, row.mentions) for row in rows] == [("Ines Corradi", 2)]


def test_the_framing_chart_draws_loaded_sentences_per_100_on_one_axis() -> None:
    import dataclasses

    sample = sample_story().story_slice
    dense, plain, none, silent = sample.framing  # fiction: values chosen so the density ranks them otherwise
    rows = (
        dataclasses.replace(dense, score=0.9, loaded_per_100=4.0, sentences=25),
        dataclasses.replace(plain, score=0.1, loaded_per_100=12.5, sentences=8),
        dataclasses.replace(none, score=0.0, loaded_per_100=0.0, sentences=10),
        dataclasses.replace(silent, score=0.0, loaded_per_100=0.0, sentences=0),
    )
    chart = svg.framing_chart(dataclasses.replace(sample, framing=rows))
    assert [b.article_id for b in chart.bars][:2] == [plain.article_id, dense.article_id]
    assert chart.scale_end == 20 and [value for _, value in chart.ticks] == [0, 10, 20]
    assert [b.width for b in chart.bars][:3] == [round(svg.BAR_LENGTH * 12.5 / 20, 1), svg.BAR_LENGTH * 4 / 20, 0.0]
    assert chart.axis_y > max(b.y for b in chart.bars) + 18


def test_an_article_without_an_outlet_is_labelled_by_its_headline_not_its_id() -> None:
    articles = (
        Article("3f9a1c", "Fiction.", title="Harbour board approves the western pier repairs after a long night"),
        Article("7b2e44", "Fiction.", title="Pier repairs", source="Invented Post"),
        Article("9c0d12", "Fiction."),
        Article("a1", "Fiction.", title="Pier repairs"),
        Article("a2", "Fiction.", title="Pier repairs"),
    )
    labels = views.outlet_labels(articles)
    assert labels["3f9a1c"] == "Harbour board approves the western…"
    assert labels["7b2e44"] == "Invented Post" and labels["9c0d12"] == "9c0d12"
    assert (labels["a1"], labels["a2"]) == ("Pier repairs (a1)", "Pier repairs (a2)")
