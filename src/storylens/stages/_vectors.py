"""Article features for story clustering: hashed TF-IDF terms, a dense sketch, entities, years and days.

Everything here is incremental by construction: terms are hashed into a fixed space (xxhash, never ``hash()``)
so document frequencies can be counted run after run and persisted as one array.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import xxhash
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

Sparse = dict[int, float]
FloatArray = npt.NDArray[np.float32]

N_FEATURES = 1 << 18
N_ENTITY_BUCKETS = 1 << 16
SKETCH_DIM = 256

_WORD = re.compile(r"[a-z][a-z0-9]+(?:'[a-z]+)?")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
# spaCy labels that name who and where: the signals that tell lookalike events apart.
_ENTITY_KIND = {"PERSON": "p", "ORG": "o", "NORP": "o", "GPE": "g", "LOC": "g", "FAC": "g"}
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass
class Hasher:
    """Hash words into buckets, remembering each word's bucket for the duration of one call."""

    n_features: int = N_FEATURES
    _cache: dict[str, int] = field(default_factory=dict)

    def bucket(self, word: str) -> int:
        """Return the word's bucket (stable across processes and runs)."""
        found = self._cache.get(word)
        if found is None:
            found = xxhash.xxh32_intdigest(word.encode()) % self.n_features
            self._cache[word] = found
        return found


def words(text: str) -> list[str]:
    """Lower-cased content words: stop words, one-letter tokens and pure numbers left out."""
    return [word for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]


def term_counts(text: str, hasher: Hasher) -> Sparse:
    """Sublinear term frequencies (1 + log tf) per hashed bucket."""
    counts: dict[int, int] = {}
    for word in words(text):
        key = hasher.bucket(word)
        counts[key] = counts.get(key, 0) + 1
    return {key: 1.0 + math.log(count) for key, count in counts.items()}


def idf(df: npt.NDArray[np.int32], n_docs: int) -> npt.NDArray[np.float32]:
    """Smoothed inverse document frequencies for every bucket (scikit-learn's formula)."""
    weights: npt.NDArray[np.float32] = (np.log((n_docs + 1.0) / (df.astype(np.float32) + 1.0)) + 1.0).astype(np.float32)
    return weights


def weigh(counts: Sparse, weights: npt.NDArray[np.float32]) -> Sparse:
    """Return the unit-length TF-IDF vector of ``counts``."""
    vector = {key: value * float(weights[key]) for key, value in counts.items()}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm else {}


def dot(small: Sparse, large: Sparse) -> float:
    """Sparse dot product; iterate over the smaller vector."""
    if len(small) > len(large):
        small, large = large, small
    return sum(value * large.get(key, 0.0) for key, value in small.items())


def norm(vector: Sparse) -> float:
    """Euclidean length."""
    return math.sqrt(sum(value * value for value in vector.values()))


def add_into(total: Sparse, vector: Sparse, max_terms: int) -> None:
    """Add ``vector`` to ``total`` in place, keeping only the ``max_terms`` heaviest terms (memory bound)."""
    for key, value in vector.items():
        total[key] = total.get(key, 0.0) + value
    if len(total) > 2 * max_terms:  # trim rarely: sorting on every update would dominate the run time
        kept = sorted(total.items(), key=lambda item: (-item[1], item[0]))[:max_terms]
        total.clear()
        total.update(kept)


def sketch(vector: Sparse, dim: int = SKETCH_DIM) -> FloatArray:
    """A count sketch of a sparse vector: dot products are preserved in expectation, for the ANN index."""
    out = np.zeros(dim, dtype=np.float32)
    if not vector:
        return out
    keys = np.fromiter(vector.keys(), dtype=np.int64, count=len(vector))
    values = np.fromiter(vector.values(), dtype=np.float32, count=len(vector))
    # Buckets are already uniform hashes: low bits pick the slot, the next bit the sign.
    signs = np.where((keys // dim) % 2 == 0, 1.0, -1.0).astype(np.float32)
    np.add.at(out, keys % dim, values * signs)
    return out


def entity_key(text: str, label: str) -> str | None:
    """Normalise one named entity to ``kind:name`` (None when its label is not a who/where)."""
    kind = _ENTITY_KIND.get(label)
    if kind is None:
        return None
    name = _POSSESSIVE.sub("", _LEADING_ARTICLE.sub("", " ".join(text.lower().split())))
    return f"{kind}:{name}" if len(name) > 1 else None


def doc_entities(doc: Any) -> set[str]:
    """Entity keys of a spaCy ``Doc`` (anything with ``.ents`` of spans with ``.text`` and ``.label_``).

    People are also keyed by surname alone, because later mentions drop the first name.
    """
    keys: set[str] = set()
    for ent in getattr(doc, "ents", ()):
        key = entity_key(ent.text, ent.label_)
        if key is None:
            continue
        keys.add(key)
        if key.startswith("p:") and " " in key:
            keys.add("p:" + key.rsplit(" ", 1)[1])
    return keys


def entity_bucket(key: str) -> int:
    """Bucket for an entity's document frequency."""
    return int(xxhash.xxh32_intdigest(("ent\x00" + key).encode()) % N_ENTITY_BUCKETS)


def years(text: str) -> set[int]:
    """Calendar years the text mentions (1950–2099)."""
    return {int(match) for match in _YEAR.findall(text)}


def day_number(published: str | None) -> int | None:
    """Days since year 1 of an ISO date or datetime, or None when absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def share_overlap(keys: Iterable[str], counts: Mapping[str, int], size: int, weights: Mapping[str, float]) -> float:
    """Weighted share of ``keys`` the story also carries, each scaled by how many of its articles carry it."""
    total = 0.0
    shared = 0.0
    for key in keys:
        weight = weights.get(key, 1.0)
        total += weight
        shared += weight * min(1.0, counts.get(key, 0) / max(size, 1))
    return shared / total if total else 0.0
