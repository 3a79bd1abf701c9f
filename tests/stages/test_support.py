"""Summary support: an article cited for a sentence must state it, not merely report the same event (fiction)."""

from __future__ import annotations

from storylens.model import Article, Claim
from storylens.stages._support import add_claim_support, article_units, similarity_matrix, supporters

TEXTS = {
    "a": "The mayor of Orvale met the rail union on Monday to discuss the strike. "
    "It was their ninth meeting since the depot closed in 2019, the union's records show.",
    "b": "The mayor of Orvale met the rail union on Monday to discuss the strike. "
    "Commuters crowded onto replacement buses while the talks went on.",
}


def _units_and_similarity() -> tuple[list, object]:
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
