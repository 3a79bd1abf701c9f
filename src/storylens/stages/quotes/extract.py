"""Quotations: who said what, in every form news prints them, and who quoted it faithfully.

``extract_quotes`` works on one article: quote-mark pairs and flattened block quotations
(``_quote_spans``), speakers from the cue verb's subject, pronouns and continuations (``_attribution``).
``link_quotes`` works on the batch: ids, canonical speakers, groups of the same quotation across articles
and each copy's fidelity (``_quote_groups``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from storylens.model import Article, Entity, Mention, Quote, Span, Story
from storylens.stages.entities.find import EntityResult
from storylens.stages.quotes.attribution import Attribution, attribute
from storylens.stages.quotes.descriptors import is_deferred, resolve
from storylens.stages.quotes.fidelity import group_quotes, other_speakers
from storylens.stages.quotes.options import QuoteOptions
from storylens.text.cues import ALL_PRONOUNS
from storylens.text.names import key, strip_name, tokens
from storylens.text.quotations import find_spans

_SPEAKS_FOR = re.compile(
    r"['’]s?\s+(?:press\s+)?(?:office|spokesman|spokeswoman|spokesperson|campaign|aides?|staff)$", re.IGNORECASE
)


def attributions(article: Article, doc: Any, options: QuoteOptions) -> list[Attribution]:
    """Return the attributed quotations of one article with speaker offsets (the bench reads these)."""
    text = article.text
    spans = find_spans(text)
    if doc is None:  # no parse: the quotations are still there, their speakers are not known
        long_enough = [s for s in spans if len(text[s.start : s.end].split()) >= options.min_words]
        return [Attribution(span) for span in long_enough if not span.block]
    found = attribute(text, doc, spans, options.min_words)
    # A block quotation needs a speaker: a colon line without a cue is an ordinary list or heading.
    return [item for item in found if not item.span.block or item.speaker is not None]


def extract_quotes(article: Article, doc: Any, options: QuoteOptions) -> list[Quote]:
    """Return the quotations in one article (speaker as written; ids and groups come later)."""
    quotes: list[Quote] = []
    for item in attributions(article, doc, options):
        person = item.speaker is not None and item.speaker.label in ("PERSON", "")
        speaker = strip_name(item.speaker.text, titles=person)[0] if item.speaker is not None else None
        if item.written is not None and is_deferred(item.written.text):
            speaker = item.written.text  # "the company", "it": resolved against the entities by link_quotes
        if speaker is not None and speaker.lower() in ALL_PRONOUNS and speaker.lower() != "it":
            speaker = None  # a pronoun nothing resolved (or the writer's "I") names nobody in the report
        via = strip_name(item.via, titles=False)[0] if item.via else None
        span = item.span
        quotes.append(
            Quote(
                id="",
                article_id=article.id,
                text=article.text[span.start : span.end],
                start=span.start,
                end=span.end,
                speaker=speaker or None,
                cue=item.cue,
                via=via or None,
            )
        )
    return quotes


def _speaker_index(entities: EntityResult) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
    """Map (article, name key) → entity id from mentions, and name key → entity ids from variants."""
    by_article: dict[tuple[str, str], str] = {}
    for mention in entities.mentions:
        by_article.setdefault((mention.article_id, key(mention.text)), mention.entity_id)
    by_name: dict[str, set[str]] = {}
    for entity in entities.entities:
        for variant in (entity.name, *entity.variants):
            by_name.setdefault(key(variant), set()).add(entity.id)
    return by_article, by_name


def _speaker_entity(
    quote: Quote, index: tuple[dict[tuple[str, str], str], dict[str, set[str]]], names: dict[str, Entity]
) -> str | None:
    """Find the entity a speaker names: this article's mentions first, then unambiguous variants."""
    if not quote.speaker:
        return None
    by_article, by_name = index
    # "X's office said": the office speaks for X (a spokesperson, a campaign, aides likewise).
    wanted = key(_SPEAKS_FOR.sub("", quote.speaker))
    found = by_article.get((quote.article_id, wanted))
    if found is not None:
        return found
    candidates = by_name.get(wanted, set())
    here = {entity_id for entity_id in candidates if quote.article_id in names[entity_id].articles}
    if len(here) == 1:
        return next(iter(here))
    if len(candidates) == 1:
        return next(iter(candidates))
    words = tokens(quote.speaker)
    if len(words) == 1:  # a surname: the entity of this article whose name ends (or starts) with it
        matches = {
            entity.id
            for entity in names.values()
            if quote.article_id in entity.articles and words[0] in (tokens(entity.name)[-1], tokens(entity.name)[0])
        }
        if len(matches) == 1:
            return next(iter(matches))
    return None


def _deferred_speakers(quotes: Sequence[Quote], entities: EntityResult) -> dict[int, str | None]:
    """Resolve descriptor and ``it`` speakers (by position in ``quotes``) to organisation entities."""
    names = {entity.id: entity for entity in entities.entities}
    mentions: dict[str, list[Mention]] = {}
    for mention in entities.mentions:
        mentions.setdefault(mention.article_id, []).append(mention)
    quoted: dict[str, list[Span]] = {}
    for quote in quotes:
        quoted.setdefault(quote.article_id, []).append((quote.start, quote.end))
    found: dict[int, str | None] = {}
    for number, quote in enumerate(quotes):
        if quote.speaker and is_deferred(quote.speaker):
            here = sorted(mentions.get(quote.article_id, []), key=lambda mention: mention.start)
            found[number] = resolve(quote.speaker, quote.start, here, names, quoted[quote.article_id])
    return found


def link_quotes(
    quotes: Sequence[Quote], entities: EntityResult, stories: Sequence[Story], options: QuoteOptions
) -> list[Quote]:
    """Give quotes ids, canonical speakers, ``speaker_id``, groups across outlets and fidelity."""
    ordered = sorted(quotes, key=lambda quote: (quote.article_id, quote.start, quote.end))
    names = {entity.id: entity for entity in entities.entities}
    index = _speaker_index(entities)
    deferred = _deferred_speakers(ordered, entities)
    linked: list[Quote] = []
    for number, quote in enumerate(ordered, 1):
        if number - 1 in deferred:
            entity_id = deferred[number - 1]
            unresolved = None if (quote.speaker or "").lower() == "it" else quote.speaker
            speaker = names[entity_id].name if entity_id is not None else unresolved
        else:
            entity_id = _speaker_entity(quote, index, names)
            speaker = names[entity_id].name if entity_id is not None else quote.speaker
        linked.append(replace(quote, id=f"q{number}", speaker=speaker, speaker_id=entity_id))
    groups = group_quotes(linked, stories, options)
    disputed = other_speakers(linked, [group for group, _ in groups])
    return [
        replace(quote, group=group, fidelity=fidelity, other_speakers=others)
        for quote, (group, fidelity), others in zip(linked, groups, disputed, strict=True)
    ]
