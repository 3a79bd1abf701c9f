"""Story clustering figures: ECB+ quality (B³, ARI, V-measure) and throughput on generated articles.

Usage (from the repository root):
    nice .venv/bin/python bench/clustering.py quality            # tune split (topics 1-18) and report split (19-35)
    nice .venv/bin/python bench/clustering.py tune               # grid search on topics 1-18 only
    nice .venv/bin/python bench/clustering.py baseline           # the TF-IDF + average-link anchor, same splits
    nice .venv/bin/python bench/clustering.py throughput 10000 100000

ECB+ is read from ../shared/datasets/ecb-plus; the gold ``story`` field is stripped before clustering. spaCy
entities and sentence embeddings are computed once and cached under $TMPDIR (they are inputs, not what is timed).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from storylens.model import Article
from storylens.stages.stories.cluster import ClusterOptions, cluster_stories

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "datasets" / "ecb-plus" / "documents.jsonl"
CACHE = Path(tempfile.gettempdir()) / "storylens-bench-clustering"
TUNE_TOPICS = range(1, 19)
REPORT_TOPICS = range(19, 36)


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


def load_ecb() -> list[dict[str, Any]]:
    """The developer split of ECB+, or exit when ../shared is absent."""
    if not ECB.exists():
        sys.exit(f"{ECB} not found")
    return [json.loads(line) for line in ECB.read_text().splitlines() if line.strip()]


def entity_docs(records: Sequence[dict[str, Any]]) -> dict[str, LightDoc]:
    """spaCy entities per document (parsed once, then cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "ecb_entities.json"
    if not path.exists():
        from storylens.nlp import parse

        docs = parse([_text(record) for record in records])
        found = {r["id"]: [[e.text, e.label_] for e in d.ents] for r, d in zip(records, docs, strict=True)}
        path.write_text(json.dumps(found))
    cached = json.loads(path.read_text())
    return {key: LightDoc(tuple(Ent(text, label) for text, label in ents)) for key, ents in cached.items()}


def _text(record: dict[str, Any]) -> str:
    return f"{record['title']}\n{record['text']}" if record.get("title") else str(record["text"])


def articles_of(records: Sequence[dict[str, Any]]) -> list[Article]:
    """Articles without the gold ``story`` (nor topic): the clusterer must not see the answer."""
    return [Article(id=r["id"], text=r["text"], title=r.get("title"), url=r.get("url")) for r in records]


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


def evaluate(
    records: Sequence[dict[str, Any]], docs: dict[str, LightDoc], embedder: Any, options: ClusterOptions
) -> dict[str, float]:
    """Cluster ``records`` in one batch and score against their gold stories."""
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    result = cluster_stories(articles_of(records), docs, None, embedder, options)
    predicted = {aid: story.id for story in result.stories for aid in story.article_ids}
    gold = {r["id"]: r["story"] for r in records}
    p, r, f = bcubed(predicted, gold)
    ids = sorted(gold)
    return {
        "P": p, "R": r, "F1": f,
        "ARI": adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids]),
        "V": v_measure_score([gold[i] for i in ids], [predicted[i] for i in ids]),
        "clusters": len(result.stories), "gold": len(set(gold.values())),
    }  # fmt: skip


def _line(name: str, scores: dict[str, float]) -> str:
    return (
        f"{name:<28} B3 P/R/F1 {scores['P']:.3f}/{scores['R']:.3f}/{scores['F1']:.3f}  ARI {scores['ARI']:.3f}  "
        f"V {scores['V']:.3f}  clusters {scores['clusters']} (gold {scores['gold']})"
    )


def _splits() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, LightDoc], CachedEmbedder]:
    records = load_ecb()
    docs = entity_docs(records)
    CACHE.mkdir(parents=True, exist_ok=True)
    embedder = CachedEmbedder(CACHE / "embeddings.npz")
    tune = [r for r in records if r["topic"] in TUNE_TOPICS]
    report = [r for r in records if r["topic"] in REPORT_TOPICS]
    return tune, report, docs, embedder


def quality() -> None:
    """Print the figures with the default options on both splits, and ablations on the report split."""
    options = ClusterOptions()
    tune, report, docs, embedder = _splits()
    print(_line("tune topics 1-18", evaluate(tune, docs, embedder, options)))
    print(_line("report topics 19-35", evaluate(report, docs, embedder, options)))
    print(_line("all dev topics 1-35", evaluate(tune + report, docs, embedder, options)))
    print(_line("report, no embedder", evaluate(report, docs, None, options)))
    print(_line("report, no entities", evaluate(report, {}, embedder, options)))
    plain = dataclasses.replace(options, place_conflict=0.0, year_conflict=0.0)
    print(_line("report, no conflicts", evaluate(report, docs, embedder, plain)))


def baseline() -> None:
    """The README's anchor method on the same splits: TF-IDF (sublinear, English stop words), average link, 0.8."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    tune, report, _, _ = _splits()
    for name, records in (("baseline tune topics 1-18", tune), ("baseline report topics 19-35", report)):
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([_text(r) for r in records])
        link = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.8)
        labels = [str(label) for label in link.fit_predict(matrix.toarray())]
        gold = [r["story"] for r in records]
        ids = [x["id"] for x in records]
        p, r, f = bcubed(dict(zip(ids, labels, strict=True)), dict(zip(ids, gold, strict=True)))
        scores = {"P": p, "R": r, "F1": f, "ARI": adjusted_rand_score(gold, labels), "V": v_measure_score(gold, labels)}
        print(_line(name, {**scores, "clusters": len(set(labels)), "gold": len(set(gold))}))


def tune_grid() -> None:
    """Grid-search the main weights on the tune split; print the best few."""
    tune, _, docs, embedder = _splits()
    grid = {
        "threshold": [0.25, 0.3, 0.35, 0.4, 0.45],
        "text_weight": [0.4, 0.6, 0.8],
        "embedding_weight": [0.2, 0.4, 0.6],
        "entity_weight": [0.0, 0.2, 0.4],
        "place_conflict": [0.0, 0.1, 0.2],
        "year_conflict": [0.0, 0.1, 0.2],
    }
    results = []
    for values in itertools.product(*grid.values()):
        options = ClusterOptions(**dict(zip(grid, values, strict=True)))
        results.append((evaluate(tune, docs, embedder, options)["F1"], values))
    for f1, values in sorted(results, reverse=True)[:10]:
        print(f"F1 {f1:.3f}  " + "  ".join(f"{k}={v}" for k, v in zip(grid, values, strict=True)))


def synthetic(count: int, seed: int = 7) -> tuple[list[Article], dict[str, LightDoc]]:
    """``count`` generated articles: ~count/8 events, each a bag of topic words, people, places and a date.

    Words come from ECB+ text (so the vocabulary is realistic); entities are invented tokens; dates span a year,
    so the 30-day window closes old stories as the stream advances.
    """
    rng = np.random.default_rng(seed)
    vocab = sorted({w for r in load_ecb() for w in r["text"].lower().split() if w.isalpha() and len(w) > 3})
    events = max(1, count // 8)
    articles, docs = [], {}
    for number in range(count):
        event = int(rng.integers(events))
        local = np.random.default_rng(event)
        topic = local.choice(len(vocab), 40, replace=False)
        words = [vocab[i] for i in rng.choice(topic, 120)] + [vocab[i] for i in rng.choice(len(vocab), 60)]
        day = 738000 + event * 365 // events + int(rng.integers(3))
        published = str(np.datetime64("0001-01-01") + np.timedelta64(day - 1, "D"))
        ents = (Ent(f"Person{event}", "PERSON"), Ent(f"Town{event % 997}", "GPE"), Ent(f"Org{event % 50}", "ORG"))
        aid = f"a{number:06d}"
        articles.append(Article(id=aid, text=" ".join(words), title=" ".join(words[:8]), published=published))
        docs[aid] = LightDoc(ents)
    return articles, docs


def throughput(sizes: Sequence[int]) -> None:
    """Articles per second and peak memory for each size (one batch, no embedder: TF-IDF + entities + dates)."""
    import resource

    for size in sizes:
        articles, docs = synthetic(size)
        start, cpu_start = time.perf_counter(), time.process_time()
        result = cluster_stories(articles, docs, None, None, ClusterOptions())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        state_bytes = len(result.state.to_bytes())
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{size:>7} articles: {elapsed:8.1f} s wall ({cpu:.1f} s CPU)  {size / elapsed:7.0f} articles/s  "
            f"open stories "
            f"{len(result.state.stories)}  state {state_bytes / 1e6:.1f} MB  peak RSS {rss:.0f} MB"
        )


COMMANDS: dict[str, Callable[[list[str]], None]] = {
    "quality": lambda args: quality(),
    "tune": lambda args: tune_grid(),
    "baseline": lambda args: baseline(),
    "throughput": lambda args: throughput([int(a) for a in args] or [10_000, 100_000]),
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1] if len(sys.argv) > 1 else "quality"](sys.argv[2:])
