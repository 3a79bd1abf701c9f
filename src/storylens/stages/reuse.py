"""Reuse and provenance: duplicates, rewrites, shared passages, and who copied whom.

How pairs are chosen (cost policy): a story's coverage is a few dozen articles, and a paraphrased rewrite
shares few word shingles with its source, so MinHash would miss it. Up to ``all_pairs_limit`` articles every
pair is aligned sentence by sentence. Above that, MinHash + LSH over word shingles (``_minhash``) proposes the
pairs, which bounds the cost at scale but finds only rewrites that keep enough of the source's wording.

How a pair is judged: sentences are aligned in order (``_align``), text inside quotation marks counting for
nothing, then

- ``duplicate``: near-identical text (word-shingle Jaccard at least ``duplicate_jaccard``);
- ``rewrite``: most of one article's own writing is aligned to the other's, in the same order;
- ``shared_passages``: some aligned passages only, at least one of them sharing wording (not just meaning).

Who copied whom (``origin``): the earlier ``published`` date when both are known and differ. Otherwise
asymmetric coverage: when far more of one article's writing is found in the other than the reverse, the more
covered article is taken as the copy. This follows how copies are made (a rewrite takes a subset of its source
and restates it, the source keeps material the copy dropped); a copy that pads its source with its own material
breaks the rule, which is why a margin is required and ``origin`` stays null when the evidence is close.
Within a family of related articles the origins are made coherent: every edge agrees with one ordering of the
family (by date, then by how often each article was judged the source), and an edge that contradicts it is
dropped to null rather than left to form a cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from storylens.model import Article, Passage, Reuse, ReuseKind
from storylens.nlp.embeddings import Embedder
from storylens.stages import _align
from storylens.stages._minhash import MinHasher, MinHashScheme, candidate_pairs

_BIGRAM = _align.FEATURES.index("bigram")


@dataclass(frozen=True, slots=True)
class ReuseOptions:
    """Thresholds and MinHash settings.

    Attributes:
        seed: Seed of the MinHash hashing.
        all_pairs_limit: Up to this many articles every pair is compared; above it LSH proposes candidates.
        num_perm: MinHash permutations.
        bands: LSH bands (``num_perm`` must be a multiple).
        shingle: Words per shingle.
        window_days: At scale, articles published further apart than this are not compared.
        sentence_threshold: Paraphrase probability from which two sentences are aligned.
        min_tokens: Sentences with fewer own (unquoted) words are left out of the alignment.
        duplicate_jaccard: Word-shingle Jaccard from which a pair is a duplicate.
        rewrite_coverage: Share of an article's own writing aligned (in order) that makes it a rewrite.
        rewrite_order: Minimum share of the order-free matches that the in-order alignment keeps.
        min_rewrite_sentences: A rewrite aligns at least this many sentences.
        passage_overlap: Bigram overlap of a sentence pair that shows shared wording (for shared passages).
        origin_margin: Coverage difference needed to name an origin without dates.
        screen_coverage: With an embedder, only pairs whose lexical alignment covers at least this share of either
            article (or that lexical comparison already calls reuse) are embedded and compared again: sentence
            embeddings are the stage's main cost, and unrelated pairs never reach this bar.
    """

    seed: int = 1
    all_pairs_limit: int = 80
    num_perm: int = 128
    bands: int = 32
    shingle: int = 3
    window_days: float = 7.0
    sentence_threshold: float = 0.15
    min_tokens: int = 4
    duplicate_jaccard: float = 0.8
    rewrite_coverage: float = 0.4
    rewrite_order: float = 0.6
    min_rewrite_sentences: int = 3
    passage_overlap: float = 0.5
    origin_margin: float = 0.15
    screen_coverage: float = 0.2

    def scheme(self) -> MinHashScheme:
        """The MinHash scheme these options describe."""
        return MinHashScheme(self.num_perm, self.bands, self.shingle, self.seed)


@dataclass(frozen=True)
class _Prepared:
    """One article ready for comparison: its aligned sentences, their sparse views and its shingles."""

    article: Article
    sentences: tuple[_align.Sentence, ...]
    encoded: _align.Encoded
    shingles: np.ndarray
    date: dt.date | None


def find_reuse(articles: Sequence[Article], embedder: Embedder | None, options: ReuseOptions) -> list[Reuse]:
    """Return every reusing pair among ``articles``, sorted by (a, b).

    Pairs are first compared lexically; only those that pass the lexical screen are embedded and judged again
    with sentence embeddings (when an embedder is given), so the model runs on candidate articles only.
    """
    ordered = sorted({article.id: article for article in articles}.values(), key=lambda article: article.id)
    if len(ordered) < 2:
        return []
    hasher = MinHasher(options.scheme())
    prepared = _prepare(ordered, hasher, None, options)
    found: list[Reuse] = []
    screened: list[tuple[int, int]] = []
    screen = options.screen_coverage
    for first, second in _pairs(prepared, hasher, options):
        reuse, coverage = _judge(prepared[first], prepared[second], False, options)
        if embedder is None:
            found += [reuse] if reuse is not None else []
        elif reuse is not None or coverage >= screen:
            screened.append((first, second))
    if screened and embedder is not None:
        found += _compare_embedded(prepared, screened, hasher, embedder, options)
    return sorted(_cohere(found, {item.article.id: item.date for item in prepared}), key=lambda r: (r.a, r.b))


def _compare_embedded(
    prepared: Sequence[_Prepared],
    pairs: Sequence[tuple[int, int]],
    hasher: MinHasher,
    embedder: Embedder,
    options: ReuseOptions,
) -> list[Reuse]:
    """Embed the articles of the screened pairs (one model call) and judge those pairs with embeddings."""
    needed = sorted({index for pair in pairs for index in pair})
    again = _prepare([prepared[i].article for i in needed], hasher, embedder, options)
    embedded = dict(zip(needed, again, strict=True))
    found = []
    for first, second in pairs:
        reuse = compare(embedded[first], embedded[second], True, options)
        if reuse is not None:
            found.append(reuse)
    return found


def _prepare(
    articles: Sequence[Article], hasher: MinHasher, embedder: Embedder | None, options: ReuseOptions
) -> list[_Prepared]:
    """Split, tokenise and embed every article once (one embedder call for the whole batch)."""
    split = [
        tuple(s for s in _align.split_sentences(article.text) if s.weight >= options.min_tokens)
        for article in articles
    ]
    vectors = _align.embed(embedder, [sentence.text for sentences in split for sentence in sentences])
    vocabulary = _align.Vocabulary()
    prepared, offset = [], 0
    for article, sentences in zip(articles, split, strict=True):
        rows = None if vectors is None else vectors[offset : offset + len(sentences)]
        offset += len(sentences)
        encoded = _align.encode([s.tokens for s in sentences], vocabulary, rows)
        prepared.append(_Prepared(article, sentences, encoded, hasher.shingles(article.text), _date(article)))
    return prepared


def _date(article: Article) -> dt.date | None:
    if not article.published:
        return None
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def _pairs(prepared: Sequence[_Prepared], hasher: MinHasher, options: ReuseOptions) -> list[tuple[int, int]]:
    """All pairs for a small batch; LSH candidates within the time window at scale."""
    if len(prepared) <= options.all_pairs_limit:
        return list(combinations(range(len(prepared)), 2))
    signatures = hasher.signatures([item.article.text for item in prepared])
    pairs = []
    for first, second in sorted(candidate_pairs(hasher.band_keys(signatures))):
        date_a, date_b = prepared[first].date, prepared[second].date
        if date_a and date_b and abs((date_a - date_b).days) > options.window_days:
            continue
        pairs.append((first, second))
    return pairs


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays of distinct shingle hashes."""
    if not len(first) or not len(second):
        return 0.0
    common = len(np.intersect1d(first, second, assume_unique=True))
    return common / (len(first) + len(second) - common)


def compare(first: _Prepared, second: _Prepared, with_embeddings: bool, options: ReuseOptions) -> Reuse | None:
    """Judge one pair of prepared articles: a ``Reuse`` or None when they share no writing."""
    return _judge(first, second, with_embeddings, options)[0]


def _judge(
    first: _Prepared, second: _Prepared, with_embeddings: bool, options: ReuseOptions
) -> tuple[Reuse | None, float]:
    """The pair's ``Reuse`` (or None) and how much of the more covered article's writing the alignment reached."""
    overlap = jaccard(first.shingles, second.shingles)
    if not first.sentences or not second.sentences:
        return None, 0.0
    block = _align.features(first.encoded, second.encoded)
    scores = _align.similarity(block, with_embeddings)
    weights_a = [s.weight for s in first.sentences]
    weights_b = [s.weight for s in second.sentences]
    alignment = _align.align(scores, weights_a, weights_b, options.sentence_threshold)
    coverage = max(alignment.coverage_a, alignment.coverage_b)
    runs = _runs(alignment.pairs)
    kind = _kind(overlap, alignment, options)
    if kind is None:
        runs = [run for run in runs if _worded(run, block, options)]
        if not runs:
            return None, coverage
        kind = "shared_passages"
    passages = tuple(_passage(run, first.sentences, second.sentences) for run in runs)
    reuse = Reuse(
        a=first.article.id, b=second.article.id, kind=kind, score=_score(kind, overlap, alignment),
        origin=_origin(first, second, kind, alignment, options), passages=passages,
    )
    return reuse, coverage


def _kind(overlap: float, alignment: _align.Alignment, options: ReuseOptions) -> ReuseKind | None:
    """Duplicate or rewrite, or None (then only worded passages can make it shared passages)."""
    if overlap >= options.duplicate_jaccard:
        return "duplicate"
    coverage = max(alignment.coverage_a, alignment.coverage_b)
    unordered = max(alignment.unordered_a, alignment.unordered_b)
    in_order = coverage / unordered if unordered else 0.0
    if (
        coverage >= options.rewrite_coverage
        and in_order >= options.rewrite_order
        and len(alignment.pairs) >= options.min_rewrite_sentences
    ):
        return "rewrite"
    return None


def _score(kind: ReuseKind, overlap: float, alignment: _align.Alignment) -> float:
    """0..1: shingle overlap for duplicates, else the share of the more covered article's writing aligned."""
    if kind == "duplicate":
        return round(overlap, 3)
    return round(min(1.0, max(alignment.coverage_a, alignment.coverage_b)), 3)


def _runs(pairs: Sequence[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Group aligned pairs that follow each other on both sides into passages."""
    runs: list[list[tuple[int, int, float]]] = []
    for pair in pairs:
        if runs and pair[0] == runs[-1][-1][0] + 1 and pair[1] == runs[-1][-1][1] + 1:
            runs[-1].append(pair)
        else:
            runs.append([pair])
    return runs


def _worded(run: Sequence[tuple[int, int, float]], block: np.ndarray, options: ReuseOptions) -> bool:
    """Whether a passage shares wording (bigrams), not only meaning: independent reports share facts."""
    return any(block[i, j, _BIGRAM] >= options.passage_overlap for i, j, _ in run)


def _passage(
    run: Sequence[tuple[int, int, float]], first: Sequence[_align.Sentence], second: Sequence[_align.Sentence]
) -> Passage:
    a_span = (first[run[0][0]].start, first[run[-1][0]].end)
    b_span = (second[run[0][1]].start, second[run[-1][1]].end)
    return Passage(a=a_span, b=b_span, score=round(float(np.mean([score for _, _, score in run])), 3))


def _origin(
    first: _Prepared, second: _Prepared, kind: ReuseKind, alignment: _align.Alignment, options: ReuseOptions
) -> str | None:
    """The earlier article by date, else (for derived pairs) the less covered one, else None."""
    if first.date and second.date and first.date != second.date:
        return first.article.id if first.date < second.date else second.article.id
    if kind == "shared_passages":
        return None
    difference = alignment.coverage_a - alignment.coverage_b
    if abs(difference) < options.origin_margin:
        return None
    # the more covered article is the copy, so the origin is the other one
    return second.article.id if difference > 0 else first.article.id


def _cohere(found: Sequence[Reuse], dates: dict[str, dt.date | None]) -> list[Reuse]:
    """Drop origins that contradict one ordering of all articles (date, then times judged the source)."""
    balance: dict[str, int] = {}
    for reuse in found:
        if reuse.origin is not None:
            copy = reuse.b if reuse.origin == reuse.a else reuse.a
            balance[reuse.origin] = balance.get(reuse.origin, 0) + 1
            balance[copy] = balance.get(copy, 0) - 1

    def rank(key: str) -> tuple[int, int, str]:
        day = dates.get(key)
        return (day.toordinal() if day else 10**9, -balance.get(key, 0), key)

    result = []
    for reuse in found:
        copy = reuse.b if reuse.origin == reuse.a else reuse.a
        if reuse.origin is not None and rank(reuse.origin) > rank(copy):
            reuse = Reuse(reuse.a, reuse.b, reuse.kind, reuse.score, None, reuse.passages)
        result.append(reuse)
    return result


def originals_of(reuse: Sequence[Reuse]) -> dict[str, str]:
    """Map each near-duplicate article id to the id whose NLP it can reuse.

    Duplicates form groups; each group's representative is an article never named a copy (the earliest id
    among those), and every other member maps to it, so chains A→B→C all map to A.
    """
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    copies = set()
    for item in reuse:
        if item.kind != "duplicate":
            continue
        if item.origin is not None:
            copies.add(item.b if item.origin == item.a else item.a)
        first, second = root(item.a), root(item.b)
        if first != second:
            parent[max(first, second)] = min(first, second)
    groups: dict[str, list[str]] = {}
    for key in {k for item in reuse if item.kind == "duplicate" for k in (item.a, item.b)}:
        groups.setdefault(root(key), []).append(key)
    mapping = {}
    for members in groups.values():
        chosen = min(members, key=lambda key: (key in copies, key))
        mapping.update({key: chosen for key in members if key != chosen})
    return dict(sorted(mapping.items()))
