"""Claims and conflicts over invented stories (fiction, written for these tests).

Each story is told by a few invented outlets in differently built sentences; the conflict stage must align the
sentences by meaning and let the values engine decide.
"""

from __future__ import annotations

from typing import Any

import pytest

from storylens.model import Article, Story, StoryContext
from storylens.stages.claims import ClaimOptions, analyze_claims
from storylens.stages.claims.conflicts import ClaimResult


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storylens.nlp import load_spacy

    return load_spacy()


def run(nlp: Any, texts: dict[str, tuple[str, str]]) -> tuple[ClaimResult, dict[str, str]]:
    articles = tuple(Article(id=key, text=text, published=day) for key, (day, text) in sorted(texts.items()))
    docs = {article.id: nlp(article.text) for article in articles}
    story = Story("s1", "fiction", tuple(article.id for article in articles))
    result = analyze_claims(StoryContext(story=story, articles=articles), docs, ClaimOptions())
    return result, {article.id: article.text for article in articles}


def test_the_same_event_on_different_days_is_a_date_conflict(nlp: Any) -> None:
    result, texts = run(
        nlp,
        {
            "a": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef on Saturday evening."),
            "b": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef on Sunday evening."),
        },
    )
    (conflict,) = result.conflicts
    assert conflict.kind == "date" and conflict.id == "c1"
    values = {s.article_id: s.value for s in conflict.statements}
    assert values == {"a": "Saturday evening (2026-03-07)", "b": "Sunday evening (2026-03-08)"}
    for statement in conflict.statements:
        assert statement.start is not None and statement.end is not None
        assert texts[statement.article_id][statement.start : statement.end] == statement.text
        assert statement.value_start is not None and statement.value_end is not None
        assert texts[statement.article_id][statement.value_start : statement.value_end] in statement.value
    assert "ferry" in conflict.topic and "(" not in conflict.topic  # names the thing, not a list of names


def test_relative_days_are_read_against_each_publication_date(nlp: Any) -> None:
    same_day = {
        "a": ("2026-03-10", "The Tarrow ferry ran aground on the northern reef yesterday evening."),
        "b": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef on Monday evening."),
    }
    result, _ = run(nlp, same_day)
    assert result.conflicts == ()  # both the Monday of 9 March
    moved = {**same_day, "b": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef last night.")}
    (conflict,) = run(nlp, moved)[0].conflicts
    assert conflict.kind == "date"


def test_counts_conflict_unless_hedged_or_bounded(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-04-02", "Rescuers brought nine trapped miners to the surface at the Keldon pit."),
            "b": ("2026-04-02", "Rescuers brought eleven trapped miners to the surface at the Keldon pit."),
        },
    )
    (conflict,) = result.conflicts
    assert conflict.kind == "number" and "miners" in conflict.topic
    hedged, _ = run(
        nlp,
        {
            "a": ("2026-04-02", "The storm cancelled more than 200 flights at Kestrow airport on Monday."),
            "b": ("2026-04-02", "The storm cancelled 212 flights at Kestrow airport on Monday."),
        },
    )
    assert hedged.conflicts == ()


def test_opposite_outcomes_of_the_same_vote_conflict(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-05-06", "Councillors approved the amendment to restore library opening hours in Brenmouth."),
            "b": ("2026-05-06", "Councillors rejected the amendment to restore library opening hours in Brenmouth."),
        },
    )
    (conflict,) = result.conflicts
    assert conflict.kind == "outcome"
    assert "amendment" in conflict.topic


def test_what_was_compared_is_reported_even_without_conflicts(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-05-06", "The Orvale bridge reopened on Tuesday after repairs costing 4 million crowns."),
            "b": ("2026-05-06", "After repairs of about 4 million crowns, the Orvale bridge reopened on Tuesday."),
        },
    )
    assert result.conflicts == ()
    comparison = result.comparison
    assert comparison is not None and comparison.story_id == "s1"
    assert comparison.articles == 2 and comparison.aligned_pairs >= 1 and comparison.compared_values >= 2


def test_dated_sentences_become_claims_supported_by_agreeing_articles(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-03-13", "Astronomer Mira Tenn announced the discovery of a comet on Thursday in Hallow."),
            "b": ("2026-03-13", "On Thursday, Mira Tenn announced the discovery of a new comet in Hallow."),
        },
    )
    dated = [claim for claim in result.claims if claim.article_id == "a"]
    assert dated and dated[0].when == "2026-03-12"
    assert dated[0].support == ("a", "b")


def test_undated_articles_still_disagree_on_the_weekday(nlp: Any) -> None:
    articles = (
        Article(id="a", text="Foreign Minister Alda Renvik held a phone call with Piet Marlow on Monday."),
        Article(id="b", text="Foreign Minister Alda Renvik held a phone call with Piet Marlow on Thursday."),
    )
    docs = {article.id: nlp(article.text) for article in articles}
    story = Story("s1", "fiction", ("a", "b"))
    result = analyze_claims(StoryContext(story=story, articles=articles), docs, ClaimOptions())
    (conflict,) = result.conflicts
    assert conflict.kind == "date"
    assert {s.value for s in conflict.statements} == {"Monday", "Thursday"}
    assert not any(claim.when for claim in result.claims)  # a weekday without a date places nothing on a timeline


def test_an_article_that_gives_another_day_does_not_corroborate(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef on Saturday evening."),
            "b": ("2026-03-09", "The Tarrow ferry ran aground on the northern reef on Sunday evening."),
            "c": ("2026-03-09", "On Saturday evening the Tarrow ferry ran aground on the northern reef."),
        },
    )
    assert [c.kind for c in result.conflicts] == ["date"]
    by_article = {claim.article_id: claim for claim in result.claims}
    assert "b" not in by_article["a"].support and "a" not in by_article["b"].support
    assert "c" in by_article["a"].support


def test_charges_are_read_with_their_object_and_compared_by_their_words(nlp: Any) -> None:
    from storylens.stages.claims.align import verdict
    from storylens.stages.claims.slots import sentence_slots

    def charge(text: str) -> Any:
        (slot,) = [s for s in sentence_slots(nlp(text)[:], 0, [], [], None) if s.kind == "fact"]
        return slot

    arson = charge("Police charged a Tamsel man with arson over the Kestle blaze.")
    burning = charge("The man was charged on Tuesday with reckless burning in Kestle County.")
    alleged = charge("A court issued a warrant for Oskar Lind for alleged arson in Tamsel.")
    assert (arson.text, burning.text, alleged.text) == ("arson", "reckless burning", "alleged arson")
    assert verdict(arson, burning) == "conflicting"
    assert verdict(arson, alleged) == "same"  # "alleged" hedges the charge, it does not change it


def test_topics_never_take_a_dateline_as_the_subject(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": (
                "2026-06-12",
                "DUNMERE, Lowmark (Metro Wire) — Crews arrived at the flooded Dunmere mill on Thursday.",
            ),
            "b": ("2026-06-12", "Crews arrived at the flooded Dunmere mill on Wednesday, the county said."),
        },
    )
    (conflict,) = result.conflicts
    assert conflict.kind == "date"
    assert "crews arrived" in conflict.topic.lower()
    assert "DUNMERE" not in conflict.topic and "Metro" not in conflict.topic and "Lowmark" not in conflict.topic


def test_a_dateline_place_is_where_the_wire_filed_not_a_place_slot(nlp: Any) -> None:
    from storylens.stages.claims.slots import sentence_slots

    doc = nlp("BRANNOCK, Aug 4 (Meridian Wire) — Firefighters contained a blaze at a warehouse in Kestrow.")
    places = [s.text for s in sentence_slots(doc[:], 0, [], [], None) if s.kind == "place"]
    assert places == ["Kestrow"]


def test_would_in_reported_speech_looks_forward(nlp: Any) -> None:
    from storylens.stages.claims.slots import sentence_slots
    from storylens.stages.temporal.tagger import parse_reference, tag_text

    def day(text: str) -> str:
        reference = parse_reference("2026-03-11")  # a Wednesday
        slots = sentence_slots(nlp(text)[:], 0, tag_text(text, reference), [], reference)
        (slot,) = [s for s in slots if s.kind == "date"]
        assert slot.value is not None
        return str(slot.value.low)

    reported = day("The ministry said the two envoys would meet in Tamsel on Monday.")
    assert reported == day("The two envoys will meet in Tamsel on Monday, the ministry said.")
    assert reported != day("The two envoys met in Tamsel on Monday, the ministry said.")
    # a past that did not happen stays in the past
    assert day("Engineers said the old span would have collapsed on Monday.") == day(
        "The two envoys met in Tamsel on Monday, the ministry said."
    )


def test_a_story_of_long_articles_compares_a_bounded_number_of_sentences(nlp: Any) -> None:
    from storylens.stages.claims.conflicts import compare_story

    def article(shift: int) -> str:
        return " ".join(f"Crews removed {n + shift} tonnes of rubble from the Marl Street depot." for n in range(2, 62))

    articles = (Article(id="a", text=article(0)), Article(id="b", text=article(1)))
    docs = {item.id: nlp(item.text) for item in articles}
    context = StoryContext(story=Story("s1", "fiction", ("a", "b")), articles=articles)
    compared = compare_story(context, docs, ClaimOptions(max_sentences=20), None)
    assert compared.read == 120
    assert [s.article_id for s in compared.sentences].count("a") == 10
    assert len(compared.sentences) == 20 and compared.similarity.shape == (20, 20)


def test_an_amount_of_change_is_not_a_level(nlp: Any) -> None:
    result, _ = run(
        nlp,
        {
            "a": ("2026-04-14", "The new Orrin line timetable cut the journey to Belling by 25 minutes on Monday."),
            "b": (
                "2026-04-14",
                "Since Monday the journey to Belling on the new Orrin line timetable takes 33 minutes.",
            ),
        },
    )
    assert [c.kind for c in result.conflicts if c.kind == "number"] == []
    moved, _ = run(
        nlp,
        {
            "a": (
                "2026-04-14",
                "Since Monday the journey to Belling on the new Orrin line timetable takes 25 minutes.",
            ),
            "b": (
                "2026-04-14",
                "Since Monday the journey to Belling on the new Orrin line timetable takes 33 minutes.",
            ),
        },
    )
    assert [c.kind for c in moved.conflicts] == ["number"]


def test_places_of_any_grain_are_compared_and_left_to_the_judge(nlp: Any) -> None:
    # A town against a building is no longer refused by the tagger's labels (they are unreliable: the same town is
    # GPE in one article and ORG in another); the judge weighs it, and a shared name word still makes it compatible.
    from storylens.stages.claims.align import verdict
    from storylens.stages.claims.slots import sentence_slots

    def place(text: str) -> Any:
        (slot,) = [s for s in sentence_slots(nlp(text)[:], 0, [], [], None) if s.kind == "place"]
        return slot

    town = place("The appeal will be heard in Tarrowby next month.")
    other_town = place("The appeal will be heard in Kelmscot next month.")
    assert verdict(town, other_town) == "conflicting"
    court = place("The appeal will be heard at the Tarrowby Crown Court next month.")
    assert verdict(town, court) == "compatible"


def test_places_the_tagger_missed_and_names_that_modify_a_place(nlp: Any) -> None:
    from storylens.stages.claims.slots import name_tokens, sentence_slots

    def places(text: str) -> list[str]:
        return [s.text for s in sentence_slots(nlp(text)[:], 0, [], [], None) if s.kind == "place"]

    assert "Skellan Point" in " ".join(places("The rocket lifted off from the Skellan Point spaceport on Thursday."))
    assert places("The two men were arrested in Holtby on Tuesday.") == ["Holtby"]
    assert name_tokens(frozenset({"Stenbury's"})) == {"stenbury"}  # a leading s is part of the name


def test_a_place_is_where_something_happened_not_a_country_that_acts(nlp: Any) -> None:
    from storylens.stages.claims.slots import sentence_slots

    def places(text: str) -> list[str]:
        return [s.text for s in sentence_slots(nlp(text)[:], 0, [], [], None) if s.kind == "place"]

    assert places("Talks between the two envoys took place in Varnholm on Tuesday.") == ["Varnholm"]
    assert places("Estovia is not isolated, the envoy told reporters in Varnholm.") == ["Varnholm"]


def test_an_article_that_names_the_other_place_does_not_dispute_it(nlp: Any) -> None:
    from storylens.stages.claims.conflicts import compare_story

    def place_candidates(second: str) -> list[str]:
        articles = (
            Article(id="a", text="The two envoys held their first talks in Tallis on Monday, officials said."),
            Article(id="b", text=second),
        )
        docs = {item.id: nlp(item.text) for item in articles}
        context = StoryContext(story=Story("s1", "fiction", ("a", "b")), articles=articles)
        compared = compare_story(context, docs, ClaimOptions(), None)
        return [c.b.text for c in compared.candidates if c.a.kind == "place"]

    assert place_candidates("The two envoys held their first talks in Varnholm on Monday, officials said.") == [
        "Varnholm"
    ]
    wider = "The two envoys held their first talks in Varnholm on Monday, officials said. Varnholm lies in Tallis."
    assert place_candidates(wider) == []
