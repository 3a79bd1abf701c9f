"""Figures and dates other outlets give the same lift a sentence (invented stories, labelled fiction)."""

from __future__ import annotations

from storylens.model import Article, Story, StoryContext
from storylens.stages.summary.selection import corroborated_values
from storylens.stages.summary.summarize import (
    SummaryOptions,
    addresses_reader,
    score_story,
    summarize_story,
    usable,
)
from storylens.text.support import Unit, article_units, lexical_matrix

# Fiction: the invented port of Dunmere votes on a ferry treaty.
SCHEDULE = "The Dunmere harbour council will hear the ferry treaty on Monday and vote on the treaty on Thursday."
VOTE = "The Dunmere harbour council is set to vote on the ferry treaty on Thursday after a long hearing."
HERRING = "Trawlers landed 300 tonnes of herring in a single night, a record catch for the northern fleet."


def _units(*texts: str) -> list[Unit]:
    return [unit for n, text in enumerate(texts) for unit in article_units(Article(f"a{n}", text))]


def test_a_date_another_outlet_gives_the_same_counts_and_an_unrelated_one_does_not() -> None:
    units = _units(SCHEDULE, VOTE, HERRING + " The catch was weighed on Thursday at the market.")
    agreed = corroborated_values(units, lexical_matrix(units), {})
    assert agreed[0] == 1  # Thursday, given by the other outlet's vote sentence; Monday by nobody else
    assert agreed[1] == 1
    assert agreed[2] == agreed[3] == 0  # the herring's Thursday is in a sentence about something else


def test_a_copy_is_not_another_source_agreeing() -> None:
    units = _units(SCHEDULE, VOTE)
    assert corroborated_values(units, lexical_matrix(units), {"a0": "a0", "a1": "a0"}) == (0, 0)


def test_the_phrasing_stating_what_outlets_agree_on_leads() -> None:
    # Two sentences of one outlet restate each other; only one carries the day the other outlet gives too.
    first = Article(
        "a",
        "The Dunmere harbour council will debate the ferry treaty with the fishing unions in the town hall. "
        "The Dunmere harbour council will debate the ferry treaty with the fishing unions on Thursday.",
        source="strait.example",
    )
    other = Article("b", "The fishing unions expect the ferry treaty debate in Dunmere on Thursday evening.")
    context = StoryContext(Story("s", "Treaty", ("a", "b")), (first, other))
    options = SummaryOptions(value_bonus=0.5)
    scored = score_story(context, options)
    dated = next(i for i, unit in enumerate(scored.units) if unit.text.endswith("on Thursday."))
    undated = next(i for i, unit in enumerate(scored.units) if unit.text.endswith("town hall."))
    lifted = scored.salience[dated] - scored.salience[undated]
    plain = score_story(context, SummaryOptions(value_bonus=0.0))
    assert lifted > plain.salience[dated] - plain.salience[undated]
    assert any("Thursday" in s.text for s in summarize_story(context, options))


def test_a_sentence_addressing_the_reader_is_never_summarised() -> None:
    # Fiction: a page's sharing notice beside the news, and a quoted "you" that is someone's words.
    notice = "You can add your town to your posts about the Dunmere ferry treaty from the harbour forum page."
    quoted = 'The harbour master told the council: "You will have the ferry treaty signed by Thursday."'
    assert addresses_reader(notice)
    assert not addresses_reader(quoted)
    assert not addresses_reader(VOTE)
    notice_unit, vote_unit = article_units(Article("a", f"{notice} {VOTE}"))
    assert notice_unit.candidate and not usable(notice_unit)  # a full sentence, yet the page speaking
    assert usable(vote_unit)
