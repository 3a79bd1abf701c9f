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
    """Hash words into buckets and look up their prior weights, remembering both for the duration of one call."""

    n_features: int = N_FEATURES
    _cache: dict[str, tuple[int, float]] = field(default_factory=dict)

    def bucket(self, word: str) -> tuple[int, float]:
        """Return the word's bucket (stable across processes and runs) and its prior weight."""
        found = self._cache.get(word)
        if found is None:
            found = (xxhash.xxh32_intdigest(word.encode()) % self.n_features, prior_weight(word))
            self._cache[word] = found
        return found


def prior_weight(word: str) -> float:
    """An IDF-like weight from general English word frequency (1 for everyday words, up to 4.5 for rare ones).

    A run's own document frequencies say little while it has seen few articles (in a batch of three reports of
    one event, the event's own words are in every document); this prior stands in until the corpus is large.
    """
    from wordfreq import zipf_frequency

    return 1.0 + 0.5 * max(0.0, 7.0 - float(zipf_frequency(word, "en")))


def words(text: str) -> list[str]:
    """Lower-cased content words: stop words, one-letter tokens and pure numbers left out."""
    return [word for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]


@dataclass(frozen=True, slots=True)
class TermCounts:
    """Sublinear term frequencies (1 + log tf) per hashed bucket, and each bucket's prior weight."""

    tf: Sparse
    prior: Sparse


def term_counts(text: str, hasher: Hasher) -> TermCounts:
    """Count the content words of ``text`` into hashed buckets."""
    counts: dict[int, int] = {}
    prior: Sparse = {}
    for word in words(text):
        key, weight = hasher.bucket(word)
        counts[key] = counts.get(key, 0) + 1
        prior[key] = weight
    return TermCounts({key: 1.0 + math.log(count) for key, count in counts.items()}, prior)


def idf(df: npt.NDArray[np.int32], n_docs: int) -> npt.NDArray[np.float32]:
    """Smoothed inverse document frequencies for every bucket (scikit-learn's formula)."""
    weights: npt.NDArray[np.float32] = (np.log((n_docs + 1.0) / (df.astype(np.float32) + 1.0)) + 1.0).astype(np.float32)
    return weights


def weigh(counts: TermCounts, weights: npt.NDArray[np.float32], n_docs: int, prior_docs: int) -> Sparse:
    """Return the unit-length TF-IDF vector of ``counts``.

    The weight is a geometric blend of the corpus IDF and the prior: the prior dominates until the corpus holds
    about ``prior_docs`` documents.
    """
    share = n_docs / (n_docs + prior_docs) if prior_docs else 1.0
    vector = {
        key: value * float(weights[key]) ** share * counts.prior[key] ** (1.0 - share)
        for key, value in counts.tf.items()
    }
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {key: value / norm for key, value in vector.items()} if norm else {}


def dot(small: Sparse, large: Sparse) -> float:
    """Sparse dot product; iterate over the smaller vector."""
    if len(small) > len(large):
        small, large = large, small
    return sum(value * large.get(key, 0.0) for key, value in small.items())


def norm(vector: Sparse) -> float:
    """Euclidean length."""
    if len(vector) < 32:
        return math.sqrt(sum(value * value for value in vector.values()))
    values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
    return float(np.sqrt(values @ values))


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


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINES = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"), ("y", "m", "d")),
    (re.compile(_MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b"), ("mon", "d", "y")),
    (re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b"), ("d", "mon", "y")),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"), ("m", "d", "y")),
)


def dateline_day(text: str, head_chars: int = 400) -> int | None:
    """A full date printed near the top of the text (a page's dateline), as a day number, when there is one.

    Pages often carry their publication date in the first lines ("Posted: May 24, 2005", "12/16/08"); it stands
    in for ``published`` when that is unknown. Month-first is assumed for slashed dates, as in US news pages.
    """
    head = text[:head_chars].lower()
    found: list[tuple[int, int]] = []
    for pattern, order in _DATELINES:
        match = pattern.search(head)
        day = _to_day(dict(zip(order, match.groups(), strict=True))) if match else None
        if match and day is not None:
            found.append((match.start(), day))
    return min(found)[1] if found else None


def _to_day(parts: dict[str, str]) -> int | None:
    year = int(parts["y"])
    year += 2000 if year < 50 else 1900 if year < 100 else 0
    month = _MONTHS.index(parts["mon"][:3]) + 1 if "mon" in parts else int(parts["m"])
    try:
        return dt.date(year, month, int(parts["d"])).toordinal()
    except ValueError:
        return None


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


def head_values(text: str) -> frozenset[str]:
    """Numbers and dates the head states, each as ``what=amount`` (the counted noun, or ``date``; years apart).

    These tell look-alike events apart when dates are missing: another quake's magnitude, another crash's toll.
    """
    from storylens.text.values import mentions

    found = set()
    for mention in mentions(text):
        if mention.kind not in ("quantity", "date"):
            continue
        amount = mention.low if math.isinf(mention.high) else (mention.low + mention.high) / 2
        found.add(f"{mention.kind}:{mention.key}={amount:.4g}")
    return frozenset(found)
