"""Options of quotation extraction and grouping."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    """Minimum length of speech and grouping thresholds.

    Attributes:
        min_words: quotations shorter than this are scare quotes, not speech (the issue: one to three words),
            unless a saying verb attributes them directly (``“We need change,” she said``).
        group_ratio: rapidfuzz partial ratio (0–100) above which two quotations of at least
            ``long_words`` words are the same quotation.
        short_ratio: the stricter ratio for shorter quotations, where chance matches are likelier.
        long_words: the length from which ``group_ratio`` applies.
        word_coverage: share of the shorter copy's words found in order in the longer one that also makes
            them one quotation (0.9 at least for short quotations).
        altered_coverage: share of the shorter copy's words found in order, in altered forms ("ratification"
            for "ratify"), in a quotation given to the same speaker, that makes them one (altered) quotation.
    """

    min_words: int = 4
    group_ratio: float = 82.0
    short_ratio: float = 92.0
    long_words: int = 8
    word_coverage: float = 0.8
    altered_coverage: float = 0.75
