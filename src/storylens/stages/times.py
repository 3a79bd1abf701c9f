"""Temporal expressions, normalised against the article's publication date."""

from __future__ import annotations

from dataclasses import dataclass

from storylens.model import Article, TimeExpression


@dataclass(frozen=True, slots=True)
class TimeOptions:
    """Normalisation settings."""

    keep_unresolved: bool = True


def find_times(article: Article, options: TimeOptions) -> list[TimeExpression]:
    """Return the temporal expressions in ``article`` with calendar values where knowable."""
    return []  # TODO(issue 6)
