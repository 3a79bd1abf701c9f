"""Summary support: an article cited for a sentence must state it, not merely report the same event (fiction)."""

from __future__ import annotations

import numpy as np

from storylens.model import Article, Claim
from storylens.text.support import (
    Matrix,
    Unit,
    add_claim_support,
    article_units,
    lexical_matrix,
    similarity_matrix,
    supporters,
)

TEXTS = {
    "a": "The mayor of Orvale met the rail union on Monday to discuss the strike. "
    "It was their ninth meeting since the depot closed in 2019, the union's records show.",
    "b": "The mayor of Orvale met the rail union on Monday to discuss the strike. "
    "Commuters crowded onto replacement buses while the talks went on.",
}


def _units_and_similarity() -> tuple[list[Unit], Matrix]:
    articles = [Article(id=key, text=text) for key, text in TEXTS.items()]
    units = [unit for article in articles for unit in article_units(article, min_words=4)]
    return units, similarity_matrix(units)


def test_event_corroboration_does_not_cite_an_article_for_a_detail_it_never_states() -> None:
    units, similarity = _units_and_similarity()
    detail = next(i for i, unit in enumerate(units) if "ninth meeting" in unit.text)
    meeting = next(i for i, unit in enumerate(units) if unit.article_id == "a" and "met the rail union" in unit.text)
    support = supporters(units, similarity, threshold=0.5)
    # The claims stage saw one event (the meeting) in both articles, and its span covers both sentences of "a".
    event = Claim("a", 0, len(TEXTS["a"]), TEXTS["a"], "meeting", support=("a", "b"))
    add_claim_support(units, support, [event], similarity, restating=0.5)
    assert support[meeting] == frozenset({"a", "b"})  # "b" restates the meeting itself
    assert support[detail] == frozenset({"a"})  # but never says it was the ninth meeting


def test_without_a_similarity_matrix_claims_add_nothing() -> None:
    units, _ = _units_and_similarity()
    support = [frozenset({unit.article_id}) for unit in units]
    event = Claim("a", 0, len(TEXTS["a"]), TEXTS["a"], "meeting", support=("a", "b"))
    add_claim_support(units, support, [event], None)
    assert all(sources == frozenset({unit.article_id}) for sources, unit in zip(support, units, strict=True))


def test_lexical_matrix_is_the_dice_overlap_of_content_words() -> None:
    units, _ = _units_and_similarity()
    matrix = lexical_matrix(units)
    for i, first in enumerate(units):
        for j, second in enumerate(units):
            shared = len(first.content & second.content)
            expected = 1.0 if i == j else 2 * shared / (len(first.content) + len(second.content))
            assert abs(matrix[i, j] - expected) < 1e-6


def test_a_pair_with_an_unencoded_side_keeps_its_lexical_similarity() -> None:
    units, lexical = _units_and_similarity()
    vectors = np.ones((len(units), 3), dtype=np.float32) / np.sqrt(3)  # every encoded pair: cosine 1
    embedded = np.array([index == 0 or index == 1 for index in range(len(units))])
    blended = similarity_matrix(units, vectors, embedded=embedded)
    assert abs(blended[0, 1] - (0.5 * lexical[0, 1] + 0.5)) < 1e-6
    assert abs(blended[0, 2] - lexical[0, 2]) < 1e-6 and abs(blended[2, 3] - lexical[2, 3]) < 1e-6
