"""Story-grouping data for the clustering benches: the units of cross-validation, cached parses and embeddings.

Units (each is held out in turn when fitting, see ``fit_stories.py``):
- ``ecb-a``: ECB+ developer topics 1-18, ``ecb-b``: topics 19-35 (no dates; two look-alike events per topic).
  Topics 36-45 are the held-out test topics: they are not in ../shared and never read.
- ``giveme``: giveme5w1h, 96 real articles from 13 publishers in 13 events, dated. Its ``news_cluster`` test part
  is not read. The one article without an event is its own story.
- ``invented``: conflicts-dev, 124 invented articles (fiction) in 30 stories by 3-5 invented outlets each, dated.
- ``basil``: BASIL developer part, 60 real events (2010-2019) each covered by Fox News, the New York Times and
  HuffPost, dated (180 articles; the 40 held-out events are not in ../shared).

Everything is read at run time from ../shared/datasets; nothing is copied into the repository. spaCy entities and
MiniLM vectors are computed once and cached under $TMPDIR (they are inputs, not what is measured).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from storylens.model import Article
from storylens.stages.stories import ClusterOptions, cluster_stories

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
CACHE = Path(tempfile.gettempdir()) / "storylens-bench-clustering"
UNITS = ("ecb-a", "ecb-b", "giveme", "invented", "basil")
Record = dict[str, Any]
Labels = dict[str, str]


class Ent(NamedTuple):
    """A cached spaCy entity: the clusterer reads only ``text`` and ``label_``."""

    text: str
    label_: str


class LightDoc(NamedTuple):
    """Stands in for a spaCy ``Doc`` from the cache."""

    ents: tuple[Ent, ...]


class CachedEmbedder:
    """MiniLM, with the vectors of every text ever encoded kept on disk between bench runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray[Any, Any]] = {}
        if path.exists():
            with np.load(path) as data:
                self.vectors = {name: data[name] for name in data.files}
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        keys = [hashlib.sha1(text.encode()).hexdigest() for text in texts]
        missing = [(key, text) for key, text in zip(keys, texts, strict=True) if key not in self.vectors]
        if missing:
            if self._model is None:
                from storylens.nlp import load_embedder

                self._model = load_embedder()
            encoded = self._model.encode([text for _, text in missing])
            self.vectors.update({key: encoded[row] for row, (key, _) in enumerate(missing)})
            np.savez(self.path, **self.vectors)
        return np.stack([self.vectors[key] for key in keys]) if keys else np.zeros((0, 384), dtype=np.float32)


def _jsonl(path: Path) -> list[Record]:
    if not path.exists():
        sys.exit(f"{path} not found")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def load_unit(unit: str) -> list[Record]:
    """One unit's records as ``id, title, text, published, story`` (story is the gold label)."""
    if unit.startswith("ecb-"):
        topics = range(1, 19) if unit == "ecb-a" else range(19, 36)
        rows = _jsonl(DATASETS / "ecb-plus" / "documents.jsonl")
        return [{**r, "published": None} for r in rows if r["topic"] in topics]
    if unit == "giveme":
        rows = _jsonl(DATASETS / "giveme5w1h" / "articles.jsonl")
        return [{**r, "story": r["event"] or f"none-{r['id']}"} for r in rows]
    if unit == "invented":
        return _jsonl(DATASETS / "conflicts-dev" / "articles.jsonl")
    if unit == "basil":
        events = _jsonl(DATASETS / "basil" / "events.jsonl")
        return [
            {"id": a["id"], "title": a["title"], "text": a["text"], "published": a["date"], "story": e["event_id"]}
            for e in events
            for a in e["articles"]
        ]
    raise SystemExit(f"unknown unit {unit!r}; one of {', '.join(UNITS)}")


def available(units: Sequence[str] = UNITS) -> list[str]:
    """The units whose dataset folder is present."""
    folder = {
        "ecb-a": "ecb-plus", "ecb-b": "ecb-plus", "giveme": "giveme5w1h", "invented": "conflicts-dev", "basil": "basil"
    }  # fmt: skip
    return [unit for unit in units if (DATASETS / folder[unit]).is_dir()]


def full_text(record: Record) -> str:
    return f"{record['title']}\n{record['text']}" if record.get("title") else str(record["text"])


def entity_docs(unit: str, records: Sequence[Record]) -> dict[str, LightDoc]:
    """spaCy entities per document (parsed once, then cached per unit)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"entities-{unit}.json"
    if not path.exists():
        from storylens.nlp import parse

        docs = parse([r["text"] for r in records])
        found = {r["id"]: [[e.text, e.label_] for e in d.ents] for r, d in zip(records, docs, strict=True)}
        path.write_text(json.dumps(found))
    cached = json.loads(path.read_text())
    return {key: LightDoc(tuple(Ent(text, label) for text, label in ents)) for key, ents in cached.items()}


def embedder() -> CachedEmbedder:
    CACHE.mkdir(parents=True, exist_ok=True)
    return CachedEmbedder(CACHE / "embeddings.npz")


def articles_of(records: Sequence[Record]) -> list[Article]:
    """Articles without the gold ``story`` (nor topic): the clusterer must not see the answer."""
    return [
        Article(id=r["id"], text=r["text"], title=r.get("title"), url=r.get("url"), published=r.get("published"))
        for r in records
    ]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1 over the documents of ``gold``."""
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for doc in gold:
        by_pred[predicted[doc]].add(doc)
        by_gold[gold[doc]].add(doc)
    precision = recall = 0.0
    for doc in gold:
        common = len(by_pred[predicted[doc]] & by_gold[gold[doc]])
        precision += common / len(by_pred[predicted[doc]])
        recall += common / len(by_gold[gold[doc]])
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def scores(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B³ P/R/F1, ARI, V-measure and cluster counts."""
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    p, r, f = bcubed(predicted, gold)
    ids = sorted(gold)
    return {
        "P": p, "R": r, "F1": f,
        "ARI": adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids]),
        "V": v_measure_score([gold[i] for i in ids], [predicted[i] for i in ids]),
        "clusters": len(set(predicted.values())), "gold": len(set(gold.values())),
    }  # fmt: skip


def cluster(
    records: Sequence[Record], docs: dict[str, LightDoc], encoder: Any, options: ClusterOptions
) -> dict[str, str]:
    """Cluster ``records`` in one batch: article id -> story id."""
    result = cluster_stories(articles_of(records), docs, None, encoder, options)
    return {aid: story.id for story in result.stories for aid in story.article_ids}


def baseline(records: Sequence[Record], distance: float) -> dict[str, str]:
    """The READMEs' anchor: TF-IDF (sublinear, English stop words), average link at a cosine distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([full_text(r) for r in records])
    link = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance)
    labels = link.fit_predict(matrix.toarray())
    return {r["id"]: str(label) for r, label in zip(records, labels, strict=True)}


def thinned(records: Sequence[Record], seed: int = 0) -> list[Record]:
    """``records`` with one story in four (by an xxhash of its label) cut to its first article (date, id order).

    ``seed`` (the xxhash seed) picks another quarter of the stories: the fit reads several, the figures seed 0.

    Real feeds carry many stories one outlet alone covers; these datasets hardly any. Clustering the thinned unit
    shows what such singletons do: an article whose nearest neighbour is of another story.
    """
    import xxhash

    ordered = sorted(records, key=lambda r: (r.get("published") is None, r.get("published") or "", r["id"]))
    seen: set[str] = set()
    kept = []
    for record in ordered:
        story = str(record["story"])
        if xxhash.xxh32_intdigest(story.encode(), seed=seed) % 4 != 0 or story not in seen:
            kept.append(record)
        seen.add(story)
    return kept


def gold_of(records: Sequence[Record]) -> dict[str, str]:
    return {r["id"]: str(r["story"]) for r in records}
