"""Framing: loaded language and hedging per article, quoted speech counted apart.

The outlet's own wording is what framing measures: a loaded word inside quotation marks is the speaker's framing, so
it goes to ``quoted_terms`` and not into the score. ``score`` is loaded terms per 100 words of the outlet's own text
(intensifiers weighted by ``intensifier_weight``), so that long and short articles compare. ``loaded_per_100`` is the
reader's scale: of 100 sentences in the outlet's own words (mostly-quoted sentences left out), how many the sentence
judge (``judge.py``: by default the lexicon rule; on request the model shipped with storylens, fitted on
invented sentences we wrote; or a model the user fitted) finds loaded. Once a story's word choices
are known, ``choices.attach_choices`` also counts each sentence holding a judging word choice (the outlet's words
more polar or more loaded than every other outlet's for the same fact), so the comparison weighs in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storylens.errors import ConfigError
from storylens.model import Article, Framing, LoadedSentence, Quote, StoryContext
from storylens.nlp.embeddings import Embedder
from storylens.stages.framing.judge import SHIPPED_JUDGE, load_judge
from storylens.stages.framing.lexicon import Match, Span, find_terms, hedge_lexicon, loaded_lexicon
from storylens.text.quotations import inside, quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.support import Matrix, Unit, article_units, similarity_matrix, supporters
from storylens.text.words import words


@dataclass(frozen=True, slots=True)
class FramingOptions:
    """Lexicon weights and thresholds."""

    min_sentence_terms: int = 1
    intensifier_weight: float = 0.5
    per_words: int = 100
    model_path: str = ""  # weights from `storylens framing fit`; they take the place of ``judge``
    # "lexicon": the rule (default: on BASIL's full articles it ranks sentences and outlets better than the model and
    # costs ~4 ms an article); "shipped": the model fitted on our invented set (framing_judge.json), better on BABE's
    # single sentences but calling ~3x as many of a long article's sentences loaded as experts do and ranking outlets
    # no better. See BENCHMARKS, framing third and fourth rounds.
    judge: str = "lexicon"
    max_quoted: float = 0.5  # a sentence more quoted than this is the speaker's, not the outlet's
    min_words: int = 4  # shorter "sentences" are captions and page debris


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


def _own_sentences(text: str, quoted: Sequence[Span], options: FramingOptions) -> list[Span]:
    """Sentences in the outlet's own words: long enough to be prose, not mostly inside quotations."""
    own: list[Span] = []
    for start, end in sentence_spans(text):
        inner = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
        if inner / max(end - start, 1) <= options.max_quoted and len(words(text[start:end])) >= options.min_words:
            own.append((start, end))
    return own


def judge_name(options: FramingOptions) -> str:
    """Which judge the options select: "fitted" (the user's weights), "shipped" or "lexicon"."""
    if options.model_path:
        return "fitted"
    if options.judge not in ("shipped", "lexicon"):
        raise ConfigError(f"framing judge {options.judge!r}: expected 'shipped' or 'lexicon'")
    return options.judge


def _judged(
    text: str, sentences: Sequence[Span], own: Sequence[Match], options: FramingOptions, embedder: Embedder | None
) -> list[bool]:
    """Which sentences are loaded: a fitted model (the user's, else the shipped one) or the lexicon rule."""
    name = judge_name(options)
    if name == "lexicon" or not sentences:
        return [sum(1 for m in own if start <= m.start < end) >= options.min_sentence_terms for start, end in sentences]
    if embedder is None:
        from storylens.nlp import load_embedder

        embedder = load_embedder()
    judge = load_judge(options.model_path or str(SHIPPED_JUDGE))
    chances = judge.probabilities([text[start:end] for start, end in sentences], embedder)
    return [chance >= judge.threshold for chance in chances]


def judged_texts(article: Article, quotes: Sequence[Quote], options: FramingOptions) -> list[str]:
    """The sentences a model judge reads in ``article`` (none for the lexicon rule): what a caller may encode first."""
    if judge_name(options) == "lexicon":
        return []
    spans = quotation_spans(article.text, [(quote.start, quote.end) for quote in quotes])
    return [article.text[start:end] for start, end in _own_sentences(article.text, spans, options)]


def _distinct(matches: Sequence[Match]) -> tuple[str, ...]:
    return tuple(sorted({m.term for m in matches}))


def measure_framing(
    article: Article, quotes: Sequence[Quote], options: FramingOptions, embedder: Embedder | None = None
) -> Framing:
    """Return loaded terms, hedges, a density score and loaded sentences per 100 own sentences for one article.

    A model judge encodes the sentences with ``embedder`` (the pipeline's, whose cache holds what earlier stages
    encoded); without one it loads this process's own.
    """
    spans = [(quote.start, quote.end) for quote in quotes]
    found = analyse_text(article.text, spans)
    score = options.per_words * loaded_weight(found.own, options) / max(found.own_words, 1)
    sentences = _own_sentences(article.text, quotation_spans(article.text, spans), options)
    judged = _judged(article.text, sentences, found.own, options, embedder)
    loaded = [
        LoadedSentence(start, end, tuple(m.term for m in found.own if start <= m.start < end))
        for (start, end), flag in zip(sentences, judged, strict=True)
        if flag
    ]
    return Framing(
        article_id=article.id,
        score=round(score, 4),
        loaded_terms=_distinct(found.own),
        hedges=_distinct(found.hedges),
        loaded_sentences=tuple(loaded),
        quoted_terms=_distinct(found.quoted),
        sentences=len(sentences),
        loaded_per_100=round(100 * len(loaded) / max(len(sentences), 1), 1),
        judge=judge_name(options),
    )


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """How facts are matched across outlets for the informational-bias comparison."""

    support_threshold: float = 0.5
    max_facts: int = 5  # per outlet and list, most central first
    max_choices: int = 12  # word choices listed per outlet as evidence


def _outlet_name(article: Article) -> str:
    return article.source or article.id


def _framings(context: StoryContext) -> dict[str, Framing]:
    """The story's framing records, measured here for any article the pipeline has not measured."""
    known = {framing.article_id: framing for framing in context.framing}
    for article in context.articles:
        if article.id not in known:
            quotes = [quote for quote in context.quotes if quote.article_id == article.id]
            known[article.id] = measure_framing(article, quotes, FramingOptions())
    return known


def _voices(context: StoryContext, article_id: str) -> list[str]:
    speakers = {quote.speaker or "unattributed" for quote in context.quotes if quote.article_id == article_id}
    return sorted(speakers)


def _facts(context: StoryContext, options: CompareOptions) -> tuple[list[Unit], list[frozenset[str]], Matrix]:
    units = [unit for article in context.articles for unit in article_units(article) if unit.candidate]
    similarity = similarity_matrix(units)
    return units, supporters(units, similarity, options.support_threshold), similarity


def _fact_lists(context: StoryContext, options: CompareOptions) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per article: facts only it reports, and facts most other outlets report that it leaves out."""
    units, support, similarity = _facts(context, options)
    centrality = similarity.sum(axis=1).tolist() if units else []
    order = sorted(range(len(units)), key=lambda i: -centrality[i])
    others = len(context.articles) - 1
    result: dict[str, dict[str, list[dict[str, Any]]]] = {a.id: {"only": [], "omitted": []} for a in context.articles}
    listed: list[int] = []
    for i in order:
        unit, sources = units[i], support[i]
        if sources == {unit.article_id}:
            only = result[unit.article_id]["only"]
            if len(only) < options.max_facts:
                only.append({"text": unit.text, "start": unit.start, "end": unit.end})
            continue
        majority = len(sources) >= max(2, (others + 1) // 2 + 1)
        # One fact, many phrasings: list it once.
        if not majority or any(similarity[i, j] >= options.support_threshold * 0.8 for j in listed):
            continue
        listed.append(i)
        for article in context.articles:
            omitted = result[article.id]["omitted"]
            if article.id not in sources and len(omitted) < options.max_facts:
                omitted.append({"text": unit.text, "sources": sorted(sources)})
    return result


def compare_outlets(context: StoryContext, options: CompareOptions = CompareOptions()) -> dict[str, Any]:
    """Compare how a story's outlets told it: most and least loaded, facts included or left out, voices quoted.

    Returns plain data for the report (a ``comparison`` per story): ``most_loaded`` and ``least_loaded`` (article id,
    outlet, score, loaded sentences per 100; ranked on the latter) and ``outlets``, one entry per article with its
    scores, loaded terms, word choices against the other outlets (evidence), hedges, quoted voices,
    ``only_here`` (facts no other outlet states) and ``left_out`` (facts a majority of the others state).
    """
    framings = _framings(context)
    facts = _fact_lists(context, options)
    outlets = []
    for article in sorted(context.articles, key=lambda a: a.id):
        framing = framings[article.id]
        outlets.append(
            {
                "article_id": article.id,
                "outlet": _outlet_name(article),
                "score": framing.score,
                "loaded_per_100": framing.loaded_per_100,
                "sentences": framing.sentences,
                "loaded_terms": list(framing.loaded_terms),
                "choices": [choice.to_dict() for choice in framing.choices[: options.max_choices]],
                "hedges": list(framing.hedges),
                "voices": _voices(context, article.id),
                "only_here": facts[article.id]["only"],
                "left_out": facts[article.id]["omitted"],
            }
        )
    if not outlets:
        return {"most_loaded": None, "least_loaded": None, "outlets": []}
    ranked = sorted(outlets, key=lambda o: (o["loaded_per_100"], o["score"], o["article_id"]))
    pick = ("article_id", "outlet", "score", "loaded_per_100")
    return {
        "most_loaded": {key: ranked[-1][key] for key in pick},
        "least_loaded": {key: ranked[0][key] for key in pick},
        "outlets": outlets,
    }
