"""A neutral multi-source summary in story order in which every sentence cites the passages that state it.

Extractive and lightly compressive. Every sentence of every article becomes a unit; a unit is supported by each
article holding a sentence that states the same thing with the same names and values (claims' ``support`` when the
claims stage found it, otherwise content-word overlap blended with embedding cosine). A fitted salience (how many
*independent* outlets state it, centrality, shared words, position; ``selection.py``) ranks the units and maximal
marginal relevance picks them, so the summary covers the story rather than repeating its lead. For each chosen fact
the least-loaded phrasing among its equivalent sentences is used, and a phrasing whose future tense the story has
overtaken is avoided. Conflicts are stated as conflicts, naming outlets, never resolved. The sentences are then put
in the order of the time of what they state (``ordering.py``). Length follows the story: a word budget fitted to
how much its outlets wrote (``length.py``), within the options' bounds.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np

from storylens.model import Conflict, StoryContext, SummarySentence
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.lexicon import find_terms, loaded_lexicon
from storylens.stages.summary.citation import cite, conflict_sentence, disputed, named_support, outlet_names
from storylens.stages.summary.compress import compress, in_own_words, strip_intensifiers
from storylens.stages.summary.length import story_words
from storylens.stages.summary.ordering import conflict_day, in_story_order, stale, unit_day
from storylens.stages.summary.selection import (
    Budget,
    Candidates,
    Concepts,
    SelectionModel,
    corroborated_values,
    packaged_model,
    reporting_sources,
    select_mmr,
    sentence_features,
    story_concepts,
)
from storylens.text.support import (
    Mask,
    Matrix,
    Unit,
    add_claim_support,
    article_units,
    capped,
    content_words,
    contradictions,
    lexical_matrix,
    reuse_groups,
    similarity_matrix,
    supporters,
)
from storylens.text.values import mentions

__all__ = ["SummaryOptions", "strip_intensifiers", "summarize_story", "summary_words"]

_PRONOUN_START = re.compile(r"^(he|she|it|they|this|that|these|those|his|her|their|its)\b", re.IGNORECASE)
# Grammatical second person: a sentence addressing its reader is the page speaking (sharing, location and
# subscription notices), not the news, unless the words are someone's quoted ones.
_SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """Length and selection settings.

    Length adapts to the story. With ``fitted_length`` (and the weights carrying a length model) the summary gets a
    word budget that grows with the words its articles hold and their number (``length.py``, fitted on Multi-News),
    within ``words_bounds`` and ``max_share`` of the longest article, and at most ``max_sentences`` sentences;
    stated conflicts spend that budget first.
    Otherwise ``base_sentences`` plus ``sentences_per_source`` per independent source (a two-outlet story gets
    three sentences), between ``min_sentences`` and ``max_sentences``. Either way up to ``max_conflicts`` stated
    conflicts take places, but never more than half of them: the facts keep the rest. ``max_words_total`` (0: none)
    fixes the budget instead (the benchmark's equal-length comparison). ``model`` None uses the shipped weights.
    """

    max_sentences: int = 10
    min_sentences: int = 2
    base_sentences: float = 1.0
    sentences_per_source: float = 1.0
    support_threshold: float = 0.5  # similarity at which another article states the same thing
    min_words: int = 8
    max_words: int = 50
    max_conflicts: int = 3
    max_words_total: int = 0
    fitted_length: bool = True
    words_bounds: tuple[int, int] = (40, 320)
    # A product rule beside the fit: a summary is at most this share of the story's longest article, so a story of
    # two short reports gets two or three sentences (Multi-News, where the budget is fitted, has few inputs so short).
    max_share: float = 0.5
    model: SelectionModel | None = None
    # Neutrality, a product rule rather than a fitted weight: salience (one standard deviation = 1) lost per loaded
    # term, so an outlet's loaded wording is summarised only when nothing plainer says as much.
    loaded_penalty: float = 1.0
    # Corroboration, a product rule too: salience gained per further independent outlet stating the sentence or
    # reporting the event it states (the claims stage's alignment: outlets tell one event in other words). What
    # several outlets report independently leads over what one alone says (Multi-News, where the weights are fitted,
    # rarely restates a sentence across its documents and the bench runs no claims, so the fit cannot weigh this).
    corroboration_bonus: float = 1.0
    # Salience gained per figure or date of a sentence that another independent outlet gives the same in a related
    # sentence (the values engine's judgement): of two phrasings of one schedule, the one stating more of what
    # several outlets agree on leads. Chosen among 0-1 by TUNE cross-validation (BENCHMARKS, Summary, fourth round).
    value_bonus: float = 1.0
    # Sentences encoded per story at most: the best-scored candidates on words alone (where the summary's facts come
    # from) and, for each, its closest sentence in every other article (where a paraphrase supporting it would be).
    # The model's cost stays bounded however large a story grows; the rest are compared lexically.
    embed_candidates: int = 12
    embed_limit: int = 48
    # Sentences a story is summarised from at most, taken evenly from the top of its articles (leads first): the
    # pairwise matrices are over these, so a story of five 2 MB articles costs what a story of 400 sentences does.
    max_candidates: int = 400


@dataclass(frozen=True, slots=True)
class ScoredUnits:
    """A story's units with their similarity, support, independent-support count, features and salience."""

    units: tuple[Unit, ...]
    similarity: Matrix
    lexical: Matrix
    support: tuple[frozenset[str], ...]
    independent: tuple[int, ...]
    features: Matrix
    salience: Matrix
    concepts: Concepts
    meaning: Matrix | None = None  # how far beyond the story's typical pair two encoded sentences mean alike
    reported: tuple[int, ...] = ()  # independent sources stating each unit or reporting an event it states
    agreed: tuple[int, ...] = ()  # figures and dates of each unit another independent source gives the same


@lru_cache(maxsize=8192)
def loaded_weight(text: str) -> float:
    """Loaded-language weight of a sentence (memoised: a story scores its sentences twice when it encodes some)."""
    return sum(0.5 if m.kind == "intensifier" else 1.0 for m in find_terms(text, loaded_lexicon()))


def usable(unit: Unit) -> bool:
    """A summary sentence must stand alone (no opening pronoun whose antecedent stayed in the article) and narrate
    (never address the reader outside a quotation)."""
    return unit.candidate and not _PRONOUN_START.match(unit.text) and not addresses_reader(unit.text)


def addresses_reader(text: str) -> bool:
    """Whether ``text`` speaks to its reader in the second person in its own words (quotations aside)."""
    return in_own_words(_SECOND_PERSON, text)


def score_units(
    context: StoryContext,
    options: SummaryOptions,
    vectors: Matrix | None = None,
    embedded: Mask | None = None,
    lexical: Matrix | None = None,
) -> ScoredUnits:
    """Score the story's sentences (``lexical``: their lexical matrix, when a first pass already built it)."""
    units = capped(
        [article_units(article, options.min_words, options.max_words) for article in context.articles],
        options.max_candidates,
    )
    # Embeddings only widen support; features and redundancy stay on words, the scale the weights were fitted on.
    lexical = lexical_matrix(units) if lexical is None else lexical
    similarity = similarity_matrix(units, vectors, embedded=embedded, lexical=lexical)
    contradicted = contradictions(units, similarity)
    support = supporters(units, similarity, options.support_threshold, contradicted=contradicted)
    add_claim_support(
        units, support, context.claims, similarity, restating=options.support_threshold, contradicted=contradicted
    )
    named = named_support(units, similarity, support, options.support_threshold)
    groups = reuse_groups((a.id for a in context.articles), context.reuse)
    independent = tuple(len({groups.get(a, a) for a in sources}) for sources in named)
    reported = reporting_sources(units, named, context.claims, groups)
    concepts = story_concepts(units, groups)
    features = sentence_features(units, lexical, independent, len(set(groups.values())), loaded_weight, concepts)
    agreed = corroborated_values(units, lexical, groups)
    salience = _salience(units, features, (reported, agreed), options)
    return ScoredUnits(
        units,
        similarity,
        lexical,
        tuple(support),
        independent,
        features,
        salience,
        concepts,
        reported=reported,
        agreed=agreed,
    )


def _salience(
    units: Sequence[Unit], features: Matrix, counts: tuple[Sequence[int], Sequence[int]], options: SummaryOptions
) -> Matrix:
    """Fitted salience, less the loaded-language penalty, plus the corroboration bonuses (``counts``: sources
    reporting each unit, and its figures and dates other sources agree on)."""
    penalty = np.asarray([options.loaded_penalty * loaded_weight(unit.text) for unit in units], dtype=np.float32)
    reported, agreed = (np.asarray(count, dtype=np.float32) for count in counts)
    bonus = options.corroboration_bonus * (reported - 1.0) + options.value_bonus * (agreed if agreed.size else 0.0)
    salience: Matrix = (options.model or packaged_model()).salience(features) - penalty + bonus
    return salience


def rescore(scored: ScoredUnits, options: SummaryOptions) -> ScoredUnits:
    """``scored`` with its salience recomputed under ``options`` (another model: refitting reuses the scoring)."""
    counts = (scored.reported or scored.independent, scored.agreed)
    return dataclasses.replace(scored, salience=_salience(scored.units, scored.features, counts, options))


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


def _phrasing(scored: ScoredUnits, chosen: int, allowed: set[int], options: SummaryOptions) -> int:
    """Among sentences equivalent to ``chosen``, the least loaded allowed one (ties: the more salient)."""
    # Equivalent in meaning and in words: an embedding alone rates most sentences of one story alike.
    close = (scored.similarity[chosen] >= max(options.support_threshold, 0.6)) & (
        scored.lexical[chosen] >= options.support_threshold
    )
    equivalent = [
        j for j in np.nonzero(close)[0].tolist() if j in allowed and scored.support[j] >= scored.support[chosen]
    ]
    return min([chosen, *equivalent], key=lambda j: (loaded_weight(scored.units[j].text), -scored.salience[j]))


def story_length(sources: int, options: SummaryOptions) -> int:
    """How many sentences a story of ``sources`` independent sources gets."""
    wanted = round(options.base_sentences + options.sentences_per_source * sources)
    return max(options.min_sentences, min(options.max_sentences, wanted))


def summarize_story(
    context: StoryContext, options: SummaryOptions, *, embedder: Embedder | None = None
) -> tuple[SummarySentence, ...]:
    """Return the story's cited summary (``embedder`` sharpens support when given).

    The embedder only changes which articles support a sentence, so a story of one independent source (a single
    article, or copies of one) is never encoded; otherwise the ``options.embed_limit`` best candidates on words
    alone are, and pairs among them are judged on meaning too.
    """
    return compose(context, options, score_story(context, options, embedder))


def score_story(context: StoryContext, options: SummaryOptions, embedder: Embedder | None = None) -> ScoredUnits:
    """Score the story's units, on words alone or, for the best candidates, on meaning too."""
    groups = reuse_groups((article.id for article in context.articles), context.reuse)
    lexical = score_units(context, options)
    if embedder is None or len(set(groups.values())) < 2 or options.embed_limit <= 0:
        return lexical
    order = _worth_encoding(lexical, options)
    if not order:
        return lexical
    encoded = embedder.encode([lexical.units[i].text for i in order])
    vectors = np.zeros((len(lexical.units), encoded.shape[1]), dtype=np.float32)
    vectors[order] = encoded
    embedded = np.zeros(len(lexical.units), dtype=np.bool_)
    embedded[order] = True
    # Only pairs of encoded sentences change: the lexical matrix of the first pass is reused.
    scored = score_units(context, options, vectors, embedded, lexical=lexical.lexical)
    return dataclasses.replace(scored, meaning=excess_meaning(encoded, order, len(lexical.units)))


def excess_meaning(encoded: Matrix, rows: Sequence[int], count: int) -> Matrix | None:
    """Pairwise cosine of encoded rows beyond the story's median pair, rescaled to 0..1 (None: nothing beyond it).

    Every sentence of one story is about one topic, so raw cosines run high; only what two sentences share beyond
    the typical pair makes them one point told twice. An embedding that rates all sentences alike marks none.
    """
    cosine = np.clip(encoded @ encoded.T, 0.0, 1.0)
    pairs = cosine[~np.eye(len(rows), dtype=np.bool_)]
    typical = float(np.median(pairs)) if pairs.size else 1.0
    if typical >= 1.0 - 1e-6:
        return None
    full = np.zeros((count, count), dtype=np.float32)
    full[np.ix_(rows, rows)] = np.clip((cosine - typical) / (1.0 - typical), 0.0, 1.0)
    return full


def _worth_encoding(lexical: ScoredUnits, options: SummaryOptions) -> list[int]:
    """The best candidates on words alone, each followed by its closest sentence in every other article."""
    units = lexical.units
    ranked = sorted(range(len(units)), key=lambda i: (-lexical.salience[i], i))
    best = [i for i in ranked if usable(units[i])][: options.embed_candidates]
    rows_of: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        rows_of.setdefault(unit.article_id, []).append(index)
    chosen = dict.fromkeys(best)
    for i in best:
        for article_id, rows in rows_of.items():
            if article_id != units[i].article_id:
                chosen.setdefault(max(rows, key=lambda j: (lexical.similarity[i, j], -j)))
    return sorted(list(chosen)[: options.embed_limit])


def choose(context: StoryContext, options: SummaryOptions, scored: ScoredUnits, slots: int) -> list[int]:
    """The rows a summary of ``slots`` sentences states as facts: MMR over standalone, undisputed, current ones."""
    conflicts = _conflicts(context, options)
    stating = [i for i, unit in enumerate(scored.units) if _in_conflict(unit, conflicts)]
    # Any phrasing of a disputed fact is blocked too: the conflict sentence states it, with both values.
    blocked = {j for i in stating for j in np.nonzero(scored.similarity[i] >= options.support_threshold)[0].tolist()}
    blocked |= _counting_disputed(scored.units, conflicts)
    overtaken = stale(context, scored.units)
    allowed = [i for i, unit in enumerate(scored.units) if usable(unit) and i not in blocked and i not in overtaken]
    model = options.model or packaged_model()
    lengths = [len(unit.text.split()) for unit in scored.units]
    budget = Budget(slots, options.max_words_total)
    chosen: list[int] = []
    # One point told twice, in the same words or (encoded pairs) in other words, is redundant.
    redundancy = scored.lexical if scored.meaning is None else np.maximum(scored.lexical, scored.meaning)
    candidates = Candidates(scored.salience, redundancy, scored.concepts, lengths)
    for i in select_mmr(candidates, allowed, budget, model):
        pick = _phrasing(scored, i, set(allowed), options)
        pick = i if pick in chosen else pick
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _counting_disputed(units: Sequence[Unit], conflicts: Sequence[Conflict]) -> set[int]:
    """Rows giving a figure for what a conflict disputes the count of: one side of the dispute stated as fact."""
    counted = {(m.kind, m.key) for c in conflicts for s in c.statements for m in mentions(s.value) if m.key}
    return {i for i, unit in enumerate(units) if any((m.kind, m.key) in counted for m in unit.values)}


def _conflicts(context: StoryContext, options: SummaryOptions) -> tuple[Conflict, ...]:
    """The disputes stated: those more independent sources are party to first (ties: the conflicts stage's order)."""
    groups = reuse_groups((article.id for article in context.articles), context.reuse)
    parties = [len({groups.get(s.article_id, s.article_id) for s in c.statements}) for c in context.conflicts]
    # A conflict whose statements all restate one value is no dispute: stating it would name outlets as differing.
    stated = [
        i
        for i, conflict in enumerate(context.conflicts)
        if len({s.article_id for s in conflict.statements}) >= 2 and disputed(conflict)
    ]
    ranked = sorted(stated, key=lambda i: (-parties[i], i))[: options.max_conflicts]
    return tuple(context.conflicts[i] for i in sorted(ranked))


def compose(context: StoryContext, options: SummaryOptions, scored: ScoredUnits) -> tuple[SummarySentence, ...]:
    """The summary: chosen facts and stated conflicts, in the order of the time of what they state."""
    conflicts = _conflicts(context, options)
    names = outlet_names(context.articles)
    stated = [conflict_sentence(conflict, names, context.articles) for conflict in conflicts]
    length, words = summary_length(context, options)
    slots = max(length - len(conflicts), length // 2 + 1)
    if words:  # the conflicts spend the budget first; the facts keep at least a sentence's worth
        words = max(words - sum(len(sentence.text.split()) for sentence in stated), options.min_words)
    chosen = choose(context, dataclasses.replace(options, max_words_total=words), scored, slots)
    place = _places(scored.units)
    items: list[tuple[tuple[date | None, float], SummarySentence]] = [
        ((unit_day(context, scored.units[i]), place[i]), _fact_sentence(scored, i, options)) for i in chosen
    ]
    for conflict, sentence in zip(conflicts, stated, strict=True):
        items.append(((conflict_day(context, conflict), 0.5), sentence))
    order = in_story_order([key for key, _ in items])
    return tuple(items[i][1] for i in order)


def summary_length(context: StoryContext, options: SummaryOptions) -> tuple[int, int]:
    """The summary's most sentences and its word budget (0: none) under ``options``."""
    groups = reuse_groups((article.id for article in context.articles), context.reuse)
    sources = len(set(groups.values()))
    fitted = (options.model or packaged_model()).length
    if options.max_words_total or not options.fitted_length or fitted is None:
        return story_length(sources, options), options.max_words_total
    # Sources are the articles here, as in the fit: Multi-News clusters know no reuse, copies are rare there.
    longest = max((story_words((article,)) for article in context.articles), default=0)
    low, high = options.words_bounds
    bounds = (low, max(low, min(high, round(options.max_share * longest))))
    return options.max_sentences, fitted.words(story_words(context.articles), len(context.articles), bounds)


def _places(units: Sequence[Unit]) -> list[float]:
    """Each unit's relative place in its article (0 the lead, 1 the last sentence)."""
    sizes: dict[str, int] = {}
    for unit in units:
        sizes[unit.article_id] = max(sizes.get(unit.article_id, 0), unit.index + 1)
    return [unit.index / max(sizes[unit.article_id] - 1, 1) for unit in units]


def _fact_sentence(scored: ScoredUnits, chosen: int, options: SummaryOptions) -> SummarySentence:
    """The chosen sentence, compressed, citing in each article that states it the passage that does."""
    unit = scored.units[chosen]
    citations = cite(scored.units, scored.similarity, chosen, scored.support[chosen], options.support_threshold)
    sources = tuple(citation.article_id for citation in citations)
    return SummarySentence(compress(unit.text, scored.independent[chosen]), sources, citations)


def summary_words(summary: Sequence[SummarySentence]) -> frozenset[str]:
    """Content words of a summary (for checks and benchmarks)."""
    return content_words(" ".join(sentence.text for sentence in summary))
