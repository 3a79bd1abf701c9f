"""Summary story order, stale future tense and story-sized length (invented stories, labelled fiction)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from storylens.model import Article, Conflict, Statement, Story, StoryContext, TimeExpression
from storylens.stages.summary.ordering import conflict_day, is_future
from storylens.stages.summary.summarize import SummaryOptions, story_length, summarize_story

# Fiction: Premier Ilsa Marrow of the invented Ostland visits the invented harbour city of Dunmere.
DAYS = {"Monday": "2031-05-05", "Tuesday": "2031-05-06", "Wednesday": "2031-05-07", "Thursday": "2031-05-08"}
EARLY = (
    "Premier Ilsa Marrow of Ostland will meet the Dunmere harbour council on Wednesday to discuss the ferry treaty. "
    "Premier Ilsa Marrow arrived in Dunmere on Monday for a three-day visit to the harbour city of the north. "
    "Dock workers in Dunmere staged a short strike on Monday over pay and the hours of the night ferries."
)
LATE = (
    "Premier Ilsa Marrow left Dunmere on Thursday after signing the ferry treaty with the harbour council there. "
    "Premier Ilsa Marrow met the Dunmere harbour council on Wednesday to discuss the ferry treaty for three hours. "
    "Premier Ilsa Marrow arrived in Dunmere on Monday for a three-day visit to the harbour city on the coast."
)
MIDDLE = (
    "The ferry treaty signed in Dunmere on Thursday sets lower fares for the night ferries across the strait. "
    "Premier Ilsa Marrow met the Dunmere harbour council on Wednesday and spoke of a new era for the strait. "
    "Dock workers in Dunmere ended their strike over pay on Tuesday after the harbour council raised wages."
)


def _times(article: Article) -> tuple[TimeExpression, ...]:
    """What the temporal stage finds: each weekday read in the week of the visit."""
    return tuple(
        TimeExpression(article.id, m.start(), m.end(), m.group(), DAYS[m.group()])
        for m in re.finditer("|".join(DAYS), article.text)
    )


def _story() -> StoryContext:
    articles = (
        Article("early", EARLY, source="Strait Herald", published="2031-05-05"),
        Article("late", LATE, source="Coast Courier", published="2031-05-08"),
        Article("middle", MIDDLE, source="Harbour Wire", published="2031-05-08"),
    )
    times = tuple(t for article in articles for t in _times(article))
    return StoryContext(Story("v", "Visit", tuple(a.id for a in articles)), articles, times=times)


def test_future_tense_is_read_outside_quotations_only() -> None:
    assert is_future("The premier will meet the council on Wednesday.")
    assert is_future("The talks are set to resume next week.")
    assert not is_future("The premier met the council on Wednesday.")
    assert not is_future('The premier said "we will sign" after the talks on Wednesday.')


def test_sentences_follow_the_time_of_what_they_state() -> None:
    summary = summarize_story(_story(), SummaryOptions(max_sentences=5, base_sentences=5))
    text = [sentence.text for sentence in summary]
    order = [next((i for i, t in enumerate(text) if cue in t), None) for cue in ("arrived", "met the", "left Dunmere")]
    present = [i for i in order if i is not None]
    assert len(present) >= 2
    assert present == sorted(present)


def test_an_announcement_the_story_has_overtaken_is_not_used() -> None:
    summary = summarize_story(_story(), SummaryOptions(max_sentences=5, base_sentences=5))
    text = " ".join(sentence.text for sentence in summary)
    assert "will meet" not in text
    assert "met the Dunmere harbour council on Wednesday" in text


def test_an_announcement_still_ahead_is_kept() -> None:
    early = Article("early", EARLY, source="Strait Herald", published="2031-05-05")
    other = Article("other", EARLY.replace("Premier Ilsa Marrow of Ostland", "Ilsa Marrow"), published="2031-05-05")
    times = _times(early) + _times(other)
    context = StoryContext(Story("v", "Visit", ("early", "other")), (early, other), times=times)
    summary = summarize_story(context, SummaryOptions())
    assert any("will meet" in sentence.text for sentence in summary)


def test_length_follows_the_number_of_sources() -> None:
    options = SummaryOptions()
    assert 2 <= story_length(2, options) <= 3
    assert story_length(1, options) >= options.min_sentences
    assert story_length(9, options) == story_length(40, options) == options.max_sentences <= 10
    assert [story_length(n, options) for n in range(1, 12)] == sorted(story_length(n, options) for n in range(1, 12))


def test_a_two_outlet_story_gets_two_or_three_sentences() -> None:
    context = _story()
    two = StoryContext(Story("v", "Visit", ("late", "middle")), context.articles[1:], times=context.times)
    assert 2 <= len(summarize_story(two, SummaryOptions())) <= 3


class _AlikeEmbedder:
    """Rates every sentence of a story as the same meaning (what a topic-level embedding nearly does)."""

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.ones((len(texts), 4), dtype=np.float32) / 2.0


def test_an_embedding_that_rates_all_sentences_alike_does_not_merge_distinct_facts() -> None:
    options = SummaryOptions(max_sentences=5, base_sentences=5)
    plain = summarize_story(_story(), options)
    embedded = summarize_story(_story(), options, embedder=_AlikeEmbedder())
    assert len(embedded) == len(plain) >= 3
    assert len({sentence.text for sentence in embedded}) == len(embedded)


def test_a_dispute_sits_at_the_middle_of_its_tied_days_not_at_an_outlier() -> None:
    # Fiction: three outlets give three days for the council meeting; one misread its weekday a week back.
    statements = tuple(
        Statement(article_id, text, value, start=0, end=len(text))
        for article_id, text, value in (
            ("a", "The council met on Tuesday.", "Tuesday"),
            ("b", "The council met on Monday.", "Monday"),
            ("c", "The council met on Tuesday last week.", "Tuesday"),
        )
    )
    conflict = Conflict("c1", "day the council met", "date", statements)
    articles = tuple(Article(s.article_id, s.text) for s in statements)
    times = (
        TimeExpression("a", 19, 26, "Tuesday", "2031-05-13"),
        TimeExpression("b", 19, 25, "Monday", "2031-05-12"),
        TimeExpression("c", 19, 26, "Tuesday", "2031-05-06"),
    )
    context = StoryContext(Story("v", "Visit", ("a", "b", "c")), articles, times=times)
    assert conflict_day(context, conflict) == date(2031, 5, 12)
