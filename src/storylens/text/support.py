"""Sentence units, their similarity and which articles support them (shared by the summary and the comparison).

A sentence is *supported* by an article when that article has a sentence stating the same thing: content-word
overlap, blended with embedding cosine when vectors are given. Articles joined by duplicate or rewrite reuse form one
*independent group*, so a rewrite corroborates nothing. A sentence giving a different value for the same thing (another
count, weekday, date, year or titled name: ``_values``) never supports, however similar its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse

from storylens.model import Article, Claim, Reuse
from storylens.text.graph import DisjointSet
from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.values import Mention, disagree, mentions
from storylens.text.words import stem, words

Matrix = npt.NDArray[np.float32]
Mask = npt.NDArray[np.bool_]

# Web furniture that is never a sentence of the story, whatever the site.
_FURNITURE = re.compile(
    r"\b(click|subscribe|sign up|newsletter|cookies?|advertisement|read more|follow us|all rights reserved|"
    r"copyright|leave a comment|share this|scroll down)\b",
    re.IGNORECASE,
)
# Words glued together where links or counters were ("Shares2565", "wordWord"): page debris, not prose.
_GLUED = re.compile(r"[A-Za-z]{3,}\d{2,}|\d{2,}[A-Za-z]{3,}|[a-z]{2}[A-Z][a-z]|\|")
# A wire dateline opening a lead ("HALVARD, Eastfold (Wire) — ", "LONDON -- "): place and agency, not the news.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]{1,30}[A-Z.]|[A-Z][\w.'’\- ]{1,30}\([^()]{1,40}\))"
    r"(?:,\s*[A-Z][\w.'’\- ]{1,30}?)?\s*(?:\([^()]{1,40}\)\s*)?(?:—|–|--|-)\s+(?=\S)"
)
# Opening and closing quotation marks, to tell a sentence that begins or ends inside a quotation.
_OPENING = "“«"
_CLOSING = "”»"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The packaged stop-word list (read once)."""
    lines = resources.files("storylens.stages").joinpath("data", "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))


def content_words(text: str) -> frozenset[str]:
    """Stems of the words that carry content (no stop words, no one-letter words)."""
    stop = stopwords()
    return frozenset(stem(w) for w, _, _ in words(text) if w not in stop and len(w) > 1)


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of one article, with what selection needs to know about it."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    content: frozenset[str]
    quoted_share: float
    candidate: bool
    values: tuple[Mention, ...] = ()


def _is_candidate(text: str, content: frozenset[str], min_words: int, max_words: int) -> bool:
    """Whether a sentence can stand in a summary: a full, declarative, furniture-free sentence."""
    count = len(words(text))
    if not min_words <= count <= max_words or len(content) < 4:
        return False
    if not re.search(r"[.!]['\"”’)]*$", text) or not (text[0].isupper() or text[0] in "“\"'‘"):
        return False
    return _FURNITURE.search(text) is None and _GLUED.search(text) is None


def strip_dateline(text: str) -> str:
    """``text`` without a leading wire dateline (unchanged when it has none)."""
    match = _DATELINE.match(text)
    return text[match.end() :] if match and text[match.end() :][:1].isupper() else text


def outside_quotation(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the sentence at ``start:end`` neither begins nor ends inside a quotation (so it stands alone).

    A quotation that opened in an earlier sentence (``…,” the minister told reporters.``) or runs on past this one
    (``She said: “We will not…``) leaves the sentence a fragment of someone's words.
    """
    if any(s < start < e or (start <= s < end < e) for s, e in spans):
        return False
    sentence = text[start:end]
    opening = min((sentence.find(m) for m in _OPENING if m in sentence), default=len(sentence))
    closing = min((sentence.find(m) for m in _CLOSING if m in sentence), default=len(sentence))
    return closing >= opening and sentence.count('"') % 2 == 0


def _quoted_share(start: int, end: int, spans: Sequence[tuple[int, int]]) -> float:
    """Share of the sentence inside quotations found over the whole article (quotes run across sentences)."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return inside / max(end - start, 1)


def article_units(article: Article, min_words: int = 8, max_words: int = 50, max_quoted: float = 0.7) -> list[Unit]:
    """Every sentence of ``article`` with three or more content words, flagged when it may be summarised."""
    return list(_units_of(article.id, article.text, min_words, max_words, max_quoted))


@lru_cache(maxsize=2048)
def _units_of(article_id: str, text: str, min_words: int, max_words: int, max_quoted: float) -> tuple[Unit, ...]:
    """``article_units`` memoised: claims, the summary and the outlet comparison all read the same units."""
    units: list[Unit] = []
    quoted = quotation_spans(text)
    for start, end in sentence_spans(text):
        sentence = strip_dateline(text[start:end])
        start = end - len(sentence)
        content = content_words(sentence)
        if len(content) < 3:
            continue
        share = _quoted_share(start, end, quoted)
        # Mostly-quoted sentences are the speaker's framing: a neutral summary narrates instead.
        candidate = share < max_quoted and _is_candidate(sentence, content, min_words, max_words)
        candidate = candidate and outside_quotation(text, start, end, quoted)
        units.append(Unit(article_id, len(units), start, end, sentence, content, share, candidate, mentions(sentence)))
    return tuple(units)


def lexical_matrix(units: Sequence[Unit]) -> Matrix:
    """Pairwise Dice overlap of content words (a sparse product: stories of thousands of sentences stay fast)."""
    size = len(units)
    if size == 0:
        return np.zeros((0, 0), dtype=np.float32)
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, unit in enumerate(units):
        for word in unit.content:
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    ones = np.ones(len(rows), dtype=np.float32)
    incidence = sparse.csr_matrix((ones, (rows, columns)), shape=(size, max(len(vocabulary), 1)))
    shared = (incidence @ incidence.T).toarray()
    sizes = np.asarray([len(unit.content) for unit in units], dtype=np.float32)
    totals = sizes[:, None] + sizes[None, :]
    matrix: Matrix = np.divide(2 * shared, totals, out=np.zeros_like(shared), where=totals > 0).astype(np.float32)
    np.fill_diagonal(matrix, 1.0)
    return matrix


def similarity_matrix(
    units: Sequence[Unit],
    vectors: Matrix | None = None,
    lexical_weight: float = 0.5,
    embedded: Mask | None = None,
    lexical: Matrix | None = None,
) -> Matrix:
    """Pairwise sentence similarity: lexical overlap, blended with cosine of unit ``vectors`` when given.

    ``embedded`` marks the rows of ``vectors`` that hold an embedding (all when omitted); a pair with an unembedded
    side keeps its lexical similarity, so rows stay on one scale whichever sentences were encoded. ``lexical`` is
    ``lexical_matrix(units)`` when the caller already has it.
    """
    lexical = lexical_matrix(units) if lexical is None else lexical
    if vectors is None or len(vectors) != len(units):
        return lexical
    cosine = np.clip(vectors @ vectors.T, 0.0, 1.0).astype(np.float32)
    if embedded is not None:
        cosine = np.where(np.outer(embedded, embedded), cosine, lexical)
    blended: Matrix = (lexical_weight * lexical + (1 - lexical_weight) * cosine).astype(np.float32)
    return blended


def reuse_groups(article_ids: Iterable[str], reuse: Sequence[Reuse]) -> dict[str, str]:
    """Map each article to its independent group: duplicates and rewrites join their original's group."""
    groups = DisjointSet(article_ids)
    for pair in reuse:
        if pair.kind in ("duplicate", "rewrite") and pair.a in groups and pair.b in groups:
            groups.union(pair.a, pair.b)
    return groups.roots()


def supporters(
    units: Sequence[Unit],
    similarity: Matrix,
    threshold: float,
    related: float = 0.2,
    contradicted: Sequence[set[str]] | None = None,
) -> list[frozenset[str]]:
    """For each unit, the articles (its own included) with a sentence stating the same thing with the same values.

    An article that also has a related sentence (similarity ≥ ``related``) giving a different value for the same thing
    does not support: it reports the event, but not this account of it (``contradicted``: ``contradictions(units,
    similarity, related)`` when the caller already has it).
    """
    if contradicted is None:
        contradicted = contradictions(units, similarity, related)
    result: list[frozenset[str]] = []
    for i, unit in enumerate(units):
        hits = np.nonzero(similarity[i] >= threshold)[0].tolist()
        agreeing = {units[j].article_id for j in hits if not disagree(unit.values, units[j].values)}
        result.append(frozenset({unit.article_id, *(agreeing - contradicted[i])}))
    return result


def contradictions(units: Sequence[Unit], similarity: Matrix | None, related: float = 0.2) -> list[set[str]]:
    """For each unit, the other articles whose account gives different values for the same things.

    An article contradicts a unit when its related sentences (similarity ≥ ``related``; all without a matrix), taken
    together, give a different value for something the unit states, or when it gives anywhere a different figure
    for the same counted noun (a count is rarely restated in similar words: "4,200 were sent to a hall").
    """
    figures: dict[str, list[Mention]] = {}
    for unit in units:
        figures.setdefault(unit.article_id, []).extend(m for m in unit.values if m.kind == "quantity")
    result: list[set[str]] = [set() for _ in units]
    for i, unit in enumerate(units):
        if not unit.values:
            continue
        near = range(len(units)) if similarity is None else np.nonzero(similarity[i] >= related)[0].tolist()
        stated: dict[str, list[Mention]] = {}
        for j in near:
            if units[j].article_id != unit.article_id:
                stated.setdefault(units[j].article_id, []).extend(units[j].values)
        own_figures = tuple(m for m in unit.values if m.kind == "quantity")
        for article_id, values in stated.items():
            if disagree(unit.values, tuple(values)):
                result[i].add(article_id)
        for article_id, values in figures.items():
            if article_id != unit.article_id and own_figures and disagree(own_figures, tuple(values)):
                result[i].add(article_id)
    return result


def add_claim_support(
    units: Sequence[Unit],
    support: list[frozenset[str]],
    claims: Sequence[Claim],
    similarity: Matrix | None = None,
    restating: float = 0.5,
    contradicted: Sequence[set[str]] | None = None,
) -> None:
    """Widen ``support`` with the corroborating articles the claims stage found for overlapping sentences.

    The claims stage matches *events*; an article reporting the same event supports this sentence only when it
    also holds a sentence restating it (similarity ≥ ``restating``) and no related sentence gives different values
    (``contradicted``: ``contradictions(units, similarity)`` when the caller already has it). Without a similarity
    matrix nothing is added: event-level corroboration alone would let a sentence cite articles that never state it.
    """
    if similarity is None or not claims:
        return
    by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    rows_of: dict[str, list[int]] = {}
    for index, unit in enumerate(units):
        rows_of.setdefault(unit.article_id, []).append(index)
    if contradicted is None:
        contradicted = contradictions(units, similarity)
    for i, unit in enumerate(units):
        for claim in by_article.get(unit.article_id, ()):
            if not (claim.support and claim.start < unit.end and unit.start < claim.end):
                continue
            restated = {
                article_id
                for article_id in claim.support
                if any(similarity[i, j] >= restating for j in rows_of.get(article_id, ()))
            }
            support[i] = support[i] | frozenset(restated - contradicted[i])


def coverage(text: str, sources: Sequence[str], articles: Sequence[Article]) -> float:
    """Share of ``text``'s content words that occur in the cited articles (a faithfulness check)."""
    wanted = content_words(text)
    if not wanted:
        return 1.0
    cited = set(sources)
    found: set[str] = set()
    for article in articles:
        if article.id in cited:
            found |= content_words(article.text)
    return len(wanted & found) / len(wanted)


_Item = TypeVar("_Item")


def capped(per_article: Sequence[Sequence[_Item]], limit: int) -> tuple[_Item, ...]:
    """At most ``limit`` items (sentences), the same depth into every article (first ones first), in article order.

    Per-story stages compare every unit with every other: this bounds their matrices however large a story grows.
    """
    if sum(len(units) for units in per_article) <= limit:
        return tuple(unit for units in per_article for unit in units)
    taken = [0] * len(per_article)
    kept = 0
    for depth in range(max(len(units) for units in per_article)):
        if kept >= limit:
            break
        for position, units in enumerate(per_article):
            if depth < len(units) and kept < limit:
                taken[position] += 1
                kept += 1
    return tuple(unit for units, count in zip(per_article, taken, strict=True) for unit in units[:count])
