"""Framing: loaded language and hedging per article, quoted speech counted apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storylens.model import Article, Framing, Quote


@dataclass(frozen=True, slots=True)
class FramingOptions:
    """Lexicon weights and thresholds."""

    min_sentence_terms: int = 1


def measure_framing(article: Article, quotes: Sequence[Quote], options: FramingOptions) -> Framing:
    """Return loaded terms, hedges and a comparable density score for one article."""
    return Framing(article_id=article.id, score=0.0)  # TODO(issue 7)
