"""Framing: loaded language and hedging per article, quoted speech counted apart.

The outlet's own wording is what framing measures: a loaded word inside quotation marks is the speaker's framing, so
it goes to ``quoted_terms`` and not into the score. ``score`` is loaded terms per 100 words of the outlet's own text
(intensifiers weighted by ``intensifier_weight``), so that long and short articles compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storylens.model import Article, Framing, LoadedSentence, Quote
from storylens.stages._lexicon import (
    Match,
    Span,
    find_terms,
    hedge_lexicon,
    inside,
    loaded_lexicon,
    quotation_spans,
    sentence_spans,
    words,
)


@dataclass(frozen=True, slots=True)
class FramingOptions:
    """Lexicon weights and thresholds."""

    min_sentence_terms: int = 1
    intensifier_weight: float = 0.5
    per_words: int = 100


@dataclass(frozen=True, slots=True)
class TextFraming:
    """Loaded terms and hedges found in one text, split into the outlet's own and the quoted."""

    own: tuple[Match, ...]
    quoted: tuple[Match, ...]
    hedges: tuple[Match, ...]
    own_words: int


def analyse_text(text: str, quote_spans: Sequence[Span] = ()) -> TextFraming:
    """Find loaded terms and hedges in ``text``; hits inside quotations (marks or ``quote_spans``) are quoted."""
    quoted_spans = quotation_spans(text, quote_spans)
    loaded = find_terms(text, loaded_lexicon())
    own = tuple(m for m in loaded if not inside(m.start, quoted_spans))
    quoted = tuple(m for m in loaded if inside(m.start, quoted_spans))
    hedges = tuple(m for m in find_terms(text, hedge_lexicon()) if not inside(m.start, quoted_spans))
    own_words = sum(1 for _, start, _ in words(text) if not inside(start, quoted_spans))
    return TextFraming(own, quoted, hedges, own_words)


def loaded_weight(matches: Sequence[Match], options: FramingOptions) -> float:
    """The weighted count of loaded hits (intensifiers count ``intensifier_weight``)."""
    return sum(options.intensifier_weight if m.kind == "intensifier" else 1.0 for m in matches)


def loaded_density(text: str, options: FramingOptions = FramingOptions()) -> float:
    """Loaded terms per ``per_words`` words of the outlet's own (unquoted) wording in ``text``."""
    found = analyse_text(text)
    return options.per_words * loaded_weight(found.own, options) / max(found.own_words, 1)


def _loaded_sentences(text: str, own: Sequence[Match], options: FramingOptions) -> tuple[LoadedSentence, ...]:
    result: list[LoadedSentence] = []
    for start, end in sentence_spans(text):
        terms = tuple(m.term for m in own if start <= m.start < end)
        if len(terms) >= options.min_sentence_terms:
            result.append(LoadedSentence(start, end, terms))
    return tuple(result)


def _distinct(matches: Sequence[Match]) -> tuple[str, ...]:
    return tuple(sorted({m.term for m in matches}))


def measure_framing(article: Article, quotes: Sequence[Quote], options: FramingOptions) -> Framing:
    """Return loaded terms, hedges and a comparable density score for one article."""
    found = analyse_text(article.text, [(quote.start, quote.end) for quote in quotes])
    score = options.per_words * loaded_weight(found.own, options) / max(found.own_words, 1)
    return Framing(
        article_id=article.id,
        score=round(score, 4),
        loaded_terms=_distinct(found.own),
        hedges=_distinct(found.hedges),
        loaded_sentences=_loaded_sentences(article.text, found.own, options),
        quoted_terms=_distinct(found.quoted),
    )
