"""How long a story's summary is: a word budget that grows with how much the story's outlets wrote.

Human multi-source summaries grow with their input, slowly: on the TUNE half of Multi-News the reference's length
rises with the logarithm of the words the articles hold and with the number of articles. The budget is a linear
function of those two, fitted there by ``bench/summary_multinews.py --fit-length`` (least squares, checked by
cross-validation by cluster) and shipped in ``stages/data/summary_selection.json`` under ``length``, clipped to the
bounds the options state. A summary stops at the sentence that reaches its budget.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from storylens.model import Article


@dataclass(frozen=True, slots=True)
class LengthModel:
    """Words a summary gets: ``intercept`` + ``per_log_word`` × ln(the story's words) + ``per_source`` × sources."""

    intercept: float
    per_log_word: float
    per_source: float

    def words(self, story_words: int, sources: int, bounds: tuple[int, int]) -> int:
        """The word budget of a story of ``story_words`` words from ``sources`` sources, within ``bounds``."""
        wanted = self.intercept + self.per_log_word * math.log(max(story_words, 1)) + self.per_source * sources
        low, high = bounds
        return max(low, min(high, round(wanted)))


def length_from_dict(data: Mapping[str, Any]) -> LengthModel:
    """Read the ``length`` record of the weights file."""
    return LengthModel(float(data["intercept"]), float(data["per_log_word"]), float(data["per_source"]))


def story_words(articles: Sequence[Article]) -> int:
    """Words the story's articles hold (whitespace-separated, as the references are counted)."""
    return sum(len(article.text.split()) for article in articles)
