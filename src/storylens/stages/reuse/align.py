"""Sentence alignment between two articles: lexical overlap plus sentence-embedding similarity.

A sentence pair's similarity is a tiny logistic regression over a few features (embedding cosine, word and
bigram overlap, IDF-weighted overlap, length ratio, number agreement), trained on the developer part of a news
paraphrase corpus by ``bench/reuse_msrp.py``; its weights are the constants below. Without an embedder the
lexical-only weights are used.

Text inside quotation marks is masked before the lexical features and sentence weights are computed: two
independent reports that quote the same official share the quotation, not each other's writing, so a sentence
that is mostly quotation carries (almost) no weight towards a rewrite.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse
from wordfreq import zipf_frequency

from storylens.nlp.embeddings import Embedder
from storylens.text.quotations import quotation_spans
from storylens.text.sentences import sentence_spans
from storylens.text.words import stems

Matrix = npt.NDArray[np.float64]
Vectors = npt.NDArray[np.float32]

# Logistic-regression weights over FEATURES, printed by `bench/reuse_msrp.py --fit` (standardisation folded in).
FEATURES = ("cosine", "jaccard", "idf_dice", "idf_min", "idf_max", "bigram", "length", "numbers", "unmatched")
WEIGHTS_EMBED = (4.2474, 7.4717, -4.5015, 2.7315, 0.6190, -2.5880, 1.5236, -0.4447, -0.0306)
BIAS_EMBED = -4.7408
WEIGHTS_LEXICAL = (0.0, 8.3148, -3.1320, 3.8254, 0.7072, -3.0516, 1.3121, -0.4144, -0.0222)
BIAS_LEXICAL = -3.1853

_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: its span, text, and the tokens outside quotation marks."""

    start: int
    end: int
    text: str
    tokens: tuple[str, ...] = field(default=())

    @property
    def weight(self) -> int:
        """How much own writing the sentence carries: its token count outside quotation marks."""
        return len(self.tokens)


def tokenize(text: str) -> tuple[str, ...]:
    """Return the lower-cased, stemmed word tokens of ``text`` (the kernel's tokenizer and stemmer)."""
    return stems(text)


def _masked(text: str, spans: Sequence[tuple[int, int]], offset: int) -> str:
    """Blank out the parts of ``text`` (starting at ``offset`` in the article) inside ``spans``."""
    chars = list(text)
    for begin, end in spans:
        for index in range(max(begin - offset, 0), min(end - offset, len(chars))):
            chars[index] = " "
    return "".join(chars)


def split_sentences(text: str, mask_quotes: bool = True) -> list[Sentence]:
    """Split an article into sentences with offsets; tokens exclude quoted text when ``mask_quotes``."""
    spans = quotation_spans(text) if mask_quotes else []
    sentences = []
    for begin, finish in sentence_spans(text):
        inside = [span for span in spans if span[0] < finish and span[1] > begin]
        sentences.append(
            Sentence(begin, finish, text[begin:finish], tokenize(_masked(text[begin:finish], inside, begin)))
        )
    return sentences


class Vocabulary:
    """Token ids and IDF weights for one batch of sentences (IDF from general English word frequencies).

    Words and bigrams share the ids; only words are weighted, so a token's IDF is looked up the first time it is
    asked for (``weight``), not when its id is made: most ids are bigrams, whose weight is never read.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []
        self._idf: dict[int, float] = {}

    def id_of(self, token: str) -> int:
        """Return the id of ``token``, adding it when new."""
        known = self.ids.get(token)
        if known is not None:
            return known
        self.ids[token] = len(self.tokens)
        self.tokens.append(token)
        return len(self.tokens) - 1

    def weight(self, token_id: int) -> float:
        """The IDF weight of the token with id ``token_id``."""
        known = self._idf.get(token_id)
        if known is None:
            # rare words carry the evidence of shared writing; very common words almost none
            known = self._idf[token_id] = max(0.5, 7.5 - zipf_frequency(self.tokens[token_id], "en"))
        return known

    def __len__(self) -> int:
        return len(self.tokens)


@dataclass(frozen=True)
class Encoded:
    """Sparse token views of a list of sentences, ready for pairwise features."""

    words: sparse.csr_matrix
    bigrams: sparse.csr_matrix
    numbers: sparse.csr_matrix
    weighted: sparse.csr_matrix
    vectors: Vectors | None


def encode(token_lists: Sequence[Sequence[str]], vocabulary: Vocabulary, vectors: Vectors | None) -> Encoded:
    """Build the sparse set matrices of ``token_lists`` over ``vocabulary``."""
    word_rows = [{vocabulary.id_of(token) for token in tokens} for tokens in token_lists]
    bigram_rows = [{vocabulary.id_of(a + " " + b) for a, b in itertools.pairwise(tokens)} for tokens in token_lists]
    number_rows = [{vocabulary.id_of(token) for token in tokens if _NUMBER.search(token)} for tokens in token_lists]
    size = max(len(vocabulary), 1)
    words = _binary(word_rows, size)
    # Each stored word times its IDF, built from the row's own entries: an IDF row as wide as the vocabulary, made
    # per article, cost time in proportion to the corpus for every article (BENCHMARKS.md, Speed: growth).
    idf = np.fromiter((vocabulary.weight(int(index)) for index in words.indices), np.float64, len(words.indices))
    weighted = sparse.csr_matrix((idf, words.indices.copy(), words.indptr.copy()), shape=words.shape)
    return Encoded(words, _binary(bigram_rows, size), _binary(number_rows, size), weighted, vectors)


def _binary(rows: Sequence[set[int]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(row) for row in rows])
    indices = np.fromiter((item for row in rows for item in sorted(row)), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), width))


def _rows(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    """Widen ``matrix`` to ``width`` columns (the vocabulary grows while batches are encoded)."""
    matrix = sparse.csr_matrix(matrix)
    matrix.resize((matrix.shape[0], width))
    return matrix


def features(first: Encoded, second: Encoded) -> npt.NDArray[np.float64]:
    """Return the (len(first), len(second), len(FEATURES)) feature block of every sentence pair."""
    width = max(first.words.shape[1], second.words.shape[1])
    products = _products(first, _rows(second.words, width), _rows(second.bigrams, width), width)
    return _block(_cosine(first.vectors, second.vectors), (_totals(first), _totals(second)), *products)


@dataclass(frozen=True)
class Scored:
    """One pair's sentence-by-sentence paraphrase probabilities and bigram overlaps (what judging a pair reads)."""

    scores: Matrix
    bigram: Matrix


#: Dense cells (first's rows x partners' rows) of one overlap product. Two long near-identical texts of 2,700
#: sentences each made a 9-feature block of 525 MB per pair and products against all partners of 230 MB each;
#: products and blocks are built in pieces of at most this many cells (about 4 MB per product, 40 MB per block).
CELLS = 1 << 19


def pair_scores(
    encoded: Mapping[int, Encoded], pairs: Sequence[tuple[int, int]], with_embeddings: bool, cells: int = CELLS
) -> Iterator[Scored]:
    """Yield ``similarity(features(a, b))`` and its bigram feature for each pair, in order, equal to the last bit.

    As in ``pair_features``, an article's overlaps with its partners come from one sparse product, but partners
    are taken in groups and the article's rows in slices so that no dense product exceeds ``cells`` (a slice is a
    row subset: each entry is computed exactly as before). Articles of ordinary length fit in one piece; the
    feature block of a pair is never held whole, so memory is about two floats per sentence pair.
    """
    if not pairs:
        return
    sides = _Sides.of(encoded)
    for first, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
        columns = cells // max(encoded[first].words.shape[0], 1)
        for partners in _groups([second for _, second in group], encoded, columns):
            yield from sides.scores(first, partners, with_embeddings, cells)


@dataclass(frozen=True)
class _Sides:
    """Encoded articles widened to one vocabulary width, with their per-sentence totals."""

    encoded: Mapping[int, Encoded]
    width: int
    wide: Mapping[int, tuple[sparse.csr_matrix, sparse.csr_matrix]]
    totals: Mapping[int, _Totals]

    @staticmethod
    def of(encoded: Mapping[int, Encoded]) -> _Sides:
        """Widen every article's words and bigrams to the widest vocabulary and sum its rows."""
        width = max(item.words.shape[1] for item in encoded.values())
        wide = {key: (_rows(item.words, width), _rows(item.bigrams, width)) for key, item in encoded.items()}
        return _Sides(encoded, width, wide, {key: _totals(item) for key, item in encoded.items()})

    def stacked(self, partners: Sequence[int]) -> list[sparse.csr_matrix]:
        """The partners' words and bigrams stacked: one product against all of them."""
        return [sparse.vstack([self.wide[key][part] for key in partners], format="csr") for part in (0, 1)]

    def scores(self, first: int, partners: Sequence[int], with_embeddings: bool, cells: int) -> list[Scored]:
        """``first``'s scores against each partner, its rows taken in slices of at most ``cells`` dense cells."""
        rows = self.encoded[first].words.shape[0]
        scored = [_empty(rows, self.encoded[key].words.shape[0]) for key in partners]
        # one product per pair: float32 products of row slices may differ from the whole in the last bits
        cosines = [_cosine(self.encoded[first].vectors, self.encoded[key].vectors) for key in partners]
        words, bigrams = self.stacked(partners)
        step = max(cells // max(words.shape[0], 1), 1)
        for start in range(0, rows, step):
            piece, sums = _slice(self.encoded[first], self.totals[first], start, start + step, self.width)
            products = _products(piece, words, bigrams, self.width)
            offset = 0
            for key, pair, cosine in zip(partners, scored, cosines, strict=True):
                size = self.encoded[key].words.shape[0]
                parts = (block[:, offset : offset + size] for block in products)
                rows_cosine = None if cosine is None else cosine[start : start + step]
                block = _block(rows_cosine, (sums, self.totals[key]), *parts)
                pair.scores[start : start + step] = similarity(block, with_embeddings)
                pair.bigram[start : start + step] = block[..., FEATURES.index("bigram")]
                offset += size
        return scored


def _groups(partners: Sequence[int], encoded: Mapping[int, Encoded], columns: int) -> Iterator[list[int]]:
    """Consecutive partners whose rows add up to at most ``columns`` (a longer partner alone)."""
    group: list[int] = []
    total = 0
    for key in partners:
        size = encoded[key].words.shape[0]
        if group and total + size > columns:
            yield group
            group, total = [], 0
        group.append(key)
        total += size
    if group:
        yield group


def _empty(rows: int, columns: int) -> Scored:
    return Scored(np.zeros((rows, columns)), np.zeros((rows, columns)))


def _slice(encoded: Encoded, totals: _Totals, start: int, stop: int, width: int) -> tuple[Encoded, _Totals]:
    """Rows ``start:stop`` of an encoded article and of its totals (the whole of it when they cover it all)."""
    if start == 0 and stop >= encoded.words.shape[0]:
        return encoded, totals
    words, bigrams, numbers, weighted = (
        _rows(matrix, width)[start:stop]
        for matrix in (encoded.words, encoded.bigrams, encoded.numbers, encoded.weighted)
    )
    sliced = Encoded(words, bigrams, numbers, weighted, None)  # the caller slices the pair's cosines
    return sliced, (totals[0][start:stop], totals[1][start:stop], totals[2][start:stop], totals[3][start:stop])


def pair_features(
    encoded: Mapping[int, Encoded], pairs: Sequence[tuple[int, int]]
) -> Iterator[npt.NDArray[np.float64]]:
    """Yield ``features(encoded[a], encoded[b])`` for each pair, in order, equal to the last bit.

    The sparse products of an article against all its partners are one product (a pair's block is a slice of
    it), not one per pair: per-pair products cost far more in scipy's overhead than in arithmetic. Each entry of
    a product sums over the first matrix's row in stored order, whatever the other rows, so slices equal the
    per-pair products exactly.
    """
    if not pairs:
        return
    sides = _Sides.of(encoded)
    for first, group in itertools.groupby(pairs, key=lambda pair: pair[0]):
        partners = [second for _, second in group]
        words, bigrams = sides.stacked(partners)
        products = _products(encoded[first], words, bigrams, sides.width)
        offset = 0
        for key in partners:
            size = encoded[key].words.shape[0]
            cosine, sums = (
                _cosine(encoded[first].vectors, encoded[key].vectors),
                (sides.totals[first], sides.totals[key]),
            )
            yield _block(cosine, sums, *(block[:, offset : offset + size] for block in products))
            offset += size


def _products(
    first: Encoded, words: sparse.csr_matrix, bigrams: sparse.csr_matrix, width: int
) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """Common words, shared IDF mass, common bigrams and common numbers of ``first``'s sentences with the rows.

    Numbers are counted against the other side's words: a number token found among them is one of its numbers.
    The products run over only the tokens ``first`` has (renumbered in the same order, so every entry sums the same
    terms in the same order, to the bit): over the whole vocabulary, each product cost time in proportion to the
    corpus (scipy builds a row index as long as the vocabulary), for every article.
    """
    del width  # the narrowed products need no common width
    tokens = np.union1d(first.words.indices, first.bigrams.indices)  # numbers and weights are on word columns
    other, other_bigrams = _narrow(words, tokens).T, _narrow(bigrams, tokens).T
    common = (_narrow(first.words, tokens) @ other).toarray()
    shared = (_narrow(first.weighted, tokens) @ other).toarray()
    common_bigrams = (_narrow(first.bigrams, tokens) @ other_bigrams).toarray()
    numbers = (_narrow(first.numbers, tokens) @ other).toarray()
    return common, shared, common_bigrams, numbers


def _narrow(matrix: sparse.csr_matrix, tokens: npt.NDArray[np.int32]) -> sparse.csr_matrix:
    """``matrix``'s columns ``tokens`` (sorted) only, numbered 0.. in that order; entries keep their stored order."""
    matrix = sparse.csr_matrix(matrix)
    width = max(len(tokens), 1)
    position = np.searchsorted(tokens, matrix.indices) if len(tokens) else np.zeros(len(matrix.indices), np.intp)
    clipped = np.minimum(position, width - 1)
    keep = tokens[clipped] == matrix.indices if len(tokens) else np.zeros(len(matrix.indices), bool)
    indptr = np.concatenate(([0], np.cumsum(keep)))[matrix.indptr]
    return sparse.csr_matrix((matrix.data[keep], clipped[keep], indptr), shape=(matrix.shape[0], width))


_Totals = tuple[Matrix, Matrix, Matrix, Matrix]


def _totals(encoded: Encoded) -> _Totals:
    """Per sentence: its words, IDF mass, bigrams and numbers."""
    return _sums(encoded.words), _sums(encoded.weighted), _sums(encoded.bigrams), _sums(encoded.numbers)


def _block(
    cosine: Matrix | None,
    sums: tuple[_Totals, _Totals],
    common: Matrix,
    shared: Matrix,
    bigrams: Matrix,
    numbers: Matrix,
) -> Matrix:
    """The feature block of two encoded articles from their sentence pairs' overlap counts."""
    (size_a, mass_a, big_a, num_a), (size_b, mass_b, big_b, num_b) = sums
    size_a, mass_a, big_a, num_a = size_a[:, None], mass_a[:, None], big_a[:, None], num_a[:, None]
    size_b, mass_b, big_b, num_b = size_b[None, :], mass_b[None, :], big_b[None, :], num_b[None, :]
    if cosine is None:
        cosine = np.zeros_like(common)
    with np.errstate(divide="ignore", invalid="ignore"):
        blocks = (
            cosine,
            common / np.maximum(size_a + size_b - common, 1),
            2 * shared / np.maximum(mass_a + mass_b, 1e-9),
            shared / np.maximum(np.maximum(mass_a, mass_b), 1e-9),
            shared / np.maximum(np.minimum(mass_a, mass_b), 1e-9),
            bigrams / np.maximum(np.minimum(big_a, big_b), 1),
            np.minimum(size_a, size_b) / np.maximum(np.maximum(size_a, size_b), 1),
            (num_a + num_b - 2 * numbers) / np.maximum(num_a + num_b - numbers, 1),
            np.maximum(mass_a - shared, mass_b - shared),
        )
    return np.stack([np.broadcast_to(block, common.shape) for block in blocks], axis=2)


def _cosine(first: Vectors | None, second: Vectors | None) -> Matrix | None:
    """Cosine similarities of two articles' normalised sentence vectors, or None without vectors."""
    if first is None or second is None or not len(first) or not len(second):
        return None
    return (first @ second.T).astype(np.float64)


def _sums(matrix: sparse.csr_matrix) -> npt.NDArray[np.float64]:
    return np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()


def similarity(block: npt.NDArray[np.float64], with_embeddings: bool) -> Matrix:
    """Turn a feature block into paraphrase probabilities (0..1) with the fitted weights."""
    weights = np.asarray(WEIGHTS_EMBED if with_embeddings else WEIGHTS_LEXICAL)
    bias = BIAS_EMBED if with_embeddings else BIAS_LEXICAL
    logits = np.clip(block @ weights + bias, -30, 30)
    result: Matrix = 1.0 / (1.0 + np.exp(-logits))
    return result


def embed(embedder: Embedder | None, texts: Sequence[str]) -> Vectors | None:
    """Encode ``texts`` with ``embedder`` (None when there is no embedder)."""
    if embedder is None:
        return None
    return np.asarray(embedder.encode(list(texts)), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Alignment:
    """An in-order, one-to-one alignment of sentences of ``a`` to sentences of ``b``.

    Attributes:
        pairs: (index in a, index in b, similarity), increasing in both indexes.
        coverage_a: Share of a's own writing (weights) that is aligned.
        coverage_b: Share of b's own writing that is aligned.
        unordered_a: Share of a's weight that has a match in b regardless of order.
        unordered_b: The same for b.
    """

    pairs: tuple[tuple[int, int, float], ...]
    coverage_a: float
    coverage_b: float
    unordered_a: float
    unordered_b: float


def align(scores: Matrix, weights_a: Sequence[int], weights_b: Sequence[int], threshold: float) -> Alignment:
    """Align sentences in order, maximising the summed similarity above ``threshold`` (a weighted LCS)."""
    gain = np.where(scores >= threshold, scores - threshold + 1e-6, -1.0)
    pairs = _monotone(gain)
    chosen = tuple((i, j, float(scores[i, j])) for i, j in pairs)
    total_a, total_b = max(sum(weights_a), 1), max(sum(weights_b), 1)
    matched = scores >= threshold
    return Alignment(
        pairs=chosen,
        coverage_a=sum(weights_a[i] for i, _, _ in chosen) / total_a,
        coverage_b=sum(weights_b[j] for _, j, _ in chosen) / total_b,
        unordered_a=float(np.dot(np.asarray(weights_a, dtype=float), matched.any(axis=1))) / total_a,
        unordered_b=float(np.dot(np.asarray(weights_b, dtype=float), matched.any(axis=0))) / total_b,
    )


def _monotone(gain: Matrix) -> list[tuple[int, int]]:
    """Dynamic programme over the gain matrix; each row's update is vectorised as a running maximum."""
    rows, cols = gain.shape
    table = np.zeros((rows + 1, cols + 1))
    for i in range(1, rows + 1):
        diagonal = table[i - 1, :-1] + gain[i - 1]
        candidate = np.maximum(table[i - 1, 1:], diagonal)
        table[i, 1:] = np.maximum.accumulate(candidate)
    pairs: list[tuple[int, int]] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if table[i, j] == table[i - 1, j]:
            i -= 1
        elif table[i, j] == table[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]
