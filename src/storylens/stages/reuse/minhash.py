"""MinHash signatures over word shingles and an incremental LSH index bounded by a time window.

Hashing is stable across processes and machines: words are hashed with xxh3-64 (seeded), shingles are combined
and permuted with fixed 64-bit arithmetic in numpy. The scheme name, seed and sizes travel with every persisted
index (``to_bytes``), and ``from_bytes`` refuses an index made under another scheme, because signatures from
different schemes are not comparable.

Signatures are one-permutation MinHash with densification, computed for many documents at once: all shingles of
a batch go through one vectorised kernel (hash once, bin, sort), which is what makes this several times faster
than classic MinHash's num_perm hashes per shingle, document by document.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import xxhash

SCHEME = "storylens-minhash/xxh3-64-words/oph-densified/1"
_WORD = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.uint32(0xFFFFFFFF)
_MAX_WORDS = 1_000_000  # word-hash memo size; vocabularies are Zipfian, a million covers the head

Signatures = npt.NDArray[np.uint32]
BandKeys = npt.NDArray[np.uint64]
U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class MinHashScheme:
    """How signatures are made: everything that must match for two signatures to be comparable.

    Attributes:
        num_perm: Permutations per signature.
        bands: LSH bands; ``num_perm`` must be a multiple. Rows per band = num_perm / bands.
        shingle: Words per shingle.
        seed: Seed of the word hash and of the permutation constants.
    """

    num_perm: int = 128
    bands: int = 32
    shingle: int = 3
    seed: int = 1

    @property
    def rows(self) -> int:
        """Rows (signature values) per band."""
        return self.num_perm // self.bands

    def threshold(self) -> float:
        """The Jaccard similarity at which a pair becomes a candidate with probability about one half."""
        return float((1.0 / self.bands) ** (1.0 / self.rows))


def _splitmix(values: U64) -> U64:
    """Finalise 64-bit values (splitmix64) so every output bit depends on every input bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * _MIX
    values = values ^ (values >> np.uint64(27))
    values = values * _MIX2
    return values ^ (values >> np.uint64(31))


def _constants(scheme: MinHashScheme, count: int, salt: int) -> U64:
    """Deterministic 64-bit constants derived from the seed (never Python's ``hash``)."""
    raw = [xxhash.xxh3_64_intdigest(struct.pack("<qq", salt, index), seed=scheme.seed) for index in range(count)]
    return np.array(raw, dtype=np.uint64) | np.uint64(1)


class _WordHashes(dict[str, int]):
    """Memo of seeded xxh3-64 word hashes: ``hashes[word]`` computes on first use."""

    def __init__(self, seed: int) -> None:
        super().__init__()
        self.seed = seed

    def __missing__(self, word: str) -> int:
        value = xxhash.xxh3_64_intdigest(word.encode("utf-8", "surrogatepass"), seed=self.seed)
        self[word] = value
        return value


class MinHasher:
    """Computes MinHash signatures and LSH band keys for batches of texts under one scheme."""

    def __init__(self, scheme: MinHashScheme) -> None:
        if scheme.num_perm % scheme.bands:
            raise ValueError("num_perm must be a multiple of bands")
        self.scheme = scheme
        self._perm = _constants(scheme, scheme.num_perm, 1)
        self._position = _constants(scheme, scheme.shingle, 2)
        self._band = _constants(scheme, scheme.rows, 3)
        self._words = _WordHashes(scheme.seed)

    def shingles(self, text: str) -> U64:
        """Return the distinct shingle hashes of ``text`` (lower-cased ``\\w+`` words), sorted."""
        words = self._words
        if len(words) > _MAX_WORDS:  # bounded memo: a long-lived hasher must not grow without end
            words.clear()
        ids = np.fromiter([words[word] for word in _WORD.findall(text.lower())], dtype=np.uint64)
        size = self.scheme.shingle
        if len(ids) < size:
            return _splitmix(ids[:1] * self._position[0]) if len(ids) else ids
        combined = ids[: len(ids) - size + 1] * self._position[0]
        for offset in range(1, size):
            combined += ids[offset : len(ids) - size + 1 + offset] * self._position[offset]
        return np.unique(_splitmix(combined))

    def signatures(self, texts: Sequence[str]) -> Signatures:
        """Return one ``num_perm`` uint32 signature row per text (all-ones for a text without words).

        One-permutation MinHash with densification (Li et al. 2012; Shrivastava 2017): each shingle hash is
        permuted once more, its top bits choose one of ``num_perm`` bins and its low 32 bits compete for the
        bin's minimum; an empty bin borrows the next non-empty bin's value (circularly) shifted by the distance.
        Bins agree with probability equal to the Jaccard similarity, like classic MinHash, at 1/num_perm of
        the hashing work.
        """
        parts = [self.shingles(text) for text in texts]
        size = self.scheme.num_perm
        result = np.full((len(texts), size), _EMPTY, dtype=np.uint32)
        lengths = np.array([len(part) for part in parts], dtype=np.int64)
        if not lengths.sum():
            return result
        flat = _splitmix(np.concatenate(parts) ^ self._perm[0])
        owner = np.repeat(np.arange(len(texts), dtype=np.uint64), lengths)
        cell = owner * np.uint64(size) + (flat >> np.uint64(32)) % np.uint64(size)
        order = np.lexsort((flat & _MASK32, cell))
        cell, value = cell[order], (flat[order] & _MASK32).astype(np.uint32)
        first = np.ones(len(cell), dtype=bool)
        first[1:] = cell[1:] != cell[:-1]
        result.reshape(-1)[cell[first].astype(np.int64)] = value[first]
        return self._densify(result, lengths > 0)

    def _densify(self, result: Signatures, filled: npt.NDArray[np.bool_]) -> Signatures:
        """Fill each empty bin from the next non-empty bin to its right (circularly), offset by the distance."""
        size = self.scheme.num_perm
        positions = np.arange(size)
        empty = result == _EMPTY
        marks = np.where(empty, 2 * size, positions[None, :])
        following = np.minimum.accumulate(marks[:, ::-1], axis=1)[:, ::-1]
        first_full = marks.min(axis=1, keepdims=True)
        following = np.where(following >= 2 * size, first_full + size, following)
        distance = (following - positions[None, :]).astype(np.uint32)
        borrowed = np.take_along_axis(result, following % size, axis=1)
        shifted = (borrowed + distance * np.uint32(0x9E3779B1)).astype(np.uint32)
        dense = np.where(empty, shifted, result)
        dense[~filled] = _EMPTY
        return dense

    def band_keys(self, signatures: Signatures) -> BandKeys:
        """Return one 64-bit key per band per signature; equal keys = the band's rows all agree."""
        scheme = self.scheme
        shaped = signatures.reshape(len(signatures), scheme.bands, scheme.rows).astype(np.uint64)
        keys = (shaped * self._band[None, None, :]).sum(axis=2, dtype=np.uint64)
        salt = np.arange(scheme.bands, dtype=np.uint64) * _MIX2
        return _splitmix(keys ^ salt[None, :])


def estimate_jaccard(first: Signatures, second: Signatures) -> float:
    """Estimate the Jaccard similarity of two signatures (the fraction of agreeing values)."""
    if first.shape != second.shape or first.size == 0:
        return 0.0
    return float(np.mean(first == second))


def candidate_pairs(keys: BandKeys) -> set[tuple[int, int]]:
    """Return index pairs (i < j) that share at least one band key, by sorting each band (batch mode)."""
    pairs: set[tuple[int, int]] = set()
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        for group in np.split(order, boundaries):
            if len(group) > 1:
                members = sorted(int(item) for item in group)
                pairs.update((a, b) for pos, a in enumerate(members) for b in members[pos + 1 :])
    return pairs


class LSHIndex:
    """An incremental LSH index: ``add`` documents, ``query`` for candidates, old entries evicted by time.

    Each entry has a time (e.g. publication as a POSIX timestamp, or 0 when unknown). With ``window`` set,
    adding an entry evicts those older than the newest time minus ``window``, so the index stays bounded to
    the recent past: reuse is looked for among articles published close together.
    """

    def __init__(self, scheme: MinHashScheme | None = None, window: float | None = None) -> None:
        self.scheme = scheme or MinHashScheme()
        self.hasher = MinHasher(self.scheme)
        self.window = window
        self._buckets: dict[int, list[str]] = {}
        self._entries: dict[str, tuple[float, Signatures]] = {}
        self._newest = float("-inf")

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def add(self, key: str, signature: Signatures, time: float = 0.0) -> None:
        """Insert (or replace) ``key`` with its signature and time, then evict what left the window."""
        if key in self._entries:
            self.remove(key)
        self._entries[key] = (time, np.asarray(signature, dtype=np.uint32))
        for band_key in self._keys(signature):
            self._buckets.setdefault(band_key, []).append(key)
        self._newest = max(self._newest, time)
        if self.window is not None:
            self.evict(self._newest - self.window)

    def add_texts(self, items: Iterable[tuple[str, str, float]]) -> None:
        """Insert ``(key, text, time)`` items, hashing them as one batch."""
        batch = list(items)
        signatures = self.hasher.signatures([text for _, text, _ in batch])
        for (key, _, time), signature in zip(batch, signatures, strict=True):
            self.add(key, signature, time)

    def remove(self, key: str) -> None:
        """Drop ``key`` from the index (no error when absent)."""
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        for band_key in self._keys(entry[1]):
            members = self._buckets.get(band_key)
            if members is not None:
                members.remove(key)
                if not members:
                    del self._buckets[band_key]

    def evict(self, before: float) -> int:
        """Remove entries whose time is earlier than ``before``; return how many were removed."""
        old = [key for key, (time, _) in self._entries.items() if time < before]
        for key in old:
            self.remove(key)
        return len(old)

    def query(self, signature: Signatures, since: float | None = None) -> list[str]:
        """Return the keys sharing a band with ``signature`` (and not older than ``since``), sorted."""
        found: set[str] = set()
        for band_key in self._keys(signature):
            found.update(self._buckets.get(band_key, ()))
        if since is not None:
            found = {key for key in found if self._entries[key][0] >= since}
        return sorted(found)

    def signature(self, key: str) -> Signatures:
        """The stored signature of ``key``."""
        return self._entries[key][1]

    def _keys(self, signature: Signatures) -> list[int]:
        return [int(value) for value in self.hasher.band_keys(signature.reshape(1, -1))[0]]

    def to_bytes(self) -> bytes:
        """Serialise the index with its scheme, seed and sizes (for the store)."""
        keys = sorted(self._entries)
        header = json.dumps(
            {
                "scheme": SCHEME,
                **asdict(self.scheme),
                "window": self.window,
                "keys": keys,
                "times": [self._entries[key][0] for key in keys],
            }
        ).encode("utf-8")
        matrix = np.stack([self._entries[key][1] for key in keys]) if keys else np.zeros((0, 0), np.uint32)
        return struct.pack("<I", len(header)) + header + matrix.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> LSHIndex:
        """Rebuild an index written by ``to_bytes``; raise ``ValueError`` for another scheme."""
        (size,) = struct.unpack_from("<I", data)
        header = json.loads(data[4 : 4 + size].decode("utf-8"))
        if header.get("scheme") != SCHEME:
            raise ValueError(f"unknown MinHash scheme {header.get('scheme')!r}")
        scheme = MinHashScheme(header["num_perm"], header["bands"], header["shingle"], header["seed"])
        index = cls(scheme, header["window"])
        matrix = np.frombuffer(data[4 + size :], dtype="<u4").reshape(len(header["keys"]), scheme.num_perm)
        for key, time, signature in zip(header["keys"], header["times"], matrix, strict=True):
            index._entries[key] = (float(time), signature.astype(np.uint32))
            for band_key in index._keys(signature):
                index._buckets.setdefault(band_key, []).append(key)
            index._newest = max(index._newest, float(time))
        return index
