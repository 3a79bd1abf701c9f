"""Quotations: who said what, in every form news prints them, and who quoted it faithfully."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storylens.model import Article, Quote, Story
from storylens.stages.entities import EntityResult


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    """Minimum length of speech and grouping thresholds."""

    min_words: int = 4


def extract_quotes(article: Article, doc: Any, options: QuoteOptions) -> list[Quote]:
    """Return the quotations in one article (speaker as written; ids and groups come later)."""
    return []  # TODO(issue 5)


def link_quotes(
    quotes: Sequence[Quote], entities: EntityResult, stories: Sequence[Story], options: QuoteOptions
) -> list[Quote]:
    """Give quotes ids, canonical speakers, ``speaker_id``, groups across outlets and fidelity."""
    return list(quotes)  # TODO(issue 5)
