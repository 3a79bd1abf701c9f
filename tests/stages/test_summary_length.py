"""Summary length: the fitted word budget grows with the story, within its bounds (invented stories, fiction)."""

from __future__ import annotations

import pytest

from storylens.model import Article, Conflict, Statement, Story, StoryContext
from storylens.stages.summary.length import LengthModel, length_from_dict
from storylens.stages.summary.selection import packaged_model
from storylens.stages.summary.summarize import SummaryOptions, summarize_story, summary_length

# Fiction: a dock strike in the invented port of Carrow; every sentence states one distinct invented fact.
_CREWS = (
    "Crane drivers",
    "Ferry deckhands",
    "Tugboat skippers",
    "Harbour pilots",
    "Warehouse packers",
    "Customs clerks",
    "Railway shunters",
    "Tanker stewards",
    "Salvage divers",
    "Dredger mechanics",
    "Net menders",
)
_ACTS = ("walked out of", "picketed", "blockaded", "abandoned", "occupied", "marched around", "shut")
_PLACES = (
    "the grain terminal",
    "the northern quay",
    "Berth Nine",
    "the container yard",
    "the fish market",
    "the lighthouse depot",
    "the coal pier",
    "the ropewalk",
)
_REASONS = (
    "pensions",
    "overtime rates",
    "safety rules",
    "a wage freeze",
    "holiday pay",
    "shift lengths",
    "canteen prices",
    "sick leave",
    "bonus cuts",
)
_TIMES = ("at dawn", "before noon", "on Friday", "overnight", "at lunchtime", "on Sunday", "after midnight")


def _sentences(offset: int, count: int) -> list[str]:
    found = []
    for n in range(offset, offset + count):
        crew, act, place = _CREWS[n % len(_CREWS)], _ACTS[n % len(_ACTS)], _PLACES[n % len(_PLACES)]
        reason, time = _REASONS[n % len(_REASONS)], _TIMES[(n // 2) % len(_TIMES)]
        found.append(f"{crew} {act} {place} {time} in the port of Carrow, angry about {reason}.")
    return found


def _story(articles: int, sentences: int) -> StoryContext:
    found = tuple(
        Article(f"a{n}", " ".join(_sentences(n * 7, sentences)), source=f"outlet{n}.example") for n in range(articles)
    )
    return StoryContext(Story("s", "Strike", tuple(a.id for a in found)), found)


def test_the_budget_grows_with_the_story_and_stays_within_its_bounds() -> None:
    model = LengthModel(intercept=20.0, per_log_word=20.0, per_source=10.0)
    small, large = model.words(300, 2, (40, 320)), model.words(3000, 5, (40, 320))
    assert 40 <= small < large <= 320
    assert model.words(10**9, 50, (40, 320)) == 320
    assert model.words(1, 1, (40, 320)) == 40


def test_the_weights_file_record_is_read_and_the_shipped_one_grows() -> None:
    assert length_from_dict({"intercept": 1, "per_log_word": 2, "per_source": 3}) == LengthModel(1.0, 2.0, 3.0)
    shipped = packaged_model().length
    assert shipped is not None
    assert shipped.words(400, 2, (0, 10_000)) < shipped.words(4000, 6, (0, 10_000))


def test_a_large_story_gets_a_longer_summary_than_a_short_one() -> None:
    short, large = _story(2, 3), _story(6, 40)
    options = SummaryOptions()
    short_summary, large_summary = summarize_story(short, options), summarize_story(large, options)
    assert 2 <= len(short_summary) <= 3  # at most half the longest article: two short reports, a few sentences
    assert len(short_summary) < len(large_summary) <= options.max_sentences
    budget = summary_length(large, options)[1]
    words = sum(len(sentence.text.split()) for sentence in large_summary)
    longest = max(len(sentence.text.split()) for sentence in large_summary)
    assert words < budget + longest  # it stops at the sentence that reaches the budget


def test_the_sentence_rule_applies_when_the_fitted_length_is_off() -> None:
    large = _story(6, 40)
    options = SummaryOptions(fitted_length=False, base_sentences=1.0, sentences_per_source=0.5)
    assert summary_length(large, options) == (4, 0)
    assert len(summarize_story(large, options)) == 4


@pytest.mark.parametrize("disputes", [1, 3])
def test_stated_conflicts_spend_the_budget_yet_facts_keep_a_place(disputes: int) -> None:
    story = _story(6, 40)
    conflicts = tuple(
        Conflict(f"c{n}", f"count {n}", "fact", (Statement("a0", "", f"left{n}"), Statement("a1", "", f"right{n}")))
        for n in range(disputes)
    )
    options = SummaryOptions(words_bounds=(40, 80))  # a tight budget: four or five facts
    plain = summarize_story(story, options)
    disputed = summarize_story(StoryContext(story.story, story.articles, conflicts=conflicts), options)
    facts = [s for s in disputed if not s.text.startswith("Accounts differ")]
    assert len(disputed) - len(facts) == disputes
    assert 1 <= len(facts) < len(plain)
