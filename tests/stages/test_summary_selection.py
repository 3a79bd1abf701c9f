"""Summary selection: concepts shared across independent sources, and coverage in the greedy pick (fiction)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from storylens.model import Article, Claim, Story, StoryContext
from storylens.stages.summary.selection import (
    Budget,
    Candidates,
    SelectionModel,
    reporting_sources,
    select_mmr,
    story_concepts,
    word_pairs,
)
from storylens.stages.summary.summarize import SummaryOptions, score_story, summarize_story
from storylens.text.support import Unit, article_units

# Fiction: a ferry strike in the invented port of Orrin.
ALPHA = (
    "Ferry crews in the port of Orrin walked out on Monday over unpaid overtime. "
    "The harbour master said three crossings to Vell Island were cancelled."
)
BETA = (
    "Ferry crews at Orrin walked out on Monday, demanding unpaid overtime. "
    "A bakery near the quay sold out of rolls before noon."
)

GAMMA = "Three crossings to Vell Island were cancelled, the harbour master said, after crews left their posts."


def _model(coverage: float) -> SelectionModel:
    return SelectionModel((0.0,), (1.0,), (0.0,), 0.0, redundancy=0.0, repeat=2.0, coverage=coverage)


def test_word_pairs_skip_pairs_of_function_words() -> None:
    pairs = word_pairs("The crews of the ferry walked out")
    assert ("crew", "of") in pairs and ("ferry", "walk") in pairs
    assert ("of", "the") not in pairs


def test_concepts_count_independent_sources_only() -> None:
    units = [u for text, a in ((ALPHA, "a"), (BETA, "b")) for u in article_units(Article(a, text), min_words=5)]
    apart = story_concepts(units, {})
    assert apart.weight[("ferry", "crew")] == 1.0  # both outlets state it
    assert apart.weight[("harbour", "master")] == 0.0  # one outlet alone
    copies = story_concepts(units, {"a": "g", "b": "g"})  # b copied a: one source, nothing corroborated
    assert copies.weight[("ferry", "crew")] == 0.0
    assert apart.shared(0) > apart.shared(1)


def test_coverage_prefers_the_sentence_that_adds_shared_concepts() -> None:
    sources = ((BETA, "b"), (ALPHA, "a"), (GAMMA, "c"))
    units = [u for text, a in sources for u in article_units(Article(a, text), min_words=5)]
    concepts = story_concepts(units, {})
    lengths = [len(u.text.split()) for u in units]
    candidates = Candidates(
        np.zeros(len(units), dtype=np.float32), np.eye(len(units), dtype=np.float32), concepts, lengths
    )
    two = [units[i].text for i in select_mmr(candidates, range(len(units)), Budget(2), _model(1.0))]
    # The walk-out once (its restatement adds nothing new), then the cancellations two outlets state; not the bakery.
    assert sum("walked out" in text for text in two) == 1 and sum("crossings" in text for text in two) == 1
    # Without the coverage weight every salience is equal: the rows are taken in order, the bakery among them.
    plain = [units[i].text for i in select_mmr(candidates, range(len(units)), Budget(2), _model(0.0))]
    assert any("bakery" in text for text in plain)


# Fiction: the invented Dunmere council approves a ferry treaty; each outlet tells it in its own words.
DUNMERE = (
    "The Dunmere harbour council approved the ferry treaty on Wednesday after a long night session. "
    "Ferry fares across the strait have doubled since the old treaty lapsed two winters ago."
)
COURIER = "Councillors in Dunmere voted the strait ferry accord through on Wednesday, ending months of talks."
HERALD = "On Wednesday Dunmere's councillors backed the ferry pact, their spokesman Ove Lind confirmed."


def _approval_claims(units: list[Unit], support: tuple[str, ...]) -> tuple[Claim, ...]:
    approval = units[0]
    return (Claim("d", approval.start, approval.end, approval.text, "approve", when="2031-05-07", support=support),)


def test_an_event_other_outlets_report_in_other_words_counts_them() -> None:
    units = [u for text, a in ((DUNMERE, "d"), (COURIER, "c"), (HERALD, "h")) for u in article_units(Article(a, text))]
    stating = [frozenset({unit.article_id}) for unit in units]
    claims = _approval_claims(units, ("d", "c", "h"))
    assert reporting_sources(units, stating, (), {})[:2] == (1, 1)  # without the claims: no two say it alike
    assert reporting_sources(units, stating, claims, {})[:2] == (3, 1)  # the approval; not the fares
    copies = {"d": "d", "c": "d", "h": "h"}  # the Courier copied the Dunmere report: one source, not two
    assert reporting_sources(units, stating, claims, copies)[0] == 2
    # The claims stage leaves out an outlet whose conflicts give another day: it does not report this account.
    assert reporting_sources(units, stating, _approval_claims(units, ("d", "c")), {})[0] == 2


def test_reported_events_raise_salience_but_citations_stay_with_restating_articles() -> None:
    articles = (Article("d", DUNMERE), Article("c", COURIER), Article("h", HERALD))
    units = [unit for article in articles for unit in article_units(article)]
    plain = StoryContext(Story("s", "Ferry treaty", ("d", "c", "h")), articles)
    reported = dataclasses.replace(plain, claims=_approval_claims(units, ("d", "c", "h")))
    options = SummaryOptions(max_sentences=1, min_sentences=1)
    before, after = score_story(plain, options), score_story(reported, options)
    assert after.salience[0] - before.salience[0] == pytest.approx(2 * options.corroboration_bonus)
    assert np.allclose(after.salience[1:], before.salience[1:])
    (sentence,) = summarize_story(reported, options)
    assert sentence.text.startswith("The Dunmere harbour council approved") and sentence.sources == ("d",)
