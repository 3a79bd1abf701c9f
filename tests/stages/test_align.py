"""Sentence splitting, quotation masking and in-order alignment (texts invented for the tests)."""

from __future__ import annotations

import numpy as np
from reuse_texts import FLOOD_A, ORIGINAL, REWRITE

from storylens.stages.reuse import align as _align


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    text = "Mr. Smith met U.S. officials on Monday. They talked.\nA new paragraph starts here!"
    sentences = _align.split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Smith met U.S. officials on Monday.",
        "They talked.",
        "A new paragraph starts here!",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_quoted_words_carry_no_weight() -> None:
    sentences = _align.split_sentences(FLOOD_A)
    quoted = next(s for s in sentences if "Nobody" in s.text)
    assert "nobody" not in quoted.tokens and "kitchen" not in quoted.tokens
    assert quoted.weight <= 3  # only the attribution ("Darrow said") remains


def test_similarity_ranks_paraphrase_above_unrelated() -> None:
    vocabulary = _align.Vocabulary()
    sentence = _align.tokenize("Drivers will be diverted through the northern ring road.")
    first = _align.encode([sentence], vocabulary, None)
    second = _align.encode(
        [
            _align.tokenize("Drivers are diverted via the northern ring road."),
            _align.tokenize("The Otters won the basketball cup on Saturday."),
        ],
        vocabulary,
        None,
    )
    scores = _align.similarity(_align.features(first, second), with_embeddings=False)
    assert scores.shape == (1, 2)
    assert scores[0, 0] > 0.5 > scores[0, 1]


def test_alignment_is_monotone_and_covers_rewrite() -> None:
    a, b = _align.split_sentences(ORIGINAL), _align.split_sentences(REWRITE)
    vocabulary = _align.Vocabulary()
    block = _align.features(
        _align.encode([s.tokens for s in a], vocabulary, None), _align.encode([s.tokens for s in b], vocabulary, None)
    )
    result = _align.align(_align.similarity(block, False), [s.weight for s in a], [s.weight for s in b], 0.15)
    indexes = [(i, j) for i, j, _ in result.pairs]
    assert indexes == sorted(indexes) and len({j for _, j in indexes}) == len(indexes)
    assert result.coverage_a > 0.5 and result.coverage_b > 0.5


def test_monotone_prefers_in_order_matches() -> None:
    scores = np.array([[0.9, 0.0, 0.0], [0.0, 0.0, 0.8], [0.0, 0.7, 0.0]])
    result = _align.align(scores, [5, 5, 5], [5, 5, 5], 0.5)
    assert [(i, j) for i, j, _ in result.pairs] in ([(0, 0), (1, 2)], [(0, 0), (2, 1)])
    assert result.unordered_a == 1.0 and result.coverage_a < 1.0


def _encoded(seed: int) -> dict[int, _align.Encoded]:
    # Fiction: the rewrite fixtures, a third text of numbers, and an article with no sentence left.
    texts = [ORIGINAL, REWRITE, FLOOD_A, "Turnout rose to 61.5 percent in 2024 from 48 percent in 2019.", ""]
    vocabulary = _align.Vocabulary()
    rng = np.random.default_rng(seed)
    encoded = {}
    for key, text in enumerate(texts):
        tokens = [s.tokens for s in _align.split_sentences(text)]
        encoded[key] = _align.encode(tokens, vocabulary, rng.standard_normal((len(tokens), 8)).astype(np.float32))
    return encoded


def test_pair_features_equal_per_pair_features_to_the_bit() -> None:
    encoded = _encoded(7)
    pairs = [(0, 1), (0, 2), (0, 4), (1, 3), (2, 3), (3, 0)]
    blocks = list(_align.pair_features(encoded, pairs))
    assert len(blocks) == len(pairs)
    for (first, second), block in zip(pairs, blocks, strict=True):
        expected = _align.features(encoded[first], encoded[second])
        assert block.shape == expected.shape
        assert np.array_equal(block, expected)
    assert blocks[0][..., _align.FEATURES.index("jaccard")].max() > 0.5  # the rewrite shares wording


def test_pair_scores_equal_similarity_of_features_in_any_pieces() -> None:
    # Tiny pieces force both the partner groups and the row slices (one row, one partner at a time).
    encoded = _encoded(11)
    pairs = [(0, 1), (0, 2), (0, 4), (1, 3), (2, 3), (3, 0)]
    bigram = _align.FEATURES.index("bigram")
    for cells in (1, 5, 40, _align.CELLS):
        for embedded in (False, True):
            scored = list(_align.pair_scores(encoded, pairs, embedded, cells=cells))
            assert len(scored) == len(pairs)
            for (first, second), pair in zip(pairs, scored, strict=True):
                block = _align.features(encoded[first], encoded[second])
                assert np.array_equal(pair.scores, _align.similarity(block, embedded))
                assert np.array_equal(pair.bigram, block[..., bigram])
    assert next(_align.pair_scores(encoded, [(0, 1)], False)).scores.max() > 0.5  # the rewrite is found


def test_products_over_the_first_articles_tokens_equal_the_full_vocabulary_products() -> None:
    # The products run over the tokens the first article has; over the whole vocabulary they must be the same bits.
    encoded = _encoded(5)
    width = max(item.words.shape[1] for item in encoded.values())
    for first in encoded:
        words = _align.sparse.vstack([_align._rows(item.words, width) for item in encoded.values()], format="csr")
        bigrams = _align.sparse.vstack([_align._rows(item.bigrams, width) for item in encoded.values()], format="csr")
        narrowed = _align._products(encoded[first], words, bigrams, width)
        own = encoded[first]
        full = (
            (_align._rows(own.words, width) @ words.T).toarray(),
            (_align._rows(own.weighted, width) @ words.T).toarray(),
            (_align._rows(own.bigrams, width) @ bigrams.T).toarray(),
            (_align._rows(own.numbers, width) @ words.T).toarray(),
        )
        for got, expected in zip(narrowed, full, strict=True):
            assert np.array_equal(got, expected)
    assert _align._products(encoded[0], words, bigrams, width)[0].max() > 3  # the rewrite shares words


def test_weighted_words_are_each_word_times_its_idf() -> None:
    vocabulary = _align.Vocabulary()
    tokens = [_align.tokenize("The ferry to Wexmoor sails at 7 from the northern pier."), _align.tokenize("Wexmoor")]
    encoded = _align.encode(tokens, vocabulary, None)
    dense_words, dense_weighted = encoded.words.toarray(), encoded.weighted.toarray()
    idf = np.asarray([vocabulary.weight(index) for index in range(len(vocabulary))])
    assert np.array_equal(dense_weighted, dense_words * idf[None, :])
    wexmoor = vocabulary.ids["wexmoor"]
    assert vocabulary.weight(wexmoor) > vocabulary.weight(vocabulary.ids["the"])  # the rare name weighs more
