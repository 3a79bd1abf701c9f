"""The open stories kept between clustering runs, and their compact byte form.

Bytes are an ``.npz`` archive (no pickle): numpy arrays for the centroids and document frequencies, one JSON
blob for the small per-story fields.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from storylens.stages.stories.features import N_ENTITY_BUCKETS, N_FEATURES, Sparse

FORMAT = "storylens.cluster/3"
_READABLE = ("storylens.cluster/2", FORMAT)  # /2 had no headline centroid nor values: they start empty


@dataclass
class StoryData:
    """One open story: its members and running sums of what its articles look like."""

    id: str
    key: int
    given: bool = False
    members: list[str] = field(default_factory=list)
    terms: Sparse = field(default_factory=dict)
    head: Sparse = field(default_factory=dict)
    embedding: npt.NDArray[np.float32] | None = None
    n_embedded: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    values: Counter[str] = field(default_factory=Counter)
    first_day: int | None = None
    last_day: int | None = None
    last_seq: int = 0
    titles: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    # What scoring derives from the sums (norms, main entities...), kept until the story changes; never persisted.
    summary: Any = field(default=None, repr=False, compare=False)

    def meta(self) -> dict[str, Any]:
        """The small fields, JSON-ready."""
        return {
            "id": self.id, "key": self.key, "given": self.given, "members": self.members,
            "entities": dict(sorted(self.entities.items())),
            "years": {str(year): n for year, n in sorted(self.years.items())},
            "values": dict(sorted(self.values.items())),
            "first_day": self.first_day, "last_day": self.last_day, "last_seq": self.last_seq,
            "titles": self.titles, "leads": self.leads, "n_embedded": self.n_embedded,
        }  # fmt: skip

    @classmethod
    def from_meta(cls, data: dict[str, Any]) -> StoryData:
        """Rebuild from ``meta`` (centroids are filled in by the caller)."""
        return cls(
            id=data["id"], key=data["key"], given=data["given"], members=list(data["members"]),
            entities=Counter(data["entities"]), years=Counter({int(y): n for y, n in data["years"].items()}),
            values=Counter(data.get("values", {})),
            first_day=data["first_day"], last_day=data["last_day"], last_seq=data["last_seq"],
            titles=list(data["titles"]), leads=list(data["leads"]), n_embedded=data["n_embedded"],
        )  # fmt: skip


@dataclass
class Counts:
    """Corpus-wide counters: documents seen, term and entity document frequencies, the clock."""

    n_docs: int = 0
    df: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(N_FEATURES, dtype=np.int32))
    entity_df: npt.NDArray[np.int32] = field(default_factory=lambda: np.zeros(N_ENTITY_BUCKETS, dtype=np.int32))
    next_key: int = 1
    seq: int = 0
    clock: int | None = None


def pack(counts: Counts, stories: list[StoryData]) -> bytes:
    """Serialise counters and stories into one compressed ``.npz`` archive."""
    stories = sorted(stories, key=lambda story: story.key)
    embedded = [story for story in stories if story.embedding is not None]
    dim = len(embedded[0].embedding) if embedded and embedded[0].embedding is not None else 0
    embeddings = np.stack([s.embedding for s in embedded if s.embedding is not None]) if embedded else np.zeros((0, 0))
    header = {
        "format": FORMAT, "n_docs": counts.n_docs, "next_key": counts.next_key, "seq": counts.seq,
        "clock": counts.clock, "dim": dim, "embedded": [story.key for story in embedded],
        "stories": [story.meta() for story in stories],
    }  # fmt: skip
    df_keys = np.flatnonzero(counts.df).astype(np.int32)
    entity_keys = np.flatnonzero(counts.entity_df).astype(np.int32)
    arrays: dict[str, Any] = {
        "header": np.frombuffer(json.dumps(header, separators=(",", ":")).encode(), dtype=np.uint8),
        "df_keys": df_keys, "df_values": counts.df[df_keys],
        "entity_keys": entity_keys, "entity_values": counts.entity_df[entity_keys],
        "embeddings": embeddings.astype(np.float32),
        **_sparse_arrays("term", [story.terms for story in stories]),
        **_sparse_arrays("head", [story.head for story in stories]),
    }  # fmt: skip
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def _sparse_arrays(name: str, vectors: list[Sparse]) -> dict[str, npt.NDArray[Any]]:
    """Concatenated keys and values of sparse vectors, with each one's length."""
    lengths = np.array([len(vector) for vector in vectors], dtype=np.int64)
    total = int(lengths.sum())
    keys = np.fromiter((k for v in vectors for k in sorted(v)), dtype=np.int32, count=total)
    values = np.fromiter((v[k] for v in vectors for k in sorted(v)), dtype=np.float32, count=total)
    return {f"{name}_lengths": lengths, f"{name}_keys": keys, f"{name}_values": values}


def _read_sparse(name: str, arrays: dict[str, npt.NDArray[Any]], count: int) -> list[Sparse]:
    """Undo ``_sparse_arrays`` (empty vectors when the archive predates ``name``)."""
    if f"{name}_lengths" not in arrays:
        return [{} for _ in range(count)]
    bounds = np.concatenate([[0], np.cumsum(arrays[f"{name}_lengths"])])
    found = []
    for index in range(count):
        start, end = int(bounds[index]), int(bounds[index + 1])
        keys, values = arrays[f"{name}_keys"][start:end].tolist(), arrays[f"{name}_values"][start:end].tolist()
        found.append(dict(zip(keys, values, strict=True)))
    return found


def unpack(data: bytes) -> tuple[Counts, list[StoryData]]:
    """Read what ``pack`` wrote."""
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays["header"].tobytes().decode())
    if header.get("format") not in _READABLE:
        raise ValueError(f"unknown clustering state format {header.get('format')!r}")
    counts = Counts(n_docs=header["n_docs"], next_key=header["next_key"], seq=header["seq"], clock=header["clock"])
    counts.df[arrays["df_keys"]] = arrays["df_values"]
    counts.entity_df[arrays["entity_keys"]] = arrays["entity_values"]
    stories = [StoryData.from_meta(meta) for meta in header["stories"]]
    terms, heads = _read_sparse("term", arrays, len(stories)), _read_sparse("head", arrays, len(stories))
    for story, story_terms, story_head in zip(stories, terms, heads, strict=True):
        story.terms, story.head = story_terms, story_head
    by_key = {story.key: story for story in stories}
    for row, key in enumerate(header["embedded"]):
        by_key[key].embedding = arrays["embeddings"][row].copy()
    return counts, stories
