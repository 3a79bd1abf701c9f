"""Claims and conflicts: what each sentence states, and the facts the outlets disagree on.

Align, then compare (``align``): a story's sentences are paired across articles by meaning, their typed slots
(``slots``) compared by the one values engine (``text.values``), and every conflicting slot pair judged by a small
logistic model fitted on invented stories (``model``): does this pair of sentences give two values for the same
thing? Accepted pairs of one kind that share a sentence join one conflict; each article in it contributes its
best-judged statement. A story's ``Comparison`` says how much was compared, so "no conflict" is not read as
"the outlets agree" when nothing could be compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from storylens.model import Article, Claim, Comparison, Conflict, Statement, StoryContext
from storylens.nlp import Embedder, load_embedder
from storylens.stages.claims.align import (
    Candidate,
    Sentence,
    aligned_pairs,
    article_words,
    outlet_sides,
    pair_candidates,
    partners_of,
    view_of,
    with_context,
)
from storylens.stages.claims.model import ConflictModel, packaged_model
from storylens.stages.claims.slots import sentence_slots
from storylens.stages.claims.topics import statement_value, topic
from storylens.stages.temporal.tagger import parse_reference, tag_text
from storylens.text.graph import DisjointSet
from storylens.text.quotations import quotation_spans
from storylens.text.support import Matrix, article_units, capped, lexical_matrix, reuse_groups
from storylens.text.values import day_of


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """How sentences are aligned and how sure the model must be.

    Attributes:
        min_similarity: blended similarity at which two sentences of different articles are compared.
        per_article: each sentence is compared with at most this many sentences of each other article.
        lexical_weight: share of content-word overlap in the blended similarity (the rest is embedding cosine).
        threshold: probability above which a candidate is a conflict (None: the model's own, chosen by CV).
        support_similarity: similarity at which an aligned sentence of a non-contradicting article corroborates.
        max_sentences: at most this many value-stating sentences of a story are compared, shared evenly among its
            articles (each keeps its first ones: news states its facts early), so a story of a few huge articles
            costs a bounded time and memory (the similarity matrices grow with the square of this).
    """

    min_similarity: float = 0.2
    per_article: int = 4
    lexical_weight: float = 0.4
    threshold: float | None = None
    support_similarity: float = 0.5
    max_sentences: int = 600


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """Claims (with corroborating articles in ``support``), conflicts, and what was compared, for one story."""

    claims: tuple[Claim, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class StoryComparison:
    """The aligned sentences of one story (those that state a value, within the bound), the candidates their
    comparison raised, and how many sentences were read."""

    sentences: tuple[Sentence, ...]
    pairs: tuple[tuple[int, int], ...]
    candidates: tuple[Candidate, ...]
    compared_slots: int
    similarity: Matrix
    read: int = 0


def analyze_claims(
    context: StoryContext, docs: Mapping[str, Any], options: ClaimOptions, *, embedder: Embedder | None = None
) -> ClaimResult:
    """Return the story's claims, the conflicts between its articles and what was compared."""
    compared = compare_story(context, docs, options, embedder)
    model = packaged_model()
    threshold = model.threshold if options.threshold is None else options.threshold
    accepted = [(c, p) for c in compared.candidates if (p := model.probability(c.features)) >= threshold]
    conflicts = group_conflicts(compared.sentences, accepted)
    comparison = Comparison(
        story_id=context.story.id,
        articles=len({s.article_id for s in compared.sentences}),
        sentences=compared.read,
        aligned_pairs=len(compared.pairs),
        compared_values=compared.compared_slots,
    )
    claims = story_claims(compared, conflicts, options)
    return ClaimResult(claims, tuple(conflicts), comparison)


def story_sentences(context: StoryContext, docs: Mapping[str, Any]) -> list[Sentence]:
    """Every sentence of the story's parsed articles with its slots, in article order."""
    result: list[Sentence] = []
    for article in sorted(context.articles, key=lambda item: item.id):
        doc = docs.get(article.id)
        if doc is not None:
            result += _article_sentences(article, doc)
    return result


def _article_sentences(article: Article, doc: Any) -> list[Sentence]:
    reference = parse_reference(article.published)
    timexes = tag_text(article.text, reference)
    quoted = quotation_spans(article.text)
    result = []
    for unit in article_units(article):
        span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        slots = sentence_slots(span, span.start_char, timexes, quoted, reference)
        result.append(Sentence(article.id, unit.start, unit.end, unit.text, tuple(slots), unit))
    return result


def bounded(sentences: Sequence[Sentence], limit: int) -> tuple[Sentence, ...]:
    """The value-stating sentences only (no other can disagree), at most ``limit``, the same depth into each article."""
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        if sentence.slots:
            by_article.setdefault(sentence.article_id, []).append(sentence)
    return capped(list(by_article.values()), limit)


def compare_story(
    context: StoryContext, docs: Mapping[str, Any], options: ClaimOptions, embedder: Embedder | None
) -> StoryComparison:
    """Align the story's sentences across articles and collect the conflicting slot pairs as candidates."""
    read = story_sentences(context, docs)
    sentences = bounded(read, options.max_sentences)
    if len({s.article_id for s in sentences}) < 2:
        return StoryComparison(tuple(sentences), (), (), 0, np.zeros((0, 0), dtype=np.float32), len(read))
    lexical, cosine = _matrices(sentences, embedder)
    similarity = (options.lexical_weight * lexical + (1 - options.lexical_weight) * cosine).astype(np.float32)
    groups = reuse_groups((a.id for a in context.articles), context.reuse)
    pairs = aligned_pairs(sentences, similarity, options.min_similarity, options.per_article)
    candidates: list[Candidate] = []
    compared = 0
    partners = partners_of(sentences, similarity)
    known = {article.id: article_words(article.text) for article in context.articles}
    for pair in pairs:
        view = view_of(similarity, cosine, lexical, groups, pair, partners)
        view = replace(view, known=(known[partners.articles[pair[0]]], known[partners.articles[pair[1]]]))
        found, count = pair_candidates(sentences, pair[0], pair[1], view)
        candidates += found
        compared += count
    abouts = _about_cosines(candidates, embedder)
    candidates = [with_context(c, sentences, cos) for c, cos in zip(candidates, abouts, strict=True)]
    neighbours = _neighbours(pairs)
    candidates = [outlet_sides(c, sentences, neighbours) for c in candidates]
    return StoryComparison(tuple(sentences), tuple(pairs), tuple(candidates), compared, similarity, len(read))


def _neighbours(pairs: Sequence[tuple[int, int]]) -> dict[int, list[int]]:
    """Every sentence's aligned partners."""
    result: dict[int, list[int]] = {}
    for i, j in pairs:
        result.setdefault(i, []).append(j)
        result.setdefault(j, []).append(i)
    return result


def _about_cosines(candidates: Sequence[Candidate], embedder: Embedder | None) -> list[float]:
    """Cosine of what each candidate's two values are about (their topics: short texts, each encoded once)."""
    texts = sorted({slot.about or slot.kind for c in candidates for slot in (c.a, c.b)})
    if not texts:
        return []
    vectors = dict(zip(texts, (embedder or load_embedder()).encode(texts), strict=True))
    return [float(vectors[c.a.about or c.a.kind] @ vectors[c.b.about or c.b.kind]) for c in candidates]


def _matrices(sentences: Sequence[Sentence], embedder: Embedder | None) -> tuple[Matrix, Matrix]:
    """Content-word overlap and embedding cosine between every two sentences of the story.

    Only sentences that state a value are encoded (the others are never compared); their cosine stays 0.
    """
    lexical = lexical_matrix([s.unit for s in sentences])
    rows = [index for index, sentence in enumerate(sentences) if sentence.slots]
    embedder = embedder or load_embedder()  # the cached loader: once per process
    encoded = embedder.encode([sentences[index].text for index in rows])
    vectors = np.zeros((len(sentences), encoded.shape[1]), dtype=np.float32)
    vectors[rows] = encoded
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0).astype(np.float32)
    return lexical, cosine


def group_conflicts(sentences: Sequence[Sentence], accepted: Sequence[tuple[Candidate, float]]) -> list[Conflict]:
    """Join accepted candidates of one kind that share a sentence; each article gives its best-judged statement."""
    nodes = DisjointSet(f"{c.a.kind}:{end}" for c, _ in accepted for end in (c.first, c.second))
    for candidate, _ in accepted:
        nodes.union(f"{candidate.a.kind}:{candidate.first}", f"{candidate.a.kind}:{candidate.second}")
    members: dict[str, list[tuple[Candidate, float]]] = {}
    roots = nodes.roots()
    for candidate, probability in accepted:
        members.setdefault(roots[f"{candidate.a.kind}:{candidate.first}"], []).append((candidate, probability))
    conflicts: list[Conflict] = []
    for group in sorted(members.values(), key=lambda g: min((c.first, c.second) for c, _ in g)):
        conflict = _conflict(sentences, group)
        if conflict is not None:
            conflicts.append(Conflict(f"c{len(conflicts) + 1}", conflict.topic, conflict.kind, conflict.statements))
    return conflicts


def _conflict(sentences: Sequence[Sentence], group: Sequence[tuple[Candidate, float]]) -> Conflict | None:
    best: dict[str, tuple[float, int, Any]] = {}
    for candidate, probability in group:
        for index, slot in ((candidate.first, candidate.a), (candidate.second, candidate.b)):
            article_id = sentences[index].article_id
            if article_id not in best or probability > best[article_id][0]:
                best[article_id] = (probability, index, slot)
    statements = tuple(
        Statement(article_id, sentences[index].text, statement_value(slot), sentences[index].start,
                  sentences[index].end, slot.start, slot.end)
        for article_id, (_, index, slot) in sorted(best.items())
    )  # fmt: skip
    if len(statements) < 2 or len({s.value for s in statements}) < 2:
        return None
    strongest = max(group, key=lambda item: item[1])[0]
    kind = strongest.a.kind
    return Conflict("", topic(strongest, sentences), kind, statements)  # type: ignore[arg-type]


def _resolved(value: str) -> str:
    """A statement's value as compared: the resolved day in its parentheses when it has one."""
    return value.rsplit("(", 1)[-1].rstrip(")") if value.endswith(")") else value.lower()


def story_claims(compared: StoryComparison, conflicts: Sequence[Conflict], options: ClaimOptions) -> tuple[Claim, ...]:
    """One claim per dated sentence (the timeline reads them), supported by aligned sentences of articles that do
    not contradict it."""
    # An article that gives another value for something a sentence states never corroborates that sentence.
    against: dict[tuple[str, int | None], set[str]] = {}
    for conflict in conflicts:
        for statement in conflict.statements:
            others = {o.article_id for o in conflict.statements if _resolved(o.value) != _resolved(statement.value)}
            against.setdefault((statement.article_id, statement.start), set()).update(others)
    partners: dict[int, set[str]] = {}
    for i, j in compared.pairs:
        if compared.similarity[i, j] < options.support_similarity:
            continue
        for one, other in ((i, j), (j, i)):
            partners.setdefault(one, set()).add(compared.sentences[other].article_id)
    claims = []
    for index, sentence in enumerate(compared.sentences):
        for slot in sentence.slots:
            if (
                slot.kind != "date"
                or slot.value is None
                or slot.value.kind != "day"
                or slot.value.low != slot.value.high
            ):
                continue
            contradicting = against.get((sentence.article_id, sentence.start), set())
            support = {sentence.article_id} | (partners.get(index, set()) - contradicting)
            actors = tuple(sorted({s.text for s in sentence.slots if s.kind == "actor"}))
            numbers = tuple(s.text for s in sentence.slots if s.kind == "number")
            claims.append(
                Claim(sentence.article_id, sentence.start, sentence.end, sentence.text, slot.head, actors,
                      day_of(slot.value).isoformat(), numbers, (), tuple(sorted(support)))
            )  # fmt: skip
    return tuple(sorted(claims, key=lambda c: (c.article_id, c.start, c.predicate)))


__all__ = ["ClaimOptions", "ClaimResult", "ConflictModel", "analyze_claims", "compare_story", "group_conflicts"]
