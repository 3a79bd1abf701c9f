"""A neutral multi-source summary in which every sentence cites its supporting articles."""

from __future__ import annotations

from dataclasses import dataclass

from storylens.model import StoryContext, SummarySentence


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Length and selection settings."""

    max_sentences: int = 8


def summarize_story(context: StoryContext, options: SummaryOptions) -> tuple[SummarySentence, ...]:
    """Return 5–10 cited sentences summarising the story."""
    return ()  # TODO(issue 7)
