"""Candidate pairs from rare words shared: how a paraphrased rewrite is found above the all-pairs limit.

MinHash over word shingles proposes pairs that share wording; a content-farm rewrite changes the wording and
keeps the facts, so it shares almost no three-word shingle with its source. It does keep the rare words: the
names of the people, places and companies, the unusual nouns. Articles sharing several rare words (``min_shared``)
become candidates, each article keeping only its ``neighbours`` strongest partners, and a word found in more than
``max_postings`` articles is not rare in this corpus and proposes nothing: the cost stays linear in the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True, slots=True)
class BlockingOptions:
    """Which words are rare and how many a candidate pair must share.

    Attributes:
        rare_zipf: A word rarer than this in general English (Zipf frequency) is rare.
        min_shared: Two articles sharing at least this many rare words are a candidate pair.
        neighbours: Each article keeps at most this many partners (most rare words shared first).
        max_postings: A word in more articles than this is not rare in the corpus and is ignored.
    """

    rare_zipf: float = 3.0
    min_shared: int = 2
    neighbours: int = 5
    max_postings: int = 40


@lru_cache(maxsize=262144)
def _is_rare(word: str, threshold: float) -> bool:
    return zipf_frequency(word, "en") < threshold


def rare_words(text: str, options: BlockingOptions) -> frozenset[str]:
    """The lower-case words of ``text`` rarer than ``options.rare_zipf`` in general English."""
    return frozenset(w for w in {m.group(0).lower() for m in _WORD.finditer(text)} if _is_rare(w, options.rare_zipf))


def rare_word_pairs(texts: Sequence[str], options: BlockingOptions) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of texts sharing enough rare words (each text's strongest partners)."""
    postings: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        for word in rare_words(text, options):
            postings.setdefault(word, []).append(index)
    shared: dict[int, dict[int, int]] = {}
    for members in postings.values():
        if len(members) > options.max_postings:
            continue
        for position, first in enumerate(members):
            for second in members[position + 1 :]:
                row = shared.setdefault(first, {})
                row[second] = row.get(second, 0) + 1
    partners: dict[int, list[tuple[int, int]]] = {}
    for first, row in shared.items():
        for second, count in row.items():
            if count >= options.min_shared:
                partners.setdefault(first, []).append((count, second))
                partners.setdefault(second, []).append((count, first))
    pairs: set[tuple[int, int]] = set()
    for index, found in partners.items():
        for _, other in sorted(found, key=lambda item: (-item[0], item[1]))[: options.neighbours]:
            pairs.add((min(index, other), max(index, other)))
    return pairs
