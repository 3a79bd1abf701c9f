"""Highlights over an article's cleaned text, computed from the offsets the stages report.

Everything here returns :class:`~storylens.present.views.Span` values; the templates escape the text and
wrap each segment in a ``<span class>``, so no article text is ever treated as markup.
"""

from __future__ import annotations

import re

from storylens.model import Article, StorySlice
from storylens.present.views import Span, outlet_labels, sentence_passage


def entity_spans(story_slice: StorySlice, article_id: str) -> list[Span]:
    """Entity mentions in one article, classed by entity type."""
    names = {e.id: (e.name, e.type) for e in story_slice.entities}
    spans = []
    for mention in story_slice.mentions:
        if mention.article_id != article_id:
            continue
        name, kind = names.get(mention.entity_id, (mention.text, ""))
        css = "ent ent-" + re.sub(r"[^A-Za-z]", "", kind or "X")
        spans.append(Span(mention.start, mention.end, css, f"{name} · {kind}".strip(" ·")))
    return spans


def quote_spans(story_slice: StorySlice, article_id: str) -> list[Span]:
    """Quotations in one article, titled with speaker and fidelity."""
    spans = []
    for quote in story_slice.quotes:
        if quote.article_id != article_id:
            continue
        who = quote.speaker or "unattributed"
        fidelity = quote.fidelity or ""
        css = "quote" + (f" quote-{fidelity}" if fidelity else "")
        spans.append(Span(quote.start, quote.end, css, f"quote: {who} {fidelity}".strip(), f"q-{quote.id}"))
    return spans


def loaded_spans(story_slice: StorySlice, text: str, article_id: str) -> list[Span]:
    """Loaded sentences (light tint) and each loaded term inside them (strong tint)."""
    spans = []
    for framing in story_slice.framing:
        if framing.article_id != article_id:
            continue
        for sentence in framing.loaded_sentences:
            start, end = sentence.start, sentence.end
            terms = list(sentence.terms)
            spans.append(Span(start, end, "loaded-sentence", "loaded: " + ", ".join(terms)))
            spans += _term_spans(text, start, end, terms)
    return spans


def _term_spans(text: str, start: int, end: int, terms: list[str]) -> list[Span]:
    """Find each term as a whole word inside ``text[start:end]`` (case-insensitive)."""
    spans = []
    for term in terms:
        pattern = re.compile(r"\b" + re.escape(term) + r"\b", re.IGNORECASE)
        for match in pattern.finditer(text, start, end):
            spans.append(Span(match.start(), match.end(), "loaded-term", f"loaded term: {term}"))
    return spans


def time_spans(story_slice: StorySlice, article_id: str) -> list[Span]:
    """Temporal expressions with their calendar value."""
    return [
        Span(t.start, t.end, "time", f"time: {t.value or 'unresolved'}")
        for t in story_slice.times
        if t.article_id == article_id
    ]


def shared_spans(story_slice: StorySlice, article_id: str, partner: str | None = None) -> list[Span]:
    """Passages this article shares with others (only with ``partner`` when given)."""
    labels = outlet_labels(story_slice.articles)
    spans = []
    for pair in story_slice.reuse:
        if article_id not in (pair.a, pair.b):
            continue
        first, other = pair.a == article_id, pair.b if pair.a == article_id else pair.a
        if partner is not None and other != partner:
            continue
        for number, passage in enumerate(pair.passages, 1):
            start, end = passage.a if first else passage.b
            title = f"shared with {labels.get(other, other)} ({passage.score:.2f})"
            spans.append(Span(start, end, "shared", title, f"p-{other}-{number}"))
    return spans


def citation_spans(story_slice: StorySlice, article_id: str, text: str) -> list[Span]:
    """The passages that summary sentences cite in this article, anchored for the citation links."""
    spans = []
    for sentence in story_slice.story.summary:
        if article_id in sentence.sources:
            found = sentence_passage(sentence, article_id, text)
            if found:
                spans.append(Span(found[0], found[1], "cited", "cited by the summary", f"c-{found[0]}-{found[1]}"))
    return spans


def article_spans(story_slice: StorySlice, article: Article, mark: tuple[int, int] | None = None) -> list[Span]:
    """Every highlight for one article of a story, plus an optional marked passage (a citation target)."""
    aid, text = article.id, article.text
    spans = [
        *entity_spans(story_slice, aid),
        *quote_spans(story_slice, aid),
        *loaded_spans(story_slice, text, aid),
        *time_spans(story_slice, aid),
        *citation_spans(story_slice, aid, text),
    ]
    if mark is not None:
        spans.append(Span(mark[0], mark[1], "mark", "cited passage", "mark"))
    return spans
