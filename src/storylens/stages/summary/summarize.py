"""A neutral multi-source summary in which every sentence cites its supporting articles.

Extractive and lightly compressive. Every sentence of every article becomes a unit; a unit is supported by each
article holding a sentence that states the same thing (claims' ``support`` when the claims stage found it, otherwise
content-word overlap blended with embedding cosine). Units are ranked by how many *independent* articles support them
(duplicates and rewrites count once), then by centrality and position; for each chosen fact the least-loaded
phrasing among its equivalent sentences is used, leading connectives and (when corroborated) leading hedges are
dropped, and near-repeats are skipped. Conflicts are stated as conflicts, never resolved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storylens.model import Conflict, StoryContext, SummarySentence
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.lexicon import find_terms, loaded_lexicon
from storylens.stages.summary.citation import cite, conflict_sentence, outlet_names
from storylens.text.quotations import quotation_spans
from storylens.text.support import (
    Mask,
    Matrix,
    Unit,
    add_claim_support,
    article_units,
    content_words,
    contradictions,
    reuse_groups,
    similarity_matrix,
    stopwords,
    supporters,
)

# Sentence openers that only make sense after the sentence they followed in the article.
_CONNECTIVE = re.compile(
    r"^(however|meanwhile|but|and|also|still|instead|in addition|moreover|furthermore|additionally|yet|so|thus|"
    r"nonetheless|nevertheless|reportedly|allegedly|apparently)\s*,?\s+",
    re.IGNORECASE,
)
_HEDGE_OPENERS = frozenset({"reportedly", "allegedly", "apparently"})
_PRONOUN_START = re.compile(r"^(he|she|it|they|this|that|these|those|his|her|their|its)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Length and selection settings."""

    max_sentences: int = 8
    min_sentences: int = 5
    support_threshold: float = 0.5  # similarity at which another article states the same thing
    redundancy_threshold: float = 0.45  # similarity at which a sentence repeats one already chosen
    min_words: int = 8
    max_words: int = 50
    max_conflicts: int = 2
    position_weight: float = 0.6  # lead sentences carry the news
    loaded_penalty: float = 1.0
    quote_penalty: float = 0.8
    max_words_total: int = 0  # 0: no word budget; otherwise stop adding sentences beyond it
    # Sentences encoded per story at most: the best-scored candidates on words alone (where the summary's facts come
    # from) and, for each, its closest sentence in every other article (where a paraphrase supporting it would be).
    # The model's cost stays bounded however large a story grows; the rest are compared lexically.
    embed_candidates: int = 12
    embed_limit: int = 48


@dataclass(frozen=True, slots=True)
class _Scored:
    """Units with their similarity, support, independent-support count and selection score."""

    units: tuple[Unit, ...]
    similarity: Matrix
    support: tuple[frozenset[str], ...]
    independent: tuple[int, ...]
    score: tuple[float, ...]


@lru_cache(maxsize=8192)
def _loaded(text: str) -> float:
    """Loaded-language weight of a sentence (memoised: a story scores its sentences twice when it encodes some)."""
    return sum(0.5 if m.kind == "intensifier" else 1.0 for m in find_terms(text, loaded_lexicon()))


def _unit_score(unit: Unit, independent: int, centrality: float, options: SummaryOptions) -> float:
    position = options.position_weight / (1.0 + 0.3 * unit.index)
    penalty = options.loaded_penalty * _loaded(unit.text) + options.quote_penalty * unit.quoted_share
    return independent + centrality + position - penalty


def _usable(unit: Unit) -> bool:
    """A summary sentence must stand alone: no opening pronoun whose antecedent stayed in the article."""
    return unit.candidate and not _PRONOUN_START.match(unit.text)


def _story_units(context: StoryContext, options: SummaryOptions) -> tuple[Unit, ...]:
    return tuple(
        unit for article in context.articles for unit in article_units(article, options.min_words, options.max_words)
    )


def _score(
    context: StoryContext,
    options: SummaryOptions,
    vectors: Matrix | None = None,
    embedded: Mask | None = None,
    lexical: Matrix | None = None,
) -> _Scored:
    """Score the story's sentences (``lexical``: their lexical matrix, when a first pass already built it)."""
    units = _story_units(context, options)
    similarity = similarity_matrix(units, vectors, embedded=embedded, lexical=lexical)
    contradicted = contradictions(units, similarity)
    support = supporters(units, similarity, options.support_threshold, contradicted=contradicted)
    add_claim_support(
        units, support, context.claims, similarity, restating=options.support_threshold, contradicted=contradicted
    )
    groups = reuse_groups((a.id for a in context.articles), context.reuse)
    independent = tuple(len({groups.get(a, a) for a in sources}) for sources in support)
    others = max(len(units) - 1, 1)
    centrality = (similarity.sum(axis=1) - 1.0) / others if len(units) else np.zeros(0)
    scale = float(centrality.max()) if len(units) and centrality.max() > 0 else 1.0
    score = tuple(
        _unit_score(unit, independent[i], float(centrality[i]) / scale, options) for i, unit in enumerate(units)
    )
    return _Scored(units, similarity, tuple(support), independent, score)


def _in_conflict(unit: Unit, conflicts: Sequence[Conflict]) -> bool:
    """Whether ``unit`` states one side of a conflict: the conflict sentence will state both."""
    for conflict in conflicts:
        for statement in conflict.statements:
            if statement.article_id != unit.article_id:
                continue
            if statement.start is not None and statement.end is not None:
                if statement.start < unit.end and unit.start < statement.end:
                    return True
            elif statement.text and (statement.text in unit.text or unit.text in statement.text):
                return True
    return False


def _phrasing(scored: _Scored, chosen: int, blocked: set[int], options: SummaryOptions) -> int:
    """Among sentences equivalent to ``chosen``, the least loaded candidate (ties: the better scored)."""
    row = scored.similarity[chosen]
    equivalent = [
        j
        for j in np.nonzero(row >= max(options.support_threshold, 0.6))[0].tolist()
        if _usable(scored.units[j]) and j not in blocked and scored.support[j] >= scored.support[chosen]
    ]
    return min([chosen, *equivalent], key=lambda j: (_loaded(scored.units[j].text), -scored.score[j]))


def strip_intensifiers(text: str) -> str:
    """Drop modifier intensifiers ("a massive crisis" -> "a crisis"): fewer words, none added, so still supported.

    Only intensifiers followed by a word are dropped (they modify it); verb forms ("soared") stay, as removing them
    would break the sentence. Words inside quotation marks are someone's words: they are never touched.
    """
    quoted = quotation_spans(text)
    for match in reversed(find_terms(text, loaded_lexicon())):
        if any(start < match.end and match.start < end for start, end in quoted):
            continue
        following = text[match.end :].lstrip()
        next_word = following.split(" ", 1)[0].lower().strip(",.;:")
        surface = text[match.start : match.end].lower()
        if match.kind != "intensifier" or surface.endswith(("ed", "ing")) or not following[:1].isalpha():
            continue
        if next_word in stopwords():  # "really a ...", "a huge one": not modifying a content word
            continue
        before = text[: match.start]
        article = re.search(r"\b(an?)\s+$", before, re.IGNORECASE)
        if article:  # "an enormous crisis" -> "a crisis"
            word = "an" if following[:1].lower() in "aeiou" else "a"
            word = word.capitalize() if article.group(1)[0].isupper() else word
            before = before[: article.start(1)] + word + " "
        text = before + following
    return text


def _compress(text: str, independent: int) -> str:
    """Drop a leading connective and intensifiers; drop a leading hedge only when independent sources corroborate."""
    text = strip_intensifiers(text)
    match = _CONNECTIVE.match(text)
    if not match:
        return text
    if match.group(1).lower() in _HEDGE_OPENERS and independent < 2:
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:] if len(rest.split()) >= 6 else text


def _select(scored: _Scored, blocked: set[int], limit: int, options: SummaryOptions) -> list[int]:
    order = sorted(range(len(scored.units)), key=lambda i: (-scored.score[i], scored.units[i].article_id, i))
    chosen: list[int] = []
    words_used = 0
    for i in order:
        if len(chosen) >= limit:
            break
        if not _usable(scored.units[i]) or i in blocked:
            continue
        if any(scored.similarity[i, j] >= options.redundancy_threshold for j in chosen):
            continue
        pick = _phrasing(scored, i, blocked, options)
        if any(scored.similarity[pick, j] >= options.redundancy_threshold for j in chosen):
            continue
        chosen.append(pick)
        words_used += len(scored.units[pick].text.split())
        if options.max_words_total and words_used >= options.max_words_total:
            break
    return chosen


def summarize_story(
    context: StoryContext, options: SummaryOptions, *, embedder: Embedder | None = None
) -> tuple[SummarySentence, ...]:
    """Return 5–10 cited sentences summarising the story (``embedder`` sharpens support when given).

    The embedder only changes which articles support a sentence, so a story of one independent source (a single
    article, or copies of one) is never encoded; otherwise the ``options.embed_limit`` best candidates on words
    alone are, and pairs among them are judged on meaning too.
    """
    groups = reuse_groups((article.id for article in context.articles), context.reuse)
    lexical = _score(context, options)
    if embedder is None or len(set(groups.values())) < 2 or options.embed_limit <= 0:
        return _compose(context, options, lexical)
    order = _worth_encoding(lexical, options)
    if not order:
        return _compose(context, options, lexical)
    encoded = embedder.encode([lexical.units[i].text for i in order])
    vectors = np.zeros((len(lexical.units), encoded.shape[1]), dtype=np.float32)
    vectors[order] = encoded
    embedded = np.zeros(len(lexical.units), dtype=np.bool_)
    embedded[order] = True
    # Only pairs of encoded sentences change: the lexical matrix of the first pass is reused.
    return _compose(context, options, _score(context, options, vectors, embedded, lexical=lexical.similarity))


def _worth_encoding(lexical: _Scored, options: SummaryOptions) -> list[int]:
    """The best candidates on words alone, each followed by its closest sentence in every other article."""
    units = lexical.units
    ranked = sorted(range(len(units)), key=lambda i: (-lexical.score[i], i))
    best = [i for i in ranked if _usable(units[i])][: options.embed_candidates]
    rows_of: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        rows_of.setdefault(unit.article_id, []).append(index)
    chosen = dict.fromkeys(best)
    for i in best:
        for article_id, rows in rows_of.items():
            if article_id != units[i].article_id:
                chosen.setdefault(max(rows, key=lambda j: (lexical.similarity[i, j], -j)))
    return sorted(list(chosen)[: options.embed_limit])


def summarize_with_vectors(
    context: StoryContext, options: SummaryOptions, vectors: Matrix | None = None, embedded: Mask | None = None
) -> tuple[SummarySentence, ...]:
    """Summarise from precomputed unit vectors (rows in ``article_units`` order over ``context.articles``).

    ``embedded`` marks the rows that hold a vector (all when omitted); other sentences are compared lexically.
    """
    return _compose(context, options, _score(context, options, vectors, embedded))


def _compose(context: StoryContext, options: SummaryOptions, scored: _Scored) -> tuple[SummarySentence, ...]:
    """Pick the summary's sentences from scored units: corroborated facts, then conflicts, then single-source."""
    conflicts = tuple(c for c in context.conflicts if len({s.article_id for s in c.statements}) >= 2)
    conflicts = conflicts[: options.max_conflicts]
    stating = [i for i, unit in enumerate(scored.units) if _in_conflict(unit, conflicts)]
    # Any phrasing of a disputed fact is blocked too: the conflict sentence states it, with both values.
    blocked = {j for i in stating for j in np.nonzero(scored.similarity[i] >= options.support_threshold)[0].tolist()}
    limit = max(options.max_sentences - len(conflicts), 1)
    chosen = _select(scored, blocked, limit, options)
    facts = [(scored.independent[i], _fact_sentence(scored, i, options)) for i in chosen]
    names = outlet_names(context.articles)
    disputed = [(1, conflict_sentence(conflict, names, context.articles)) for conflict in conflicts]
    corroborated = [sentence for count, sentence in facts if count >= 2]
    single = [sentence for count, sentence in facts if count < 2]
    return tuple([*corroborated, *(sentence for _, sentence in disputed), *single])


def _fact_sentence(scored: _Scored, chosen: int, options: SummaryOptions) -> SummarySentence:
    """The chosen sentence, compressed, citing in each article that states it the passage that does."""
    unit = scored.units[chosen]
    citations = cite(scored.units, scored.similarity, chosen, scored.support[chosen], options.support_threshold)
    sources = tuple(citation.article_id for citation in citations)
    return SummarySentence(_compress(unit.text, scored.independent[chosen]), sources, citations)


def summary_words(summary: Sequence[SummarySentence]) -> frozenset[str]:
    """Content words of a summary (for checks and benchmarks)."""
    return content_words(" ".join(sentence.text for sentence in summary))
