"""Summary selection: concepts shared across independent sources, and coverage in the greedy pick (fiction)."""

from __future__ import annotations

import numpy as np

from storylens.model import Article
from storylens.stages.summary.selection import (
    Budget,
    Candidates,
    SelectionModel,
    select_mmr,
    story_concepts,
    word_pairs,
)
from storylens.text.support import article_units

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
