"""Claims, conflicts and corroboration over invented stories (fiction, written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from storylens.model import Article, Reuse, Story, StoryContext
from storylens.stages.claims.conflicts import ClaimOptions, analyze_claims
from storylens.stages.temporal.times import TimeOptions, find_times


@pytest.fixture(scope="module")
def nlp() -> Any:
    from storylens.nlp import load_spacy

    return load_spacy()


def context_for(nlp: Any, texts: dict[str, tuple[str, str]], reuse: tuple[Reuse, ...] = ()) -> tuple[Any, Any]:
    articles = tuple(Article(id=key, text=text, published=day) for key, (day, text) in sorted(texts.items()))
    docs = {article.id: nlp(article.text) for article in articles}
    times = tuple(time for article in articles for time in find_times(article, TimeOptions()))
    story = Story("s1", "fiction", tuple(article.id for article in articles))
    return StoryContext(story=story, articles=articles, reuse=reuse, times=times), docs


def test_different_days_for_the_same_call_are_a_date_conflict(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-09", "Foreign Minister Alda Renvik held a phone call with Piet Marlow on Friday."),
            "b": ("2026-03-09", "Alda Renvik spoke by phone with Piet Marlow on Wednesday, officials said."),
            "c": ("2026-03-09", "Last week, Alda Renvik held a phone call with Piet Marlow."),
        },
    )
    result = analyze_claims(context, docs, ClaimOptions())
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict.id == "c1" and conflict.kind == "date"
    values = {s.article_id: s.value for s in conflict.statements}
    assert values == {"a": "Friday (2026-03-06)", "b": "Wednesday (2026-03-04)"}  # "last week" fits both
    statement = conflict.statements[0]
    assert statement.start is not None and statement.end is not None
    assert context.articles[0].text[statement.start : statement.end] == statement.text


def test_compatible_wordings_are_not_conflicts(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-23", "Minister Ivo Sarr signed the hospital agreement with Lena Holt last week."),
            "b": ("2026-03-23", "On Friday, Ivo Sarr signed an agreement with Lena Holt."),
            "c": ("2026-03-20", "Ivo Sarr signed the agreement with Lena Holt on Friday, the ministry said."),
        },
    )
    assert analyze_claims(context, docs, ClaimOptions()).conflicts == ()


def test_a_dinner_and_talks_on_different_days_are_different_events(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-16", "Helga Strand and Tomas Adeyemi met for dinner on Monday in Brenmouth."),
            "b": ("2026-03-18", "Helga Strand and Tomas Adeyemi held talks on Tuesday after a dinner."),
        },
    )
    assert analyze_claims(context, docs, ClaimOptions()).conflicts == ()


def test_different_charges_are_a_fact_conflict(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-11", "Prosecutors charged former mayor Orrin Vale with fraud in Castlemere."),
            "b": ("2026-03-11", "Orrin Vale was charged with bribery, the prosecutor's office said."),
        },
    )
    (conflict,) = analyze_claims(context, docs, ClaimOptions()).conflicts
    assert conflict.kind == "fact"
    assert sorted(s.value for s in conflict.statements) == ["bribery", "fraud"]


def test_counts_disagree_unless_hedged_or_bounded(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-05", "The earthquake in Sorrel Valley killed seven people, rescuers said."),
            "b": ("2026-03-05", "The Sorrel Valley earthquake killed nine people, the regional office said."),
            "c": ("2026-03-05", "The earthquake in Sorrel Valley killed at least seven people."),
        },
    )
    (conflict,) = analyze_claims(context, docs, ClaimOptions()).conflicts
    assert conflict.kind == "number"
    assert {s.article_id for s in conflict.statements} == {"a", "b"}  # "at least seven" fits nine


def test_support_counts_a_rewrite_once(nlp: Any) -> None:
    text = "Astronomer Mira Tenn announced the discovery of a comet on Thursday at the Hallow Observatory."
    context, docs = context_for(
        nlp,
        {
            "a": ("2026-03-13", text),
            "b": ("2026-03-13", text.replace("Astronomer", "The astronomer")),
            "c": ("2026-03-16", "Mira Tenn announced the discovery of a comet last week at the Hallow Observatory."),
        },
        reuse=(Reuse("a", "b", "rewrite", 0.95, origin="a"),),
    )
    claims = analyze_claims(context, docs, ClaimOptions()).claims
    announced = [claim for claim in claims if claim.predicate == "announcement"]
    assert announced and all(claim.support == ("a", "c") for claim in announced)
    first = next(claim for claim in announced if claim.article_id == "a")
    assert first.when == "2026-03-12" and any("Mira Tenn" in actor for actor in first.actors)


def test_different_days_for_the_same_find_are_a_date_conflict(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2027-05-10", "Surveyors from the Harth Roads Board discovered the cracks on Thursday near Orvale."),
            "b": ("2027-05-10", "Surveyors found cracks in the Orvale bridge on Sunday morning, officials said."),
            "c": ("2027-05-10", "The board closed the road, citing cracks that surveyors spotted last week."),
        },
    )
    conflicts = analyze_claims(context, docs, ClaimOptions()).conflicts
    assert [conflict.kind for conflict in conflicts] == ["date"]
    values = {s.article_id: s.value for s in conflicts[0].statements}
    assert values == {"a": "Thursday (2027-05-06)", "b": "Sunday morning (2027-05-09)"}  # "last week" fits both


def test_finds_of_different_things_are_different_events(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2027-05-10", "Divers from the Lenmark Police found a rifle in the canal on Thursday."),
            "b": ("2027-05-10", "Divers from the Lenmark Police found a van near the canal on Saturday."),
        },
    )
    assert analyze_claims(context, docs, ClaimOptions()).conflicts == ()


def test_ordered_to_leave_counts_the_evacuees_whatever_they_are_called(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2027-05-10", "On Sunday, Mayor Ruth Castellan ordered 1,300 residents of Orvale to leave."),
            "b": ("2027-05-10", "About 1,300 people were told to leave Orvale, Ruth Castellan said."),
            "c": ("2027-05-10", "Ruth Castellan ordered some 3,100 residents of Orvale to leave on Sunday."),
        },
    )
    conflicts = analyze_claims(context, docs, ClaimOptions()).conflicts
    assert [conflict.kind for conflict in conflicts] == ["number"]
    values = {s.article_id: s.value for s in conflicts[0].statements}
    assert values == {"a": "1,300 residents", "b": "About 1,300 people", "c": "some 3,100 residents"}


def test_a_hearing_and_a_report_due_later_in_the_week_are_not_a_conflict(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2027-05-10", "The council will hold a public hearing on the Orvale bridge on Wednesday."),
            "b": (
                "2027-05-10",
                "A public hearing on the bridge is scheduled for Wednesday, and the Harth Roads Board "
                "will publish its report by the end of the week.",
            ),
            "c": ("2027-05-10", "About 1,300 residents were ordered to leave. The board expects findings this week."),
            "d": ("2027-05-10", "Officials ordered 1,300 residents to leave their homes near the bridge."),
        },
    )
    assert analyze_claims(context, docs, ClaimOptions()).conflicts == ()


def test_ordered_out_is_an_evacuation_count(nlp: Any) -> None:
    context, docs = context_for(
        nlp,
        {
            "a": ("2027-05-10", "About 1,100 residents were ordered out, Mayor Ruth Castellan's office said."),
            "b": ("2027-05-10", "Ruth Castellan ordered 2,700 residents of Orvale to leave."),
        },
    )
    conflicts = analyze_claims(context, docs, ClaimOptions()).conflicts
    assert [conflict.kind for conflict in conflicts] == ["number"]


def test_topic_names_fold_titled_forms_but_not_bare_surnames() -> None:
    from storylens.stages.claims.conflicts import _fold_forms

    folded = _fold_forms({"Governor Ada Lind": 1, "Ada Lind": 2, "Lind": 1, "Oskar Lind": 1})
    assert folded == {"Lind": 1, "Ada Lind": 3, "Oskar Lind": 1}
